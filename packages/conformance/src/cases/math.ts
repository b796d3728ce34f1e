/** Norms, closeness tests, isinf and friends, clamp's other names, random *Like and einsum. */
import {
  allclose,
  arange,
  einsum,
  equal,
  isclose,
  linalg,
  norm,
  randintLike,
  randLike,
  randnLike,
  tensor,
} from '@typetorch/tensor';
import { check, expectThrows, expectValues } from '../assert.js';
import { group } from '../case.js';

const inf = Number.POSITIVE_INFINITY;

export const mathCases = group('math', {
  'vector norms of every order, over dims, with keepdim': async (device) => {
    const x = tensor(
      [
        [3, -4],
        [0, 1],
      ],
      { device, dtype: 'float32' },
    );
    await expectValues(linalg.vectorNorm(x), Math.sqrt(26));
    await expectValues(linalg.vectorNorm(x, 1, 1), [7, 1]);
    await expectValues(linalg.vectorNorm(x, inf, 0, true), [[3, 4]]);
    await expectValues(linalg.vectorNorm(x, -inf), 0);
    await expectValues(linalg.vectorNorm(x, 0), 3);
    await expectValues(linalg.vectorNorm(x, 3, 1), [Math.cbrt(91), 1], { rtol: 1e-5 });
    await expectValues(norm(x, 'fro', [0, 1]), Math.sqrt(26));
    await expectValues(x.norm(1), 8);
    expectThrows(() => linalg.vectorNorm(arange(3, { device })), 'Expected a floating point');
    expectThrows(() => norm(x, 'nuc'), 'not implemented');
  },
  'isinf, isfinite, isposinf, isneginf on floats, ints and bools': async (device) => {
    const x = tensor([-inf, -1, 0, Number.NaN, inf], { device });
    await expectValues(x.isinf(), [1, 0, 0, 0, 1], { dtype: 'bool' });
    await expectValues(x.isfinite(), [0, 1, 1, 0, 0], { dtype: 'bool' });
    await expectValues(x.isposinf(), [0, 0, 0, 0, 1], { dtype: 'bool' });
    await expectValues(x.isneginf(), [1, 0, 0, 0, 0], { dtype: 'bool' });
    const i = arange(3, { device });
    await expectValues(i.isinf(), [0, 0, 0], { dtype: 'bool' });
    await expectValues(i.isfinite(), [1, 1, 1], { dtype: 'bool' });
    await expectValues(tensor([true], { device }).isposinf(), [0], { dtype: 'bool' });
  },
  'isclose, allclose and equal (asynchronous reads)': async (device) => {
    const a = tensor([1, 2, Number.NaN, inf, 1e-9], { device });
    const b = tensor([1 + 1e-6, 2.1, Number.NaN, inf, 0], { device });
    await expectValues(isclose(a, b), [1, 0, 0, 1, 1], { dtype: 'bool' });
    await expectValues(a.isclose(b, { equalNan: true, rtol: 0.1 }), [1, 1, 1, 1, 1], { dtype: 'bool' });
    check((await allclose(a, b, { rtol: 0.1, equalNan: true })) === true, 'allclose with tolerances');
    check((await a.allclose(b)) === false, 'not allclose');
    check((await equal(a.slice(0, 0, 1), tensor([1], { device }))) === true, 'equal');
    check((await a.equal(a)) === false, 'NaN is not equal to itself');
    check((await equal(a, a.reshape(5, 1))) === false, 'shapes differ');
    await expectValues(
      isclose(arange(3, { device, dtype: 'int32' }), tensor([0, 1, 3], { device, dtype: 'int32' })),
      [1, 1, 0],
      {
        dtype: 'bool',
      },
    );
    expectThrows(() => isclose(a, arange(5, { device })), 'float32 did not match int64');
    expectThrows(() => isclose(a, b, { rtol: -1 }), 'rtol must be greater than or equal to zero');
  },
  'clampMin, clampMax, clip and clip_': async (device) => {
    const x = tensor([-2, 0.5, 3], { device });
    await expectValues(x.clampMin(0), [0, 0.5, 3]);
    await expectValues(x.clampMax(1), [-2, 0.5, 1]);
    await expectValues(x.clip(-1, 1), [-1, 0.5, 1]);
    x.clip_(0, 2);
    await expectValues(x, [0, 0.5, 2]);
  },
  'randLike, randnLike and randintLike take the shape, dtype and device': async (device) => {
    const x = tensor([[1, 2, 3]], { device, dtype: 'float32' });
    const u = randLike(x);
    check(u.shape.join() === '1,3' && u.dtype === 'float32' && u.device === x.device, 'randLike');
    check(randnLike(x).shape.join() === '1,3' && randnLike(x).dtype === 'float32', 'randnLike');
    const r = randintLike(x, 2, 5);
    check(r.dtype === 'float32', 'randintLike keeps the dtype');
    for (const v of await r.data()) check(v >= 2 && v < 5 && Number.isInteger(v), `randintLike value ${v}`);
    check(randintLike(arange(4, { device }), 3).dtype === 'int64', 'randintLike of int64');
  },
  'einsum: matmul, batch, diagonal, trace, transpose, dot, outer, ellipsis': async (device) => {
    const a = arange(6, { device, dtype: 'float32' }).reshape(2, 3);
    const b = arange(12, { device, dtype: 'float32' }).reshape(3, 4);
    const s = arange(9, { device, dtype: 'float32' }).reshape(3, 3);
    await expectValues(einsum('ij,jk->ik', a, b), [
      [20, 23, 26, 29],
      [56, 68, 80, 92],
    ]);
    await expectValues(einsum('ij,jk', a, b).sum(), 394);
    await expectValues(einsum('bij,bjk->bik', a.unsqueeze(0), b.unsqueeze(0)).sum(), 394);
    await expectValues(einsum('ii->i', s), [0, 4, 8]);
    await expectValues(einsum('ii', s), 12);
    await expectValues(einsum('ij->ji', a), [
      [0, 3],
      [1, 4],
      [2, 5],
    ]);
    const v = tensor([1, 2, 3], { device });
    await expectValues(einsum('i,i->', v, v), 14);
    await expectValues(einsum('i,j->ij', v.slice(0, 0, 2), v), [
      [1, 2, 3],
      [2, 4, 6],
    ]);
    await expectValues(einsum('...ij,...jk->...ik', a.unsqueeze(0).expand(2, 2, 3), b).sum(), 788);
    await expectValues(einsum('bhqd,bhkd->bhqk', a.reshape(1, 1, 2, 3), a.reshape(1, 1, 2, 3)), [
      [
        [
          [5, 14],
          [14, 50],
        ],
      ],
    ]);
    await expectValues(
      einsum('ij,j->i', arange(4, { device }).reshape(2, 2), arange(2, { device })),
      [1, 3],
      {
        dtype: 'int64',
      },
    );
    expectThrows(() => einsum('ij,jk->ik', a), 'fewer operands were provided than specified in the equation');
    expectThrows(
      () => einsum('ij,jk->ik', a, a),
      'subscript j has size 2 for operand 1 which does not broadcast',
    );
    expectThrows(() => einsum('ij->iz', a), 'output subscript z does not appear');
    expectThrows(() => einsum('i1->i', a), 'invalid subscript given at index 1');
  },
});
