/** Gradients of the norms, and of einsum (a composition of ops with formulas). */
import '@typetorch/backend-cpu';
import { einsum, linalg, zeros } from '@typetorch/tensor';
import { describe, expect, it } from 'vitest';
import { type Case, c, runGradchecks } from './testing/case.js';
import { rnd, values } from './testing/inputs.js';
import { mathCases } from './testing/math.js';

describe('gradcheck of norms', () => {
  runGradchecks(mathCases);
});

describe('norm gradients at 0 (PyTorch: LinalgVectorNormBackward0)', () => {
  it('is 0 for the 2-norm and p-norms of a zero vector', () => {
    for (const ord of [2, 3, 1.5]) {
      const x = zeros([3], { dtype: 'float64', requiresGrad: true });
      linalg.vectorNorm(x, ord).backward();
      expect(values(x.grad!)).toEqual([0, 0, 0]);
    }
  });
});

/** einsum has no formula of its own: its gradient is the chain of its ops'. */
const einsumCases: Record<string, Case[]> = {
  einsum: [
    c(
      'ij,jk->ik',
      () => [rnd([2, 3]), rnd([3, 4], 1)],
      (a, b) => einsum('ij,jk->ik', a, b),
    ),
    c(
      'bij,bjk->bik',
      () => [rnd([2, 2, 3]), rnd([2, 3, 2], 1)],
      (a, b) => einsum('bij,bjk->bik', a, b),
    ),
    c(
      'ii->i',
      () => [rnd([3, 3])],
      (a) => einsum('ii->i', a),
    ),
    c(
      'ii',
      () => [rnd([3, 3])],
      (a) => einsum('ii', a),
    ),
    c(
      'ij->ji',
      () => [rnd([2, 3])],
      (a) => einsum('ij->ji', a),
    ),
    c(
      'i,i->',
      () => [rnd([4]), rnd([4], 1)],
      (a, b) => einsum('i,i->', a, b),
    ),
    c(
      'i,j->ij',
      () => [rnd([2]), rnd([3], 1)],
      (a, b) => einsum('i,j->ij', a, b),
    ),
    c(
      'bhqd,bhkd->bhqk',
      () => [rnd([1, 2, 3, 2]), rnd([1, 2, 2, 2], 1)],
      (a, b) => einsum('bhqd,bhkd->bhqk', a, b),
    ),
    c(
      '...ij,...jk->...ik',
      () => [rnd([2, 2, 3]), rnd([3, 2], 1)],
      (a, b) => einsum('...ij,...jk->...ik', a, b),
    ),
    c(
      'three operands',
      () => [rnd([2, 3]), rnd([3, 4], 1), rnd([4], 2)],
      (a, b, v) => einsum('ij,jk,k->i', a, b, v),
    ),
  ],
};

describe('gradcheck of einsum', () => {
  runGradchecks(einsumCases);
});
