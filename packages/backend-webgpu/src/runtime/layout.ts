/**
 * Shapes and strides as kernels receive them: collapsed to the fewest dims, then packed into the
 * dispatch's metadata words. Shaders walk these with `strided()` (see wgsl/prelude.ts), so a new shape
 * is new data, never a new shader.
 */

/** Largest rank a kernel walks after collapsing; views that stay higher-ranked are rejected. */
export const MAX_RANK = 8;

export function numel(shape: readonly number[]): number {
  let n = 1;
  for (const s of shape) n *= s;
  return n;
}

export function contiguousStrides(shape: readonly number[]): number[] {
  const strides = new Array<number>(shape.length);
  let s = 1;
  for (let d = shape.length - 1; d >= 0; d--) {
    strides[d] = s;
    s *= shape[d];
  }
  return strides;
}

/**
 * Drops size-1 dims and merges neighbours that every operand walks as one (stride[d] equals
 * stride[d+1] * shape[d+1] for all), so contiguous operands become rank 1. Rank 0 becomes `[1]`.
 */
export function collapse(
  shape: readonly number[],
  strides: readonly (readonly number[])[],
): { shape: number[]; strides: number[][] } {
  const outShape: number[] = [];
  const outStrides: number[][] = strides.map(() => []);
  for (let d = 0; d < shape.length; d++) {
    if (shape[d] === 1) continue;
    const last = outShape.length - 1;
    if (last >= 0 && strides.every((s, k) => outStrides[k][last] === s[d] * shape[d])) {
      outShape[last] *= shape[d];
      strides.forEach((s, k) => {
        outStrides[k][last] = s[d];
      });
      continue;
    }
    outShape.push(shape[d]);
    strides.forEach((s, k) => {
      outStrides[k].push(s[d]);
    });
  }
  if (outShape.length === 0) return { shape: [1], strides: strides.map(() => [0]) };
  return { shape: outShape, strides: outStrides };
}

/** Rejects walks deeper than the shaders support, naming the op. */
export function checkRank(op: string, shape: readonly number[]): void {
  if (shape.length > MAX_RANK) {
    throw new RangeError(
      `${op}(): the webgpu backend walks at most ${MAX_RANK} non-mergeable dims per operand, got ${shape.length} (shape [${shape.join(', ')}]); make the tensor contiguous first`,
    );
  }
}

/** Builds a metadata word list; signed integers are stored as their two's-complement bits. */
export class Meta {
  readonly words: number[] = [];

  get length(): number {
    return this.words.length;
  }

  push(...values: number[]): this {
    for (const v of values) this.words.push(v >>> 0);
    return this;
  }

  /** Appends a float32's bit pattern. */
  pushF32(value: number): this {
    F32[0] = value;
    this.words.push(U32[0]);
    return this;
  }
}

const F32 = new Float32Array(1);
const U32 = new Uint32Array(F32.buffer);

/** Whether a view is the whole of a storage of `size` elements, row-major from element 0. */
export function coversStorage(
  v: { readonly shape: readonly number[]; readonly strides: readonly number[]; readonly offset: number },
  size: number,
): boolean {
  if (v.offset !== 0 || numel(v.shape) !== size) return false;
  const expected = contiguousStrides(v.shape);
  return v.shape.every((s, d) => s === 1 || v.strides[d] === expected[d]);
}
