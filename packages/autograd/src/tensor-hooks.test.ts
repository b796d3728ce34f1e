// Tensor.register_hook, as PyTorch 1.13: hooks see (and may replace) the gradient of a tensor.
import '@typetorch/backend-cpu';
import { type Tensor, tensor } from '@typetorch/tensor';
import { describe, expect, it } from 'vitest';
import { grad } from './index.js';

const F32 = { dtype: 'float32', requiresGrad: true } as const;
const values = (t: Tensor | null) => Array.from(t!.dataSync());

describe('Tensor.registerHook', () => {
  it('sees the gradient of a non-leaf and can replace it for everything upstream', () => {
    const x = tensor([1, 2, 3], F32);
    const y = x.mul(2);
    const seen: number[][] = [];
    y.registerHook((g) => {
      seen.push(values(g));
      return g.mul(10);
    });
    y.sum().backward();
    expect(seen).toEqual([[1, 1, 1]]);
    expect(values(x.grad)).toEqual([20, 20, 20]);
  });

  it('runs on a leaf before .grad accumulates, in order; remove() unregisters', () => {
    const x = tensor([1, 2], F32);
    const order: string[] = [];
    const a = x.registerHook((g) => {
      order.push('a');
      return g.add(1);
    });
    x.registerHook((g) => {
      order.push('b');
      return g.mul(2);
    });
    x.mul(3).sum().backward();
    expect(order).toEqual(['a', 'b']);
    expect(values(x.grad)).toEqual([8, 8]);
    a.remove();
    x.grad = null;
    x.mul(3).sum().backward();
    expect(values(x.grad)).toEqual([6, 6]);
  });

  it('applies to autograd.grad too, and rejects a hook that changes the shape', () => {
    const x = tensor([1, 2], F32);
    x.registerHook((g) => g.neg());
    const [g] = grad(x.mul(x).sum(), [x]);
    expect(values(g)).toEqual([-2, -4]);
    const y = tensor([1, 2], F32);
    y.registerHook((gr) => gr.sum());
    expect(() => y.mul(2).sum().backward()).toThrow("hook 'hook' has changed the size of value");
  });

  it('cannot be registered on a tensor that does not require grad', () => {
    expect(() => tensor([1], { dtype: 'float32' }).registerHook(() => undefined)).toThrow(
      "cannot register a hook on a tensor that doesn't require gradient",
    );
  });
});
