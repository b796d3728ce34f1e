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
  addmm: [
    c(
      'bias [p], beta 1, alpha 1',
      () => [rnd([2]), rnd([3, 4], 1), rnd([4, 2], 2)],
      (x, a, b) => x.addmm(a, b),
    ),
    c(
      'input [n, p], beta 0.5, alpha 2',
      () => [rnd([3, 2]), rnd([3, 4], 1), rnd([4, 2], 2)],
      (x, a, b) => x.addmm(a, b, { beta: 0.5, alpha: 2 }),
    ),
    c(
      'input [n, 1], beta -1.5',
      () => [rnd([3, 1]), rnd([3, 4], 1), rnd([4, 2], 2)],
      (x, a, b) => x.addmm(a, b, { beta: -1.5 }),
    ),
    c(
      'beta 0',
      () => [rnd([3, 2]), rnd([3, 4], 1), rnd([4, 2], 2)],
      (x, a, b) => x.addmm(a, b, { beta: 0 }),
    ),
    c(
      'transposed mat2 (Linear)',
      () => [rnd([2]), rnd([3, 4], 1), rnd([2, 4], 2)],
      (x, a, w) => x.addmm(a, w.t(), { alpha: 0.5 }),
    ),
    c(
      'only mat2 needs grad',
      () => [rnd([2]).detach(), rnd([3, 4], 1).detach(), rnd([4, 2], 2)],
      (x, a, b) => x.addmm(a, b),
    ),
  ],
};
