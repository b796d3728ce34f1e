/**
 * Rows of the norms and closeness tests (issue 16): `linalg.vectorNorm` (which `norm` also runs, as in
 * PyTorch 1.13) and `isclose`. Their functions are in `ops/math.ts`; `isinf`, `isfinite`, `isposinf`
 * and `isneginf` are unary rows (`unary.ts`).
 */
import { row } from './row.js';

export const MATH_OPS = {
  /** `ord` as a number (±Infinity for the max/min norms); `dims` normalised and sorted. */
  vectorNorm: row<{ readonly ord: number; readonly dims: readonly number[]; readonly keepdim: boolean }>()({
    group: 'math',
    differentiable: true,
  }),
  /** A bool result: never differentiable. */
  isclose: row()({ group: 'math', differentiable: false }),
};
