import { collapseLayout } from '@typetorch/tensor';
import { describe, expect, it } from 'vitest';
import { collapse } from './layout.js';

describe('collapse (webgpu)', () => {
  it('is the shared collapse, with a one-element shape as rank 1 (stride 0) for the kernels', () => {
    expect(collapse([], [[], []])).toEqual({ shape: [1], strides: [[0], [0]] });
    expect(collapse([1, 1], [[5, 6]])).toEqual({ shape: [1], strides: [[0]] });
    expect(collapseLayout([1, 1], [[5, 6]])).toEqual({ shape: [], strides: [[]] });
    const strides = [
      [12, 4, 1],
      [0, 1, 0],
    ];
    expect(collapse([2, 3, 4], strides)).toEqual(collapseLayout([2, 3, 4], strides));
    expect(collapse([2, 3, 4], [[12, 4, 1]])).toEqual({ shape: [24], strides: [[1]] });
  });
});
