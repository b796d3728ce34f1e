/** Gradcheck cases of in-place variants (applied to non-leaves). */
import { c, type GradcheckTable } from './case.js';
import { apart, constant, f64, ints, pos, rnd } from './inputs.js';

export const inplaceCases: GradcheckTable = {
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
};
