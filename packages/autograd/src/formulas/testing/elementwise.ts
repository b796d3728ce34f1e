/**
 * Gradcheck cases of the elementwise ops: unary, piecewise constant, binary (in every broadcasting form)
 * and selection.
 */
import { opInfo, reluBackward, UNARY_OPS, where } from '@typetorch/tensor';
import { c, type GradcheckTable } from './case.js';
import { apart, binaryCases, bools, f64, fracDistance, guard, pos, rnd, steps, unary } from './inputs.js';

export const elementwiseCases: GradcheckTable = {
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
};

// A unary row without a hand-written entry (a new op, as CONTRIBUTING.md's worked example adds) is
// gradchecked on inputs in [0.5, 2), where every unary op of the table is smooth.
for (const op of UNARY_OPS) {
  if (op in elementwiseCases || opInfo(op).differentiable !== true) continue;
  elementwiseCases[op] = [
    unary(
      op,
      [2, 3],
      () => pos([2, 3]),
      (x) => x[op](),
    ),
  ];
}
