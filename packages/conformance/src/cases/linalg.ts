import { addmm, arange, ones, tensor } from '@typetorch/tensor';
import { check, expectThrows, expectValues } from '../assert.js';
import { group } from '../case.js';

export const linalgCases = group('linalg', {
  'matmul of all ranks': async (device) => {
    const a = tensor(
      [
        [1, 2],
        [3, 4],
      ],
      { device, dtype: 'float32' },
    );
    const v = tensor([1, 1], { device, dtype: 'float32' });
    await expectValues(a.matmul(a), [
      [7, 10],
      [15, 22],
    ]);
    await expectValues(a.matmul(v), [3, 7]);
    await expectValues(v.matmul(a), [4, 6]);
    await expectValues(v.matmul(v), 2);
    const batch = arange(8, { device, dtype: 'float32' }).reshape(2, 2, 2);
    await expectValues(batch.matmul(a), [
      [
        [3, 4],
        [11, 16],
      ],
      [
        [19, 28],
        [27, 40],
      ],
    ]);
    check(
      ones([3, 1, 2, 5], { device })
        .matmul(ones([4, 5, 6], { device }))
        .shape.join() === '3,4,2,6',
      'batch broadcast shape',
    );
  },
  'transposed operands and larger odd sizes match a reference': async (device) => {
    const m = 37;
    const k = 23;
    const n = 19;
    const a = arange(m * k, { device, dtype: 'float32' })
      .reshape(k, m)
      .t()
      .div(100);
    const b = arange(k * n, { device, dtype: 'float32' })
      .reshape(n, k)
      .t()
      .div(50);
    const c = await a.matmul(b).data();
    const ad = await a.contiguous().data();
    const bd = await b.contiguous().data();
    for (let i = 0; i < m; i += 5) {
      for (let j = 0; j < n; j += 3) {
        let s = 0;
        for (let p = 0; p < k; p++) s += ad[i * k + p] * bd[p * n + j];
        check(
          Math.abs(c[i * n + j] - s) <= 1e-4 * Math.abs(s) + 1e-4,
          `c[${i},${j}] ${c[i * n + j]} vs ${s}`,
        );
      }
    }
  },
  'shape errors use PyTorch wording': (device) => {
    expectThrows(
      () => ones([128, 784], { device }).matmul(ones([512, 10], { device })),
      'mat1 and mat2 shapes cannot be multiplied (128x784 and 512x10)',
    );
    expectThrows(() => ones([2, 3], { device }).bmm(ones([2, 3], { device })), 'batch1 must be a 3D tensor');
    expectThrows(() => ones([3], { device }).dot(ones([4], { device })), 'inconsistent tensor size');
    expectThrows(
      () => ones([2], { device, dtype: 'int32' }).matmul(ones([2], { device, dtype: 'int32' })),
      'not implemented for',
    );
  },
  'a zero inner dimension gives zeros': async (device) => {
    await expectValues(ones([2, 0], { device }).matmul(ones([0, 3], { device })), [
      [0, 0, 0],
      [0, 0, 0],
    ]);
  },
  'addmm scales and broadcasts its input, with PyTorch wording for bad shapes': async (device) => {
    const a = tensor(
      [
        [1, 2],
        [3, 4],
      ],
      { device, dtype: 'float32' },
    );
    const bias = tensor([10, 20], { device, dtype: 'float32' });
    await expectValues(bias.addmm(a, a), [
      [17, 30],
      [25, 42],
    ]);
    await expectValues(
      addmm(tensor([[1], [2]], { device, dtype: 'float32' }), a, a, { beta: 0.5, alpha: 2 }),
      [
        [14.5, 20.5],
        [31, 45],
      ],
    );
    // beta = 0 does not read the input: its NaN does not propagate.
    await expectValues(tensor([Number.NaN, 1], { device }).addmm(a, a, { beta: 0 }), [
      [7, 10],
      [15, 22],
    ]);
    await expectValues(ones([2], { device }).addmm(ones([2, 0], { device }), ones([0, 2], { device })), [
      [1, 1],
      [1, 1],
    ]);
    expectThrows(
      () => bias.addmm(ones([2, 4], { device }), ones([5, 2], { device })),
      'mat1 and mat2 shapes cannot be multiplied (2x4 and 5x2)',
    );
    expectThrows(() => bias.addmm(ones([4], { device }), a), 'mat1 must be a matrix, got 1-D tensor');
    expectThrows(
      () => ones([4, 2], { device }).addmm(a, a),
      'The expanded size of the tensor (2) must match the existing size (4) at non-singleton dimension 0',
    );
  },
});
