/** The public functions of ops/creation.ts with their positional arity checked (see arity.ts). */
import { positional } from '../arity.js';
import * as ops from './creation.js';

export * from './creation.js';
/**
 * Values from `start` to `end` (exclusive) by `step` (PyTorch: `torch.arange`): `arange(5)`,
 * `arange(1, 4)`, `arange(0, 1, 0.25)`. All-integer arguments give int64, else float32.
 */
export const arange = positional(ops.arange, 'arange', 1, 4);
/** PyTorch: `torch.empty_like`. */
export const emptyLike = positional(ops.emptyLike, 'emptyLike', 1, 2);
/** A 2-D tensor with ones on the diagonal (PyTorch: `torch.eye(n, m)`). */
export const eye = positional(ops.eye, 'eye', 1, 3);
/** A tensor of `shape` filled with `value` (PyTorch: `torch.full`). dtype defaults from the value. */
export const full = positional(ops.full, 'full', 2, 3);
/** PyTorch: `torch.full_like`. */
export const fullLike = positional(ops.fullLike, 'fullLike', 2, 3);
/** `steps` evenly spaced values from `start` to `end` inclusive (PyTorch: `torch.linspace`). */
export const linspace = positional(ops.linspace, 'linspace', 3, 4);
/** PyTorch: `torch.ones_like`. */
export const onesLike = positional(ops.onesLike, 'onesLike', 1, 2);
/**
 * Creates a tensor from nested arrays, a typed array (1-D) or a scalar, copying the data
 * (PyTorch: `torch.tensor`). As in PyTorch, whole numbers give int64, other numbers float32 and
 * booleans bool; a typed array keeps its dtype. JavaScript cannot tell `1.0` from `1`, so
 * `tensor([1.0, 2.0])` is int64 too: pass `{ dtype: 'float32' }` — except with `requiresGrad: true`,
 * where only a floating dtype makes sense and whole numbers give float32. Integer values out of the
 * dtype's range raise PyTorch's overflow error.
 */
export const tensor = positional(ops.tensor, 'tensor', 1, 2);
/** PyTorch: `torch.zeros_like`. */
export const zerosLike = positional(ops.zerosLike, 'zerosLike', 1, 2);
