/** Gradcheck cases of the scans and shape copies. */
import { tensor } from '@typetorch/tensor';
import { c, type GradcheckTable } from './case.js';
import { f64, rnd } from './inputs.js';

export const scanShapeCases: GradcheckTable = {
  cumsum: [
    c(
      'dim 0',
      () => [rnd([3, 4])],
      (x) => x.cumsum(0),
    ),
    c(
      'last dim, 3-D',
      () => [rnd([2, 3, 5])],
      (x) => x.cumsum(-1),
    ),
    c(
      '0-d',
      () => [f64(0.5)],
      (x) => x.cumsum(0),
    ),
    c(
      'float32 input, float64 dtype',
      () => [rnd([4])],
      (x) => x.cumsum(0, { dtype: 'float64' }),
    ),
  ],
  cumprod: [
    c(
      'no zeros',
      () => [rnd([3, 4], 1, 0.5, 1.5)],
      (x) => x.cumprod(1),
    ),
    c(
      'dim 0 of a transpose',
      () => [rnd([3, 4], 2, 0.5, 1.5)],
      (x) => x.t().cumprod(0),
    ),
    c(
      'one zero',
      () => [f64([0.5, 1.5, 0, 2, -1.25, 0.75])],
      (x) => x.cumprod(0),
    ),
    c(
      'two zeros',
      () => [f64([1.5, 0, 2, 0, -1.25, 0.75], [2, 3])],
      (x) => x.reshape([6]).cumprod(0),
    ),
    c(
      'a zero in each row',
      () => [f64([0, 1.5, 2, 0.5, -1.25, 0], [2, 3])],
      (x) => x.cumprod(1),
    ),
  ],
  flip: [
    c(
      'one dim',
      () => [rnd([3, 4])],
      (x) => x.flip(0),
    ),
    c(
      'two dims',
      () => [rnd([2, 3, 4])],
      (x) => x.flip([0, 2]),
    ),
  ],
  roll: [
    c(
      'flattened',
      () => [rnd([3, 4])],
      (x) => x.roll(5),
    ),
    c(
      'two dims',
      () => [rnd([3, 4])],
      (x) => x.roll([1, -1], [0, 1]),
    ),
  ],
  repeat: [
    c(
      'same rank',
      () => [rnd([2, 3])],
      (x) => x.repeat(2, 3),
    ),
    c(
      'leading dims',
      () => [rnd([2, 3])],
      (x) => x.repeat(2, 1, 2),
    ),
    c(
      'tile',
      () => [rnd([2, 3])],
      (x) => x.tile([2]),
    ),
  ],
  unbind: [
    c(
      'dim 0, all used',
      () => [rnd([3, 4])],
      (x) => x.unbind(0),
    ),
    c(
      'dim 1, one used',
      () => [rnd([3, 4])],
      (x) => x.unbind(1)[2].mul(2),
    ),
  ],
  diagonal: [
    c(
      'main',
      () => [rnd([3, 4])],
      (x) => x.diagonal(),
    ),
    c(
      'offset 1',
      () => [rnd([3, 4])],
      (x) => x.diagonal(1),
    ),
    c(
      'offset -1, dims 2 and 0',
      () => [rnd([3, 2, 4])],
      (x) => x.diagonal(-1, 2, 0),
    ),
  ],
  diag: [
    c(
      'vector to matrix',
      () => [rnd([3])],
      (x) => x.diag(),
    ),
    c(
      'vector to matrix, offset -2',
      () => [rnd([3])],
      (x) => x.diag(-2),
    ),
    c(
      'matrix diagonal',
      () => [rnd([3, 4])],
      (x) => x.diag(1),
    ),
    c(
      'matrix diagonal through a constant',
      () => [rnd([3, 3])],
      (x) => x.diag().mul(tensor([1, 2, 3], { dtype: 'float64' })),
    ),
  ],
};
