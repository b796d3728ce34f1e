// numelOf, contiguousStrides, isContiguousLayout and collapseLayout are tested in packages/tensor/src/shape.test.ts.
import { numelOf } from '@typetorch/tensor';
import { describe, expect, it } from 'vitest';
import { RowCursor } from './strided.js';

/** Every element offset of a strided layout in row-major order, by brute force. */
function bruteOffsets(shape: number[], strides: number[], offset: number): number[] {
  const result: number[] = [];
  const n = numelOf(shape);
  for (let flat = 0; flat < n; flat++) {
    let rest = flat;
    let o = offset;
    for (let d = shape.length - 1; d >= 0; d--) {
      o += (rest % shape[d]) * strides[d];
      rest = Math.floor(rest / shape[d]);
    }
    result.push(o);
  }
  return result;
}

/** The offsets a RowCursor yields for each operand, flattened in visiting order. */
function cursorOffsets(shape: number[], strides: number[][], offsets: number[]): number[][] {
  const cur = new RowCursor(shape, strides, offsets);
  const result: number[][] = strides.map(() => []);
  for (let r = 0; r < cur.rows; r++, cur.next()) {
    for (let j = 0; j < strides.length; j++) {
      for (let i = 0; i < cur.inner; i++) result[j].push(cur.offsets[j] + i * cur.strides[j]);
    }
  }
  return result;
}

describe('RowCursor', () => {
  it('visits a scalar once', () => {
    const cur = new RowCursor([], [[]], [7]);
    expect([cur.rows, cur.inner, cur.offsets[0]]).toEqual([1, 1, 7]);
  });

  it('visits nothing for an empty shape', () => {
    expect(new RowCursor([2, 0], [[0, 1]], [0]).rows).toBe(0);
  });

  it('matches brute-force offsets for strided, broadcast and offset layouts', () => {
    const cases: { shape: number[]; strides: number[][]; offsets: number[] }[] = [
      {
        shape: [2, 3, 4],
        strides: [
          [12, 4, 1],
          [1, 2, 6],
          [0, 1, 0],
        ],
        offsets: [0, 5, 3],
      },
      {
        shape: [3, 1, 2, 5],
        strides: [
          [10, 10, 5, 1],
          [2, 0, 1, 6],
          [0, 0, 0, 0],
        ],
        offsets: [1, 0, 9],
      },
      {
        shape: [4, 4],
        strides: [
          [1, 4],
          [4, 1],
        ],
        offsets: [2, 2],
      },
      {
        shape: [2, 2, 2, 2, 2],
        strides: [
          [16, 8, 4, 2, 1],
          [1, 2, 4, 8, 16],
        ],
        offsets: [0, 0],
      },
    ];
    for (const c of cases) {
      const got = cursorOffsets(c.shape, c.strides, c.offsets);
      for (let j = 0; j < c.strides.length; j++) {
        expect(got[j]).toEqual(bruteOffsets(c.shape, c.strides[j], c.offsets[j]));
      }
    }
  });

  it('restarts from the first row', () => {
    const cur = new RowCursor([3, 2], [[1, 3]], [4]);
    cur.next();
    cur.next();
    cur.restart();
    expect(cur.offsets[0]).toBe(4);
    const first: number[] = [];
    for (let r = 0; r < cur.rows; r++, cur.next()) first.push(cur.offsets[0]);
    expect(first).toEqual([4, 5, 6]);
  });
});
