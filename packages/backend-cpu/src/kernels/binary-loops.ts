/**
 * One tight loop per binary op, in two shapes: dense (all operands start at index 0 and are contiguous,
 * the common case) and strided (one row of a strided walk; stride 0 is a broadcast operand).
 *
 * Why not one generic loop calling `op(x, y)`: a callback that differs per op is a megamorphic call
 * V8 cannot inline, which costs several times the arithmetic. The table is chosen once per kernel call.
 * Comparisons and logical ops write 0/1 (a JS boolean stored into a typed array is also slower).
 */
import type { BinaryOp, TypedArray } from '@typetorch/tensor';
import { floorDivide, maximum, minimum, remainder } from './scalar-math.js';

/** `o[i] = op(a[i], b[i])` for `0 <= i < n`. */
export type DenseBinaryLoop = (a: TypedArray, b: TypedArray, o: TypedArray, n: number) => void;

/** `o[oi + i*os] = op(a[ai + i*as], b[bi + i*bs])` for `0 <= i < n`. */
export type StridedBinaryLoop = (
  a: TypedArray,
  ai: number,
  as: number,
  b: TypedArray,
  bi: number,
  bs: number,
  o: TypedArray,
  oi: number,
  os: number,
  n: number,
) => void;

/** Dense loops by op. */
export const DENSE_BINARY: Record<BinaryOp, DenseBinaryLoop> = {
  add(a, b, o, n) {
    for (let i = 0; i < n; i++) o[i] = a[i] + b[i];
  },
  sub(a, b, o, n) {
    for (let i = 0; i < n; i++) o[i] = a[i] - b[i];
  },
  mul(a, b, o, n) {
    for (let i = 0; i < n; i++) o[i] = a[i] * b[i];
  },
  div(a, b, o, n) {
    for (let i = 0; i < n; i++) o[i] = a[i] / b[i];
  },
  pow(a, b, o, n) {
    for (let i = 0; i < n; i++) o[i] = a[i] ** b[i];
  },
  maximum(a, b, o, n) {
    for (let i = 0; i < n; i++) o[i] = maximum(a[i], b[i]);
  },
  minimum(a, b, o, n) {
    for (let i = 0; i < n; i++) o[i] = minimum(a[i], b[i]);
  },
  eq(a, b, o, n) {
    for (let i = 0; i < n; i++) o[i] = a[i] === b[i] ? 1 : 0;
  },
  ne(a, b, o, n) {
    for (let i = 0; i < n; i++) o[i] = a[i] !== b[i] ? 1 : 0;
  },
  lt(a, b, o, n) {
    for (let i = 0; i < n; i++) o[i] = a[i] < b[i] ? 1 : 0;
  },
  le(a, b, o, n) {
    for (let i = 0; i < n; i++) o[i] = a[i] <= b[i] ? 1 : 0;
  },
  gt(a, b, o, n) {
    for (let i = 0; i < n; i++) o[i] = a[i] > b[i] ? 1 : 0;
  },
  ge(a, b, o, n) {
    for (let i = 0; i < n; i++) o[i] = a[i] >= b[i] ? 1 : 0;
  },
  logicalAnd(a, b, o, n) {
    for (let i = 0; i < n; i++) o[i] = a[i] !== 0 && b[i] !== 0 ? 1 : 0;
  },
  logicalOr(a, b, o, n) {
    for (let i = 0; i < n; i++) o[i] = a[i] !== 0 || b[i] !== 0 ? 1 : 0;
  },
  logicalXor(a, b, o, n) {
    for (let i = 0; i < n; i++) o[i] = (a[i] !== 0) !== (b[i] !== 0) ? 1 : 0;
  },
  floorDivide(a, b, o, n) {
    for (let i = 0; i < n; i++) o[i] = floorDivide(a[i], b[i]);
  },
  remainder(a, b, o, n) {
    for (let i = 0; i < n; i++) o[i] = remainder(a[i], b[i]);
  },
  reluBackward(a, b, o, n) {
    for (let i = 0; i < n; i++) o[i] = b[i] <= 0 ? 0 : a[i];
  },
};

