/** The public functions of ops/pooling.ts with their positional arity checked (see arity.ts). */
import { positional } from '../arity.js';
import * as ops from './pooling.js';

export * from './pooling.js';
export const adaptiveAvgPool2d = positional(ops.adaptiveAvgPool2d, 'adaptiveAvgPool2d', 2, 2);
export const avgPool2d = positional(ops.avgPool2d, 'avgPool2d', 2, 3);
export const maxPool2d = positional(ops.maxPool2d, 'maxPool2d', 2, 3);
