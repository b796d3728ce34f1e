/** The public functions of ops/index-specs.ts with their positional arity checked (see arity.ts). */
import { positional } from '../arity.js';
import * as ops from './index-specs.js';

export * from './index-specs.js';
export const indexPut = positional(ops.indexPut, 'indexPut', 3, 4);
export const indexPut_ = positional(ops.indexPut_, 'indexPut_', 3, 4);
export const indexPutAsync = positional(ops.indexPutAsync, 'indexPutAsync', 3, 4);
export const indexPutAsync_ = positional(ops.indexPutAsync_, 'indexPutAsync_', 3, 4);
export const indexSet = positional(ops.indexSet, 'indexSet', 3, 3);
export const indexSetAsync = positional(ops.indexSetAsync, 'indexSetAsync', 3, 3);
export const sl = positional(ops.sl, 'sl', 0, 3);
