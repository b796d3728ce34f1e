/**
 * Gradients of the elementwise ops: gradcheck of their table, exact zeros of piecewise-constant ops, and
 * ties as PyTorch splits them.
 */
import '@typetorch/backend-cpu';
import type { Tensor } from '@typetorch/tensor';
import { describe, expect, it } from 'vitest';
import { runGradchecks } from './testing/case.js';
import { elementwiseCases } from './testing/elementwise.js';
import { f64, grads, pos, rnd, steps } from './testing/inputs.js';

describe('gradcheck of the elementwise ops', () => {
  runGradchecks(elementwiseCases);
});

describe('piecewise-constant ops have an exactly zero gradient', () => {
  for (const [name, fn] of [
    ['sign', (x: Tensor) => x.sign()],
    ['floor', (x: Tensor) => x.floor()],
    ['ceil', (x: Tensor) => x.ceil()],
    ['round', (x: Tensor) => x.round()],
    ['trunc', (x: Tensor) => x.trunc()],
  ] as const) {
    it(name, () => {
      const [g] = grads(fn, steps());
      expect(g).toEqual([0, 0, 0, 0, 0, 0]);
    });
  }

  it('floorDivide, both operands, broadcast', () => {
    const [ga, gb] = grads((a, b) => a.floorDivide(b), rnd([2, 3], 0, -3, 3), pos([3], 1));
    expect(ga).toEqual([0, 0, 0, 0, 0, 0]);
    expect(gb).toEqual([0, 0, 0]);
    const [gs] = grads((a) => a.floorDivide(0.7), rnd([2, 3], 0, -3, 3));
    expect(gs).toEqual([0, 0, 0, 0, 0, 0]);
  });
});

describe('ties follow PyTorch', () => {
  it('maximum/minimum split the gradient evenly at ties', () => {
    expect(grads((a, b) => a.maximum(b), f64([1, 2, 5]), f64([1, 3, 4]))).toEqual([
      [0.5, 0, 1],
      [0.5, 1, 0],
    ]);
    expect(grads((a, b) => a.minimum(b), f64([1, 2, 5]), f64([1, 3, 4]))).toEqual([
      [0.5, 1, 0],
      [0.5, 0, 1],
    ]);
  });

  it('clamp passes the gradient to x at the bounds themselves', () => {
    expect(grads((x) => x.clamp(0, 1), f64([-1, 0, 0.5, 1, 2]))).toEqual([[0, 1, 1, 1, 0]]);
    expect(grads((x, lo) => x.clamp(lo), f64([-1, 0, 2]), f64([0, 0, 0]))).toEqual([
      [0, 1, 1],
      [1, 0, 0],
    ]);
  });
});
