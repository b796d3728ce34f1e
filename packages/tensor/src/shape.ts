/** Shape and stride arithmetic shared by every op. Shapes are arrays of non-negative integers. */
import { FrozenArrayCache } from './frozen-cache.js';

/** A tensor's size per dim, non-negative integers (PyTorch: `torch.Size`). */
export type Shape = readonly number[];

/** Number of elements of a shape (PyTorch: `Tensor.numel`). */
export function numelOf(shape: Shape): number {
  let n = 1;
  for (const s of shape) n *= s;
  return n;
}

/** Row-major (C-contiguous) strides of a shape, in elements (PyTorch: `torch.empty(shape).stride()`). */
export function contiguousStrides(shape: Shape): number[] {
  const strides = new Array<number>(shape.length);
  let s = 1;
  for (let i = shape.length - 1; i >= 0; i--) {
    strides[i] = s;
    s *= shape[i];
  }
  return strides;
}

/** Whether a view with these shape and strides walks its elements in row-major order without gaps (PyTorch: `Tensor.is_contiguous()`). */
export function isContiguousLayout(shape: Shape, strides: readonly number[]): boolean {
  // Empty tensors are contiguous whatever their strides, as in PyTorch; size-1 dims may have any stride.
  if (numelOf(shape) === 0) return true;
  let expected = 1;
  for (let i = shape.length - 1; i >= 0; i--) {
    if (shape[i] === 1) continue;
    if (strides[i] !== expected) return false;
    expected *= shape[i];
  }
  return true;
}

/** A shape and one stride list per operand, after {@link collapseLayout} (PyTorch: `TensorIterator`'s coalesced dims). */
export interface CollapsedLayout {
  /** The collapsed shape (PyTorch: `TensorIterator.shape()`). */
  readonly shape: number[];
  /** `strides[operand][dim]`, in elements (PyTorch: `TensorIterator.strides(operand)`, in bytes there). */
  readonly strides: number[][];
}

/**
 * The fewest dims that walk a shape shared by several operands (each with its own strides) in the
 * same row-major element order: drops size-1 dims and merges neighbouring dims that every operand
 * lays out back to back (`stride[d] === stride[d + 1] * shape[d + 1]`), so a contiguous operand
 * becomes one dim. Backends collapse kernel views with it before walking them.
 *
 * A shape of one element (rank 0, or all dims 1) gives `[]` (strides `[]` per operand); a shape
 * containing 0 gives `[0]` (stride 0 per operand).
 * (PyTorch: `TensorIterator::coalesce_dimensions`.)
 */
export function collapseLayout(shape: Shape, strides: readonly (readonly number[])[]): CollapsedLayout {
  const k = strides.length;
  const outShape: number[] = [];
  const outStrides: number[][] = [];
  for (let j = 0; j < k; j++) outStrides.push([]);
  if (numelOf(shape) === 0) {
    for (let j = 0; j < k; j++) outStrides[j].push(0);
    return { shape: [0], strides: outStrides };
  }
  // Walk from the innermost dim outwards; `outShape` is built reversed and flipped at the end.
  for (let d = shape.length - 1; d >= 0; d--) {
    const size = shape[d];
    if (size === 1) continue;
    const last = outShape.length - 1;
    let merge = last >= 0;
    for (let j = 0; merge && j < k; j++) {
      if (strides[j][d] !== outStrides[j][last] * outShape[last]) merge = false;
    }
    if (merge) {
      outShape[last] *= size;
    } else {
      outShape.push(size);
      for (let j = 0; j < k; j++) outStrides[j].push(strides[j][d]);
    }
  }
  outShape.reverse();
  for (let j = 0; j < k; j++) outStrides[j].reverse();
  return { shape: outShape, strides: outStrides };
}

/** `[2, 3]` prints as `[2, 3]`, as PyTorch prints `torch.Size`. */
export function formatShape(shape: Shape): string {
  return `[${shape.join(', ')}]`;
}

