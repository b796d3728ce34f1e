/**
 * Gradients of in-place variants (applied to non-leaves), and in-place ops that overwrite what they
 * saved.
 */
import '@typetorch/backend-cpu';
import { describe, expect, it } from 'vitest';
import { grad } from '../index.js';
import { runGradchecks } from './testing/case.js';
import { inplaceCases } from './testing/inplace.js';
import { f64, grads } from './testing/inputs.js';

describe('gradcheck of in-place variants', () => {
  runGradchecks(inplaceCases);
});

describe('in-place ops whose saved input aliases the tensor they overwrite', () => {
  it('are refused at backward, as in PyTorch, rather than differentiated with the new values', () => {
    const x = f64([1, 2]);
    const y = x.mul(1);
    y.mul_(y); // mul saves its other operand, which is y itself: overwritten by the op
    expect(() => grad(y.sum(), x)).toThrow('modified by an inplace operation');
    const z = x.mul(1);
    z.mul_(z.select(0, 1)); // the same through a view
    expect(() => grad(z.sum(), x)).toThrow('is at version 1; expected version 0 instead');
  });

  it('are fine when the formula saves nothing of them', () => {
    const x = f64([1, 2]);
    const y = x.mul(1);
    y.add_(y);
    expect(grads(() => y, x)).toEqual([[2, 2]]);
  });
});
