/** The public functions of ops/elementwise.ts with their positional arity checked (see arity.ts). */
import { positional } from '../arity.js';
import * as ops from './elementwise.js';

export * from './elementwise.js';
export const clamp = positional(ops.clamp, 'clamp', 1, 3);
export const maskedFill = positional(ops.maskedFill, 'maskedFill', 3, 3);
export const where = positional(ops.where, 'where', 3, 3);
