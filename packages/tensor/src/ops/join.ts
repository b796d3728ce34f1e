/** Joining and splitting: `cat`, `stack`, `split`, `chunk` (PyTorch names). */
import { dispatch } from '../dispatch.js';
import { promoteTypes } from '../dtype.js';
import { formatShape, normalizeDim } from '../shape.js';
import type { Tensor } from '../tensor.js';
import { dimArgs } from './args.js';
import { castTo, disposeTemps, newTensor, viewOf, viewWith } from './internal.js';
import { narrow } from './views.js';

/**
 * Concatenates tensors along an existing dim (PyTorch: `torch.cat`). dtypes promote; 1-D empty
 * tensors are skipped, as PyTorch does for legacy code.
 */
export function cat(tensors: readonly Tensor[], dimArg: number | { dim?: number } = 0): Tensor {
  const { dim } = dimArgs('cat', [dimArg], 1, 0);
  if (tensors.length === 0) throw new RangeError('torch.cat(): expected a non-empty list of Tensors');
  const parts = tensors.filter((t) => !(t.ndim === 1 && t.shape[0] === 0));
  const ref = parts[0] ?? tensors[0];
  if (ref.ndim === 0) throw new RangeError('zero-dimensional tensor (at position 0) cannot be concatenated');
  const d = normalizeDim(dim, ref.ndim, 'cat');
  parts.forEach((t, i) => {
    if (t.ndim !== ref.ndim) {
      throw new RangeError(`Tensors must have same number of dimensions: got ${ref.ndim} and ${t.ndim}`);
    }
    for (let k = 0; k < ref.ndim; k++) {
      if (k !== d && t.shape[k] !== ref.shape[k]) {
        throw new RangeError(
          `Sizes of tensors must match except in dimension ${d}. Expected size ${ref.shape[k]} but got size ${t.shape[k]} for tensor number ${i} in the list.`,
        );
      }
    }
  });
  return dispatch('cat', tensors, { dim: d }, (backend) => {
    const dtype = parts.reduce((acc, t) => promoteTypes(acc, t.dtype), ref.dtype);
    const shape = [...ref.shape];
    shape[d] = parts.reduce((acc, t) => acc + t.shape[d], 0);
    const out = newTensor(backend, shape, dtype);
    let start = 0;
    for (const t of parts) {
      const size = t.shape[d];
      if (size > 0 && t.numel() > 0) {
        const dst = viewWith(out, t.shape, out.strides, start * out.strides[d]);
        const src = castTo(backend, t, dtype);
        backend.copy(viewOf(src), dst);
        disposeTemps([src], [t]);
      }
      start += size;
    }
    return out;
  });
}

/** Stacks equal-shaped tensors along a new dim (PyTorch: `torch.stack`). */
export function stack(tensors: readonly Tensor[], dimArg: number | { dim?: number } = 0): Tensor {
  const { dim } = dimArgs('stack', [dimArg], 1, 0);
  if (tensors.length === 0) throw new RangeError('stack expects a non-empty TensorList');
  const ref = tensors[0];
  tensors.forEach((t, i) => {
    if (t.shape.length !== ref.shape.length || t.shape.some((s, k) => s !== ref.shape[k])) {
      throw new RangeError(
        `stack expects each tensor to be equal size, but got ${formatShape(ref.shape)} at entry 0 and ${formatShape(t.shape)} at entry ${i}`,
      );
    }
  });
  const d = normalizeDim(dim, ref.ndim + 1, 'stack');
  return dispatch('stack', tensors, { dim: d }, () => {
    const expanded = tensors.map((t) => t.unsqueeze(d));
    const out = cat(expanded, d);
    disposeTemps(expanded, tensors);
    return out;
  });
}

/**
 * Splits into views of `splitSize` along `dim` (the last may be smaller), or into pieces of the
 * given sizes (PyTorch: `torch.split`).
 */
export function split(
  x: Tensor,
  splitSize: number | readonly number[],
  dimArg: number | { dim?: number } = 0,
): Tensor[] {
  const { dim } = dimArgs('split', [dimArg], 2, 0);
  const d = normalizeDim(dim, x.ndim, 'split');
  const size = x.shape[d];
  let sizes: number[];
  if (typeof splitSize === 'number') {
    if (!Number.isInteger(splitSize) || splitSize < 0 || (splitSize === 0 && size !== 0)) {
      throw new RangeError(
        `split(): split_size can only be 0 if dimension size is 0, but got split_size ${splitSize}`,
      );
    }
    sizes = [];
    for (let s = 0; s < size; s += splitSize) sizes.push(Math.min(splitSize, size - s));
    if (sizes.length === 0) sizes.push(0);
  } else {
    sizes = [...splitSize];
    const total = sizes.reduce((a, b) => a + b, 0);
    if (total !== size) {
      throw new RangeError(
        `split_with_sizes expects split_sizes to sum exactly to ${size} (input tensor's size at dimension ${d}), but got split_sizes=${formatShape(sizes)}`,
      );
    }
  }
  const out: Tensor[] = [];
  let start = 0;
  for (const s of sizes) {
    out.push(narrow(x, d, start, s));
    start += s;
  }
  return out;
}

/** Splits into `chunks` nearly equal views along `dim` (PyTorch: `torch.chunk`). */
export function chunk(x: Tensor, chunks: number, dimArg: number | { dim?: number } = 0): Tensor[] {
  const { dim } = dimArgs('chunk', [dimArg], 2, 0);
  if (!Number.isInteger(chunks) || chunks <= 0)
    throw new RangeError('chunk expects `chunks` to be greater than 0');
  const d = normalizeDim(dim, x.ndim, 'chunk');
  const size = x.shape[d];
  // An empty dim gives `chunks` empty pieces (a split size of 0 would give one), as in PyTorch.
  if (size === 0) return split(x, new Array<number>(chunks).fill(0), d);
  return split(x, Math.ceil(size / chunks), d);
}
