/** The public functions of ops/views.ts with their positional arity checked (see arity.ts). */
import { positional } from '../arity.js';
import * as ops from './views.js';

export * from './views.js';
export const clone = positional(ops.clone, 'clone', 1, 1);
export const contiguous = positional(ops.contiguous, 'contiguous', 1, 1);
export const flatten = positional(ops.flatten, 'flatten', 1, 3);
export const narrow = positional(ops.narrow, 'narrow', 4, 4);
export const select = positional(ops.select, 'select', 3, 3);
export const slice = positional(ops.slice, 'slice', 2, 5);
export const squeeze = positional(ops.squeeze, 'squeeze', 1, 2);
export const t = positional(ops.t, 't', 1, 1);
export const transpose = positional(ops.transpose, 'transpose', 3, 3);
export const unflatten = positional(ops.unflatten, 'unflatten', 3, 3);
export const unsqueeze = positional(ops.unsqueeze, 'unsqueeze', 2, 2);
