/** The public functions of ops/creation.ts with their positional arity checked (see arity.ts). */
import { positional } from '../arity.js';
import * as ops from './creation.js';

export * from './creation.js';
export const arange = positional(ops.arange, 'arange', 1, 4);
export const emptyLike = positional(ops.emptyLike, 'emptyLike', 1, 2);
export const eye = positional(ops.eye, 'eye', 1, 3);
export const full = positional(ops.full, 'full', 2, 3);
export const fullLike = positional(ops.fullLike, 'fullLike', 2, 3);
export const linspace = positional(ops.linspace, 'linspace', 3, 4);
export const onesLike = positional(ops.onesLike, 'onesLike', 1, 2);
export const tensor = positional(ops.tensor, 'tensor', 1, 2);
export const zerosLike = positional(ops.zerosLike, 'zerosLike', 1, 2);
