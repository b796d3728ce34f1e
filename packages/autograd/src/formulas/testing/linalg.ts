/** Gradcheck cases of linear algebra. */
import { c, type GradcheckTable } from './case.js';
import { rnd } from './inputs.js';

export const linalgCases: GradcheckTable = {
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
};
