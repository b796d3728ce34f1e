/**
 * Scans and shape copies (PyTorch: `torch.cumsum`, `torch.cumprod`, `torch.flip`, `torch.roll`,
 * `Tensor.repeat`, `torch.tile`, `torch.unbind`, `torch.diag`, `torch.diagonal`). Each is one row of
 * the op table and dispatches once; its forward composes core kernels (copy, binary, gather) and views.
 */
import type { Backend, BinaryOp } from '../backend/contract.js';
import { dispatch } from '../dispatch.js';
import { type DType, type DTypeLike, isFloating, resolveDType } from '../dtype.js';
import { contiguousStrides, formatShape, normalizeDim } from '../shape.js';
import type { Tensor } from '../tensor.js';
import { tensor } from './creation.js';
import { indexSelect } from './indexing.js';
import { int64OverflowCheck } from './int-checks.js';
import { aliasOf, disposeTemps, newTensor, viewOf, viewWith } from './internal.js';
import { cat } from './join.js';
import { narrow, reshape } from './views.js';

/** Keyword options of `cumsum` and `cumprod` (PyTorch: `torch.cumsum(input, dim, *, dtype=None)`). */
export interface ScanOptions {
  /** The dtype the input is cast to before the scan (PyTorch: `dtype`); bool and integers otherwise give int64. */
  dtype?: DTypeLike;
}

function sizeArgs(args: readonly (number | readonly number[])[]): number[] {
  return args.length === 1 && Array.isArray(args[0]) ? [...args[0]] : (args as number[]);
}

/** `shape` with `shape[dim]` replaced by `size`. */
function withSize(shape: readonly number[], dim: number, size: number): number[] {
  return shape.map((s, k) => (k === dim ? size : s));
}

/**
 * Inclusive scan of `x` along `dim` in `dtype`, by doubling steps (Hillis-Steele): after the step of
 * width `w`, element `i` combines elements `i - 2w + 1 .. i`. `ceil(log₂ n)` binary kernels, each over
 * the whole tensor; integer scans are exact, float ones differ from a sequential sum by rounding only.
 */
function scan(backend: Backend, op: BinaryOp, x: Tensor, dim: number, dtype: DType): Tensor {
  let cur = newTensor(backend, x.shape, dtype);
  if (cur.numel() === 0) return cur;
  backend.copy(viewOf(x), viewOf(cur));
  const n = x.ndim === 0 ? 1 : x.shape[dim];
  for (let w = 1; w < n; w *= 2) {
    const next = newTensor(backend, x.shape, dtype);
    const head = withSize(x.shape, dim, w);
    const tail = withSize(x.shape, dim, n - w);
    const shift = w * cur.strides[dim];
    backend.copy(viewWith(cur, head, cur.strides, 0), viewWith(next, head, next.strides, 0));
    backend.binary(
      op,
      viewWith(cur, tail, cur.strides, shift),
      viewWith(cur, tail, cur.strides, 0),
      viewWith(next, tail, next.strides, shift),
    );
    cur.dispose();
    cur = next;
  }
  return cur;
}

function cumulative(op: 'cumsum' | 'cumprod', x: Tensor, dim: number, options?: ScanOptions): Tensor {
  const d = normalizeDim(dim, x.ndim, op);
  return dispatch(op, [x], { dim: d }, (backend) => {
    const dtype = resolveDType(options?.dtype, op) ?? (isFloating(x.dtype) ? x.dtype : 'int64');
    const step = op === 'cumsum' ? 'add' : 'mul';
    // Counting bools cannot overflow; int64 sums and products of integers are checked.
    const check =
      x.dtype === 'bool' && op === 'cumsum'
        ? () => {}
        : int64OverflowCheck(backend, op, dtype, (shadow) => scan(backend, step, x, d, shadow));
    const out = scan(backend, step, x, d, dtype);
    check(out);
    return out;
  });
}

/**
 * Cumulative sum along `dim` (PyTorch: `torch.cumsum(input, dim, *, dtype=None)`). bool and integer
 * inputs sum to int64; `dtype` casts the input first.
 */
export function cumsum(x: Tensor, dim: number, options?: ScanOptions): Tensor {
  return cumulative('cumsum', x, dim, options);
}

/** Cumulative product along `dim` (PyTorch: `torch.cumprod(input, dim, *, dtype=None)`), as {@link cumsum}. */
export function cumprod(x: Tensor, dim: number, options?: ScanOptions): Tensor {
  return cumulative('cumprod', x, dim, options);
}

