/**
 * View ops: new shape/strides/offset over the same storage, no kernel (PyTorch: `view`, `reshape`,
 * `permute`, `transpose`, `expand`, `narrow`, `select`, slicing, `squeeze`, `unsqueeze`, `flatten`...).
 * `reshape` and `contiguous` copy only when the layout requires it, as PyTorch's do.
 */
import { dispatch } from '../dispatch.js';
import { formatShape, normalizeDim, numelOf, shapesEqual } from '../shape.js';
import type { Tensor } from '../tensor.js';
import { aliasOf, newTensor, viewOf, viewStrides } from './internal.js';

/** Resolves one `-1` in a requested shape and checks the element count (PyTorch's messages). */
export function inferShape(shape: readonly number[], numel: number, op: string): number[] {
  let inferred = -1;
  let known = 1;
  for (let i = 0; i < shape.length; i++) {
    const s = shape[i];
    if (s === -1) {
      if (inferred >= 0) throw new RangeError(`${op}(): only one dimension can be inferred`);
      inferred = i;
    } else if (!Number.isInteger(s) || s < 0) {
      throw new RangeError(`${op}(): invalid shape dimension ${s}`);
    } else known *= s;
  }
  const out = [...shape];
  if (inferred >= 0) {
    if (known === 0 || numel % known !== 0) {
      throw new RangeError(`shape '${formatShape(shape)}' is invalid for input of size ${numel}`);
    }
    out[inferred] = numel / known;
  } else if (known !== numel) {
    throw new RangeError(`shape '${formatShape(shape)}' is invalid for input of size ${numel}`);
  }
  return out;
}

function sizeArgs(args: readonly (number | readonly number[])[]): number[] {
  return args.length === 1 && Array.isArray(args[0]) ? [...args[0]] : (args as number[]);
}

/**
 * A view with a new shape; fails when the strides do not allow it (PyTorch: `Tensor.view`).
 * One dim may be -1.
 */
export function view(x: Tensor, ...shape: (number | readonly number[])[]): Tensor {
  const target = inferShape(sizeArgs(shape), x.numel(), 'view');
  const strides = viewStrides(x.shape, x.strides, target);
  if (strides === null) {
    throw new RangeError(
      "view size is not compatible with input tensor's size and stride (at least one dimension spans across two contiguous subspaces). Use .reshape(...) instead.",
    );
  }
  return dispatch('view', [x], { shape: target }, () => aliasOf(x, target, strides, x.offset));
}

/** A tensor with a new shape: a view when possible, else a copy (PyTorch: `torch.reshape`). */
export function reshape(x: Tensor, ...shape: (number | readonly number[])[]): Tensor {
  const target = inferShape(sizeArgs(shape), x.numel(), 'reshape');
  return dispatch('reshape', [x], { shape: target }, (backend) => {
    const strides = viewStrides(x.shape, x.strides, target);
    if (strides !== null) return aliasOf(x, target, strides, x.offset);
    const out = newTensor(backend, x.shape, x.dtype);
    backend.copy(viewOf(x), viewOf(out));
    const result = aliasOf(out, target, viewStrides(out.shape, out.strides, target)!, 0);
    out.dispose(); // the alias keeps the copy's storage alive
    return result;
  });
}

/** A contiguous tensor with the same values: `x` itself if already contiguous (PyTorch: `Tensor.contiguous`). */
export function contiguous(x: Tensor): Tensor {
  if (x.isContiguous()) return x;
  return clone(x);
}

/** A copy with its own storage (PyTorch: `torch.clone`). */
export function clone(x: Tensor): Tensor {
  return dispatch('clone', [x], {}, (backend) => {
    const out = newTensor(backend, x.shape, x.dtype);
    backend.copy(viewOf(x), viewOf(out));
    return out;
  });
}

