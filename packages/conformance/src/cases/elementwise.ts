import {
  add,
  arange,
  clamp,
  div,
  full,
  getBackend,
  reluBackward,
  sigmoid,
  tensor,
  where,
  zeros,
} from '@typetorch/tensor';
import { check, expectThrows, expectValues } from '../assert.js';
import { group } from '../case.js';

export const elementwiseCases = group('elementwise', {
  'broadcasting across ranks, size-1 dims and 0-d tensors': async (device) => {
    const a = tensor([[1], [2], [3]], { device });
    const b = tensor([10, 20], { device });
    const s = tensor(100, { device });
    await expectValues(a.add(b).add(s), [
      [111, 121],
      [112, 122],
      [113, 123],
    ]);
    expectThrows(
      () => tensor([1, 2, 3], { device }).add(tensor([1, 2, 3, 4], { device })),
      'The size of tensor a (3) must match the size of tensor b (4) at non-singleton dimension 0',
    );
  },
  'empty tensors broadcast to empty results': async (device) => {
    const e = zeros([0, 3], { device });
    const r = e.add(tensor([1, 2, 3], { device }));
    check(r.shape.join() === '0,3', `shape ${r.shape}`);
    const r2 = zeros([2, 0], { device }).mul(zeros([1, 1], { device }));
    check(r2.shape.join() === '2,0', `shape ${r2.shape}`);
  },
  'scalar operands and type promotion': async (device) => {
    const i = arange(4, { device });
    const x = i.add(1);
    check(x.dtype === 'int64', `int64 + int scalar gave ${x.dtype}`);
    const y = i.mul(0.5);
    check(y.dtype === 'float32', `int * float scalar gave ${y.dtype}`);
    await expectValues(y, [0, 0.5, 1, 1.5]);
    const q = div(i, 2);
    check(q.dtype === 'float32', `int / int gave ${q.dtype}`);
    await expectValues(q, [0, 0.5, 1, 1.5]);
    const c = add(2, i);
    await expectValues(c, [2, 3, 4, 5]);
    const cmp = i.gt(1);
    check(cmp.dtype === 'bool', `comparison gave ${cmp.dtype}`);
    await expectValues(cmp, [0, 0, 1, 1], { dtype: 'bool' });
  },
  'NaN and Inf propagate': async (device) => {
    const x = tensor([Number.NaN, Number.POSITIVE_INFINITY, -1, 0], { device });
    await expectValues(x.exp(), [Number.NaN, Number.POSITIVE_INFINITY, Math.exp(-1), 1]);
    await expectValues(x.maximum(0), [Number.NaN, Number.POSITIVE_INFINITY, 0, 0]);
    await expectValues(x.relu(), [Number.NaN, Number.POSITIVE_INFINITY, 0, 0]);
    await expectValues(x.log(), [Number.NaN, Number.POSITIVE_INFINITY, Number.NaN, Number.NEGATIVE_INFINITY]);
    await expectValues(x.isnan(), [1, 0, 0, 0], { dtype: 'bool' });
    await expectValues(x.clamp(-0.5, 0.5), [Number.NaN, 0.5, -0.5, 0]);
    await expectValues(x.eq(x), [0, 1, 1, 1], { dtype: 'bool' });
  },
  'sigmoid and tanh saturate without NaN': async (device) => {
    const x = tensor([-1000, -20, 0, 20, 1000], { device });
    await expectValues(sigmoid(x), [0, 2.0611536e-9, 0.5, 1, 1], { atol: 1e-7 });
    await expectValues(x.tanh(), [-1, -1, 0, 1, 1]);
  },
  'round is half to even, floor/remainder follow Python': async (device) => {
    const x = tensor([0.5, 1.5, 2.5, -0.5, -1.5], { device });
    await expectValues(x.round(), [0, 2, 2, -0, -2]);
    const a = tensor([5, -5, 5, -5], { device, dtype: 'int32' });
    const b = tensor([3, 3, -3, -3], { device, dtype: 'int32' });
    await expectValues(a.remainder(b), [2, 1, -1, -2]);
    await expectValues(a.floorDivide(b), [1, -2, -2, 1]);
  },
  'reluBackward passes the gradient where the output is positive or NaN, and takes floats only': async (
    device,
  ) => {
    const g = tensor([1, 2, 3, 4, 5], { device });
    await expectValues(reluBackward(g, tensor([0.5, 0, -0, Number.NaN, -1], { device })), [1, 0, 0, 4, 0]);
    const i = tensor([1, 2], { device, dtype: 'int32' });
    expectThrows(
      () => reluBackward(i, i),
      'threshold_backward(): expected a floating gradient and output, got int32',
    );
  },
  'where and maskedFill broadcast and accept scalars': async (device) => {
    const cond = tensor([true, false, true], { device });
    await expectValues(where(cond, tensor([1, 2, 3], { device }), 0), [1, 0, 3]);
    const x = full([2, 3], 1, { device });
    await expectValues(x.maskedFill(cond, -1), [
      [-1, 1, -1],
      [-1, 1, -1],
    ]);
    expectThrows(() => where(tensor([1, 0], { device }), 1, 0), 'expected condition to be a boolean tensor');
  },
  'integer powers follow PyTorch': async (device) => {
    const i = arange(4, { device });
    await expectValues(i.pow(2), [0, 1, 4, 9], { dtype: 'int64' });
    await expectValues(i.pow(0.5), [0, 1, Math.SQRT2, Math.sqrt(3)], { dtype: 'float32' });
    expectThrows(() => i.pow(-1), 'Integers to negative integer powers are not allowed.');
  },
  'clamp needs a bound': (device) => {
    expectThrows(() => clamp(tensor([1], { device })), "At least one of 'min' or 'max' must not be None");
  },
  'bool arithmetic errors match PyTorch': (device) => {
    const b = tensor([true], { device });
    expectThrows(() => b.neg(), 'Negation, the `-` operator, on a bool tensor is not supported');
    expectThrows(() => b.sub(b), 'Subtraction, the `-` operator, with two bool tensors is not supported');
  },
  'in-place ops write through views and check their output type': async (device) => {
    const x = zeros([2, 2], { device });
    const v0 = x.storage.version;
    x.add_(tensor([1, 2], { device })).mul_(3);
    await expectValues(x, [
      [3, 6],
      [3, 6],
    ]);
    check(x.storage.version === v0 + 2, `version counter went ${v0} -> ${x.storage.version}`);
    const i = arange(3, { device });
    expectThrows(() => i.add_(0.5), "result type float32 can't be cast to the desired output type int64");
    expectThrows(
      () => zeros([2], { device }).add_(zeros([3, 2], { device })),
      "doesn't match the broadcast shape",
    );
    const t = x.t();
    t.sub_(tensor([1, 0], { device }));
    await expectValues(x, [
      [2, 5],
      [3, 6],
    ]);
    x.addcmul_(x, tensor(2, { device }), { value: 0.5 });
    await expectValues(x, [
      [4, 10],
      [6, 12],
    ]);
  },
  'copy_ broadcasts and casts; float64 math is exact where supported': async (device) => {
    const x = zeros([2, 3], { device, dtype: 'int32' });
    x.copy_(tensor([1.9, -1.9, 3], { device }));
    await expectValues(x, [
      [1, -1, 3],
      [1, -1, 3],
    ]);
    if (getBackend(device).capabilities.dtypes.includes('float64')) {
      const d = tensor([0.1], { device, dtype: 'float64' }).add(0.2);
      check((await d.data())[0] === 0.1 + 0.2, 'float64 add is double precision');
    }
  },
});
