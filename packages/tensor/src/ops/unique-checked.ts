/** The public functions of ops/unique.ts with their positional arity checked (see arity.ts). */
import { positional } from '../arity.js';
import * as ops from './unique.js';

export * from './unique.js';
export const bincount = positional(ops.bincount, 'bincount', 1, 2);
export const bincountAsync = positional(ops.bincountAsync, 'bincountAsync', 1, 2);
export const unique = positional(ops.unique, 'unique', 1, 2);
export const uniqueAsync = positional(ops.uniqueAsync, 'uniqueAsync', 1, 2);