/** Reorders dims (PyTorch: `Tensor.permute`). */
export function permute(x: Tensor, ...dims: (number | readonly number[])[]): Tensor {
  const order = sizeArgs(dims).map((d) => normalizeDim(d, x.ndim, 'permute'));
  if (order.length !== x.ndim) {
    throw new RangeError(
      `permute(): number of dimensions in the tensor input does not match the length of the desired ordering of dimensions i.e. input.dim() = ${x.ndim} is not equal to len(dims) = ${order.length}`,
    );
  }
  if (new Set(order).size !== order.length)
    throw new RangeError('permute(): duplicate dims are not allowed.');
  return dispatch('permute', [x], { dims: order }, () =>
    aliasOf(
      x,
      order.map((d) => x.shape[d]),
      order.map((d) => x.strides[d]),
      x.offset,
    ),
  );
}

/** Swaps two dims (PyTorch: `torch.transpose`). */
export function transpose(x: Tensor, dim0: number, dim1: number): Tensor {
  const a = normalizeDim(dim0, x.ndim, 'transpose');
  const b = normalizeDim(dim1, x.ndim, 'transpose');
  const order = [...Array(x.ndim).keys()];
  order[a] = b;
  order[b] = a;
  return permute(x, order);
}

/** Transpose of a tensor with at most 2 dims (PyTorch: `Tensor.t`). */
export function t(x: Tensor): Tensor {
  if (x.ndim > 2) throw new RangeError(`t() expects a tensor with <= 2 dimensions, but self is ${x.ndim}D`);
  return x.ndim < 2 ? permute(x, [...Array(x.ndim).keys()]) : transpose(x, 0, 1);
}

/**
 * Broadcasts size-1 dims to larger sizes without copying (PyTorch: `Tensor.expand`); -1 keeps a size.
 */
export function expand(x: Tensor, ...sizes: (number | readonly number[])[]): Tensor {
  const target = sizeArgs(sizes);
  if (target.length < x.ndim) {
    throw new RangeError(
      `expand(): the number of sizes provided (${target.length}) must be greater or equal to the number of dimensions in the tensor (${x.ndim})`,
    );
  }
  const lead = target.length - x.ndim;
  const shape: number[] = [];
  const strides: number[] = [];
  for (let i = 0; i < target.length; i++) {
    const j = i - lead;
    const size = target[i];
    if (j < 0) {
      if (size < 0)
        throw new RangeError(
          `expand(): the expanded size of the tensor (${size}) isn't allowed in a leading, non-existing dimension ${i}`,
        );
      shape.push(size);
      strides.push(0);
    } else if (size === -1 || size === x.shape[j]) {
      shape.push(x.shape[j]);
      strides.push(x.strides[j]);
    } else if (x.shape[j] === 1) {
      shape.push(size);
      strides.push(0);
    } else {
      throw new RangeError(
        `The expanded size of the tensor (${size}) must match the existing size (${x.shape[j]}) at non-singleton dimension ${i}.  Target sizes: ${formatShape(target)}.  Tensor sizes: ${formatShape(x.shape)}`,
      );
    }
  }
  if (shapesEqual(shape, x.shape)) return x;
  return dispatch('expand', [x], { shape }, () => aliasOf(x, shape, strides, x.offset));
}

/** Inserts a size-1 dim at `dim` (PyTorch: `torch.unsqueeze`). */
export function unsqueeze(x: Tensor, dim: number): Tensor {
  const d = normalizeDim(dim, x.ndim + 1, 'unsqueeze');
  const shape = [...x.shape];
  const strides = [...x.strides];
  shape.splice(d, 0, 1);
  strides.splice(d, 0, d < x.ndim ? x.strides[d] * x.shape[d] : 1);
  return dispatch('unsqueeze', [x], { dim: d }, () => aliasOf(x, shape, strides, x.offset));
}

/** Removes size-1 dims: all of them, or those among `dim` (PyTorch: `torch.squeeze`). */
export function squeeze(x: Tensor, dim?: number | readonly number[]): Tensor {
  const dims =
    dim === undefined
      ? [...x.shape.keys()].filter((d) => x.shape[d] === 1)
      : (typeof dim === 'number' ? [dim] : dim)
          .map((d) => normalizeDim(d, x.ndim, 'squeeze'))
          .filter((d) => x.shape[d] === 1);
  if (dims.length === 0) return x;
  const shape = x.shape.filter((_, i) => !dims.includes(i));
  const strides = x.strides.filter((_, i) => !dims.includes(i));
  return dispatch('squeeze', [x], { dims }, () => aliasOf(x, shape, strides, x.offset));
}

