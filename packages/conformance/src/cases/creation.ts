import {
  arange,
  empty,
  eye,
  full,
  getBackend,
  linspace,
  ones,
  onesLike,
  tensor,
  zeros,
  zerosLike,
} from '@typetorch/tensor';
import { check, expectThrows, expectValues } from '../assert.js';
import { group } from '../case.js';

export const creationCases = group('creation', {
  'tensor() from nested arrays infers shape and int64 (whole numbers, as PyTorch)': async (device) => {
    const t = tensor(
      [
        [1, 2, 3],
        [4, 5, 6],
      ],
      { device },
    );
    check(t.dtype === 'int64' && t.device === device, `dtype ${t.dtype} device ${t.device}`);
    await expectValues(t, [
      [1, 2, 3],
      [4, 5, 6],
    ]);
    t.dispose();
  },
  'tensor() of booleans is bool, of a scalar is 0-d': async (device) => {
    const b = tensor([true, false], { device });
    await expectValues(b, [1, 0], { dtype: 'bool' });
    const s = tensor(3.5, { device });
    check(s.ndim === 0 && s.numel() === 1, `0-d scalar has shape [${s.shape}]`);
    check((await s.item()) === 3.5, 'item() of tensor(3.5)');
    b.dispose();
    s.dispose();
  },
  'tensor() from typed arrays keeps their dtype': async (device) => {
    const i = tensor(new Int32Array([1, -2, 3]), { device });
    check(i.dtype === 'int32', `Int32Array gave ${i.dtype}`);
    await expectValues(i, [1, -2, 3]);
    const f = tensor(new Float32Array([0.5]), { device, dtype: 'int32' });
    await expectValues(f, [0], { dtype: 'int32' });
    i.dispose();
    f.dispose();
  },
  'tensor() rejects ragged nesting with PyTorch wording': (device) => {
    expectThrows(() => tensor([[1, 2], [3]], { device }), 'expected sequence of length 2 at dim 1 (got 1)');
  },
  'zeros, ones, full, empty accept sizes as varargs or an array': async (device) => {
    const z = zeros(2, 3, { device });
    const o = ones([2], { device, dtype: 'int32' });
    const f = full([2, 2], 7, { device });
    const e = empty(0, 4, { device });
    await expectValues(z, [
      [0, 0, 0],
      [0, 0, 0],
    ]);
    await expectValues(o, [1, 1], { dtype: 'int32' });
    await expectValues(f, [
      [7, 7],
      [7, 7],
    ]);
    check(e.numel() === 0 && e.shape[1] === 4, 'empty(0, 4)');
    for (const t of [z, o, f, e]) t.dispose();
  },
  'negative sizes fail': (device) => {
    expectThrows(() => zeros([2, -1], { device }), 'negative');
  },
  'zerosLike/onesLike copy dtype and device': async (device) => {
    const a = ones([2], { device, dtype: 'int32' });
    const z = zerosLike(a);
    const o = onesLike(a, { dtype: 'float32' });
    check(z.dtype === 'int32' && z.device === device, 'zerosLike keeps dtype and device');
    await expectValues(o, [1, 1], { dtype: 'float32' });
    for (const t of [a, z, o]) t.dispose();
  },
  'arange gives int64 for integer arguments, float32 otherwise': async (device) => {
    const a = arange(5, { device });
    const b = arange(1, 2, 0.25, { device });
    check(a.dtype === 'int64', `arange(5) dtype ${a.dtype}`);
    await expectValues(a, [0, 1, 2, 3, 4]);
    await expectValues(b, [1, 1.25, 1.5, 1.75], { dtype: 'float32' });
    expectThrows(() => arange(0, 5, 0, { device }), 'step must be nonzero');
    a.dispose();
    b.dispose();
  },
  'linspace hits both ends and eye fills the diagonal': async (device) => {
    const l = linspace(0, 1, 5, { device });
    await expectValues(l, [0, 0.25, 0.5, 0.75, 1]);
    const e = eye(2, 3, { device });
    await expectValues(e, [
      [1, 0, 0],
      [0, 1, 0],
    ]);
    l.dispose();
    e.dispose();
  },
  'float64 works exactly when the backend says so': async (device) => {
    const supported = getBackend(device).capabilities.dtypes.includes('float64');
    if (supported) {
      const t = tensor([1 / 3], { device, dtype: 'float64' });
      const v = (await t.data())[0];
      check(v === 1 / 3, `float64 kept ${v}`);
      t.dispose();
    } else {
      expectThrows(() => tensor([1], { device, dtype: 'float64' }), 'does not support dtype float64');
    }
  },
  'float16 works exactly when the backend says so, rounding to nearest even': async (device) => {
    if (getBackend(device).capabilities.dtypes.includes('float16')) {
      const t = tensor([0.1, 70000, 2 ** -25, 3 * 2 ** -25, 1 + 2 ** -11, -65519], {
        device,
        dtype: 'float16',
      });
      check(t.elementSize() === 2, `float16 elementSize ${t.elementSize()}`);
      await expectValues(t, [0.0999755859375, Number.POSITIVE_INFINITY, 0, 2 ** -23, 1, -65504], {
        rtol: 0,
        atol: 0,
      });
      // Odd lengths and offsets: a view's reads and a copy into the middle of a storage.
      const odd = tensor([1, 2, 3, 4, 5], { device, dtype: 'float16' });
      odd.slice(0, 1, 4).copy_(tensor([0.5, 0.25, 0.125], { device }));
      await expectValues(odd.slice(0, 1, 4), [0.5, 0.25, 0.125], { rtol: 0, atol: 0 });
      await expectValues(odd, [1, 0.5, 0.25, 0.125, 5], { rtol: 0, atol: 0 });
      t.dispose();
      odd.dispose();
    } else {
      expectThrows(() => tensor([1], { device, dtype: 'float16' }), 'tensor(): Device');
      expectThrows(() => tensor([1], { device, dtype: 'float16' }), 'does not support dtype float16');
      const x = tensor([1], { device });
      expectThrows(() => x.half(), /to\(\): Device .* does not support dtype float16/);
      x.dispose();
    }
  },
});