/** Wraps a possibly negative dim into `[0, ndim)`, with PyTorch's error message. */
export function normalizeDim(dim: number, ndim: number, op?: string): number {
  const lo = ndim === 0 ? -1 : -ndim;
  const hi = ndim === 0 ? 0 : ndim - 1;
  if (!Number.isInteger(dim) || dim < lo || dim > hi) {
    throw new RangeError(
      `${op ? `${op}(): ` : ''}Dimension out of range (expected to be in range of [${lo}, ${hi}], but got ${dim})`,
    );
  }
  return dim < 0 ? dim + Math.max(ndim, 1) : dim;
}

/** Broadcasts shapes NumPy/PyTorch style, failing with PyTorch's message. */
export function broadcastShapes(...shapes: Shape[]): number[] {
  const ndim = Math.max(0, ...shapes.map((s) => s.length));
  const out = new Array<number>(ndim).fill(1);
  for (let k = 0; k < shapes.length; k++) {
    const s = shapes[k];
    for (let i = 0; i < s.length; i++) {
      const d = ndim - s.length + i;
      const size = s[i];
      if (out[d] === 1) out[d] = size;
      else if (size !== 1 && size !== out[d]) {
        throw new RangeError(
          `The size of tensor a (${out[d]}) must match the size of tensor b (${size}) at non-singleton dimension ${d}`,
        );
      }
    }
  }
  return out;
}

/** Strides that read a tensor of `shape`/`strides` as if it had `target` shape (stride 0 on broadcast dims). */
export function broadcastStrides(shape: Shape, strides: readonly number[], target: Shape): number[] {
  const out = new Array<number>(target.length).fill(0);
  const lead = target.length - shape.length;
  for (let i = 0; i < shape.length; i++) {
    out[lead + i] = shape[i] === 1 && target[lead + i] !== 1 ? 0 : strides[i];
  }
  return out;
}

/** Whether two shapes are equal, dim by dim (PyTorch: `a.shape == b.shape`). */
export function shapesEqual(a: Shape, b: Shape): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}

/** Validates a user-supplied shape: integers >= 0. */
export function checkShape(shape: Shape, op: string): void {
  for (const s of shape) {
    if (!Number.isInteger(s) || s < 0) {
      throw new RangeError(
        `${op}(): Trying to create tensor with negative or non-integer dimension ${s}: ${formatShape(shape)}`,
      );
    }
  }
}

const inspectSymbol = Symbol.for('nodejs.util.inspect.custom');
function inspectSize(this: readonly number[]): string {
  return `torch.Size([${this.join(', ')}])`;
}

function makeSize(shape: readonly number[]): readonly number[] {
  const size = shape.slice();
  Object.defineProperty(size, inspectSymbol, { value: inspectSize });
  return Object.freeze(size);
}

/** One frozen size per distinct shape (see frozen-cache.ts: making one is slow). */
const sizes = new FrozenArrayCache(makeSize);

/**
 * A frozen copy of `shape`, a plain array everywhere, that Node's `util.inspect` (`console.log`, the
 * REPL) prints as PyTorch prints a shape: `torch.Size([3, 4])`. Frozen, so tensors of equal shapes
 * share one (interned), and a shape that already is one (most ops pass their input's) is returned as is.
 */
export function frozenSize(shape: readonly number[]): readonly number[] {
  if ((shape as { [inspectSymbol]?: unknown })[inspectSymbol] === inspectSize && Object.isFrozen(shape)) {
    return shape;
  }
  return sizes.get(Array.isArray(shape) ? shape : [...shape]);
}

/** A frozen copy of `strides`, or `strides` itself when it is already frozen (it can never change). */
export function frozenStrides(strides: readonly number[]): readonly number[] {
  if (!Array.isArray(strides)) return Object.freeze([...strides]);
  return Object.isFrozen(strides) ? strides : Object.freeze(strides.slice());
}
