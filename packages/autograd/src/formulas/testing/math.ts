/** Gradcheck cases of the norms. */
import { linalg } from '@typetorch/tensor';
import { c, type GradcheckTable } from './case.js';
import { f64, rnd } from './inputs.js';

export const mathCases: GradcheckTable = {
  vectorNorm: [
    c(
      '2-norm of all',
      () => [rnd([3, 4])],
      (x) => linalg.vectorNorm(x),
    ),
    c(
      '2-norm over a dim, keepdim',
      () => [rnd([3, 4])],
      (x) => linalg.vectorNorm(x, 2, 1, true),
    ),
    c(
      '1-norm',
      () => [rnd([3, 4])],
      (x) => linalg.vectorNorm(x, 1, 0),
    ),
    c(
      '3-norm',
      () => [rnd([3, 4])],
      (x) => linalg.vectorNorm(x, 3, [0, 1]),
    ),
    c(
      '1.5-norm',
      () => [rnd([3, 4])],
      (x) => linalg.vectorNorm(x, 1.5, -1),
    ),
    c(
      '0.5-norm',
      () => [rnd([3, 4])],
      (x) => linalg.vectorNorm(x, 0.5, 0),
    ),
    c(
      'inf-norm',
      () => [rnd([3, 4])],
      (x) => linalg.vectorNorm(x, Number.POSITIVE_INFINITY, 1),
    ),
    c(
      '-inf-norm',
      () => [rnd([3, 4])],
      (x) => linalg.vectorNorm(x, Number.NEGATIVE_INFINITY),
    ),
    c(
      'norm(p="fro")',
      () => [rnd([2, 3])],
      (x) => x.norm(),
    ),
    c(
      'norm(p=4, dim)',
      () => [rnd([2, 3])],
      (x) => x.norm(4, 1),
    ),
    c(
      '0-d',
      () => [f64(-0.75)],
      (x) => linalg.vectorNorm(x),
    ),
  ],
};
