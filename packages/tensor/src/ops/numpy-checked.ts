/** The public functions of ops/numpy.ts with their positional arity checked (see arity.ts). */
import { positional } from '../arity.js';
import * as ops from './numpy.js';

export * from './numpy.js';
export const fromTypedArray = positional(ops.fromTypedArray, 'fromTypedArray', 1, 3);
