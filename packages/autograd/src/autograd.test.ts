import '@typetorch/backend-cpu';
import { memory, ones, scope, type Tensor, tensor, zeros } from '@typetorch/tensor';
import { describe, expect, it } from 'vitest';
import { enableGrad, grad, isGradEnabled, noGrad } from './index.js';

const value = (t: Tensor | null) => Array.from(t!.dataSync());

describe('the classic autodiff tutorial example', () => {
  it('y = w1 * cos(3 * w1 + w2) in float32', () => {
    const w1 = tensor(2, { requiresGrad: true });
    const w2 = tensor(1.5, { requiresGrad: true });
    const y = w1.mul(w1.mul(3).add(w2).cos());
    y.backward();
    expect(w1.grad!.itemSync()).toBeCloseTo(-5.2813645428134075, 5);
    expect(w2.grad!.itemSync()).toBeCloseTo(-2 * Math.sin(7.5), 5);
  });

  it('is exact to 1e-12 in float64', () => {
    const w1 = tensor(2, { dtype: 'float64', requiresGrad: true });
    const w2 = tensor(1.5, { dtype: 'float64', requiresGrad: true });
    w1.mul(w1.mul(3).add(w2).cos()).backward();
    expect(Math.abs((w1.grad!.itemSync() as number) - -5.2813645428134075)).toBeLessThan(1e-12);
    expect(Math.abs((w2.grad!.itemSync() as number) - -2 * Math.sin(7.5))).toBeLessThan(1e-12);
  });
});

describe('backward semantics', () => {
  it('mean(a - b) gives 0.2 everywhere for 5 elements', () => {
    const a = tensor([1, 2, 3, 4, 5], { requiresGrad: true });
    const b = tensor([5, 4, 3, 2, 1]);
    a.sub(b).mean().backward();
    expect(value(a.grad)).toEqual(new Array(5).fill(Math.fround(0.2)));
    expect(b.grad).toBeNull();
  });

  it('names nodes like PyTorch and marks leaves', () => {
    const x = tensor([1, 2], { requiresGrad: true });
    const y = x.mul(2);
    expect(x.isLeaf).toBe(true);
    expect(y.isLeaf).toBe(false);
    expect(y.requiresGrad).toBe(true);
    expect(y.gradFn!.name).toBe('MulBackward0');
    expect(y.toString()).toBe('tensor([2., 4.], grad_fn=<MulBackward0>)');
    expect(x.add(1).gt(1).requiresGrad).toBe(false);
  });

  it('accumulates into leaves across calls and broadcasts back to input shapes', () => {
    const w = tensor([[1, 2, 3]], { requiresGrad: true });
    const x = tensor([[1], [2]]);
    w.mul(x).sum().backward();
    expect(value(w.grad)).toEqual([3, 3, 3]);
    w.mul(x).sum().backward();
    expect(value(w.grad)).toEqual([6, 6, 6]);
  });

  it('keeps non-leaf grads only with retainGrad', () => {
    const x = tensor([1, 2, 3], { requiresGrad: true });
    const h = x.mul(2);
    const k = h.mul(3);
    h.retainGrad();
    k.sum().backward();
    expect(value(h.grad)).toEqual([3, 3, 3]);
    expect(k.grad).toBeNull();
  });

  it('frees the graph after backward unless retainGraph', () => {
    const x = tensor([1, 2], { requiresGrad: true });
    const y = x.exp().sum();
    y.backward(undefined, { retainGraph: true });
    y.backward();
    expect(value(x.grad)).toEqual(value(x.exp().mul(2)));
    expect(() => y.backward()).toThrow('Trying to backward through the graph a second time');
  });

  it('requires a gradient for non-scalar outputs', () => {
    const x = tensor([1, 2], { requiresGrad: true });
    expect(() => x.mul(2).backward()).toThrow('grad can be implicitly created only for scalar outputs');
    x.mul(2).backward(tensor([1, 10]));
    expect(value(x.grad)).toEqual([2, 20]);
    expect(() => x.mul(2).backward(tensor([1, 2, 3]))).toThrow('Mismatch in shape');
    expect(() => tensor([1]).sum().backward()).toThrow(
      'element 0 of tensors does not require grad and does not have a grad_fn',
    );
  });

  it('detects in-place changes to saved tensors with a version counter', () => {
    const x = tensor([1, 2], { requiresGrad: true });
    // exp saves its result, so changing it in place breaks the graph (as in PyTorch)...
    const y = x.exp();
    const z = y.mul(2);
    y.add_(1);
    expect(() => z.sum().backward()).toThrow('is at version 1; expected version 0 instead');
    // ...while add saves nothing, so its input may change afterwards.
    const a = x.mul(1);
    const b = a.add(1);
    a.add_(5);
    expect(() => b.sum().backward()).not.toThrow();
    const w = x.exp();
    const s = w.sum();
    expect(() => w.mul_(2)).not.toThrow();
    const v = x.sigmoid();
    const loss = v.sum();
    v.zero_();
    expect(() => loss.backward()).toThrow('modified by an inplace operation');
    expect(s.requiresGrad).toBe(true);
  });

  it('refuses in-place ops on leaves that require grad', () => {
    const x = tensor([1, 2], { requiresGrad: true });
    expect(() => x.add_(1)).toThrow(
      'a leaf Variable that requires grad is being used in an in-place operation.',
    );
    expect(() => x.select(0, 0).fill_(3)).toThrow('a view of a leaf Variable that requires grad');
    noGrad(() => x.add_(1));
    expect(value(x)).toEqual([2, 3]);
  });

  it('differentiates through in-place ops on non-leaves', () => {
    const x = tensor([1, 2], { requiresGrad: true });
    const y = x.mul(1);
    y.mul_(x);
    y.add_(1);
    y.sum().backward();
    expect(value(x.grad)).toEqual([2, 4]);
  });

  it('rejects requiresGrad on integer tensors', () => {
    expect(() => zeros([2], { dtype: 'int32' }).requiresGrad_()).toThrow(
      'only Tensors of floating point dtype can require gradients',
    );
  });

  it('detach shares storage and cuts the graph', () => {
    const x = tensor([1, 2], { requiresGrad: true });
    const d = x.mul(2).detach();
    expect(d.requiresGrad).toBe(false);
    expect(d.gradFn).toBeNull();
  });
});

