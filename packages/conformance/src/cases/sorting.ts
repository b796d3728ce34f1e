import {
  arange,
  bincount,
  bincountAsync,
  getBackend,
  kthvalue,
  searchsorted,
  sort,
  sortComposite,
  type Tensor,
  tensor,
  topk,
  unique,
  uniqueAsync,
} from '@typetorch/tensor';
import { check, expectThrows, expectValues } from '../assert.js';
import { group } from '../case.js';

const NAN = Number.NaN;

/** Deterministic values in [0, range) with many ties (and NaN every `nanEvery`-th when > 0). */
function sample(n: number, range: number, nanEvery = 0): number[] {
  return Array.from({ length: n }, (_, i) =>
    nanEvery > 0 && i % nanEvery === 3 ? NAN : ((i * 7919 + 13) % 104729) % range,
  );
}

/** The stable sort of one row on the host: NaN largest, ties by index. */
function hostSort(row: readonly number[], descending: boolean): number[] {
  const sign = descending ? -1 : 1;
  return row
    .map((_, i) => i)
    .sort((a, b) => {
      const [va, vb] = [row[a], row[b]];
      if (va < vb) return -sign;
      if (va > vb) return sign;
      if (Number.isNaN(va) !== Number.isNaN(vb)) return Number.isNaN(va) ? sign : -sign;
      return a - b;
    });
}

/** The device's sort agrees with the reference composition and with a host sort, row by row. */
async function checkAgainstReference(x: Tensor, descending: boolean, label: string): Promise<void> {
  const [values, indices] = sort(x, -1, { descending });
  const [refValues, refIndices] = sortComposite(x.contiguous(), descending);
  const n = x.shape[x.ndim - 1];
  const data = Array.from(await x.data());
  const want =
    data.length === 0 ? [] : Array.from({ length: data.length / n }, (_, r) => data.slice(r * n, r * n + n));
  const expected = want.flatMap((row) => hostSort(row, descending));
  const got = Array.from(await indices.data());
  const ref = Array.from(await refIndices.data());
  check(got.join() === expected.join(), `${label}: indices differ from a stable host sort`);
  check(
    ref.join() === expected.join(),
    `${label}: the reference composition differs from a stable host sort`,
  );
  const [v, rv] = [Array.from(await values.data()), Array.from(await refValues.data())];
  check(
    v.every((a, i) => Object.is(a, rv[i]) || a === rv[i]),
    `${label}: values differ from the reference composition`,
  );
  for (const t of [values, indices, refValues, refIndices]) t.dispose();
}

