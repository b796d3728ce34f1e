/** Scans and shape copies: cumsum, cumprod, flip, roll, repeat, tile, unbind, diag, diagonal. */
import { arange, cumsum, diag, flip, repeat, roll, tensor, tile, unbind } from '@typetorch/tensor';
import { check, expectThrows, expectValues } from '../assert.js';
import { group } from '../case.js';

export const scanShapeCases = group('scan-shape', {
  'cumsum and cumprod along each dim, of a transpose, and of bools and ints': async (device) => {
    const x = arange(1, 7, { device, dtype: 'float32' }).reshape(2, 3);
    await expectValues(x.cumsum(1), [
      [1, 3, 6],
      [4, 9, 15],
    ]);
    await expectValues(x.cumsum(0), [
      [1, 2, 3],
      [5, 7, 9],
    ]);
    await expectValues(x.t().cumprod(0), [
      [1, 4],
      [2, 20],
      [6, 120],
    ]);
    const long = arange(1, 12, { device, dtype: 'int32' });
    await expectValues(long.cumsum(0), [1, 3, 6, 10, 15, 21, 28, 36, 45, 55, 66], { dtype: 'int64' });
    await expectValues(cumsum(tensor([true, false, true], { device }), 0), [1, 1, 2], { dtype: 'int64' });
    await expectValues(long.cumsum(0, { dtype: 'float32' }).slice(0, 8), [45, 55, 66]);
    await expectValues(tensor([2, Number.POSITIVE_INFINITY, 0, 3], { device }).cumprod(0), [
      2,
      Infinity,
      NaN,
      NaN,
    ]);
    await expectValues(tensor(2.5, { device }).cumsum(0), 2.5);
    check(arange(0, { device }).reshape(0, 3).cumsum(1).shape.join() === '0,3', 'empty scan');
    expectThrows(() => x.cumsum(2), 'Dimension out of range');
  },
  'flip and roll copy with elements reversed or rotated': async (device) => {
    const x = arange(6, { device }).reshape(2, 3);
    await expectValues(flip(x, [0, 1]), [
      [5, 4, 3],
      [2, 1, 0],
    ]);
    await expectValues(x.flip(1), [
      [2, 1, 0],
      [5, 4, 3],
    ]);
    await expectValues(roll(x, 1), [
      [5, 0, 1],
      [2, 3, 4],
    ]);
    await expectValues(x.roll([1, -1], [0, 1]), [
      [4, 5, 3],
      [1, 2, 0],
    ]);
    await expectValues(x.t().roll(4, 0), [
      [2, 5],
      [0, 3],
      [1, 4],
    ]);
    const same = x.roll(0, 1);
    check(same.storage !== x.storage, 'roll copies');
    expectThrows(() => x.flip([0, 0]), 'dim 0 appears multiple times in the list of dims');
    expectThrows(() => x.roll([1, 2], 0), 'shifts and dimensions must align. shifts: 2, dims:1');
  },
  'repeat and tile copy the tensor along each dim': async (device) => {
    const x = tensor([[1, 2]], { device });
    await expectValues(repeat(x, 2, 2), [
      [1, 2, 1, 2],
      [1, 2, 1, 2],
    ]);
    await expectValues(x.repeat(2, 1, 1).reshape(-1), [1, 2, 1, 2]);
    await expectValues(tile(x, [2]), [[1, 2, 1, 2]]);
    await expectValues(x.t().tile([1, 2]), [
      [1, 1],
      [2, 2],
    ]);
    check(x.repeat(2, 0).shape.join() === '2,0', 'a zero repeat is empty');
    expectThrows(() => x.repeat(2), 'Number of dimensions of repeat dims can not be smaller');
  },
  'unbind returns views; diag and diagonal take or build diagonals': async (device) => {
    const x = arange(6, { device }).reshape(2, 3);
    const [a, b] = unbind(x, 0);
    check(a.storage === x.storage, 'unbind gives views');
    await expectValues(b, [3, 4, 5]);
    await expectValues(x.unbind(1)[2], [2, 5]);
    await expectValues(diag(x), [0, 4]);
    await expectValues(x.diag(1), [1, 5]);
    await expectValues(x.diag(-1), [3]);
    await expectValues(tensor([1, 2], { device }).diag(1), [
      [0, 1, 0],
      [0, 0, 2],
      [0, 0, 0],
    ]);
    const d = x.diagonal(0, 1, 0);
    check(d.storage === x.storage, 'diagonal is a view');
    await expectValues(d, [0, 4]);
    await expectValues(arange(8, { device }).reshape(2, 2, 2).diagonal(0, 1, 2), [
      [0, 3],
      [4, 7],
    ]);
    expectThrows(() => x.diagonal(0, 1, 1), 'diagonal dimensions cannot be identical 1, 1');
    expectThrows(() => tensor(1, { device }).diag(), 'matrix or a vector expected');
  },
});
