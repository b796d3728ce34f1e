/** Gradcheck cases of views and copies. */
import { cat, stack } from '@typetorch/tensor';
import { c, type GradcheckTable } from './case.js';
import { constant, f64, rnd } from './inputs.js';

export const viewsCases: GradcheckTable = {
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
};