/** Strided loops by op. */
export const STRIDED_BINARY: Record<BinaryOp, StridedBinaryLoop> = {
  add(a, ai, as, b, bi, bs, o, oi, os, n) {
    for (let i = 0; i < n; i++, ai += as, bi += bs, oi += os) o[oi] = a[ai] + b[bi];
  },
  sub(a, ai, as, b, bi, bs, o, oi, os, n) {
    for (let i = 0; i < n; i++, ai += as, bi += bs, oi += os) o[oi] = a[ai] - b[bi];
  },
  mul(a, ai, as, b, bi, bs, o, oi, os, n) {
    for (let i = 0; i < n; i++, ai += as, bi += bs, oi += os) o[oi] = a[ai] * b[bi];
  },
  div(a, ai, as, b, bi, bs, o, oi, os, n) {
    for (let i = 0; i < n; i++, ai += as, bi += bs, oi += os) o[oi] = a[ai] / b[bi];
  },
  pow(a, ai, as, b, bi, bs, o, oi, os, n) {
    for (let i = 0; i < n; i++, ai += as, bi += bs, oi += os) o[oi] = a[ai] ** b[bi];
  },
  maximum(a, ai, as, b, bi, bs, o, oi, os, n) {
    for (let i = 0; i < n; i++, ai += as, bi += bs, oi += os) o[oi] = maximum(a[ai], b[bi]);
  },
  minimum(a, ai, as, b, bi, bs, o, oi, os, n) {
    for (let i = 0; i < n; i++, ai += as, bi += bs, oi += os) o[oi] = minimum(a[ai], b[bi]);
  },
  eq(a, ai, as, b, bi, bs, o, oi, os, n) {
    for (let i = 0; i < n; i++, ai += as, bi += bs, oi += os) o[oi] = a[ai] === b[bi] ? 1 : 0;
  },
  ne(a, ai, as, b, bi, bs, o, oi, os, n) {
    for (let i = 0; i < n; i++, ai += as, bi += bs, oi += os) o[oi] = a[ai] !== b[bi] ? 1 : 0;
  },
  lt(a, ai, as, b, bi, bs, o, oi, os, n) {
    for (let i = 0; i < n; i++, ai += as, bi += bs, oi += os) o[oi] = a[ai] < b[bi] ? 1 : 0;
  },
  le(a, ai, as, b, bi, bs, o, oi, os, n) {
    for (let i = 0; i < n; i++, ai += as, bi += bs, oi += os) o[oi] = a[ai] <= b[bi] ? 1 : 0;
  },
  gt(a, ai, as, b, bi, bs, o, oi, os, n) {
    for (let i = 0; i < n; i++, ai += as, bi += bs, oi += os) o[oi] = a[ai] > b[bi] ? 1 : 0;
  },
  ge(a, ai, as, b, bi, bs, o, oi, os, n) {
    for (let i = 0; i < n; i++, ai += as, bi += bs, oi += os) o[oi] = a[ai] >= b[bi] ? 1 : 0;
  },
  logicalAnd(a, ai, as, b, bi, bs, o, oi, os, n) {
    for (let i = 0; i < n; i++, ai += as, bi += bs, oi += os) o[oi] = a[ai] !== 0 && b[bi] !== 0 ? 1 : 0;
  },
  logicalOr(a, ai, as, b, bi, bs, o, oi, os, n) {
    for (let i = 0; i < n; i++, ai += as, bi += bs, oi += os) o[oi] = a[ai] !== 0 || b[bi] !== 0 ? 1 : 0;
  },
  logicalXor(a, ai, as, b, bi, bs, o, oi, os, n) {
    for (let i = 0; i < n; i++, ai += as, bi += bs, oi += os) o[oi] = (a[ai] !== 0) !== (b[bi] !== 0) ? 1 : 0;
  },
  floorDivide(a, ai, as, b, bi, bs, o, oi, os, n) {
    for (let i = 0; i < n; i++, ai += as, bi += bs, oi += os) o[oi] = floorDivide(a[ai], b[bi]);
  },
  remainder(a, ai, as, b, bi, bs, o, oi, os, n) {
    for (let i = 0; i < n; i++, ai += as, bi += bs, oi += os) o[oi] = remainder(a[ai], b[bi]);
  },
  reluBackward(a, ai, as, b, bi, bs, o, oi, os, n) {
    for (let i = 0; i < n; i++, ai += as, bi += bs, oi += os) o[oi] = b[bi] <= 0 ? 0 : a[ai];
  },
};

/** int32 multiplication wraps modulo 2^32 like PyTorch's; a double product would lose low bits past 2^53. */
export const denseMulInt32: DenseBinaryLoop = (a, b, o, n) => {
  for (let i = 0; i < n; i++) o[i] = Math.imul(a[i], b[i]);
};

/** Strided counterpart of {@link denseMulInt32}. */
export const stridedMulInt32: StridedBinaryLoop = (a, ai, as, b, bi, bs, o, oi, os, n) => {
  for (let i = 0; i < n; i++, ai += as, bi += bs, oi += os) o[oi] = Math.imul(a[ai], b[bi]);
};
