/** The public functions of ops/linalg.ts with their positional arity checked (see arity.ts). */
import { positional } from '../arity.js';
import * as ops from './linalg.js';

export * from './linalg.js';
export const addmm = positional(ops.addmm, 'addmm', 3, 4);
export const bmm = positional(ops.bmm, 'bmm', 2, 2);
export const dot = positional(ops.dot, 'dot', 2, 2);
export const matmul = positional(ops.matmul, 'matmul', 2, 2);
export const mm = positional(ops.mm, 'mm', 2, 2);
export const outer = positional(ops.outer, 'outer', 2, 2);
