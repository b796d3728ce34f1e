/** The public functions of ops/scan-shape.ts with their positional arity checked (see arity.ts). */
import { positional } from '../arity.js';
import * as ops from './scan-shape.js';

export * from './scan-shape.js';
export const cumprod = positional(ops.cumprod, 'cumprod', 2, 3);
export const cumsum = positional(ops.cumsum, 'cumsum', 2, 3);
export const diag = positional(ops.diag, 'diag', 1, 2);
export const diagonal = positional(ops.diagonal, 'diagonal', 1, 4);
export const roll = positional(ops.roll, 'roll', 2, 3);
export const tile = positional(ops.tile, 'tile', 2, 2);
export const unbind = positional(ops.unbind, 'unbind', 1, 2);
