/** The public functions of ops/indexing.ts with their positional arity checked (see arity.ts). */
import { positional } from '../arity.js';
import * as ops from './indexing.js';

export * from './indexing.js';
export const gather = positional(ops.gather, 'gather', 3, 3);
export const indexSelect = positional(ops.indexSelect, 'indexSelect', 3, 3);
export const oneHot = positional(ops.oneHot, 'oneHot', 1, 2);
export const scatter = positional(ops.scatter, 'scatter', 4, 4);
export const scatterAdd = positional(ops.scatterAdd, 'scatterAdd', 4, 4);
export const tril = positional(ops.tril, 'tril', 1, 2);
export const triu = positional(ops.triu, 'triu', 1, 2);
export { sl } from './index-specs-checked.js';
