/** The public functions of ops/join.ts with their positional arity checked (see arity.ts). */
import { positional } from '../arity.js';
import * as ops from './join.js';

export * from './join.js';
/**
 * Concatenates tensors along an existing dim (PyTorch: `torch.cat`). dtypes promote; 1-D empty
 * tensors are skipped, as PyTorch does for legacy code.
 */
export const cat = positional(ops.cat, 'cat', 1, 2);
/** Splits into `chunks` nearly equal views along `dim` (PyTorch: `torch.chunk`). */
export const chunk = positional(ops.chunk, 'chunk', 2, 3);
/**
 * Splits into views of `splitSize` along `dim` (the last may be smaller), or into pieces of the
 * given sizes (PyTorch: `torch.split`).
 */
export const split = positional(ops.split, 'split', 2, 3);
/** Stacks equal-shaped tensors along a new dim (PyTorch: `torch.stack`). */
export const stack = positional(ops.stack, 'stack', 1, 2);
