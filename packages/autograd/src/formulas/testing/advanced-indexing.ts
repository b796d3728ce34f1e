/** Gradcheck cases of advanced indexing: index (x[idx], x[mask]), index_put(_), setitem, masked_select. */
import { c, type GradcheckTable } from './case.js';
import { bools, ints, rnd } from './inputs.js';

const mask3 = () => bools([true, false, true], [3]);
const mask34 = () =>
  bools([true, false, true, true, false, false, true, false, true, true, false, true], [3, 4]);

export const advancedIndexingCases: GradcheckTable = {
  index: [
    c(
      'rows, repeated',
      () => [rnd([3, 4])],
      (x) => x.index(ints([2, 0, 2], [3])),
    ),
    c(
      'x[range(n), target]',
      () => [rnd([3, 4])],
      (x) => x.index(ints([0, 1, 2], [3]), ints([3, 3, 0], [3])),
    ),
    c(
      'separated indices go first',
      () => [rnd([2, 3, 4])],
      (x) => x.index(ints([1, 0, 1], [3]), ':', ints([3, -1, 0], [3])),
    ),
    c(
      'mask over all dims',
      () => [rnd([3, 4])],
      (x) => x.index(mask34()),
    ),
    c(
      'mask over dim 1 after a slice',
      () => [rnd([2, 3])],
      (x) => x.index('1:', mask3()),
    ),
  ],
  indexPut: [
    c(
      'rows',
      () => [rnd([3, 4]), rnd([2, 4], 1)],
      (x, v) => x.indexPut([ints([2, 0], [2])], v),
    ),
    c(
      'accumulate duplicates, broadcast values',
      () => [rnd([3, 4]), rnd([4], 1)],
      (x, v) => x.indexPut([ints([1, 1, 0], [3])], v, { accumulate: true }),
    ),
    c(
      'elements, null dim first',
      () => [rnd([2, 3, 4]), rnd([2, 2], 1)],
      (x, v) => x.indexPut([null, ints([0, 2], [2]), ints([3, 1], [2])], v),
    ),
    c(
      'mask, one value',
      () => [rnd([3, 4]), rnd([], 1)],
      (x, v) => x.indexPut([mask34()], v),
    ),
    c(
      'mask, several values',
      () => [rnd([3, 4]), rnd([2, 4], 1)],
      (x, v) => x.indexPut([mask3()], v),
    ),
  ],
  indexPut_: [
    c(
      'into a non-leaf',
      () => [rnd([3, 4]), rnd([2, 4], 1)],
      (x, v) => x.mul(2).indexPut_([ints([0, 2], [2])], v),
    ),
    c(
      'setitem x[rows, cols] = v',
      () => [rnd([3, 4]), rnd([2], 1)],
      (x, v) => x.mul(2).indexSet([[0, 2], ints([3, 1], [2])], v),
    ),
    c(
      'setitem x[mask] = v',
      () => [rnd([3, 4]), rnd([], 1)],
      (x, v) => x.mul(2).indexSet([mask34()], v),
    ),
  ],
  maskedSelect: [
    c(
      'same shape',
      () => [rnd([3, 4])],
      (x) => x.maskedSelect(mask34()),
    ),
    c(
      'mask broadcast',
      () => [rnd([4, 3])],
      (x) => x.maskedSelect(mask3()),
    ),
    c(
      'input broadcast',
      () => [rnd([4])],
      (x) => x.maskedSelect(mask34()),
    ),
  ],
};
