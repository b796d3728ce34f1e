/** The public functions of ops/join.ts with their positional arity checked (see arity.ts). */
import { positional } from '../arity.js';
import * as ops from './join.js';

export * from './join.js';
export const cat = positional(ops.cat, 'cat', 1, 2);
export const chunk = positional(ops.chunk, 'chunk', 2, 3);
export const split = positional(ops.split, 'split', 2, 3);
export const stack = positional(ops.stack, 'stack', 1, 2);
