/** Gradients of reductions and softmax: gradcheck of their table, and ties as PyTorch splits them. */
import '@typetorch/backend-cpu';
import { describe, expect, it } from 'vitest';
import { runGradchecks } from './testing/case.js';
import { f64, grads } from './testing/inputs.js';
import { reduceCases } from './testing/reduce.js';

describe('gradcheck of reductions and softmax', () => {
  runGradchecks(reduceCases);
});

describe('ties follow PyTorch', () => {
  it('max/min/amax/amin without indices split the gradient evenly among tied extremes', () => {
    expect(grads((x) => x.max(), f64([1, 3, 3]))).toEqual([[0, 0.5, 0.5]]);
    expect(grads((x) => x.min(), f64([2, 1, 5, 1]))).toEqual([[0, 0.5, 0, 0.5]]);
    expect(grads((x) => x.amax(), f64([1, 3, 3]))).toEqual([[0, 0.5, 0.5]]);
    expect(grads((x) => x.amin(), f64([4, 4, 4, 4]))).toEqual([[0.25, 0.25, 0.25, 0.25]]);
    expect(grads((x) => x.amax(1), f64([1, 3, 3, 2, 2, 0], [2, 3]))).toEqual([[0, 0.5, 0.5, 0.5, 0.5, 0]]);
    expect(grads((x) => x.amin(0, true), f64([1, 3, 3, 1, 2, 3], [2, 3]))).toEqual([
      [0.5, 0, 0.5, 0.5, 1, 0.5],
    ]);
    expect(grads((x) => x.amax([0, 1]), f64([1, 3, 3, 2, 3, 0], [2, 3]))).toEqual([
      [0, 1 / 3, 1 / 3, 0, 1 / 3, 0],
    ]);
  });

  it('max/min with a dim route the gradient to the first index only', () => {
    expect(grads((x) => x.max(0).values, f64([1, 3, 3]))).toEqual([[0, 1, 0]]);
    expect(grads((x) => x.min(1).values, f64([2, 1, 1, 0, 0, 5], [2, 3]))).toEqual([[0, 1, 0, 1, 0, 0]]);
    expect(grads((x) => x.max(1, true).values, f64([3, 3, 3, 7, 1, 7], [2, 3]))).toEqual([
      [1, 0, 0, 1, 0, 0],
    ]);
  });
});
