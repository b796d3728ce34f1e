import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { viewStrides } from './ops/internal.js';
import { broadcastShapes, contiguousStrides, isContiguousLayout, normalizeDim, numelOf } from './shape.js';

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
