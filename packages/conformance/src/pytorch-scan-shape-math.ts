/**
 * The rows of the fixture op table for the scans and shape copies (group `pytorch:scan-shape`) and the
 * norms and closeness tests (group `pytorch:math`), recorded by `scripts/fixtures/scan_shape_math.py`.
 * Besides the op table's rows, `tile`, `norm`, `clampMin`, `clampMax` and `einsum` are functions
 * composed of rows.
 */
import {
  clampMax,
  clampMin,
  cumprod,
  cumsum,
  diag,
  diagonal,
  einsum,
  flip,
  isclose,
  linalg,
  norm,
  repeat,
  roll,
  Tensor,
  tile,
  unbind,
} from '@typetorch/tensor';
import { decodeValue } from './assert.js';
import type { Args, Encoded, Op, Operand } from './pytorch-cases.js';

/** The arguments of these groups that other fixtures do not take. */
interface ScanMathArgs extends Args {
  shifts?: number | number[];
  offset?: number;
  dim2?: number;
  ord?: Encoded;
  p?: Encoded;
  rtol?: number;
  atol?: number;
  equalNan?: boolean;
  equation?: string;
}

function self(x: Operand): Tensor {
  if (!(x instanceof Tensor)) throw new TypeError(`fixture: expected a tensor operand, got ${String(x)}`);
  return x;
}

function dimOf(a: Args): number {
  if (typeof a.dim !== 'number') throw new TypeError(`fixture: expected a single dim, got ${a.dim}`);
  return a.dim;
}

const op = (f: (x: Operand[], a: ScanMathArgs, device: string) => ReturnType<Op>): Op => f as Op;
const scanOptions = (a: Args) => (a.dtype ? { dtype: a.dtype } : undefined);
const p = (v: Encoded | undefined) => (v === undefined || v === 'fro' ? v : decodeValue(v));

export const SCAN_SHAPE_MATH_OPS = {
  cumsum: op(([x], a) => cumsum(self(x), dimOf(a), scanOptions(a))),
  cumprod: op(([x], a) => cumprod(self(x), dimOf(a), scanOptions(a))),
  flip: op(([x], { dims }) => flip(self(x), dims!)),
  roll: op(([x], { shifts, dims }) => roll(self(x), shifts!, dims ?? undefined)),
  repeat: op(([x], { sizes }) => repeat(self(x), sizes!)),
  tile: op(([x], { sizes }) => tile(self(x), sizes!)),
  unbind: op(([x], { dim }) => unbind(self(x), (dim as number | undefined) ?? 0)),
  diag: op(([x], { diagonal: k }) => diag(self(x), k)),
  diagonal: op(([x], { offset, dim1, dim2 }) => diagonal(self(x), offset, dim1, dim2)),
  vectorNorm: op(([x], { ord, dim, keepdim, dtype }) =>
    linalg.vectorNorm(self(x), p(ord) as number | undefined, dim, { keepdim, dtype: dtype ?? undefined }),
  ),
  norm: op(([x], { p: order, dim, keepdim }) =>
    norm(self(x), p(order) as number | 'fro' | undefined, dim, keepdim),
  ),
  isclose: op(([a, b], { rtol, atol, equalNan }) => isclose(self(a), self(b), { rtol, atol, equalNan })),
  clampMin: op(([x], { min }) => clampMin(self(x), decodeValue(min!))),
  clampMax: op(([x], { max }) => clampMax(self(x), decodeValue(max!))),
  einsum: op((xs, { equation }) => einsum(equation!, ...xs.map(self))),
};
