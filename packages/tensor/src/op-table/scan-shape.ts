/**
 * Rows of the scans and shape copies a PyTorch porter reaches for (issue 16): `cumsum`, `cumprod`,
 * `flip`, `roll`, `repeat`, `unbind`, `diag`, `diagonal`. Their functions are in `ops/scan-shape.ts`;
 * each composes existing kernels and views, and dispatches once (one gradient node).
 */
import { row } from './row.js';

export const SCAN_SHAPE_OPS = {
  /** Inclusive prefix sum along `dim` (the input is cast to the result dtype first). */
  cumsum: row<{ readonly dim: number }>()({ group: 'scan', differentiable: true }),
  /** Inclusive prefix product along `dim`. */
  cumprod: row<{ readonly dim: number }>()({ group: 'scan', differentiable: true }),
  /** A reversed copy along `dims` (normalised). */
  flip: row<{ readonly dims: readonly number[] }>()({ group: 'view', differentiable: true }),
  /** A rotated copy; `dims` empty means the flattened tensor. */
  roll: row<{ readonly shifts: readonly number[]; readonly dims: readonly number[] }>()({
    group: 'view',
    differentiable: true,
  }),
  /** A tiled copy; `sizes` has at least the input's rank. */
  repeat: row<{ readonly sizes: readonly number[] }>()({ group: 'view', differentiable: true }),
  /** Views of each slice along `dim` (one output per slice). */
  unbind: row<{ readonly dim: number }>()({ group: 'view', differentiable: true, view: true }),
  /** 1-D input: a square matrix with it on a diagonal; 2-D input: a copy of a diagonal. */
  diag: row<{ readonly diagonal: number }>()({ group: 'view', differentiable: true }),
  /** A view of the diagonal of two dims, appended as the last dim. */
  diagonal: row<{ readonly offset: number; readonly dim1: number; readonly dim2: number }>()({
    group: 'view',
    differentiable: true,
    view: true,
  }),
};