export const sortingCases = group('sorting', {
  'sort: values and int64 indices, stable ties, NaN largest, descending': async (device) => {
    const x = tensor(
      [
        [3, 1, NAN, 1, -0, 0],
        [2, 2, 2, -1, 5, NAN],
      ],
      { device },
    );
    const [values, indices] = x.sort();
    await expectValues(values, [
      [-0, 0, 1, 1, 3, NAN],
      [-1, 2, 2, 2, 5, NAN],
    ]);
    await expectValues(indices, [
      [4, 5, 1, 3, 0, 2],
      [3, 0, 1, 2, 4, 5],
    ]);
    check(indices.dtype === 'int64', `indices dtype ${indices.dtype}`);
    const desc = x.sort(1, { descending: true, stable: true });
    check(desc.values === desc[0] && desc.indices === desc[1], 'named fields are the tuple entries');
    await expectValues(desc.indices, [
      [2, 0, 1, 3, 4, 5],
      [5, 4, 0, 1, 2, 3],
    ]);
    await expectValues(x.argsort(0, true), [
      [0, 1, 0, 0, 1, 1],
      [1, 0, 1, 1, 0, 0],
    ]);
    expectThrows(() => x.sort(2), 'Dimension out of range');
    const [v0, i0] = tensor(4.5, { device }).sort();
    await expectValues(v0, 4.5);
    await expectValues(i0, 0);
  },
  'sort: int32 and bool rows, along dim 0, of a transposed view': async (device) => {
    const ints = tensor([5, -3, 5, 0, -3], { device, dtype: 'int32' });
    await expectValues(ints.sort(0, true).values, [5, 5, 0, -3, -3]);
    await expectValues(ints.sort(0, true).indices, [0, 2, 3, 1, 4]);
    const [bv, bi] = sort(tensor([true, false, true, false], { device }));
    await expectValues(bv, [0, 0, 1, 1], { dtype: 'bool' });
    await expectValues(bi, [1, 3, 0, 2]);
    const t = arange(6, { device }).reshape(2, 3).t();
    await expectValues(t.sort(0, true).values, [
      [2, 5],
      [1, 4],
      [0, 3],
    ]);
  },
  'sort: the fast path agrees with the reference composition': async (device) => {
    const rows = tensor(sample(3 * 37, 9, 11), { device }).reshape(3, 37);
    await checkAgainstReference(rows, false, 'float32 [3, 37]');
    await checkAgainstReference(rows, true, 'float32 [3, 37] descending');
    await checkAgainstReference(
      tensor(sample(2 * 64, 5), { device, dtype: 'int32' }).reshape(2, 64),
      true,
      'int32',
    );
    await checkAgainstReference(tensor(sample(300, 1000, 17), { device }), false, 'float32 [300]');
  },
  'sort: rows longer than a workgroup holds': async (device) => {
    const x = tensor(sample(2 * 3000, 2000, 97), { device }).reshape(2, 3000);
    const [values, indices] = x.sort(-1, true);
    const data = Array.from(await x.data());
    const expected = [0, 1].flatMap((r) => hostSort(data.slice(r * 3000, r * 3000 + 3000), true));
    check(Array.from(await indices.data()).join() === expected.join(), 'long rows: indices');
    const v = Array.from(await values.data());
    check(
      v.every((a, i) => Object.is(a, data[Math.floor(i / 3000) * 3000 + expected[i]])),
      'long rows: values',
    );
  },
  'topk and kthvalue pick from the sorted order': async (device) => {
    const x = tensor(
      [
        [4, NAN, 1, 7],
        [0, 2, -5, 3],
      ],
      { device },
    );
    const [tv, ti] = topk(x, 2);
    await expectValues(tv, [
      [NAN, 7],
      [3, 2],
    ]);
    await expectValues(ti, [
      [1, 3],
      [3, 1],
    ]);
    const low = x.topk(1, 0, { largest: false });
    await expectValues(low.values, [[0, 2, -5, 3]]);
    await expectValues(low.indices, [[1, 1, 1, 1]]);
    expectThrows(() => x.topk(5), 'selected index k out of range');
    const kth = kthvalue(x, 2, 1);
    await expectValues(kth.values, [4, 0]);
    await expectValues(kth.indices, [0, 0]);
    const kept = x.kthvalue(4, -1, { keepdim: true });
    check(kept.values.shape.join() === '2,1', `keepdim shape ${kept.values.shape}`);
    await expectValues(kept.values, [[NAN], [3]]);
    expectThrows(() => x.kthvalue(0), 'kthvalue(): selected number k out of range for dimension 1');
  },
  'searchsorted: left and right, batched, scalars, sorter': async (device) => {
    const seq = tensor([1, 3, 3, 5, 7], { device });
    const v = tensor(
      [
        [0, 3, 6],
        [7, 8, 1],
      ],
      { device },
    );
    await expectValues(searchsorted(seq, v), [
      [0, 1, 4],
      [4, 5, 0],
    ]);
    await expectValues(searchsorted(seq, v, { right: true }), [
      [0, 3, 4],
      [5, 5, 1],
    ]);
    await expectValues(searchsorted(seq, 3, { side: 'right' }), 3);
    const rows = tensor(
      [
        [1, 2, 3],
        [10, 20, 30],
      ],
      { device },
    );
    await expectValues(searchsorted(rows, tensor([[2.5], [5]], { device })), [[2], [0]]);
    const unsorted = tensor([3, 1, 2], { device });
    const sorter = tensor([1, 2, 0], { device, dtype: 'int32' });
    await expectValues(searchsorted(unsorted, tensor([2, 4], { device }), { sorter }), [1, 3]);
    const column = tensor([[1], [2], [3]], { device });
    expectThrows(() => searchsorted(rows, column), 'boundaries tensor should be 1 dimension');
    expectThrows(() => searchsorted(seq, v, { right: true, side: 'left' }), "side and right can't be set");
    check(searchsorted(tensor([], { device }), v).dtype === 'int64', 'int64 positions');
  },
  'uniqueAsync and bincountAsync on every device; the sync forms where reads are synchronous': async (
    device,
  ) => {
    const x = tensor(
      [
        [2, 1, 2],
        [5, 1, 1],
      ],
      { device, dtype: 'int32' },
    );
    const [values, inverse, counts] = await uniqueAsync(x, { returnInverse: true, returnCounts: true });
    await expectValues(values, [1, 2, 5]);
    await expectValues(inverse, [
      [1, 0, 1],
      [2, 0, 0],
    ]);
    await expectValues(counts, [3, 2, 1]);
    const rows = await uniqueAsync(
      tensor(
        [
          [1, 2],
          [0, 5],
          [1, 2],
        ],
        { device },
      ),
      { dim: 0, returnCounts: true },
    );
    await expectValues(rows[0], [
      [0, 5],
      [1, 2],
    ]);
    await expectValues(rows[1], [1, 2]);
    await expectValues(await uniqueAsync(tensor([NAN, 1, NAN], { device })), [1, NAN, NAN]);
    const idx = tensor([0, 3, 3, 1], { device, dtype: 'int32' });
    await expectValues(await bincountAsync(idx), [1, 1, 0, 2]);
    const w = tensor([0.5, 1, 2, -1], { device });
    await expectValues(await bincountAsync(idx, { weights: w, minlength: 6 }), [0.5, -1, 0, 3, 0, 0]);
    if (getBackend(device).capabilities.syncRead) {
      await expectValues(unique(x), [1, 2, 5]);
      await expectValues(bincount(idx), [1, 1, 0, 2]);
      expectThrows(() => bincount(tensor([1, -1], { device, dtype: 'int32' })), 'non-negative integral');
    } else {
      expectThrows(() => unique(x), 'use await uniqueAsync');
      expectThrows(() => bincount(idx), 'use await bincountAsync');
    }
  },
  'max and min with a dim destructure as a pair and have named fields': async (device) => {
    const x = tensor(
      [
        [1, 9, 3],
        [7, 2, 8],
      ],
      { device },
    );
    const [values, indices] = x.max(1);
    await expectValues(values, [9, 8]);
    await expectValues(indices, [1, 2]);
    const m = x.min(0);
    check(m.values === m[0] && m.indices === m[1] && m.length === 2, 'min: a pair with named fields');
    check(Object.isFrozen(m), 'the pair is frozen');
  },
});
