/** Gradients of views and copies, and the dtype of gradients taken through `to`. */
import '@typetorch/backend-cpu';
import { tensor } from '@typetorch/tensor';
import { describe, expect, it } from 'vitest';
import { runGradchecks } from './testing/case.js';
import { f64, values } from './testing/inputs.js';
import { viewsCases } from './testing/views.js';

describe('gradcheck of views and copies', () => {
  runGradchecks(viewsCases);
});

describe('dtype of gradients', () => {
  it('a float32 leaf taken through float64 gets a float32 gradient', () => {
    const x = tensor([0.5, -1.25, 2], { requiresGrad: true });
    x.to('float64').square().sum().backward();
    expect(x.grad!.dtype).toBe('float32');
    expect(Array.from(x.grad!.dataSync())).toEqual([1, -2.5, 4]);
  });

  it('a float64 leaf taken through float32 gets a float64 gradient', () => {
    const x = f64([0.5, -1.25, 2]);
    x.to('float32').mul(4).sum().backward();
    expect(x.grad!.dtype).toBe('float64');
    expect(values(x.grad!)).toEqual([4, 4, 4]);
  });

  it('mixed float32/float64 operands each get a gradient of their own dtype', () => {
    const a = tensor([1, 2], { requiresGrad: true });
    const b = f64([3, 4]);
    a.mul(b).sum().backward();
    expect(a.grad!.dtype).toBe('float32');
    expect(b.grad!.dtype).toBe('float64');
    expect(Array.from(a.grad!.dataSync())).toEqual([3, 4]);
    expect(values(b.grad!)).toEqual([1, 2]);
  });
});