describe('grad mode', () => {
  it('noGrad and enableGrad nest and work with async functions', async () => {
    const x = tensor([1], { requiresGrad: true });
    expect(noGrad(() => x.mul(2)).requiresGrad).toBe(false);
    expect(noGrad(() => enableGrad(() => x.mul(2))).requiresGrad).toBe(true);
    const y = await noGrad(async () => {
      await Promise.resolve();
      expect(isGradEnabled()).toBe(false);
      return x.mul(2);
    });
    expect(y.requiresGrad).toBe(false);
    expect(isGradEnabled()).toBe(true);
  });
});

describe('grad()', () => {
  it('returns gradients without touching .grad, and supports higher order', () => {
    const x = tensor([3], { dtype: 'float64', requiresGrad: true });
    const y = x.pow(3).sum();
    const [dy] = grad(y, x, null, { createGraph: true });
    expect(value(dy)).toEqual([27]);
    expect(x.grad).toBeNull();
    const [d2y] = grad(dy!.sum(), x);
    expect(value(d2y)).toEqual([18]);
  });

  it('reports unused inputs unless allowUnused', () => {
    const x = tensor([1], { requiresGrad: true });
    const z = tensor([1], { requiresGrad: true });
    expect(() => grad(x.mul(2).sum(), [x, z], null, { retainGraph: true })).toThrow(
      'appears to not have been used in the graph',
    );
    const [gx, gz] = grad(x.mul(2).sum(), [x, z], null, { allowUnused: true });
    expect(value(gx)).toEqual([2]);
    expect(gz).toBeNull();
  });
});

describe('memory', () => {
  it('a training-style loop keeps memory flat', () => {
    const w = tensor(
      [
        [0.1, 0.2],
        [0.3, 0.4],
      ],
      { requiresGrad: true },
    );
    const x = ones([8, 2]);
    const step = () => {
      scope(() => {
        const loss = x.matmul(w).relu().logSoftmax(1).mean();
        loss.backward();
      });
      noGrad(() => scope(() => w.sub_(w.grad!.mul(0.01))));
      w.grad!.dispose();
      w.grad = null;
    };
    for (let i = 0; i < 5; i++) step();
    const before = memory('cpu');
    for (let i = 0; i < 1000; i++) step();
    const after = memory('cpu');
    expect(after.numTensors).toBe(before.numTensors);
    expect(after.numBytes).toBe(before.numBytes);
  });
});

describe('views and in-place changes', () => {
  it('differentiates in-place ops on views of non-leaves (CopySlices)', () => {
    const x = tensor([1, 1, 1, 1], { requiresGrad: true });
    const y = x.mul(1);
    y.select(0, 0).mul_(2);
    expect(y.gradFn?.name).toBe('CopySlices');
    y.sum().backward();
    expect(value(x.grad)).toEqual([2, 1, 1, 1]);
  });

  it('regenerates a view taken before its base changed in place', () => {
    const x = tensor([1, 2], { requiresGrad: true });
    const y = x.mul(1);
    const v = y.index('0:1');
    y.mul_(2);
    v.sum().backward();
    expect(v.gradFn?.name).toBe('AsStridedBackward0');
    expect(Array.from(x.grad!.dataSync())).toEqual([2, 0]);
  });

  it('differentiates twice through slicing and select', () => {
    const x = tensor([1, 2, 3, 4], { dtype: 'float64', requiresGrad: true });
    const y = x.pow(3).index('1::2').sum().add(x.pow(2).select(0, 0));
    const [g] = grad(y, x, null, { createGraph: true });
    expect(value(g)).toEqual([2, 12, 0, 48]);
    const [h] = grad(g!.sum(), x);
    expect(value(h)).toEqual([2, 12, 0, 24]);
  });
});
