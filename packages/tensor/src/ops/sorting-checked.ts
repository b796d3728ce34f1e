/** The public functions of ops/sorting.ts with their positional arity checked (see arity.ts). */
import { positional } from '../arity.js';
import * as ops from './sorting.js';

export * from './sorting.js';
export const argsort = positional(ops.argsort, 'argsort', 1, 3);
export const kthvalue = positional(ops.kthvalue, 'kthvalue', 2, 4);
export const searchsorted = positional(ops.searchsorted, 'searchsorted', 2, 3);
export const sort = positional(ops.sort, 'sort', 1, 3);
export const topk = positional(ops.topk, 'topk', 2, 4);
