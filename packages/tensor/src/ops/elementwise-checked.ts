/** The public functions of ops/elementwise.ts with their positional arity checked (see arity.ts). */
import { positional } from '../arity.js';
import * as ops from './elementwise.js';

export * from './elementwise.js';
/** Limits values to `[min, max]` (PyTorch: `torch.clamp`); either bound may be omitted (null/undefined). */
export const clamp = positional(ops.clamp, 'clamp', 1, 3);
/** Fills elements where `mask` is true with `value` (PyTorch: `Tensor.masked_fill`). */
export const maskedFill = positional(ops.maskedFill, 'maskedFill', 3, 3);
/**
 * `condition ? input : other`, elementwise with broadcasting (PyTorch: `torch.where`).
 * `input` and `other` may be scalars.
 */
export const where = positional(ops.where, 'where', 3, 3);