/** Normalised dims, each at most once (PyTorch's wording). */
function distinctDims(dims: readonly number[], ndim: number, op: string): number[] {
  const out = dims.map((d) => normalizeDim(d, ndim, op));
  for (let i = 0; i < out.length; i++) {
    if (out.indexOf(out[i]) !== i)
      throw new RangeError(`dim ${out[i]} appears multiple times in the list of dims`);
  }
  return out;
}

/** A copy with the order of elements reversed along `dims` (PyTorch: `torch.flip(input, dims)`). */
export function flip(x: Tensor, ...dims: (number | readonly number[])[]): Tensor {
  const order = distinctDims(sizeArgs(dims), x.ndim, 'flip');
  return dispatch('flip', [x], { dims: order }, () => {
    let cur = x;
    for (const d of order) {
      if (x.ndim === 0) break;
      const n = x.shape[d];
      const index = tensor(
        Int32Array.from({ length: n }, (_, i) => n - 1 - i),
        { device: x.device },
      );
      const next = indexSelect(cur, d, index);
      disposeTemps([index, cur], [x]);
      cur = next;
    }
    if (cur !== x) return cur;
    const out = newTensor(x.storage.backend, x.shape, x.dtype);
    x.storage.backend.copy(viewOf(x), viewOf(out));
    return out;
  });
}

/** `x` rotated by `shift` along `dim`: cat of its last `shift` and first `n - shift` slices. */
function rollDim(x: Tensor, shift: number, dim: number): Tensor {
  const n = x.shape[dim];
  const s = n === 0 ? 0 : ((shift % n) + n) % n;
  if (s === 0) return x;
  const parts = [narrow(x, dim, n - s, s), narrow(x, dim, 0, n - s)];
  const out = cat(parts, dim);
  disposeTemps(parts, [x]);
  return out;
}

/**
 * Rotates elements along `dims` by `shifts` (PyTorch: `torch.roll(input, shifts, dims=None)`);
 * without dims, the flattened tensor is rolled and the shape restored. Elements shifted past the
 * end come back at the start.
 */
export function roll(
  x: Tensor,
  shifts: number | readonly number[],
  dims?: number | readonly number[],
): Tensor {
  const s = typeof shifts === 'number' ? [shifts] : [...shifts];
  const d = dims === undefined || dims === null ? [] : typeof dims === 'number' ? [dims] : [...dims];
  if (d.length === 0 && s.length !== 1) {
    throw new RangeError(`shifts and dimensions must align. shifts: ${s.length}, dims:${d.length}`);
  }
  if (d.length > 0 && s.length !== d.length) {
    throw new RangeError(`shifts and dimensions must align. shifts: ${s.length}, dims:${d.length}`);
  }
  const norm = d.map((k) => normalizeDim(k, x.ndim, 'roll'));
  return dispatch('roll', [x], { shifts: s, dims: norm }, (backend) => {
    if (norm.length === 0) {
      const flat = reshape(x, [-1]);
      const rolled = rollDim(flat, s[0], 0);
      const out = rolled === flat ? copyOf(backend, flat) : rolled;
      const shaped = reshape(out, [...x.shape]);
      disposeTemps([flat, out], [x, shaped]);
      return shaped;
    }
    let cur = x;
    norm.forEach((k, i) => {
      const next = rollDim(cur, s[i], k);
      if (next !== cur) disposeTemps([cur], [x]);
      cur = next;
    });
    return cur === x ? copyOf(backend, x) : cur;
  });
}

function copyOf(backend: Backend, x: Tensor): Tensor {
  const out = newTensor(backend, x.shape, x.dtype);
  backend.copy(viewOf(x), viewOf(out));
  return out;
}

/**
 * The tensor tiled `sizes[i]` times along each dim (PyTorch: `Tensor.repeat(*sizes)`); `sizes` may
 * have more entries than `x` has dims (leading dims are added). A copy, made by one strided copy
 * kernel that reads `x` with stride 0 along the repetitions.
 */
export function repeat(x: Tensor, ...sizes: (number | readonly number[])[]): Tensor {
  const reps = sizeArgs(sizes);
  if (reps.length < x.ndim) {
    throw new RangeError(
      'Number of dimensions of repeat dims can not be smaller than number of dimensions of tensor',
    );
  }
  const lead = reps.length - x.ndim;
  const padded = [...new Array<number>(lead).fill(1), ...x.shape];
  const xStrides = [...new Array<number>(lead).fill(0), ...x.strides];
  const target = padded.map((s, i) => s * reps[i]);
  const negative = target.find((s) => s < 0);
  if (negative !== undefined || reps.some((r) => !Number.isInteger(r))) {
    throw new RangeError(
      `Trying to create tensor with negative dimension ${negative}: ${formatShape(target)}`,
    );
  }
  return dispatch('repeat', [x], { sizes: reps }, (backend) => {
    const out = newTensor(backend, target, x.dtype);
    if (out.numel() === 0) return out;
    // out as [r0, s0, r1, s1, ...] (pairs with r = 1 collapse to s): x read with stride 0 along r.
    const outStrides = contiguousStrides(target);
    const shape: number[] = [];
    const src: number[] = [];
    const dst: number[] = [];
    padded.forEach((s, i) => {
      if (reps[i] !== 1) {
        shape.push(reps[i]);
        src.push(0);
        dst.push(s * outStrides[i]);
      }
      shape.push(s);
      src.push(xStrides[i]);
      dst.push(outStrides[i]);
    });
    backend.copy(viewWith(x, shape, src), viewWith(out, shape, dst, 0));
    return out;
  });
}

