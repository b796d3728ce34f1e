/** The public functions of ops/conv.ts with their positional arity checked (see arity.ts). */
import { positional } from '../arity.js';
import * as ops from './conv.js';

export * from './conv.js';
export const conv2d = positional(ops.conv2d, 'conv2d', 2, 4);
export const fold = positional(ops.fold, 'fold', 3, 4);
export const unfold = positional(ops.unfold, 'unfold', 2, 3);
