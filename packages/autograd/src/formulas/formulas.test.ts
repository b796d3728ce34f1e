/**
 * Table-driven gradient checks: one entry per op name with a registered gradient formula (and per
 * in-place variant), each a list of float64 functions compared against finite differences by
 * `gradcheck`. A formula registered without a table entry fails the coverage test below.
 *
 * Inputs stay away from the points where an op is not differentiable (kinks of abs/relu/clamp,
 * ties of max/min, jumps of floor/remainder): central differences straddling such a point measure
 * an average of the one-sided slopes, not the gradient. Ties are checked separately against the
 * values PyTorch returns.
 */
import '@typetorch/backend-cpu';
import {
  adaptiveAvgPool2d,
  avgPool2d,
  cat,
  conv2d,
  crossEntropy,
  fold,
  Generator,
  maxPool2d,
  reluBackward,
  stack,
  type Tensor,
  type TensorLike,
  tensor,
  unfold,
  where,
} from '@typetorch/tensor';
import { describe, expect, it } from 'vitest';
import { differentiableOps, type GradcheckOptions, grad, gradcheck } from '../index.js';

type Fn = (...inputs: Tensor[]) => Tensor | readonly Tensor[];

interface Case {
  name: string;
  /** Builds the inputs (lazily, so that a bad input fails its own test, not the whole file). */
  inputs: () => Tensor[];
  fn: Fn;
  options?: GradcheckOptions;
}

const c = (name: string, inputs: () => Tensor[], fn: Fn, options?: GradcheckOptions): Case => ({
  name,
  inputs,
  fn,
  ...(options === undefined ? {} : { options }),
});

// ---- inputs ----

const numel = (shape: readonly number[]) => shape.reduce((a, b) => a * b, 1);

/** `n` distinct, well spread values in [lo, hi) (a golden-ratio sequence; `seed` shifts it). */
function spread(n: number, lo: number, hi: number, seed: number): number[] {
  const golden = 0.6180339887498949;
  return Array.from({ length: n }, (_, i) => lo + (hi - lo) * ((0.137 + (i + 7 * seed) * golden) % 1));
}

/** A float64 leaf that requires grad, of `shape`, holding `data` (row-major). */
function f64(data: number | readonly number[], shape?: readonly number[]): Tensor {
  const flat = typeof data === 'number' ? [data] : data;
  return tensor([...flat], { dtype: 'float64' })
    .reshape([...(shape ?? (typeof data === 'number' ? [] : [flat.length]))])
    .requiresGrad_();
}

/** A float64 leaf with distinct values in [-1, 1). */
const rnd = (shape: readonly number[], seed = 0, lo = -1, hi = 1) =>
  f64(spread(numel(shape), lo, hi, seed), shape);
/** A float64 leaf with distinct values in [0.5, 2), for log, sqrt, division, pow. */
const pos = (shape: readonly number[], seed = 0) => rnd(shape, seed, 0.5, 2);
/** A float64 tensor that does not require grad. */
const constant = (shape: readonly number[], seed = 0, lo = -1, hi = 1) =>
  tensor(spread(numel(shape), lo, hi, seed), { dtype: 'float64' }).reshape([...shape]);
const ints = (data: readonly number[], shape: readonly number[]) =>
  tensor([...data], { dtype: 'int32' }).reshape([...shape]);
const bools = (data: readonly boolean[], shape: readonly number[]) => tensor([...data]).reshape([...shape]);

const values = (t: Tensor) => Array.from(t.dataSync() as Float64Array);

/** Fails when `f(a, b)` (broadcast) comes within `margin` of a point where an op is not smooth. */
function guard(a: Tensor, b: Tensor, bad: (x: number, y: number) => number, margin = 1e-3): Tensor[] {
  const x = values(a.add(b.mul(0)));
  const y = values(b.add(a.mul(0)));
  x.forEach((v, i) => {
    if (bad(v, y[i]) < margin)
      throw new Error(`input too close to a non-differentiable point: ${v}, ${y[i]}`);
  });
  return [a, b];
}
const apart = (a: Tensor, b: Tensor) => guard(a, b, (x, y) => Math.abs(x - y));
/** Distance of x / y from the nearest integer (where floor, floorDivide and remainder jump). */
const fracDistance = (x: number, y: number) => {
  const q = x / y;
  return Math.abs(q - Math.round(q));
};

// ---- cases ----

