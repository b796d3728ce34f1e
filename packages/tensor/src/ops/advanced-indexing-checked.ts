/** The public functions of ops/advanced-indexing.ts with their positional arity checked (see arity.ts). */
import { positional } from '../arity.js';
import * as ops from './advanced-indexing.js';

export * from './advanced-indexing.js';
export const argwhere = positional(ops.argwhere, 'argwhere', 1, 1);
export const argwhereAsync = positional(ops.argwhereAsync, 'argwhereAsync', 1, 1);
export const maskedSelect = positional(ops.maskedSelect, 'maskedSelect', 2, 2);
export const maskedSelectAsync = positional(ops.maskedSelectAsync, 'maskedSelectAsync', 2, 2);
export const nonzero = positional(ops.nonzero, 'nonzero', 1, 2);
export const nonzeroAsync = positional(ops.nonzeroAsync, 'nonzeroAsync', 1, 2);
