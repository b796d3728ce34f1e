import { arange, getBackend, sl, tensor, zeros } from '@typetorch/tensor';
import { check, expectThrows, expectValues } from '../assert.js';
import { group } from '../case.js';

export const viewCases = group('views', {
  'views share storage: writing through a view changes the base': async (device) => {
    const base = zeros([3, 4], { device });
    const row = base.select(0, 1);
    const col = base.index(':', 2);
    row.fill_(1);
    col.add_(10);
    check(row.storage === base.storage && col.storage === base.storage, 'views must share storage');
    await expectValues(base, [
      [0, 0, 10, 0],
      [1, 1, 11, 1],
      [0, 0, 10, 0],
    ]);
    for (const t of [base, row, col]) t.dispose();
  },
  'storage offset and strides of slices': async (device) => {
    const x = arange(24, { device }).reshape(2, 3, 4);
    const v = x.index(1, sl(1, 3), sl(null, null, 2));
    check(v.storageOffset() === 16, `offset ${v.storageOffset()}`);
    check(v.stride().join() === '4,2', `strides ${v.stride()}`);
    check(!v.isContiguous(), 'a stepped slice is not contiguous');
    await expectValues(v, [
      [16, 18],
      [20, 22],
    ]);
    const c = v.contiguous();
    check(c.isContiguous() && c.storage !== x.storage, 'contiguous() copies a strided view');
    check(x.contiguous() === x, 'contiguous() of a contiguous tensor is itself');
    for (const t of [x, v, c]) t.dispose();
  },
  'transpose is a view; view() of it fails, reshape() copies': async (device) => {
    const x = arange(6, { device }).reshape(2, 3);
    const t = x.t();
    check(t.storage === x.storage && !t.isContiguous(), 't() shares storage');
    expectThrows(() => t.view(6), 'view size is not compatible');
    const r = t.reshape(6);
    await expectValues(r, [0, 3, 1, 4, 2, 5]);
    const same = x.reshape(3, -1);
    check(same.storage === x.storage, 'reshape of a contiguous tensor is a view');
    expectThrows(() => x.reshape(4, -1), "shape '[4, -1]' is invalid for input of size 6");
    for (const v of [x, t, r, same]) v.dispose();
  },
  'expand uses stride 0 and reads broadcast values': async (device) => {
    const x = tensor([[1], [2]], { device });
    const e = x.expand(2, 3);
    check(e.stride(1) === 0, `expanded stride ${e.stride(1)}`);
    await expectValues(e, [
      [1, 1, 1],
      [2, 2, 2],
    ]);
    const doubled = e.mul(2);
    await expectValues(doubled, [
      [2, 2, 2],
      [4, 4, 4],
    ]);
    expectThrows(
      () => x.expand(3, 3),
      'The expanded size of the tensor (3) must match the existing size (2)',
    );
    for (const t of [x, e, doubled]) t.dispose();
  },
  'elementwise ops read non-contiguous inputs correctly': async (device) => {
    const a = arange(12, { device, dtype: 'float32' }).reshape(3, 4);
    const b = arange(12, { device, dtype: 'float32' }).reshape(4, 3).t();
    const s = a.add(b);
    await expectValues(s, [
      [0, 4, 8, 12],
      [5, 9, 13, 17],
      [10, 14, 18, 22],
    ]);
    const stepped = a.index(':', '::2').mul(a.index(':', '1::2'));
    await expectValues(stepped, [
      [0, 6],
      [20, 42],
      [72, 110],
    ]);
    for (const t of [a, b, s, stepped]) t.dispose();
  },
  'squeeze, unsqueeze, flatten, unflatten, permute': async (device) => {
    const x = arange(6, { device }).reshape(1, 2, 1, 3);
    check(x.squeeze().shape.join() === '2,3', 'squeeze all');
    check(x.squeeze(0).shape.join() === '2,1,3', 'squeeze(0)');
    check(x.squeeze(1).shape.join() === '1,2,1,3', 'squeeze of a non-1 dim is a no-op');
    check(x.unsqueeze(-1).shape.join() === '1,2,1,3,1', 'unsqueeze(-1)');
    check(x.flatten(1).shape.join() === '1,6', 'flatten(1)');
    check(x.flatten().unflatten(0, [3, -1]).shape.join() === '3,2', 'unflatten');
    const p = x.permute(3, 1, 0, 2);
    check(p.shape.join() === '3,2,1,1', `permute shape ${p.shape}`);
    await expectValues(p.reshape(3, 2), [
      [0, 3],
      [1, 4],
      [2, 5],
    ]);
    expectThrows(() => x.permute(0, 1), 'number of dimensions in the tensor input does not match');
    x.dispose();
    p.dispose();
  },
  'index() handles ints, slices, ellipsis and new axes': async (device) => {
    const x = arange(24, { device }).reshape(2, 3, 4);
    await expectValues(x.index('...', 0), [
      [0, 4, 8],
      [12, 16, 20],
    ]);
    await expectValues(x.index(-1, -1, '-2:'), [22, 23]);
    check(x.index(null, 0).shape.join() === '1,3,4', 'None inserts an axis');
    expectThrows(() => x.index(0, 0, 0, 0), 'too many indices for tensor of dimension 3');
    expectThrows(() => x.index(5), 'index 5 out of range');
    x.dispose();
  },
  'index ops reject out-of-range and negative indices where the device can check': async (device) => {
    const x = arange(6, { device }).reshape(2, 3);
    const bad = tensor([[0, -1]], { device, dtype: 'int32' });
    const over = tensor([3], { device, dtype: 'int32' });
    if (getBackend(device).capabilities.syncRead) {
      expectThrows(() => x.gather(1, bad), 'index -1 is out of bounds for dimension with size 3');
      expectThrows(() => x.indexSelect(1, over), 'index 3 is out of bounds for dimension with size 3');
    }
    await expectValues(x.gather(1, tensor([[2, 0]], { device, dtype: 'int32' })), [[2, 0]]);
  },
  'scatter_ and scatterAdd_ write through a view in place and return it': async (device) => {
    const base = zeros([3, 4], { device });
    const v = base.t();
    const version = base.storage.version;
    const index = (rows: number[] | number[][]) => tensor(rows, { device, dtype: 'int32' });
    check(v.scatter_(0, index([[0, 2, 1]]), tensor([[1, 2, 3]], { device })) === v, 'scatter_ returns self');
    // Repeated indices accumulate: v[3][0] gets 1 twice.
    const added = v.scatterAdd_(
      0,
      index([
        [3, 3, 3],
        [3, 0, 3],
      ]),
      tensor(
        [
          [1, 1, 2],
          [1, 1, 0],
        ],
        { device },
      ),
    );
    check(added === v, 'scatterAdd_ returns self');
    const row = base.select(0, 2);
    row.scatter_(0, index([0]), -1);
    check(base.storage.version === version + 3, `version counter went ${version} -> ${base.storage.version}`);
    await expectValues(base, [
      [1, 0, 0, 2],
      [1, 0, 2, 1],
      [-1, 3, 0, 2],
    ]);
    if (getBackend(device).capabilities.syncRead) {
      expectThrows(
        () => v.scatter_(0, index([[4]]), 0),
        'index 4 is out of bounds for dimension with size 4',
      );
    }
    for (const t of [base, v, row]) t.dispose();
  },
  'narrow, split and chunk are views': async (device) => {
    const x = arange(10, { device });
    const parts = x.split(4);
    check(parts.map((p) => p.numel()).join() === '4,4,2', 'split sizes');
    check(
      parts.every((p) => p.storage === x.storage),
      'split pieces are views',
    );
    await expectValues(parts[2], [8, 9]);
    const chunks = x.chunk(3);
    check(chunks.map((p) => p.numel()).join() === '4,4,2', 'chunk sizes');
    await expectValues(x.narrow(0, -3, 2), [7, 8]);
    expectThrows(() => x.narrow(0, 8, 5), 'exceeds dimension size');
    x.dispose();
  },
  'an in-place op reads an operand that overlaps the written view as it was before the op': async (
    device,
  ) => {
    // PyTorch leaves this undefined; typetorch copies the operand, so parallel kernels cannot race.
    const z = tensor([1, 2, 3, 4], { device, dtype: 'float32' });
    z.add_(z.index(1));
    await expectValues(z, [3, 4, 5, 6]);
    const m = tensor(
      [
        [1, 2],
        [3, 4],
      ],
      { device, dtype: 'float32' },
    );
    m.mul_(m.t());
    await expectValues(m, [
      [1, 6],
      [6, 16],
    ]);
    const same = tensor([1, 2, 3], { device, dtype: 'float32' });
    same.mul_(same);
    await expectValues(same, [1, 4, 9]);
    for (const t of [z, m, same]) t.dispose();
  },
});
