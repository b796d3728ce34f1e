// `x.grad = g` checks g as PyTorch's `Tensor.grad` setter does (python_variable.cpp, THPVariable_set_grad).
import '@typetorch/backend-cpu';
import { ones, zeros } from '@typetorch/tensor';
import { describe, expect, it } from 'vitest';

describe('assigning .grad', () => {
  it('accepts a gradient of the same dtype, device and shape, and null', () => {
    const x = zeros([2, 3], { requiresGrad: true });
    x.grad = ones([2, 3]);
    expect(x.grad.shape).toEqual([2, 3]);
    x.grad = null;
    expect(x.grad).toBeNull();
  });

  it("raises PyTorch's errors for a different dtype or size", () => {
    const x = zeros([2, 3], { requiresGrad: true });
    expect(() => {
      x.grad = ones([2, 3], { dtype: 'float64' });
    }).toThrow('assigned grad has data of a different type');
    expect(() => {
      x.grad = ones([3, 2]);
    }).toThrow('assigned grad has data of a different size');
    expect(x.grad).toBeNull();
  });
});
