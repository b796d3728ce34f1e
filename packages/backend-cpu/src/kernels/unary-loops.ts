/**
 * One tight loop per unary op, dense (contiguous, starting at index 0) and strided (one row of a strided
 * walk). See binary-loops.ts for why each op gets its own loop instead of a shared loop with a callback.
 */
import type { TypedArray, UnaryOp } from '@typetorch/tensor';
import { erf, relu, roundHalfEven, sigmoid, sign } from './scalar-math.js';

/** `o[i] = op(x[i])` for `0 <= i < n`. */
export type DenseUnaryLoop = (x: TypedArray, o: TypedArray, n: number) => void;

/** `o[oi + i*os] = op(x[xi + i*xs])` for `0 <= i < n`. */
export type StridedUnaryLoop = (
  x: TypedArray,
  xi: number,
  xs: number,
  o: TypedArray,
  oi: number,
  os: number,
  n: number,
) => void;

/** Dense loops by op. */
export const DENSE_UNARY: Record<UnaryOp, DenseUnaryLoop> = {
  neg(x, o, n) {
    for (let i = 0; i < n; i++) o[i] = -x[i];
  },
  abs(x, o, n) {
    for (let i = 0; i < n; i++) o[i] = Math.abs(x[i]);
  },
  exp(x, o, n) {
    for (let i = 0; i < n; i++) o[i] = Math.exp(x[i]);
  },
  expm1(x, o, n) {
    for (let i = 0; i < n; i++) o[i] = Math.expm1(x[i]);
  },
  log(x, o, n) {
    for (let i = 0; i < n; i++) o[i] = Math.log(x[i]);
  },
  log2(x, o, n) {
    for (let i = 0; i < n; i++) o[i] = Math.log2(x[i]);
  },
  log1p(x, o, n) {
    for (let i = 0; i < n; i++) o[i] = Math.log1p(x[i]);
  },
  sqrt(x, o, n) {
    for (let i = 0; i < n; i++) o[i] = Math.sqrt(x[i]);
  },
  rsqrt(x, o, n) {
    for (let i = 0; i < n; i++) o[i] = 1 / Math.sqrt(x[i]);
  },
  sin(x, o, n) {
    for (let i = 0; i < n; i++) o[i] = Math.sin(x[i]);
  },
  cos(x, o, n) {
    for (let i = 0; i < n; i++) o[i] = Math.cos(x[i]);
  },
  tanh(x, o, n) {
    for (let i = 0; i < n; i++) o[i] = Math.tanh(x[i]);
  },
  sigmoid(x, o, n) {
    for (let i = 0; i < n; i++) o[i] = sigmoid(x[i]);
  },
  erf(x, o, n) {
    for (let i = 0; i < n; i++) o[i] = erf(x[i]);
  },
  relu(x, o, n) {
    for (let i = 0; i < n; i++) o[i] = relu(x[i]);
  },
  sign(x, o, n) {
    for (let i = 0; i < n; i++) o[i] = sign(x[i]);
  },
  floor(x, o, n) {
    for (let i = 0; i < n; i++) o[i] = Math.floor(x[i]);
  },
  ceil(x, o, n) {
    for (let i = 0; i < n; i++) o[i] = Math.ceil(x[i]);
  },
  round(x, o, n) {
    for (let i = 0; i < n; i++) o[i] = roundHalfEven(x[i]);
  },
  trunc(x, o, n) {
    for (let i = 0; i < n; i++) o[i] = Math.trunc(x[i]);
  },
  reciprocal(x, o, n) {
    for (let i = 0; i < n; i++) o[i] = 1 / x[i];
  },
  square(x, o, n) {
    for (let i = 0; i < n; i++) o[i] = x[i] * x[i];
  },
  logicalNot(x, o, n) {
    for (let i = 0; i < n; i++) o[i] = x[i] === 0 ? 1 : 0;
  },
  isnan(x, o, n) {
    for (let i = 0; i < n; i++) o[i] = x[i] !== x[i] ? 1 : 0;
  },
  isinf(x, o, n) {
    for (let i = 0; i < n; i++) o[i] = x[i] === Infinity || x[i] === -Infinity ? 1 : 0;
  },
  isfinite(x, o, n) {
    for (let i = 0; i < n; i++) o[i] = Number.isFinite(x[i]) ? 1 : 0;
  },
  isposinf(x, o, n) {
    for (let i = 0; i < n; i++) o[i] = x[i] === Infinity ? 1 : 0;
  },
  isneginf(x, o, n) {
    for (let i = 0; i < n; i++) o[i] = x[i] === -Infinity ? 1 : 0;
  },
};

