/** The public functions of ops/scan-shape.ts with their positional arity checked (see arity.ts). */
import { positional } from '../arity.js';
import * as ops from './scan-shape.js';

export * from './scan-shape.js';
/** Cumulative product along `dim` (PyTorch: `torch.cumprod(input, dim, *, dtype=None)`), as {@link cumsum}. */
export const cumprod = positional(ops.cumprod, 'cumprod', 2, 3);
/**
 * Cumulative sum along `dim` (PyTorch: `torch.cumsum(input, dim, *, dtype=None)`). bool and integer
 * inputs sum to int64; `dtype` casts the input first.
 */
export const cumsum = positional(ops.cumsum, 'cumsum', 2, 3);
/**
 * `torch.diag(input, diagonal=0)`: a 1-D input becomes a square matrix with it on the diagonal
 * `diagonal` (zeros elsewhere); a 2-D input gives a copy of that diagonal.
 */
export const diag = positional(ops.diag, 'diag', 1, 2);
/**
 * A view of the diagonal `offset` (above the main one if positive) of dims `dim1` and `dim2`, which
 * are removed and replaced by a last dim (PyTorch: `torch.diagonal(input, offset=0, dim1=0, dim2=1)`).
 */
export const diagonal = positional(ops.diagonal, 'diagonal', 1, 4);
/**
 * Rotates elements along `dims` by `shifts` (PyTorch: `torch.roll(input, shifts, dims=None)`);
 * without dims, the flattened tensor is rolled and the shape restored. Elements shifted past the
 * end come back at the start.
 */
export const roll = positional(ops.roll, 'roll', 2, 3);
/**
 * `x` tiled `dims[i]` times along each dim (PyTorch: `torch.tile(input, dims)`): {@link repeat}, with
 * `dims` padded with leading 1s when shorter than `x`'s rank.
 */
export const tile = positional(ops.tile, 'tile', 2, 2);
/** Every slice along `dim`, as views without that dim (PyTorch: `torch.unbind(input, dim=0)`). */
export const unbind = positional(ops.unbind, 'unbind', 1, 2);
