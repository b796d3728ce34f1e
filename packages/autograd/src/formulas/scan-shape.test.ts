/** Gradients of the scans and shape copies. */
import '@typetorch/backend-cpu';
import { describe, expect, it } from 'vitest';
import { runGradchecks } from './testing/case.js';
import { f64, values } from './testing/inputs.js';
import { scanShapeCases } from './testing/scan-shape.js';

describe('gradcheck of scans and shape copies', () => {
  runGradchecks(scanShapeCases);
});

describe('cumprod at zeros (PyTorch: CumprodBackward0)', () => {
  it('matches PyTorch with two zeros', () => {
    // torch.tensor([2., 0., 3., 0., 5.], requires_grad=True).cumprod(0).sum().backward()
    const x = f64([2, 0, 3, 0, 5]);
    x.cumprod(0).sum().backward();
    expect(values(x.grad!)).toEqual([1, 8, 0, 0, 0]);
  });
});

describe('node names', () => {
  it('names nodes as PyTorch', () => {
    const x = f64([1, 2, 3, 4], [2, 2]);
    expect(x.cumsum(0).gradFn?.name).toBe('CumsumBackward0');
    expect(x.flip(0).gradFn?.name).toBe('FlipBackward0');
    expect(x.unbind(0)[0].gradFn?.name).toBe('UnbindBackward0');
  });
});
