/**
 * Inputs of the gradcheck tables: float64 leaves with distinct, well spread values, kept away from
 * the points where an op is not differentiable (test support, not built into the package).
 */
import { type Tensor, type TensorLike, tensor } from '@typetorch/tensor';
import { grad } from '../../index.js';
import { type Case, c } from './case.js';

export const numel = (shape: readonly number[]) => shape.reduce((a, b) => a * b, 1);

/** `n` distinct, well spread values in [lo, hi) (a golden-ratio sequence; `seed` shifts it). */
export function spread(n: number, lo: number, hi: number, seed: number): number[] {
  const golden = 0.6180339887498949;
  return Array.from({ length: n }, (_, i) => lo + (hi - lo) * ((0.137 + (i + 7 * seed) * golden) % 1));
}

/** A float64 leaf that requires grad, of `shape`, holding `data` (row-major). */
export function f64(data: number | readonly number[], shape?: readonly number[]): Tensor {
  const flat = typeof data === 'number' ? [data] : data;
  return tensor([...flat], { dtype: 'float64' })
    .reshape([...(shape ?? (typeof data === 'number' ? [] : [flat.length]))])
    .requiresGrad_();
}

/** A float64 leaf with distinct values in [-1, 1). */
export const rnd = (shape: readonly number[], seed = 0, lo = -1, hi = 1) =>
  f64(spread(numel(shape), lo, hi, seed), shape);
/** A float64 leaf with distinct values in [0.5, 2), for log, sqrt, division, pow. */
export const pos = (shape: readonly number[], seed = 0) => rnd(shape, seed, 0.5, 2);
/** A float64 tensor that does not require grad. */
export const constant = (shape: readonly number[], seed = 0, lo = -1, hi = 1) =>
  tensor(spread(numel(shape), lo, hi, seed), { dtype: 'float64' }).reshape([...shape]);
export const ints = (data: readonly number[], shape: readonly number[]) =>
  tensor([...data], { dtype: 'int32' }).reshape([...shape]);
export const bools = (data: readonly boolean[], shape: readonly number[]) =>
  tensor([...data]).reshape([...shape]);

export const values = (t: Tensor) => Array.from(t.dataSync() as Float64Array);

/** Fails when `f(a, b)` (broadcast) comes within `margin` of a point where an op is not smooth. */
export function guard(a: Tensor, b: Tensor, bad: (x: number, y: number) => number, margin = 1e-3): Tensor[] {
  const x = values(a.add(b.mul(0)));
  const y = values(b.add(a.mul(0)));
  x.forEach((v, i) => {
    if (bad(v, y[i]) < margin)
      throw new Error(`input too close to a non-differentiable point: ${v}, ${y[i]}`);
  });
  return [a, b];
}
export const apart = (a: Tensor, b: Tensor) => guard(a, b, (x, y) => Math.abs(x - y));
/** Distance of x / y from the nearest integer (where floor, floorDivide and remainder jump). */
export const fracDistance = (x: number, y: number) => {
  const q = x / y;
  return Math.abs(q - Math.round(q));
};

// ---- cases ----

/** The broadcasting forms every binary op is checked in. */
export function binaryCases(
  op: (a: Tensor, b: TensorLike) => Tensor,
  lhs: (shape: readonly number[], seed: number) => Tensor,
  rhs: (shape: readonly number[], seed: number) => Tensor,
  scalar: number,
  check: (a: Tensor, b: Tensor) => Tensor[] = (a, b) => [a, b],
): Case[] {
  const bin = (x: Tensor, y: Tensor) => op(x, y);
  return [
    c('[2,3] with [2,3]', () => check(lhs([2, 3], 0), rhs([2, 3], 1)), bin),
    c('[2,3] with [3]', () => check(lhs([2, 3], 0), rhs([3], 2)), bin),
    c('[3] with [2,3]', () => check(lhs([3], 3), rhs([2, 3], 1)), bin),
    c('[2,1] with [1,3]', () => check(lhs([2, 1], 4), rhs([1, 3], 5)), bin),
    c('[2,3] with a 0-d tensor', () => check(lhs([2, 3], 0), rhs([], 6)), bin),
    c('0-d tensor with [2,3]', () => check(lhs([], 7), rhs([2, 3], 1)), bin),
    c(
      '[2,3] with a JS number',
      () => check(lhs([2, 3], 0), f64(scalar).detach()).slice(0, 1),
      (x) => op(x, scalar),
    ),
    c('[2,3] constant with [3]', () => check(lhs([2, 3], 0).detach(), rhs([3], 2)), bin),
  ];
}

export const unary = (
  name: string,
  shape: readonly number[],
  make: () => Tensor,
  fn: (x: Tensor) => Tensor,
) => c(`${name} ${JSON.stringify(shape)}`, () => [make()], fn);

/** Values away from integers and half-integers (floor/ceil/round/trunc jump there). */
export const steps = () => f64([-1.3, 0.4, 2.2, 0.7, -0.2, -2.6], [2, 3]);

/** Gradients of `fn(...inputs).sum()` with respect to every input. */
export function grads(fn: (...xs: Tensor[]) => Tensor, ...inputs: Tensor[]): number[][] {
  return grad(fn(...inputs).sum(), inputs).map((g) => values(g!));
}