/** The broadcasting forms every binary op is checked in. */
function binaryCases(
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

const unary = (name: string, shape: readonly number[], make: () => Tensor, fn: (x: Tensor) => Tensor) =>
  c(`${name} ${JSON.stringify(shape)}`, () => [make()], fn);

/** Values away from integers and half-integers (floor/ceil/round/trunc jump there). */
const steps = () => f64([-1.3, 0.4, 2.2, 0.7, -0.2, -2.6], [2, 3]);

const table: Record<string, Case[]> = {
  // ---- unary ----
  neg: [
    unary(
      'neg',
      [2, 3],
      () => rnd([2, 3]),
      (x) => x.neg(),
    ),
  ],
  abs: [
    c(
      'away from 0',
      () => [f64([-1.3, 0.4, 2.1, 0.7, -0.2, -2.5], [2, 3])],
      (x) => x.abs(),
    ),
  ],
  exp: [
    unary(
      'exp',
      [2, 3],
      () => rnd([2, 3]),
      (x) => x.exp(),
    ),
    unary(
      'exp',
      [],
      () => f64(0.3),
      (x) => x.exp(),
    ),
  ],
  expm1: [
    unary(
      'expm1',
      [2, 3],
      () => rnd([2, 3]),
      (x) => x.expm1(),
    ),
  ],
  log: [
    unary(
      'log',
      [2, 3],
      () => pos([2, 3]),
      (x) => x.log(),
    ),
  ],
  log1p: [
    unary(
      'log1p',
      [2, 3],
      () => rnd([2, 3], 0, -0.5, 2),
      (x) => x.log1p(),
    ),
  ],
  sqrt: [
    unary(
      'sqrt',
      [2, 3],
      () => pos([2, 3]),
      (x) => x.sqrt(),
    ),
  ],
  rsqrt: [
    unary(
      'rsqrt',
      [2, 3],
      () => pos([2, 3]),
      (x) => x.rsqrt(),
    ),
  ],
  sin: [
    unary(
      'sin',
      [2, 3],
      () => rnd([2, 3], 0, -3, 3),
      (x) => x.sin(),
    ),
  ],
  cos: [
    unary(
      'cos',
      [2, 3],
      () => rnd([2, 3], 0, -3, 3),
      (x) => x.cos(),
    ),
  ],
  tanh: [
    unary(
      'tanh',
      [2, 3],
      () => rnd([2, 3], 0, -2, 2),
      (x) => x.tanh(),
    ),
  ],
  sigmoid: [
    unary(
      'sigmoid',
      [2, 3],
      () => rnd([2, 3], 0, -3, 3),
      (x) => x.sigmoid(),
    ),
  ],
  erf: [
    unary(
      'erf',
      [2, 3],
      () => rnd([2, 3], 0, -2, 2),
      (x) => x.erf(),
    ),
  ],
  relu: [
    c(
      'away from 0',
      () => [f64([-1.3, 0.4, 2.1, 0.7, -0.2, -2.5], [2, 3])],
      (x) => x.relu(),
    ),
  ],
  reluBackward: [
    // Differentiable in the gradient only; the output (the mask) stays away from 0, where it jumps.
    c(
      'in the gradient',
      () => [rnd([2, 3], 0, -2, 2), f64([-1, 0.4, 2.1, -0.5, 1.5, 0.3], [2, 3])],
      (g, y) => reluBackward(g, y.detach()),
    ),
  ],
  reciprocal: [
    unary(
      'reciprocal',
      [2, 3],
      () => pos([2, 3]),
      (x) => x.reciprocal(),
    ),
    c(
      'negative',
      () => [f64([-0.5, -1.5, -2], [3])],
      (x) => x.reciprocal(),
    ),
  ],
  square: [
    unary(
      'square',
      [2, 3],
      () => rnd([2, 3]),
      (x) => x.square(),
    ),
  ],

  // ---- piecewise constant: zero gradient (exactness checked below) ----
  sign: [
    c(
      'away from 0',
      () => [steps()],
      (x) => x.sign().add(x),
    ),
  ],
  floor: [
    c(
      'away from integers',
      () => [steps()],
      (x) => x.floor().add(x),
    ),
  ],
  ceil: [
    c(
      'away from integers',
      () => [steps()],
      (x) => x.ceil().add(x),
    ),
  ],
  round: [
    c(
      'away from .5',
      () => [steps()],
      (x) => x.round().add(x),
    ),
  ],
  trunc: [
    c(
      'away from integers',
      () => [steps()],
      (x) => x.trunc().add(x),
    ),
  ],
  floorDivide: binaryCases(
    (a, b) => a.floorDivide(b),
    (s, k) => rnd(s, k, -3, 3),
    (s, k) => pos(s, k),
    0.7,
    (a, b) => guard(a, b, fracDistance),
  ),

  // ---- binary ----
  add: [
    ...binaryCases(
      (a, b) => a.add(b),
      (s, k) => rnd(s, k),
      (s, k) => rnd(s, k),
      0.5,
    ),
    c(
      'with alpha',
      () => [rnd([2, 3]), rnd([3], 1)],
      (a, b) => a.add(b, { alpha: -2.5 }),
    ),
    c(
      'x + x',
      () => [rnd([2, 3])],
      (x) => x.add(x),
    ),
  ],
  sub: [
    ...binaryCases(
      (a, b) => a.sub(b),
      (s, k) => rnd(s, k),
      (s, k) => rnd(s, k),
      0.5,
    ),
    c(
      'with alpha',
      () => [rnd([2, 3]), rnd([3], 1)],
      (a, b) => a.sub(b, { alpha: 3 }),
    ),
  ],
  mul: [
    ...binaryCases(
      (a, b) => a.mul(b),
      (s, k) => rnd(s, k),
      (s, k) => rnd(s, k),
      -1.5,
    ),
    c(
      'x * x',
      () => [rnd([2, 3])],
      (x) => x.mul(x),
    ),
  ],
  div: [
    ...binaryCases(
      (a, b) => a.div(b),
      (s, k) => rnd(s, k),
      (s, k) => pos(s, k),
      0.7,
    ),
    c(
      'negative divisor',
      () => [rnd([2, 3]), pos([3], 1).detach().neg().requiresGrad_()],
      (a, b) => a.div(b),
    ),
  ],
  pow: [
    // A tensor exponent differentiates through log(base): keep the base positive.
    ...binaryCases(
      (a, b) => a.pow(b),
      (s, k) => pos(s, k),
      (s, k) => rnd(s, k, -1.5, 1.5),
      2.5,
    ),
    c(
      'scalar integer exponent, negative base',
      () => [rnd([2, 3], 0, -2, 2)],
      (x) => x.pow(3),
    ),
    c(
      'scalar exponent 0',
      () => [rnd([2, 3])],
      (x) => x.pow(0),
    ),
    c(
      'negative scalar exponent',
      () => [pos([2, 3])],
      (x) => x.pow(-1.5),
    ),
    c(
      'scalar base, tensor exponent',
      () => [rnd([2, 3])],
      (e) => f64(1.7).detach().pow(e),
    ),
  ],
  maximum: binaryCases(
    (a, b) => a.maximum(b),
    (s, k) => rnd(s, k),
    (s, k) => rnd(s, k + 10),
    0.1,
    apart,
  ),
  minimum: binaryCases(
    (a, b) => a.minimum(b),
    (s, k) => rnd(s, k),
    (s, k) => rnd(s, k + 10),
    0.1,
    apart,
  ),
  remainder: [
    ...binaryCases(
      (a, b) => a.remainder(b),
      (s, k) => rnd(s, k, -3, 3),
      (s, k) => pos(s, k),
      0.7,
      (a, b) => guard(a, b, fracDistance),
    ),
    c(
      'negative divisor',
      () => guard(rnd([2, 3], 0, -3, 3), pos([3], 1).detach().neg().requiresGrad_(), fracDistance),
      (a, b) => a.remainder(b),
    ),
  ],

  // ---- selection ----
  where: [
    c(
      'same shapes',
      () => [rnd([2, 3]), rnd([2, 3], 1)],
      (a, b) => where(bools([true, false, true, false, false, true], [2, 3]), a, b),
    ),
    c(
      'broadcast condition [3], input [2,3], other 0-d',
      () => [rnd([2, 3]), rnd([], 1)],
      (a, b) => where(bools([true, false, true], [3]), a, b),
    ),
    c(
      'condition [2,1], input [3], other [2,3]',
      () => [rnd([3]), rnd([2, 3], 1)],
      (a, b) => where(bools([false, true], [2, 1]), a, b),
    ),
    c(
      'scalar other',
      () => [rnd([2, 3])],
      (a) => a.where(bools([true, false, true], [3]), 0.5),
    ),
    c(
      'scalar input',
      () => [rnd([2, 3])],
      (b) => where(bools([true, false, true], [3]), -2, b),
    ),
  ],
  maskedFill: [
    c(
      'same shape',
      () => [rnd([2, 3])],
      (x) => x.maskedFill(bools([true, false, true, false, false, true], [2, 3]), 2),
    ),
    c(
      'broadcasting mask [3]',
      () => [rnd([2, 3])],
      (x) => x.maskedFill(bools([false, true, false], [3]), -1),
    ),
    c(
      'mask [2,3] over input [3]',
      () => [rnd([3])],
      (x) => x.maskedFill(bools([true, false, false, false, false, true], [2, 3]), 0),
    ),
    c(
      '0-d value tensor',
      () => [rnd([2, 3]), rnd([], 1)],
      (x, v) => x.maskedFill(bools([true, false, true, false, false, true], [2, 3]), v),
    ),
  ],
  clamp: [
    c(
      'min only',
      () => [rnd([2, 3])],
      (x) => x.clamp(0.05),
    ),
    c(
      'max only',
      () => [rnd([2, 3])],
      (x) => x.clamp(null, 0.05),
    ),
    c(
      'both',
      () => [rnd([2, 3])],
      (x) => x.clamp(-0.4, 0.45),
    ),
    c(
      'tensor bounds',
      () => [rnd([2, 3]), f64([-0.5, 0.2, -0.1], [3]), f64([0.6], [1])],
      (x, lo, hi) => x.clamp(lo, hi),
    ),
    c(
      'tensor min only, broadcast over x',
      () => [rnd([3]), rnd([2, 3], 3)],
      (x, lo) => x.clamp(lo),
    ),
    c(
      'tensor max only',
      () => [rnd([2, 3]), rnd([3], 3)],
      (x, hi) => x.clamp(null, hi),
    ),
    c(
      'tensor bounds larger than x',
      () => [rnd([3]), rnd([2, 3], 3, -1, -0.1), f64(0.3)],
      (x, lo, hi) => x.clamp(lo, hi),
    ),
    // min > max: the result is max everywhere (min(max(x, lo), hi)), so only max gets a gradient.
    c(
      'min above max',
      () => [rnd([2, 3]), f64([0.5], [1]), f64([-0.3, 0.2, 0.1], [3])],
      (x, lo, hi) => x.clamp(lo, hi),
    ),
  ],

  // ---- indexing ----
  gather: [
    c(
      'dim 1, repeated indices',
      () => [rnd([3, 4])],
      (x) => x.gather(1, ints([0, 0, 3, 1, 2, 2], [3, 2])),
    ),
    c(
      'dim 0, index smaller than input',
      () => [rnd([3, 4])],
      (x) => x.gather(0, ints([2, 0, 1, 1, 0, 2], [2, 3])),
    ),
    c(
      'negative dim',
      () => [rnd([2, 3])],
      (x) => x.gather(-1, ints([2, 1, 0, 0], [2, 2])),
    ),
  ],
  scatter: [
    c(
      'src of index shape',
      () => [rnd([3, 4]), rnd([3, 2], 1)],
      (x, s) => x.scatter(1, ints([0, 3, 1, 2, 2, 0], [3, 2]), s),
    ),
    c(
      'src larger than index',
      () => [rnd([3, 4]), rnd([3, 3], 1)],
      (x, s) => x.scatter(1, ints([0, 3, 1, 2, 2, 0], [3, 2]), s),
    ),
    c(
      'dim 0',
      () => [rnd([3, 2]), rnd([2, 2], 1)],
      (x, s) => x.scatter(0, ints([2, 0, 1, 2], [2, 2]), s),
    ),
    c(
      'scalar src',
      () => [rnd([3, 4])],
      (x) => x.scatter(1, ints([0, 3, 1, 2, 2, 0], [3, 2]), 0.5),
    ),
  ],
  scatterAdd: [
    c(
      'repeated indices',
      () => [rnd([3, 4]), rnd([3, 2], 1)],
      (x, s) => x.scatterAdd(1, ints([0, 0, 1, 1, 3, 3], [3, 2]), s),
    ),
    c(
      'src larger than index',
      () => [rnd([3, 4]), rnd([3, 3], 1)],
      (x, s) => x.scatterAdd(1, ints([0, 0, 1, 1, 3, 3], [3, 2]), s),
    ),
    c(
      'dim 0',
      () => [rnd([3, 2]), rnd([2, 2], 1)],
      (x, s) => x.scatterAdd(0, ints([2, 2, 1, 2], [2, 2]), s),
    ),
  ],
  indexSelect: [
    c(
      'dim 0, repeated',
      () => [rnd([3, 4])],
      (x) => x.indexSelect(0, ints([2, 0, 2], [3])),
    ),
    c(
      'dim 1',
      () => [rnd([3, 4])],
      (x) => x.indexSelect(1, ints([3, 1], [2])),
    ),
    c(
      '1-D',
      () => [rnd([5])],
      (x) => x.indexSelect(0, ints([4, 4, 0], [3])),
    ),
  ],
  tril: [
    c(
      'diagonal 0',
      () => [rnd([3, 4])],
      (x) => x.tril(),
    ),
    c(
      'diagonal 1',
      () => [rnd([3, 4])],
      (x) => x.tril(1),
    ),
    c(
      'batched, diagonal -1',
      () => [rnd([2, 3, 3])],
      (x) => x.tril(-1),
    ),
  ],
  triu: [
    c(
      'diagonal 0',
      () => [rnd([3, 4])],
      (x) => x.triu(),
    ),
    c(
      'diagonal -1',
      () => [rnd([4, 3])],
      (x) => x.triu(-1),
    ),
    c(
      'batched, diagonal 1',
      () => [rnd([2, 3, 3])],
      (x) => x.triu(1),
    ),
  ],

  // ---- whole-tensor writes ----
  fill_: [
    c(
      'kills the old value',
      () => [rnd([2, 3])],
      (x) => x.mul(2).fill_(3).mul(x),
    ),
    c(
      'zero_',
      () => [rnd([2, 3])],
      (x) => x.mul(x).zero_().add(x),
    ),
  ],
  copy_: [
    c(
      'same shape',
      () => [rnd([2, 3]), rnd([2, 3], 1)],
      (x, s) => x.mul(2).copy_(s).mul(x),
    ),
    c(
      'broadcast src',
      () => [rnd([2, 3]), rnd([3], 1)],
      (x, s) => x.mul(2).copy_(s).mul(x),
    ),
    c(
      'constant src',
      () => [rnd([2, 3])],
      (x) =>
        x
          .mul(2)
          .copy_(constant([3], 1))
          .add(x),
    ),
  ],
  uniform_: [
    c(
      'kills the old value',
      () => [rnd([2, 3])],
      (x) =>
        x
          .mul(2)
          .uniform_(-1, 1, { generator: new Generator(7) })
          .mul(x),
    ),
  ],
  normal_: [
    c(
      'kills the old value',
      () => [rnd([2, 3])],
      (x) =>
        x
          .mul(2)
          .normal_(0, 1, { generator: new Generator(7) })
          .mul(x),
    ),
  ],

  // ---- linear algebra ----
  matmul: [
    c(
      '1-D · 1-D',
      () => [rnd([4]), rnd([4], 1)],
      (a, b) => a.matmul(b),
    ),
    c(
      '2-D · 2-D',
      () => [rnd([3, 4]), rnd([4, 2], 1)],
      (a, b) => a.matmul(b),
    ),
    c(
      '1-D · 2-D',
      () => [rnd([4]), rnd([4, 2], 1)],
      (a, b) => a.matmul(b),
    ),
    c(
      '2-D · 1-D',
      () => [rnd([3, 4]), rnd([4], 1)],
      (a, b) => a.matmul(b),
    ),
    c(
      'batched [2,1,3,4] @ [5,4,2]',
      () => [rnd([2, 1, 3, 4]), rnd([5, 4, 2], 1)],
      (a, b) => a.matmul(b),
    ),
    c(
      'N-D · 2-D',
      () => [rnd([2, 3, 4]), rnd([4, 2], 1)],
      (a, b) => a.matmul(b),
    ),
    c(
      '2-D · N-D',
      () => [rnd([3, 4]), rnd([2, 4, 2], 1)],
      (a, b) => a.matmul(b),
    ),
    c(
      '1-D · N-D',
      () => [rnd([4]), rnd([2, 4, 3], 1)],
      (a, b) => a.matmul(b),
    ),
    c(
      'N-D · 1-D',
      () => [rnd([2, 3, 4]), rnd([4], 1)],
      (a, b) => a.matmul(b),
    ),
    c(
      'transposed operands',
      () => [rnd([4, 3]), rnd([2, 4], 1)],
      (a, b) => a.t().matmul(b.t()),
    ),
    c(
      'batched transposed operands',
      () => [rnd([2, 4, 3]), rnd([2, 2, 4], 1)],
      (a, b) => a.mT.matmul(b.mT),
    ),
    c(
      'only the second needs grad',
      () => [rnd([3, 4]).detach(), rnd([4, 2], 1)],
      (a, b) => a.matmul(b),
    ),
  ],

  // ---- reductions ----
  sum: [
    c(
      'all dims',
      () => [rnd([2, 3, 4])],
      (x) => x.sum(),
    ),
    c(
      'one dim',
      () => [rnd([2, 3, 4])],
      (x) => x.sum(1),
    ),
    c(
      'one dim, keepdim',
      () => [rnd([2, 3, 4])],
      (x) => x.sum(-1, true),
    ),
    c(
      'several dims',
      () => [rnd([2, 3, 4])],
      (x) => x.sum([0, 2]),
    ),
    c(
      'several dims, keepdim',
      () => [rnd([2, 3, 4])],
      (x) => x.sum([2, 0], true),
    ),
    c(
      'all dims, keepdim',
      () => [rnd([2, 3])],
      (x) => x.sum(null, true),
    ),
    c(
      '0-d',
      () => [f64(0.3)],
      (x) => x.sum(),
    ),
    c(
      '0-d over dim 0, keepdim',
      () => [f64(0.3)],
      (x) => x.sum(0, true),
    ),
  ],
  mean: [
    c(
      'all dims',
      () => [rnd([2, 3, 4])],
      (x) => x.mean(),
    ),
    c(
      'one dim',
      () => [rnd([2, 3, 4])],
      (x) => x.mean(1),
    ),
    c(
      'one dim, keepdim',
      () => [rnd([2, 3, 4])],
      (x) => x.mean(-1, true),
    ),
    c(
      'several dims',
      () => [rnd([2, 3, 4])],
      (x) => x.mean([0, 2]),
    ),
    c(
      'several dims, keepdim',
      () => [rnd([2, 3, 4])],
      (x) => x.mean([0, 1], true),
    ),
    c(
      '0-d over dim -1',
      () => [f64(0.3)],
      (x) => x.mean(-1),
    ),
  ],
  prod: [
    c(
      'all dims',
      () => [rnd([2, 3], 0, -2, 2)],
      (x) => x.prod(),
    ),
    c(
      'one dim',
      () => [rnd([2, 3], 0, -2, 2)],
      (x) => x.prod(1),
    ),
    c(
      'one dim, keepdim',
      () => [rnd([2, 3], 0, -2, 2)],
      (x) => x.prod(0, true),
    ),
    c(
      'negative dim of 3-D',
      () => [rnd([2, 3, 2], 0, -2, 2)],
      (x) => x.prod(-2),
    ),
    c(
      '1-D over dim 0',
      () => [rnd([4], 0, -2, 2)],
      (x) => x.prod(0),
    ),
    c(
      'all dims, keepdim',
      () => [rnd([2, 2], 0, -2, 2)],
      (x) => x.prod(null, true),
    ),
    c(
      'one zero in a slice',
      () => [f64([1.5, 0, -2, 0.5, 1.2, -0.8], [2, 3])],
      (x) => x.prod(1),
    ),
    c(
      'one zero, all dims',
      () => [f64([1.5, 0, -2, 0.5, 1.2, -0.8], [2, 3])],
      (x) => x.prod(),
    ),
    c(
      'two zeros in a slice',
      () => [f64([0, 0.7, 0, 1.1, -0.6, 0.9], [2, 3])],
      (x) => x.prod(1),
    ),
    c(
      'two zeros, all dims',
      () => [f64([0, 0.7, 0, 1.1, -0.6, 0.9], [2, 3])],
      (x) => x.prod(),
    ),
    c(
      'zeros along dim 0',
      () => [f64([0, 0.7, 0, 1.1, 0, 0.9], [2, 3])],
      (x) => x.prod(0),
    ),
    c(
      '0-d over dim 0',
      () => [f64(-0.3)],
      (x) => x.prod(0),
    ),
  ],
  max: [
    c(
      'distinct values',
      () => [rnd([2, 3])],
      (x) => x.max(),
    ),
  ],
  min: [
    c(
      'distinct values',
      () => [rnd([2, 3])],
      (x) => x.min(),
    ),
  ],
  amax: [
    c(
      'all dims',
      () => [rnd([2, 3, 4])],
      (x) => x.amax(),
    ),
    c(
      'one dim',
      () => [rnd([2, 3, 4])],
      (x) => x.amax(1),
    ),
    c(
      'one dim, keepdim',
      () => [rnd([2, 3, 4])],
      (x) => x.amax(-1, true),
    ),
    c(
      'several dims',
      () => [rnd([2, 3, 4])],
      (x) => x.amax([0, 2]),
    ),
    c(
      'several dims, keepdim',
      () => [rnd([2, 3, 4])],
      (x) => x.amax([0, 2], true),
    ),
  ],
  amin: [
    c(
      'all dims',
      () => [rnd([2, 3, 4])],
      (x) => x.amin(),
    ),
    c(
      'one dim',
      () => [rnd([2, 3, 4])],
      (x) => x.amin(1),
    ),
    c(
      'one dim, keepdim',
      () => [rnd([2, 3, 4])],
      (x) => x.amin(-1, true),
    ),
    c(
      'several dims',
      () => [rnd([2, 3, 4])],
      (x) => x.amin([1, 2]),
    ),
    c(
      'several dims, keepdim',
      () => [rnd([2, 3, 4])],
      (x) => x.amin([0, 1], true),
    ),
  ],
  maxDim: [
    c(
      'dim 1',
      () => [rnd([3, 4])],
      (x) => x.max(1).values,
    ),
    c(
      'dim 0, keepdim',
      () => [rnd([3, 4])],
      (x) => x.max(0, true).values,
    ),
    c(
      'negative dim of 3-D',
      () => [rnd([2, 3, 4])],
      (x) => x.max(-2).values,
    ),
    c(
      '1-D',
      () => [rnd([5])],
      (x) => x.max(0).values,
    ),
  ],
  minDim: [
    c(
      'dim 1',
      () => [rnd([3, 4])],
      (x) => x.min(1).values,
    ),
    c(
      'dim 0, keepdim',
      () => [rnd([3, 4])],
      (x) => x.min(0, true).values,
    ),
    c(
      'negative dim of 3-D',
      () => [rnd([2, 3, 4])],
      (x) => x.min(-1, true).values,
    ),
  ],
  logsumexp: [
    c(
      'all dims',
      () => [rnd([2, 3, 4], 0, -3, 3)],
      (x) => x.logsumexp(null),
    ),
    c(
      'one dim',
      () => [rnd([2, 3, 4], 0, -3, 3)],
      (x) => x.logsumexp(1),
    ),
    c(
      'one dim, keepdim',
      () => [rnd([2, 3, 4], 0, -3, 3)],
      (x) => x.logsumexp(-1, true),
    ),
    c(
      'several dims',
      () => [rnd([2, 3, 4], 0, -3, 3)],
      (x) => x.logsumexp([0, 2]),
    ),
    c(
      'several dims, keepdim',
      () => [rnd([2, 3, 4], 0, -3, 3)],
      (x) => x.logsumexp([0, 2], true),
    ),
    c(
      '0-d over dim 0',
      () => [f64(0.3)],
      (x) => x.logsumexp(0),
    ),
  ],
  softmax: [
    ...[0, 1, 2, -1].map((d) =>
      c(
        `dim ${d} of [2,3,4]`,
        () => [rnd([2, 3, 4], 0, -3, 3)],
        (x) => x.softmax(d),
      ),
    ),
    c(
      '1-D',
      () => [rnd([5], 0, -3, 3)],
      (x) => x.softmax(0),
    ),
    c(
      '0-d',
      () => [f64(0.3)],
      (x) => x.softmax(0).mul(x),
    ),
  ],
  logSoftmax: [
    ...[0, 1, 2, -1].map((d) =>
      c(
        `dim ${d} of [2,3,4]`,
        () => [rnd([2, 3, 4], 0, -3, 3)],
        (x) => x.logSoftmax(d),
      ),
    ),
    c(
      '1-D',
      () => [rnd([5], 0, -3, 3)],
      (x) => x.logSoftmax(0),
    ),
    c(
      '0-d',
      () => [f64(0.3)],
      (x) => x.logSoftmax(-1).add(x.square()),
    ),
  ],

  // ---- views and copies ----
  view: [
    c(
      '[2,3] -> [3,2]',
      () => [rnd([2, 3])],
      (x) => x.view(3, 2),
    ),
    c(
      'inferred -1',
      () => [rnd([2, 3, 2])],
      (x) => x.view([-1, 4]),
    ),
  ],
  reshape: [
    c(
      'contiguous (a view)',
      () => [rnd([2, 3])],
      (x) => x.reshape([6]),
    ),
    c(
      'non-contiguous (a copy)',
      () => [rnd([2, 3])],
      (x) => x.t().reshape([3, 2]),
    ),
  ],
  unsqueeze: [
    c(
      'front',
      () => [rnd([2, 3])],
      (x) => x.unsqueeze(0),
    ),
    c(
      'middle',
      () => [rnd([2, 3])],
      (x) => x.unsqueeze(1),
    ),
    c(
      'end',
      () => [rnd([2, 3])],
      (x) => x.unsqueeze(-1),
    ),
  ],
  squeeze: [
    c(
      'all size-1 dims',
      () => [rnd([1, 3, 1])],
      (x) => x.squeeze(),
    ),
    c(
      'one dim',
      () => [rnd([1, 3, 1])],
      (x) => x.squeeze(2),
    ),
  ],
  permute: [
    c(
      '3-D',
      () => [rnd([2, 3, 4])],
      (x) => x.permute(2, 0, 1),
    ),
    c(
      'transpose',
      () => [rnd([2, 3, 4])],
      (x) => x.transpose(0, 2),
    ),
    c(
      'mT',
      () => [rnd([2, 3, 4])],
      (x) => x.mT,
    ),
  ],
  expand: [
    c(
      '[3,1] -> [2,3,4]',
      () => [rnd([3, 1])],
      (x) => x.expand(2, 3, 4),
    ),
    c(
      '[3] -> [2,3]',
      () => [rnd([3])],
      (x) => x.expand([2, 3]),
    ),
    c(
      '-1 keeps a size',
      () => [rnd([1, 3])],
      (x) => x.expand(4, -1),
    ),
  ],
  slice: [
    c(
      'with step',
      () => [rnd([3, 5])],
      (x) => x.slice(1, 0, 5, 2),
    ),
    c(
      'negative start',
      () => [rnd([4, 3])],
      (x) => x.slice(0, -3, -1),
    ),
    c(
      'narrow',
      () => [rnd([3, 5])],
      (x) => x.narrow(1, 1, 3),
    ),
    c(
      'index() with slices',
      () => [rnd([3, 5])],
      (x) => x.index('1:', '::2'),
    ),
    c(
      'split',
      () => [rnd([5, 2])],
      (x) => x.split(2),
    ),
    c(
      'split with sizes',
      () => [rnd([2, 5])],
      (x) => x.split([1, 3, 1], 1),
    ),
    c(
      'chunk',
      () => [rnd([3, 4])],
      (x) => x.chunk(2, 1),
    ),
  ],
  select: [
    c(
      'dim 0',
      () => [rnd([3, 4])],
      (x) => x.select(0, 1),
    ),
    c(
      'negative index',
      () => [rnd([3, 4])],
      (x) => x.select(1, -1),
    ),
    c(
      'index() with a number, an ellipsis and None',
      () => [rnd([2, 3, 4])],
      (x) => x.index('...', 2, null),
    ),
  ],
  cat: [
    c(
      'dim 0',
      () => [rnd([2, 3]), rnd([1, 3], 1)],
      (a, b) => cat([a, b]),
    ),
    c(
      'dim 1, three inputs',
      () => [rnd([2, 3]), rnd([2, 1], 1), rnd([2, 2], 2)],
      (a, b, d) => cat([a, b, d], 1),
    ),
    c(
      'with a constant',
      () => [rnd([2, 3])],
      (a) => cat([constant([2, 2], 1), a], -1),
    ),
    c(
      'skips a 1-D empty input',
      () => [rnd([2, 3]), f64([], [0])],
      (a, e) => cat([a, e]),
    ),
  ],
  stack: [
    c(
      'dim 0',
      () => [rnd([2, 3]), rnd([2, 3], 1)],
      (a, b) => stack([a, b]),
    ),
    c(
      'dim 1',
      () => [rnd([2, 3]), rnd([2, 3], 1), rnd([2, 3], 2)],
      (a, b, d) => stack([a, b, d], 1),
    ),
    c(
      'dim -1',
      () => [rnd([2, 3]), rnd([2, 3], 1)],
      (a, b) => stack([a, b], -1),
    ),
  ],
  clone: [
    c(
      'clone',
      () => [rnd([2, 3])],
      (x) => x.clone().mul(x),
    ),
  ],
  to: [
    c(
      'float64 -> float64 is the identity',
      () => [rnd([2, 3])],
      (x) => x.to('float64').mul(x),
    ),
    // Multiples of 1/8 and a power-of-two step are exact in float32, so the round trip loses
    // nothing and central differences are exact.
    c(
      'float64 -> float32 -> float64',
      () => [f64([0.5, -1.25, 2, 0.125, -0.75, 1.5], [2, 3])],
      (x) => x.to('float32').mul(3).to('float64'),
      { eps: 2 ** -12 },
    ),
  ],

  // ---- in-place variants (applied to non-leaves) ----
  add_: [
    c(
      'tensor',
      () => [rnd([2, 3]), rnd([2, 3], 1)],
      (x, y) => x.mul(1).add_(y),
    ),
    c(
      'broadcast',
      () => [rnd([2, 3]), rnd([3], 1)],
      (x, y) => x.mul(2).add_(y, { alpha: 2 }),
    ),
    c(
      'scalar',
      () => [rnd([2, 3])],
      (x) => x.mul(2).add_(1.5),
    ),
    c(
      'itself',
      () => [rnd([2, 3])],
      (x) => {
        const y = x.mul(2);
        return y.add_(y);
      },
    ),
  ],
  sub_: [
    c(
      'broadcast',
      () => [rnd([2, 3]), rnd([3], 1)],
      (x, y) => x.mul(2).sub_(y),
    ),
    c(
      'scalar',
      () => [rnd([2, 3])],
      (x) => x.mul(x).sub_(1.5),
    ),
  ],
  mul_: [
    c(
      'broadcast',
      () => [rnd([2, 3]), rnd([3], 1)],
      (x, y) => x.mul(2).mul_(y),
    ),
    c(
      '0-d',
      () => [rnd([2, 3]), rnd([], 1)],
      (x, y) => x.sin().mul_(y),
    ),
    c(
      'scalar',
      () => [rnd([2, 3])],
      (x) => x.mul(x).mul_(-3),
    ),
    c(
      'by its own input',
      () => [rnd([2, 3])],
      (x) => x.mul(2).mul_(x),
    ),
    c(
      'a constant target',
      () => [rnd([2, 3])],
      (x) => constant([2, 3], 1).mul_(x),
    ),
  ],
  div_: [
    c(
      'broadcast',
      () => [rnd([2, 3]), pos([3], 1)],
      (x, y) => x.mul(2).div_(y),
    ),
    c(
      'scalar',
      () => [rnd([2, 3])],
      (x) => x.mul(x).div_(4),
    ),
  ],
  pow_: [
    c(
      'tensor exponent',
      () => [pos([2, 3]), rnd([3], 1)],
      (x, e) => x.mul(1).pow_(e),
    ),
    c(
      'scalar exponent',
      () => [rnd([2, 3])],
      (x) => x.mul(2).pow_(3),
    ),
    c(
      'a constant base',
      () => [rnd([2, 3])],
      (e) => constant([2, 3], 1, 0.5, 2).pow_(e),
    ),
  ],
  exp_: [
    c(
      'exp_',
      () => [rnd([2, 3])],
      (x) => x.mul(2).exp_(),
    ),
  ],
  sqrt_: [
    c(
      'sqrt_',
      () => [pos([2, 3])],
      (x) => x.mul(2).sqrt_(),
    ),
  ],
  neg_: [
    c(
      'neg_',
      () => [rnd([2, 3])],
      (x) => x.mul(x).neg_(),
    ),
  ],
  abs_: [
    c(
      'abs_',
      () => [f64([-1.3, 0.4, 2.1], [3])],
      (x) => x.mul(2).abs_(),
    ),
  ],
  log_: [
    c(
      'log_',
      () => [pos([2, 3])],
      (x) => x.mul(2).log_(),
    ),
  ],
  relu_: [
    c(
      'relu_',
      () => [f64([-1.3, 0.4, 2.1], [3])],
      (x) => x.mul(2).relu_(),
    ),
  ],
  sigmoid_: [
    c(
      'sigmoid_',
      () => [rnd([2, 3])],
      (x) => x.mul(2).sigmoid_(),
    ),
  ],
  tanh_: [
    c(
      'tanh_',
      () => [rnd([2, 3])],
      (x) => x.mul(2).tanh_(),
    ),
  ],
  maximum_: [
    c(
      'tensor',
      () => apart(rnd([2, 3]), rnd([3], 10)),
      (x, y) => x.mul(1).maximum_(y),
    ),
    c(
      'clamp_ (min)',
      () => [rnd([2, 3])],
      (x) => x.mul(1).clamp_(0.05),
    ),
  ],
  minimum_: [
    c(
      'tensor',
      () => apart(rnd([2, 3]), rnd([3], 10)),
      (x, y) => x.mul(1).minimum_(y),
    ),
    c(
      'clamp_ (both)',
      () => [rnd([2, 3])],
      (x) => x.mul(1).clamp_(-0.4, 0.45),
    ),
  ],
  scatter_: [
    c(
      'tensor src',
      () => [rnd([3, 4]), rnd([3, 2], 1)],
      (x, s) => x.mul(2).scatter_(1, ints([0, 3, 1, 2, 2, 0], [3, 2]), s),
    ),
    c(
      'scalar src',
      () => [rnd([3, 4])],
      (x) => x.mul(2).scatter_(1, ints([0, 3, 1, 2, 2, 0], [3, 2]), 0.5),
    ),
    c(
      'into a constant',
      () => [rnd([3, 2])],
      (s) => constant([3, 4]).scatter_(1, ints([0, 3, 1, 2, 2, 0], [3, 2]), s),
    ),
  ],
  scatterAdd_: [
    c(
      'repeated indices',
      () => [rnd([3, 4]), rnd([3, 2], 1)],
      (x, s) => x.mul(2).scatterAdd_(1, ints([0, 0, 1, 1, 3, 3], [3, 2]), s),
    ),
  ],
  // ---- losses (more cases in loss.test.ts) ----
  crossEntropy: [
    c(
      'weight, ignoreIndex, labelSmoothing',
      () => [rnd([3, 4], 0, -2, 2)],
      (x) =>
        crossEntropy(x, ints([1, 3, 0], [3]), {
          weight: constant([4], 1, 0.5, 2),
          ignoreIndex: 3,
          labelSmoothing: 0.1,
        })[0],
    ),
  ],
  // ---- convolution and pooling (more cases in conv.test.ts) ----
  conv2d: [
    c(
      'stride, padding, groups, bias',
      () => [rnd([1, 4, 5, 4]), rnd([4, 2, 3, 2], 1), rnd([4], 2)],
      (x, w, b) => conv2d(x, w, b, { stride: [2, 1], padding: 1, groups: 2 }),
    ),
  ],
  unfold: [
    c(
      'padding, stride, dilation',
      () => [rnd([1, 2, 5, 4])],
      (x) => unfold(x, 2, { padding: 1, stride: [2, 1], dilation: [1, 2] }),
    ),
  ],
  fold: [
    c(
      'overlapping blocks',
      () => [rnd([1, 8, 12])],
      (x) => fold(x, [4, 5], 2),
    ),
  ],
  maxPool2d: [
    c(
      'padding, ceil mode',
      () => [rnd([1, 2, 5, 5])],
      (x) => maxPool2d(x, 3, { stride: 2, padding: 1, ceilMode: true }),
    ),
  ],
  avgPool2d: [
    c(
      'padding, countIncludePad false',
      () => [rnd([1, 2, 5, 5])],
      (x) => avgPool2d(x, 3, { stride: 2, padding: 1, countIncludePad: false }),
    ),
  ],
  adaptiveAvgPool2d: [
    c(
      'overlapping windows',
      () => [rnd([1, 2, 5, 7])],
      (x) => adaptiveAvgPool2d(x, [3, 4]),
    ),
  ],
};

/** Functions built from the ops above (no formula of their own): checked all the same. */
const composites: Record<string, Case[]> = {
  var: [
    c(
      'all dims',
      () => [rnd([2, 3, 4])],
      (x) => x.var(),
    ),
    c(
      'one dim',
      () => [rnd([2, 3, 4])],
      (x) => x.var(1),
    ),
    c(
      'several dims, keepdim',
      () => [rnd([2, 3, 4])],
      (x) => x.var([0, 2], { keepdim: true }),
    ),
    c(
      'correction 0',
      () => [rnd([2, 3, 4])],
      (x) => x.var(-1, { correction: 0 }),
    ),
  ],
  std: [
    c(
      'all dims',
      () => [rnd([2, 3, 4])],
      (x) => x.std(),
    ),
    c(
      'one dim, keepdim',
      () => [rnd([2, 3, 4])],
      (x) => x.std(2, { keepdim: true }),
    ),
    c(
      'correction 0',
      () => [rnd([2, 3, 4])],
      (x) => x.std([0, 1], { correction: 0 }),
    ),
  ],
  contiguous: [
    c(
      'of a transpose',
      () => [rnd([2, 3])],
      (x) => x.t().contiguous(),
    ),
    c(
      'of a contiguous tensor',
      () => [rnd([2, 3])],
      (x) => x.contiguous().mul(x),
    ),
  ],
  flatten: [
    c(
      'middle dims',
      () => [rnd([2, 3, 4])],
      (x) => x.permute(0, 2, 1).flatten(1),
    ),
  ],
  outer: [
    c(
      'outer',
      () => [rnd([3]), rnd([4], 1)],
      (a, b) => a.outer(b),
    ),
  ],
  maskedFill_: [
    c(
      'maskedFill_',
      () => [rnd([2, 3])],
      (x) => x.mul(2).maskedFill_(bools([true, false, true], [3]), 1),
    ),
  ],
  addcmul_: [
    c(
      'addcmul_',
      () => [rnd([2, 3]), rnd([3], 1), rnd([2, 3], 2)],
      (x, a, b) => x.mul(1).addcmul_(a, b, { value: 0.5 }),
    ),
  ],
  lerp_: [
    c(
      'lerp_',
      () => [rnd([2, 3]), rnd([2, 3], 1)],
      (x, e) => x.mul(1).lerp_(e, 0.25),
    ),
  ],
  'chain of in-place ops': [
    c(
      'sub_, mul_, div_, exp_',
      () => [rnd([2, 3]), rnd([3], 1), pos([2, 3], 2)],
      (x, y, z) => x.mul(1).sub_(y).mul_(z).div_(z.square()).exp_(),
    ),
  ],
};

const run = (cases: Record<string, Case[]>) => {
  for (const [op, list] of Object.entries(cases)) {
    describe(op, () => {
      for (const k of list) {
        it(k.name, () => {
          expect(gradcheck(k.fn, k.inputs(), k.options)).toBe(true);
        });
      }
    });
  }
};

describe('gradcheck of every differentiable op', () => {
  run(table);
});

describe('gradcheck of composite functions', () => {
  run(composites);
});

describe('table coverage', () => {
  it('has an entry for every op with a registered gradient', () => {
    const missing = differentiableOps().filter((op) => (table[op]?.length ?? 0) === 0);
    expect(missing).toEqual([]);
  });

  it('names only registered ops or their in-place forms', () => {
    const known = new Set(differentiableOps());
    const stray = Object.keys(table).filter((op) => !known.has(op) && !known.has(op.replace(/_$/, '')));
    expect(stray).toEqual([]);
  });
});

// ---- exact values ----

/** Gradients of `fn(...inputs).sum()` with respect to every input. */
function grads(fn: (...xs: Tensor[]) => Tensor, ...inputs: Tensor[]): number[][] {
  return grad(fn(...inputs).sum(), inputs).map((g) => values(g!));
}

describe('piecewise-constant ops have an exactly zero gradient', () => {
  for (const [name, fn] of [
    ['sign', (x: Tensor) => x.sign()],
    ['floor', (x: Tensor) => x.floor()],
    ['ceil', (x: Tensor) => x.ceil()],
    ['round', (x: Tensor) => x.round()],
    ['trunc', (x: Tensor) => x.trunc()],
  ] as const) {
    it(name, () => {
      const [g] = grads(fn, steps());
      expect(g).toEqual([0, 0, 0, 0, 0, 0]);
    });
  }

  it('floorDivide, both operands, broadcast', () => {
    const [ga, gb] = grads((a, b) => a.floorDivide(b), rnd([2, 3], 0, -3, 3), pos([3], 1));
    expect(ga).toEqual([0, 0, 0, 0, 0, 0]);
    expect(gb).toEqual([0, 0, 0]);
    const [gs] = grads((a) => a.floorDivide(0.7), rnd([2, 3], 0, -3, 3));
    expect(gs).toEqual([0, 0, 0, 0, 0, 0]);
  });
});

describe('ties follow PyTorch', () => {
  it('max/min/amax/amin without indices split the gradient evenly among tied extremes', () => {
    expect(grads((x) => x.max(), f64([1, 3, 3]))).toEqual([[0, 0.5, 0.5]]);
    expect(grads((x) => x.min(), f64([2, 1, 5, 1]))).toEqual([[0, 0.5, 0, 0.5]]);
    expect(grads((x) => x.amax(), f64([1, 3, 3]))).toEqual([[0, 0.5, 0.5]]);
    expect(grads((x) => x.amin(), f64([4, 4, 4, 4]))).toEqual([[0.25, 0.25, 0.25, 0.25]]);
    expect(grads((x) => x.amax(1), f64([1, 3, 3, 2, 2, 0], [2, 3]))).toEqual([[0, 0.5, 0.5, 0.5, 0.5, 0]]);
    expect(grads((x) => x.amin(0, true), f64([1, 3, 3, 1, 2, 3], [2, 3]))).toEqual([
      [0.5, 0, 0.5, 0.5, 1, 0.5],
    ]);
    expect(grads((x) => x.amax([0, 1]), f64([1, 3, 3, 2, 3, 0], [2, 3]))).toEqual([
      [0, 1 / 3, 1 / 3, 0, 1 / 3, 0],
    ]);
  });

  it('max/min with a dim route the gradient to the first index only', () => {
    expect(grads((x) => x.max(0).values, f64([1, 3, 3]))).toEqual([[0, 1, 0]]);
    expect(grads((x) => x.min(1).values, f64([2, 1, 1, 0, 0, 5], [2, 3]))).toEqual([[0, 1, 0, 1, 0, 0]]);
    expect(grads((x) => x.max(1, true).values, f64([3, 3, 3, 7, 1, 7], [2, 3]))).toEqual([
      [1, 0, 0, 1, 0, 0],
    ]);
  });

  it('maximum/minimum split the gradient evenly at ties', () => {
    expect(grads((a, b) => a.maximum(b), f64([1, 2, 5]), f64([1, 3, 4]))).toEqual([
      [0.5, 0, 1],
      [0.5, 1, 0],
    ]);
    expect(grads((a, b) => a.minimum(b), f64([1, 2, 5]), f64([1, 3, 4]))).toEqual([
      [0.5, 1, 0],
      [0.5, 0, 1],
    ]);
  });

  it('clamp passes the gradient to x at the bounds themselves', () => {
    expect(grads((x) => x.clamp(0, 1), f64([-1, 0, 0.5, 1, 2]))).toEqual([[0, 1, 1, 1, 0]]);
    expect(grads((x, lo) => x.clamp(lo), f64([-1, 0, 2]), f64([0, 0, 0]))).toEqual([
      [0, 1, 1],
      [1, 0, 0],
    ]);
  });
});

describe('in-place ops whose saved input aliases the tensor they overwrite', () => {
  it('are refused at backward, as in PyTorch, rather than differentiated with the new values', () => {
    const x = f64([1, 2]);
    const y = x.mul(1);
    y.mul_(y); // mul saves its other operand, which is y itself: overwritten by the op
    expect(() => grad(y.sum(), x)).toThrow('modified by an inplace operation');
    const z = x.mul(1);
    z.mul_(z.select(0, 1)); // the same through a view
    expect(() => grad(z.sum(), x)).toThrow('is at version 1; expected version 0 instead');
  });

  it('are fine when the formula saves nothing of them', () => {
    const x = f64([1, 2]);
    const y = x.mul(1);
    y.add_(y);
    expect(grads(() => y, x)).toEqual([[2, 2]]);
  });
});

describe('dtype of gradients', () => {
  it('a float32 leaf taken through float64 gets a float32 gradient', () => {
    const x = tensor([0.5, -1.25, 2], { requiresGrad: true });
    x.to('float64').square().sum().backward();
    expect(x.grad!.dtype).toBe('float32');
    expect(Array.from(x.grad!.dataSync())).toEqual([1, -2.5, 4]);
  });

  it('a float64 leaf taken through float32 gets a float64 gradient', () => {
    const x = f64([0.5, -1.25, 2]);
    x.to('float32').mul(4).sum().backward();
    expect(x.grad!.dtype).toBe('float64');
    expect(values(x.grad!)).toEqual([4, 4, 4]);
  });

  it('mixed float32/float64 operands each get a gradient of their own dtype', () => {
    const a = tensor([1, 2], { requiresGrad: true });
    const b = f64([3, 4]);
    a.mul(b).sum().backward();
    expect(a.grad!.dtype).toBe('float32');
    expect(b.grad!.dtype).toBe('float64');
    expect(Array.from(a.grad!.dataSync())).toEqual([3, 4]);
    expect(values(b.grad!)).toEqual([1, 2]);
  });
});