/**
 * `x` tiled `dims[i]` times along each dim (PyTorch: `torch.tile(input, dims)`): {@link repeat}, with
 * `dims` padded with leading 1s when shorter than `x`'s rank.
 */
export function tile(x: Tensor, dims: readonly number[]): Tensor {
  const padded = [...new Array<number>(Math.max(x.ndim - dims.length, 0)).fill(1), ...dims];
  return repeat(x, padded);
}

/** Every slice along `dim`, as views without that dim (PyTorch: `torch.unbind(input, dim=0)`). */
export function unbind(x: Tensor, dim = 0): Tensor[] {
  if (x.ndim === 0) throw new RangeError('Dimension specified as 0 but tensor has no dimensions');
  const d = normalizeDim(dim, x.ndim, 'unbind');
  const shape = x.shape.filter((_, k) => k !== d);
  const strides = x.strides.filter((_, k) => k !== d);
  return dispatch('unbind', [x], { dim: d }, () =>
    Array.from({ length: x.shape[d] }, (_, i) => aliasOf(x, shape, strides, x.offset + i * x.strides[d])),
  );
}

/** Length, element offset and stride of the diagonal `offset` of dims `d1`, `d2` of `x`. */
function diagonalGeometry(x: Tensor, offset: number, d1: number, d2: number) {
  const [s1, s2] = [x.shape[d1], x.shape[d2]];
  const length = Math.max(offset >= 0 ? Math.min(s1, s2 - offset) : Math.min(s1 + offset, s2), 0);
  const start = length === 0 ? 0 : offset >= 0 ? offset * x.strides[d2] : -offset * x.strides[d1];
  return { length, start, stride: x.strides[d1] + x.strides[d2] };
}

/**
 * A view of the diagonal `offset` (above the main one if positive) of dims `dim1` and `dim2`, which
 * are removed and replaced by a last dim (PyTorch: `torch.diagonal(input, offset=0, dim1=0, dim2=1)`).
 */
export function diagonal(x: Tensor, offset = 0, dim1 = 0, dim2 = 1): Tensor {
  const d1 = normalizeDim(dim1, x.ndim, 'diagonal');
  const d2 = normalizeDim(dim2, x.ndim, 'diagonal');
  if (d1 === d2) throw new RangeError(`diagonal dimensions cannot be identical ${dim1}, ${dim2}`);
  const { length, start, stride } = diagonalGeometry(x, offset, d1, d2);
  const keep = [...x.shape.keys()].filter((k) => k !== d1 && k !== d2);
  const shape = [...keep.map((k) => x.shape[k]), length];
  const strides = [...keep.map((k) => x.strides[k]), stride];
  return dispatch('diagonal', [x], { offset, dim1: d1, dim2: d2 }, () =>
    aliasOf(x, shape, strides, x.offset + start),
  );
}

/**
 * `torch.diag(input, diagonal=0)`: a 1-D input becomes a square matrix with it on the diagonal
 * `diagonal` (zeros elsewhere); a 2-D input gives a copy of that diagonal.
 */
export function diag(x: Tensor, diagonal = 0): Tensor {
  if (x.ndim !== 1 && x.ndim !== 2) throw new RangeError('matrix or a vector expected');
  return dispatch('diag', [x], { diagonal }, (backend) => {
    if (x.ndim === 2) {
      const { length, start, stride } = diagonalGeometry(x, diagonal, 0, 1);
      const out = newTensor(backend, [length], x.dtype);
      if (length > 0) backend.copy(viewWith(x, [length], [stride], x.offset + start), viewOf(out));
      return out;
    }
    const n = x.shape[0];
    const m = n + Math.abs(diagonal);
    const out = newTensor(backend, [m, m], x.dtype);
    const start = diagonal >= 0 ? diagonal : -diagonal * m;
    if (n > 0) backend.copy(viewOf(x), viewWith(out, [n], [m + 1], start));
    return out;
  });
}
