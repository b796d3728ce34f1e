/**
 * Shapes and strides as kernels receive them: collapsed to the fewest dims, then packed into the
 * dispatch's metadata words. Shaders walk these with `strided()` (see wgsl/prelude.ts), so a new shape
 * is new data, never a new shader.
 */

/** Largest rank a kernel walks after collapsing; views that stay higher-ranked are rejected. */
export const MAX_RANK = 8;

// Shape and layout arithmetic (numelOf, contiguousStrides, collapseLayout) is the tensor package's:
// kernels import it from there; this file adapts it to the shaders' metadata.
import { collapseLayout, contiguousStrides, numelOf } from '@typetorch/tensor';

/**
 * The tensor package's {@link collapseLayout}, adapted to the kernels' metadata, which has always had
 * rank >= 1: a one-element shape (rank 0 or all dims 1, which collapses to `[]`) becomes `[1]` with
 * stride 0 per operand. Contiguous operands become rank 1. Kernels return before collapsing an empty
 * shape (which the shared collapse gives as `[0]`).
 */
export function collapse(
  shape: readonly number[],
  strides: readonly (readonly number[])[],
): { shape: number[]; strides: number[][] } {
  const c = collapseLayout(shape, strides);
  if (c.shape.length === 0) return { shape: [1], strides: strides.map(() => [0]) };
  return c;
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
  if (v.offset !== 0 || numelOf(v.shape) !== size) return false;
  const expected = contiguousStrides(v.shape);
  return v.shape.every((s, d) => s === 1 || v.strides[d] === expected[d]);
}