/** Flattens dims `startDim..endDim` into one (PyTorch: `torch.flatten`). */
export function flatten(x: Tensor, startDim = 0, endDim = -1): Tensor {
  if (x.ndim === 0) return reshape(x, [1]);
  const s = normalizeDim(startDim, x.ndim, 'flatten');
  const e = normalizeDim(endDim, x.ndim, 'flatten');
  if (s > e) throw new RangeError('flatten() has invalid args: start_dim cannot come after end_dim');
  const shape = [...x.shape.slice(0, s), numelOf(x.shape.slice(s, e + 1)), ...x.shape.slice(e + 1)];
  return reshape(x, shape);
}

/** Expands one dim into `sizes` (PyTorch: `torch.unflatten`); one size may be -1. */
export function unflatten(x: Tensor, dim: number, sizes: readonly number[]): Tensor {
  const d = normalizeDim(dim, x.ndim, 'unflatten');
  const inner = inferShape(sizes, x.shape[d], 'unflatten');
  return view(x, [...x.shape.slice(0, d), ...inner, ...x.shape.slice(d + 1)]);
}

/** `length` elements of `dim` from `start`, as a view (PyTorch: `torch.narrow`). */
export function narrow(x: Tensor, dim: number, start: number, length: number): Tensor {
  const d = normalizeDim(dim, x.ndim, 'narrow');
  const size = x.shape[d];
  const s = start < 0 ? start + size : start;
  if (s < 0 || s > size) {
    throw new RangeError(
      `start out of range (expected to be in range of [${-size}, ${size}], but got ${start})`,
    );
  }
  if (length < 0 || s + length > size) {
    throw new RangeError(`start (${s}) + length (${length}) exceeds dimension size (${size}).`);
  }
  return slice(x, d, s, s + length, 1);
}

/**
 * Python-style slice `x[..., start:end:step, ...]` along `dim` as a view. Bounds are clamped and
 * may be negative, as in Python; step must be positive (PyTorch rejects negative steps too).
 */
export function slice(x: Tensor, dim: number, start?: number | null, end?: number | null, step = 1): Tensor {
  const d = normalizeDim(dim, x.ndim, 'slice');
  if (!Number.isInteger(step) || step <= 0) throw new RangeError('slice step must be positive');
  const size = x.shape[d];
  const clampIdx = (i: number) => Math.min(Math.max(i < 0 ? i + size : i, 0), size);
  const s = start === undefined || start === null ? 0 : clampIdx(start);
  const e = end === undefined || end === null ? size : Math.max(clampIdx(end), s);
  const length = Math.ceil((e - s) / step);
  const shape = [...x.shape];
  const strides = [...x.strides];
  shape[d] = length;
  strides[d] = x.strides[d] * step;
  return dispatch('slice', [x], { dim: d, start: s, end: e, step }, () =>
    aliasOf(x, shape, strides, x.offset + (length > 0 ? s * x.strides[d] : 0)),
  );
}

/** The slice at `index` along `dim`, removing that dim (PyTorch: `torch.select`). */
export function select(x: Tensor, dim: number, index: number): Tensor {
  if (x.ndim === 0) throw new RangeError('select() cannot be applied to a 0-dim tensor.');
  const d = normalizeDim(dim, x.ndim, 'select');
  const size = x.shape[d];
  if (!Number.isInteger(index) || index < -size || index >= size) {
    throw new RangeError(
      `select(): index ${index} out of range for tensor of size ${formatShape(x.shape)} at dimension ${d}`,
    );
  }
  const i = index < 0 ? index + size : index;
  const shape = x.shape.filter((_, k) => k !== d);
  const strides = x.strides.filter((_, k) => k !== d);
  return dispatch('select', [x], { dim: d, index: i }, () =>
    aliasOf(x, shape, strides, x.offset + i * x.strides[d]),
  );
}
