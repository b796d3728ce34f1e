/** The public functions of ops/reduce.ts with their positional arity checked (see arity.ts). */
import { positional } from '../arity.js';
import * as ops from './reduce.js';

export * from './reduce.js';
export const all = positional(ops.all, 'all', 1, 3);
export const amax = positional(ops.amax, 'amax', 1, 3);
export const amin = positional(ops.amin, 'amin', 1, 3);
export const any = positional(ops.any, 'any', 1, 3);
export const argmax = positional(ops.argmax, 'argmax', 1, 3);
export const argmin = positional(ops.argmin, 'argmin', 1, 3);
export const logsumexp = positional(ops.logsumexp, 'logsumexp', 2, 3);
export const max = positional(ops.max, 'max', 1, 3);
export const mean = positional(ops.mean, 'mean', 1, 3);
export const min = positional(ops.min, 'min', 1, 3);
export const prod = positional(ops.prod, 'prod', 1, 3);
export const sum = positional(ops.sum, 'sum', 1, 3);