/** Strided loops by op. */
export const STRIDED_UNARY: Record<UnaryOp, StridedUnaryLoop> = {
  neg(x, xi, xs, o, oi, os, n) {
    for (let i = 0; i < n; i++, xi += xs, oi += os) o[oi] = -x[xi];
  },
  abs(x, xi, xs, o, oi, os, n) {
    for (let i = 0; i < n; i++, xi += xs, oi += os) o[oi] = Math.abs(x[xi]);
  },
  exp(x, xi, xs, o, oi, os, n) {
    for (let i = 0; i < n; i++, xi += xs, oi += os) o[oi] = Math.exp(x[xi]);
  },
  expm1(x, xi, xs, o, oi, os, n) {
    for (let i = 0; i < n; i++, xi += xs, oi += os) o[oi] = Math.expm1(x[xi]);
  },
  log(x, xi, xs, o, oi, os, n) {
    for (let i = 0; i < n; i++, xi += xs, oi += os) o[oi] = Math.log(x[xi]);
  },
  log2(x, xi, xs, o, oi, os, n) {
    for (let i = 0; i < n; i++, xi += xs, oi += os) o[oi] = Math.log2(x[xi]);
  },
  log1p(x, xi, xs, o, oi, os, n) {
    for (let i = 0; i < n; i++, xi += xs, oi += os) o[oi] = Math.log1p(x[xi]);
  },
  sqrt(x, xi, xs, o, oi, os, n) {
    for (let i = 0; i < n; i++, xi += xs, oi += os) o[oi] = Math.sqrt(x[xi]);
  },
  rsqrt(x, xi, xs, o, oi, os, n) {
    for (let i = 0; i < n; i++, xi += xs, oi += os) o[oi] = 1 / Math.sqrt(x[xi]);
  },
  sin(x, xi, xs, o, oi, os, n) {
    for (let i = 0; i < n; i++, xi += xs, oi += os) o[oi] = Math.sin(x[xi]);
  },
  cos(x, xi, xs, o, oi, os, n) {
    for (let i = 0; i < n; i++, xi += xs, oi += os) o[oi] = Math.cos(x[xi]);
  },
  tanh(x, xi, xs, o, oi, os, n) {
    for (let i = 0; i < n; i++, xi += xs, oi += os) o[oi] = Math.tanh(x[xi]);
  },
  sigmoid(x, xi, xs, o, oi, os, n) {
    for (let i = 0; i < n; i++, xi += xs, oi += os) o[oi] = sigmoid(x[xi]);
  },
  erf(x, xi, xs, o, oi, os, n) {
    for (let i = 0; i < n; i++, xi += xs, oi += os) o[oi] = erf(x[xi]);
  },
  relu(x, xi, xs, o, oi, os, n) {
    for (let i = 0; i < n; i++, xi += xs, oi += os) o[oi] = relu(x[xi]);
  },
  sign(x, xi, xs, o, oi, os, n) {
    for (let i = 0; i < n; i++, xi += xs, oi += os) o[oi] = sign(x[xi]);
  },
  floor(x, xi, xs, o, oi, os, n) {
    for (let i = 0; i < n; i++, xi += xs, oi += os) o[oi] = Math.floor(x[xi]);
  },
  ceil(x, xi, xs, o, oi, os, n) {
    for (let i = 0; i < n; i++, xi += xs, oi += os) o[oi] = Math.ceil(x[xi]);
  },
  round(x, xi, xs, o, oi, os, n) {
    for (let i = 0; i < n; i++, xi += xs, oi += os) o[oi] = roundHalfEven(x[xi]);
  },
  trunc(x, xi, xs, o, oi, os, n) {
    for (let i = 0; i < n; i++, xi += xs, oi += os) o[oi] = Math.trunc(x[xi]);
  },
  reciprocal(x, xi, xs, o, oi, os, n) {
    for (let i = 0; i < n; i++, xi += xs, oi += os) o[oi] = 1 / x[xi];
  },
  square(x, xi, xs, o, oi, os, n) {
    for (let i = 0; i < n; i++, xi += xs, oi += os) o[oi] = x[xi] * x[xi];
  },
  logicalNot(x, xi, xs, o, oi, os, n) {
    for (let i = 0; i < n; i++, xi += xs, oi += os) o[oi] = x[xi] === 0 ? 1 : 0;
  },
  isnan(x, xi, xs, o, oi, os, n) {
    for (let i = 0; i < n; i++, xi += xs, oi += os) o[oi] = x[xi] !== x[xi] ? 1 : 0;
  },
  isinf(x, xi, xs, o, oi, os, n) {
    for (let i = 0; i < n; i++, xi += xs, oi += os) o[oi] = x[xi] === Infinity || x[xi] === -Infinity ? 1 : 0;
  },
  isfinite(x, xi, xs, o, oi, os, n) {
    for (let i = 0; i < n; i++, xi += xs, oi += os) o[oi] = Number.isFinite(x[xi]) ? 1 : 0;
  },
  isposinf(x, xi, xs, o, oi, os, n) {
    for (let i = 0; i < n; i++, xi += xs, oi += os) o[oi] = x[xi] === Infinity ? 1 : 0;
  },
  isneginf(x, xi, xs, o, oi, os, n) {
    for (let i = 0; i < n; i++, xi += xs, oi += os) o[oi] = x[xi] === -Infinity ? 1 : 0;
  },
};

