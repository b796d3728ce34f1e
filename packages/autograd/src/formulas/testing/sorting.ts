/** Gradcheck cases of sort, topk and kthvalue (distinct values: no ties to pick among). */
import { c, type GradcheckTable } from './case.js';
import { f64, rnd } from './inputs.js';

export const sortingCases: GradcheckTable = {
  sort: [
    c(
      'last dim',
      () => [rnd([3, 5])],
      (x) => x.sort().values,
    ),
    c(
      'dim 0, descending',
      () => [rnd([4, 3], 1)],
      (x) => x.sort(0, { descending: true }).values,
    ),
    c(
      '0-d',
      () => [f64(0.3)],
      (x) => x.sort().values,
    ),
  ],
  topk: [
    c(
      'largest 2 of the last dim',
      () => [rnd([3, 5])],
      (x) => x.topk(2).values,
    ),
    c(
      'smallest 3 along dim 0',
      () => [rnd([4, 3], 2)],
      (x) => x.topk(3, 0, { largest: false }).values,
    ),
  ],
  kthvalue: [
    c(
      'k = 2 of the last dim',
      () => [rnd([3, 5])],
      (x) => x.kthvalue(2).values,
    ),
    c(
      'dim 0, keepdim',
      () => [rnd([4, 3], 3)],
      (x) => x.kthvalue(3, 0, true).values,
    ),
    c(
      '0-d',
      () => [f64(-0.7)],
      (x) => x.kthvalue(1).values,
    ),
  ],
};
