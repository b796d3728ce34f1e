/** Gradcheck cases of reductions and softmax. */
import { c, type GradcheckTable } from './case.js';
import { f64, rnd } from './inputs.js';

export const reduceCases: GradcheckTable = {
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
};
