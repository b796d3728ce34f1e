/** Gradients of functions built from ops that have formulas (no formula of their own). */
import '@typetorch/backend-cpu';
import { describe } from 'vitest';
import { type Case, c, runGradchecks } from './testing/case.js';
import { bools, pos, rnd } from './testing/inputs.js';

/** Functions built from the ops of the tables (no formula of their own): checked all the same. */
const composites: Record<string, Case[]> = {
  var: [
    c(
      'all dims',
      () => [rnd([2, 3, 4])],
      (x) => x.var(),
    ),
    c(
      'one dim',
      () => [rnd([2, 3, 4])],
      (x) => x.var(1),
    ),
    c(
      'several dims, keepdim',
      () => [rnd([2, 3, 4])],
      (x) => x.var([0, 2], { keepdim: true }),
    ),
    c(
      'correction 0',
      () => [rnd([2, 3, 4])],
      (x) => x.var(-1, { correction: 0 }),
    ),
  ],
  std: [
    c(
      'all dims',
      () => [rnd([2, 3, 4])],
      (x) => x.std(),
    ),
    c(
      'one dim, keepdim',
      () => [rnd([2, 3, 4])],
      (x) => x.std(2, { keepdim: true }),
    ),
    c(
      'correction 0',
      () => [rnd([2, 3, 4])],
      (x) => x.std([0, 1], { correction: 0 }),
    ),
  ],
  contiguous: [
    c(
      'of a transpose',
      () => [rnd([2, 3])],
      (x) => x.t().contiguous(),
    ),
    c(
      'of a contiguous tensor',
      () => [rnd([2, 3])],
      (x) => x.contiguous().mul(x),
    ),
  ],
  flatten: [
    c(
      'middle dims',
      () => [rnd([2, 3, 4])],
      (x) => x.permute(0, 2, 1).flatten(1),
    ),
  ],
  outer: [
    c(
      'outer',
      () => [rnd([3]), rnd([4], 1)],
      (a, b) => a.outer(b),
    ),
  ],
  maskedFill_: [
    c(
      'maskedFill_',
      () => [rnd([2, 3])],
      (x) => x.mul(2).maskedFill_(bools([true, false, true], [3]), 1),
    ),
  ],
  addcmul_: [
    c(
      'addcmul_',
      () => [rnd([2, 3]), rnd([3], 1), rnd([2, 3], 2)],
      (x, a, b) => x.mul(1).addcmul_(a, b, { value: 0.5 }),
    ),
  ],
  lerp_: [
    c(
      'lerp_',
      () => [rnd([2, 3]), rnd([2, 3], 1)],
      (x, e) => x.mul(1).lerp_(e, 0.25),
    ),
  ],
  'chain of in-place ops': [
    c(
      'sub_, mul_, div_, exp_',
      () => [rnd([2, 3]), rnd([3], 1), pos([2, 3], 2)],
      (x, y, z) => x.mul(1).sub_(y).mul_(z).div_(z.square()).exp_(),
    ),
  ],
};

describe('gradcheck of composite functions', () => {
  runGradchecks(composites);
});
