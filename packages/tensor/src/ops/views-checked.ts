/** The public functions of ops/views.ts with their positional arity checked (see arity.ts). */
import { positional } from '../arity.js';
import * as ops from './views.js';

export * from './views.js';
/** A copy with its own storage (PyTorch: `torch.clone`). */
export const clone = positional(ops.clone, 'clone', 1, 1);
/** A contiguous tensor with the same values: `x` itself if already contiguous (PyTorch: `Tensor.contiguous`). */
export const contiguous = positional(ops.contiguous, 'contiguous', 1, 1);
/** Flattens dims `startDim..endDim` into one (PyTorch: `torch.flatten`). */
export const flatten = positional(ops.flatten, 'flatten', 1, 3);
/** `length` elements of `dim` from `start`, as a view (PyTorch: `torch.narrow`). */
export const narrow = positional(ops.narrow, 'narrow', 4, 4);
/** The slice at `index` along `dim`, removing that dim (PyTorch: `torch.select`). */
export const select = positional(ops.select, 'select', 3, 3);
/**
 * Python-style slice `x[..., start:end:step, ...]` along `dim` as a view. Bounds are clamped and
 * may be negative, as in Python; step must be positive (PyTorch rejects negative steps too).
 */
export const slice = positional(ops.slice, 'slice', 2, 5);
/** Removes size-1 dims: all of them, or those among `dim` (PyTorch: `torch.squeeze`). */
export const squeeze = positional(ops.squeeze, 'squeeze', 1, 2);
/** Transpose of a tensor with at most 2 dims (PyTorch: `Tensor.t`). */
export const t = positional(ops.t, 't', 1, 1);
/** Swaps two dims (PyTorch: `torch.transpose`). */
export const transpose = positional(ops.transpose, 'transpose', 3, 3);
/** Expands one dim into `sizes` (PyTorch: `torch.unflatten`); one size may be -1. */
export const unflatten = positional(ops.unflatten, 'unflatten', 3, 3);
/** Inserts a size-1 dim at `dim` (PyTorch: `torch.unsqueeze`). */
export const unsqueeze = positional(ops.unsqueeze, 'unsqueeze', 2, 2);
