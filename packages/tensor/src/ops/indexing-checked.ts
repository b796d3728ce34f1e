/** The public functions of ops/indexing.ts with their positional arity checked (see arity.ts). */
import { positional } from '../arity.js';
import * as ops from './indexing.js';

export * from './indexing.js';
/** Values of `x` along `dim` at `index` (PyTorch: `torch.gather`). Indices must be in `[0, size)`. */
export const gather = positional(ops.gather, 'gather', 3, 3);
/** Entries of `x` along `dim` at the 1-D `index` (PyTorch: `torch.index_select`). */
export const indexSelect = positional(ops.indexSelect, 'indexSelect', 3, 3);
/**
 * One-hot encoding of int64 class indices (PyTorch: `torch.nn.functional.one_hot`): a new last dim
 * of size `numClasses` (-1 infers it from the largest index, on devices with synchronous reads).
 * Result dtype int64. int32 indices are accepted too.
 */
export const oneHot = positional(ops.oneHot, 'oneHot', 1, 2);
/** Out-of-place scatter (PyTorch: `torch.scatter`). */
export const scatter = positional(ops.scatter, 'scatter', 4, 4);
/** Out-of-place scatter-add (PyTorch: `torch.scatter_add`). */
export const scatterAdd = positional(ops.scatterAdd, 'scatterAdd', 4, 4);
/** Lower triangle, zeroing above `diagonal` (PyTorch: `torch.tril`). */
export const tril = positional(ops.tril, 'tril', 1, 2);
/** Upper triangle, zeroing below `diagonal` (PyTorch: `torch.triu`). */
export const triu = positional(ops.triu, 'triu', 1, 2);
export { sl } from './index-specs-checked.js';
