import { arange, tensor, zeros } from '@typetorch/tensor';
import { check, expectThrows, expectValues } from '../assert.js';
import { group } from '../case.js';

export const reduceCases = group('reduce', {
  'sum over one, several and all dims, with keepdim': async (device) => {
    const x = arange(24, { device, dtype: 'float32' }).reshape(2, 3, 4);
    await expectValues(x.sum(), 276);
    await expectValues(x.sum(1), [
      [12, 15, 18, 21],
      [48, 51, 54, 57],
    ]);
    await expectValues(x.sum([0, 2]), [60, 92, 124]);
    check(x.sum(-1, true).shape.join() === '2,3,1', 'keepdim keeps a size-1 dim');
    check(x.sum([0, 2], { keepdim: true }).shape.join() === '1,3,1', 'keepdim over several dims');
    expectThrows(() => x.sum([1, 1]), 'appears multiple times');
  },
  'reductions of empty tensors give identities or fail like PyTorch': async (device) => {
    const e = zeros([0, 3], { device });
    await expectValues(e.sum(0), [0, 0, 0]);
    await expectValues(e.prod(0), [1, 1, 1]);
    await expectValues(e.sum(), 0);
    expectThrows(() => e.max(0), 'Expected reduction dim 0 to have non-zero size');
    expectThrows(() => e.argmax(), 'Expected reduction dim to be specified for input.numel() == 0');
    await expectValues(e.all(), 1, { dtype: 'bool' });
    await expectValues(e.any(), 0, { dtype: 'bool' });
  },
  'max/min with dim return values and first indices; NaN wins': async (device) => {
    const x = tensor(
      [
        [1, 3, 3],
        [Number.NaN, 0, 5],
      ],
      { device },
    );
    const { values, indices } = x.max(1);
    await expectValues(values, [3, Number.NaN]);
    await expectValues(indices, [1, 0], { dtype: 'int64' });
    const m = x.min(0, true);
    check(m.values.shape.join() === '1,3', 'keepdim on min');
    await expectValues(m.values, [[Number.NaN, 0, 3]]);
    await expectValues(x.argmax(), 3, { dtype: 'int64' });
    await expectValues(tensor([2, 7, 7, 1], { device }).argmax(), 1, { dtype: 'int64' });
  },
  'bool and int sums are int64; mean of int fails as in PyTorch': async (device) => {
    const b = tensor([true, true, false], { device });
    const s = b.sum();
    check(s.dtype === 'int64', `bool sum dtype ${s.dtype}`);
    await expectValues(s, 2);
    const si = tensor([1, 2, 3], { device, dtype: 'int32' }).sum();
    check(si.dtype === 'int64', `int32 sum dtype ${si.dtype}`);
    await expectValues(si, 6);
    expectThrows(() => arange(3, { device }).mean(), 'mean(): could not infer output dtype');
  },
  'var and std use Bessel correction by default': async (device) => {
    const x = tensor([1, 2, 3, 4], { device, dtype: 'float32' });
    await expectValues(x.var(), 1.6666666);
    await expectValues(x.var(null, { correction: 0 }), 1.25);
    await expectValues(x.std(), Math.sqrt(5 / 3));
  },
  'logsumexp is stable for large and -inf inputs': async (device) => {
    const x = tensor(
      [
        [1000, 1000],
        [Number.NEGATIVE_INFINITY, Number.NEGATIVE_INFINITY],
      ],
      { device },
    );
    await expectValues(x.logsumexp(1), [1000 + Math.log(2), Number.NEGATIVE_INFINITY]);
  },
  'softmax rows sum to one even for huge logits': async (device) => {
    const x = tensor(
      [
        [1000, 0, -1000],
        [1, 2, 3],
      ],
      { device },
    );
    const p = x.softmax(-1);
    await expectValues(p.sum(-1), [1, 1]);
    await expectValues(p.index(0), [1, 0, 0]);
    const lp = x.logSoftmax(1);
    await expectValues(lp.index(0), [0, -1000, -2000]);
    const col = x.softmax(0);
    await expectValues(col.sum(0), [1, 1, 1]);
  },
});
