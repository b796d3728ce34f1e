import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { viewStrides } from './ops/internal.js';
import {
  broadcastShapes,
  collapseLayout,
  contiguousStrides,
  isContiguousLayout,
  normalizeDim,
  numelOf,
} from './shape.js';

const smallShape = fc.array(fc.integer({ min: 1, max: 4 }), { maxLength: 4 });

describe('broadcastShapes', () => {
  it('follows the NumPy rule', () => {
    expect(broadcastShapes([2, 1, 3], [4, 1])).toEqual([2, 4, 3]);
    expect(broadcastShapes([], [3])).toEqual([3]);
    expect(broadcastShapes([0], [1])).toEqual([0]);
  });

  it("fails with PyTorch's message", () => {
    expect(() => broadcastShapes([2, 3], [2, 4])).toThrow(
      'The size of tensor a (3) must match the size of tensor b (4) at non-singleton dimension 1',
    );
  });

  it('is commutative, and broadcasting a shape with itself or with ones is the identity', () => {
    fc.assert(
      fc.property(smallShape, smallShape, (a, b) => {
        let ab: number[] | undefined;
        try {
          ab = broadcastShapes(a, b);
        } catch {
          expect(() => broadcastShapes(b, a)).toThrow();
          return;
        }
        expect(broadcastShapes(b, a)).toEqual(ab);
        expect(broadcastShapes(a, a)).toEqual(a);
        expect(
          broadcastShapes(
            a,
            a.map(() => 1),
          ),
        ).toEqual(a);
        // Every input dim is either 1 or equal to the result's aligned dim.
        for (const s of [a, b]) {
          s.forEach((size, i) => {
            const r = ab![ab!.length - s.length + i];
            expect(size === 1 || size === r).toBe(true);
          });
        }
      }),
    );
  });
});

describe('strides', () => {
  it('computes row-major strides and recognises contiguity', () => {
    expect(contiguousStrides([2, 3, 4])).toEqual([12, 4, 1]);
    expect(isContiguousLayout([2, 3], [3, 1])).toBe(true);
    expect(isContiguousLayout([2, 3], [1, 2])).toBe(false);
    expect(isContiguousLayout([1, 3], [99, 1])).toBe(true);
    expect(isContiguousLayout([2, 3], [0, 1])).toBe(false);
    expect(isContiguousLayout([0, 3], [7, 7])).toBe(true);
    expect(isContiguousLayout([], [])).toBe(true);
    expect(numelOf([2, 0, 4])).toBe(0);
  });

  it('collapse drops size-1 dims and merges broadcast (stride 0) runs', () => {
    const layout = collapseLayout(
      [4, 1, 5],
      [
        [5, 99, 1],
        [0, 0, 0],
      ],
    );
    expect(layout).toEqual({ shape: [20], strides: [[1], [0]] });
  });

  it('normalizes dims with PyTorch wording', () => {
    expect(normalizeDim(-1, 3)).toBe(2);
    expect(() => normalizeDim(3, 3, 'sum')).toThrow(
      'Dimension out of range (expected to be in range of [-3, 2], but got 3)',
    );
  });

  it('views a contiguous layout as any shape with the same numel', () => {
    fc.assert(
      fc.property(smallShape, (shape) => {
        const n = numelOf(shape);
        expect(viewStrides(shape, contiguousStrides(shape), [n])).toEqual([1]);
        expect(viewStrides([n], [1], shape)).toEqual(contiguousStrides(shape));
      }),
    );
  });

  it('refuses to flatten a transposed layout', () => {
    expect(viewStrides([3, 2], [1, 3], [6])).toBeNull();
    // A size-1 dim may take any stride; PyTorch gives it the stride of the chunk it trails.
    expect(viewStrides([3, 2], [1, 3], [3, 2, 1])).toEqual([1, 3, 3]);
  });
});

describe('rank 0 and collapseLayout', () => {
  it('gives a scalar one element, no strides, and collapses it to no dims', () => {
    expect(numelOf([])).toBe(1);
    expect(contiguousStrides([])).toEqual([]);
    expect(isContiguousLayout([], [])).toBe(true);
    expect(collapseLayout([], [[], []])).toEqual({ shape: [], strides: [[], []] });
    expect(collapseLayout([1, 1], [[5, 6]])).toEqual({ shape: [], strides: [[]] });
  });

  it('reports an empty shape as [0] with stride 0, and merges a contiguous layout into one dim', () => {
    expect(collapseLayout([3, 0, 2], [[0, 2, 1]])).toEqual({ shape: [0], strides: [[0]] });
    expect(collapseLayout([2, 3, 4], [[12, 4, 1]])).toEqual({ shape: [24], strides: [[1]] });
    expect(
      collapseLayout(
        [2, 3],
        [
          [3, 1],
          [1, 2],
        ],
      ),
    ).toEqual({
      shape: [2, 3],
      strides: [
        [3, 1],
        [1, 2],
      ],
    });
  });

  it('walks every operand through the same element offsets, in the same order', () => {
    const offsets = (shape: readonly number[], strides: readonly number[]): number[] => {
      const out: number[] = [];
      const n = numelOf(shape);
      for (let i = 0; i < n; i++) {
        let rem = i;
        let o = 0;
        for (let d = shape.length - 1; d >= 0; d--) {
          o += (rem % shape[d]) * strides[d];
          rem = Math.floor(rem / shape[d]);
        }
        out.push(o);
      }
      return out;
    };
    const layout = smallShape.chain((shape) =>
      fc.tuple(
        fc.constant(shape),
        fc.array(
          fc.oneof(
            fc.constant(contiguousStrides(shape)),
            fc.constant(contiguousStrides(shape).map((s, d) => (d % 2 === 0 ? 0 : s))),
            fc.array(fc.integer({ min: 0, max: 7 }), { minLength: shape.length, maxLength: shape.length }),
          ),
          { minLength: 1, maxLength: 3 },
        ),
      ),
    );
    fc.assert(
      fc.property(layout, ([shape, strides]) => {
        const c = collapseLayout(shape, strides);
        expect(numelOf(c.shape)).toBe(numelOf(shape));
        expect(c.shape.every((s) => s > 1)).toBe(true);
        strides.forEach((s, k) => {
          expect(offsets(c.shape, c.strides[k])).toEqual(offsets(shape, s));
        });
        if (
          strides.some((s) => isContiguousLayout(shape, s)) &&
          strides.every((s) => isContiguousLayout(shape, s))
        ) {
          expect(c.shape.length).toBeLessThanOrEqual(1);
        }
      }),
    );
  });
});
