/** The public functions of ops/math.ts with their positional arity checked (see arity.ts). */
import { positional } from '../arity.js';
import * as ops from './math.js';

export * from './math.js';
export const allclose = positional(ops.allclose, 'allclose', 2, 3);
export const allcloseSync = positional(ops.allcloseSync, 'allcloseSync', 2, 3);
export const clampMax = positional(ops.clampMax, 'clampMax', 2, 2);
export const clampMin = positional(ops.clampMin, 'clampMin', 2, 2);
export const clip = positional(ops.clip, 'clip', 1, 3);
export const equal = positional(ops.equal, 'equal', 2, 2);
export const equalSync = positional(ops.equalSync, 'equalSync', 2, 2);
export const isclose = positional(ops.isclose, 'isclose', 2, 3);
export const norm = positional(ops.norm, 'norm', 1, 4);