/** int32 squares wrap modulo 2^32 like PyTorch's; a double product would lose low bits past 2^53. */
export const denseSquareInt32: DenseUnaryLoop = (x, o, n) => {
  for (let i = 0; i < n; i++) o[i] = Math.imul(x[i], x[i]);
};

/** Strided counterpart of {@link denseSquareInt32}. */
export const stridedSquareInt32: StridedUnaryLoop = (x, xi, xs, o, oi, os, n) => {
  for (let i = 0; i < n; i++, xi += xs, oi += os) o[oi] = Math.imul(x[xi], x[xi]);
};

/**
 * float32 relu on the bit patterns, without a data-dependent branch. `x < 0 ? 0 : x` compiles to a
 * branch that activations (about half negative, in random order) mispredict half the time, which made
 * relu ~3x slower than add. Here a float is zeroed when its sign bit is set and its magnitude bits are
 * in (0, +inf], i.e. exactly when `x < 0`: -0 and NaNs (of either sign) pass through unchanged, as in
 * PyTorch. In place (x === o) is fine: each element is read before it is written.
 */
export const denseReluFloat32: DenseUnaryLoop = (x, o, n) => {
  const xb = new Int32Array(x.buffer, x.byteOffset, n);
  const ob = new Int32Array(o.buffer, o.byteOffset, n);
  for (let i = 0; i < n; i++) {
    const b = xb[i];
    const u = (b & 0x7fffffff) - 1; // magnitude - 1: in [0, 0x7f800000) exactly for nonzero finite or inf
    ob[i] = b & ~((b >> 31) & (~u >> 31) & ((u - 0x7f800000) >> 31));
  }
};
