/** Gradcheck cases of indexing (gather, scatter, indexSelect, tril, triu) and whole-tensor writes. */
import { Generator } from '@typetorch/tensor';
import { c, type GradcheckTable } from './case.js';
import { constant, ints, rnd } from './inputs.js';

export const indexingCases: GradcheckTable = {
  // ---- indexing ----
  gather: [
    c(
      'dim 1, repeated indices',
      () => [rnd([3, 4])],
      (x) => x.gather(1, ints([0, 0, 3, 1, 2, 2], [3, 2])),
    ),
    c(
      'dim 0, index smaller than input',
      () => [rnd([3, 4])],
      (x) => x.gather(0, ints([2, 0, 1, 1, 0, 2], [2, 3])),
    ),
    c(
      'negative dim',
      () => [rnd([2, 3])],
      (x) => x.gather(-1, ints([2, 1, 0, 0], [2, 2])),
    ),
  ],
  scatter: [
    c(
      'src of index shape',
      () => [rnd([3, 4]), rnd([3, 2], 1)],
      (x, s) => x.scatter(1, ints([0, 3, 1, 2, 2, 0], [3, 2]), s),
    ),
    c(
      'src larger than index',
      () => [rnd([3, 4]), rnd([3, 3], 1)],
      (x, s) => x.scatter(1, ints([0, 3, 1, 2, 2, 0], [3, 2]), s),
    ),
    c(
      'dim 0',
      () => [rnd([3, 2]), rnd([2, 2], 1)],
      (x, s) => x.scatter(0, ints([2, 0, 1, 2], [2, 2]), s),
    ),
    c(
      'scalar src',
      () => [rnd([3, 4])],
      (x) => x.scatter(1, ints([0, 3, 1, 2, 2, 0], [3, 2]), 0.5),
    ),
  ],
  scatterAdd: [
    c(
      'repeated indices',
      () => [rnd([3, 4]), rnd([3, 2], 1)],
      (x, s) => x.scatterAdd(1, ints([0, 0, 1, 1, 3, 3], [3, 2]), s),
    ),
    c(
      'src larger than index',
      () => [rnd([3, 4]), rnd([3, 3], 1)],
      (x, s) => x.scatterAdd(1, ints([0, 0, 1, 1, 3, 3], [3, 2]), s),
    ),
    c(
      'dim 0',
      () => [rnd([3, 2]), rnd([2, 2], 1)],
      (x, s) => x.scatterAdd(0, ints([2, 2, 1, 2], [2, 2]), s),
    ),
  ],
  indexSelect: [
    c(
      'dim 0, repeated',
      () => [rnd([3, 4])],
      (x) => x.indexSelect(0, ints([2, 0, 2], [3])),
    ),
    c(
      'dim 1',
      () => [rnd([3, 4])],
      (x) => x.indexSelect(1, ints([3, 1], [2])),
    ),
    c(
      '1-D',
      () => [rnd([5])],
      (x) => x.indexSelect(0, ints([4, 4, 0], [3])),
    ),
  ],
  tril: [
    c(
      'diagonal 0',
      () => [rnd([3, 4])],
      (x) => x.tril(),
    ),
    c(
      'diagonal 1',
      () => [rnd([3, 4])],
      (x) => x.tril(1),
    ),
    c(
      'batched, diagonal -1',
      () => [rnd([2, 3, 3])],
      (x) => x.tril(-1),
    ),
  ],
  triu: [
    c(
      'diagonal 0',
      () => [rnd([3, 4])],
      (x) => x.triu(),
    ),
    c(
      'diagonal -1',
      () => [rnd([4, 3])],
      (x) => x.triu(-1),
    ),
    c(
      'batched, diagonal 1',
      () => [rnd([2, 3, 3])],
      (x) => x.triu(1),
    ),
  ],

  // ---- whole-tensor writes ----
  fill_: [
    c(
      'kills the old value',
      () => [rnd([2, 3])],
      (x) => x.mul(2).fill_(3).mul(x),
    ),
    c(
      'zero_',
      () => [rnd([2, 3])],
      (x) => x.mul(x).zero_().add(x),
    ),
  ],
  copy_: [
    c(
      'same shape',
      () => [rnd([2, 3]), rnd([2, 3], 1)],
      (x, s) => x.mul(2).copy_(s).mul(x),
    ),
    c(
      'broadcast src',
      () => [rnd([2, 3]), rnd([3], 1)],
      (x, s) => x.mul(2).copy_(s).mul(x),
    ),
    c(
      'constant src',
      () => [rnd([2, 3])],
      (x) =>
        x
          .mul(2)
          .copy_(constant([3], 1))
          .add(x),
    ),
  ],
  uniform_: [
    c(
      'kills the old value',
      () => [rnd([2, 3])],
      (x) =>
        x
          .mul(2)
          .uniform_(-1, 1, { generator: new Generator(7) })
          .mul(x),
    ),
  ],
  normal_: [
    c(
      'kills the old value',
      () => [rnd([2, 3])],
      (x) =>
        x
          .mul(2)
          .normal_(0, 1, { generator: new Generator(7) })
          .mul(x),
    ),
  ],
};
