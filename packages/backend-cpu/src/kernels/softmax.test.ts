import type { View } from '@typetorch/tensor';
import { describe, expect, it } from 'vitest';
import { softmax } from './softmax.js';

function view(storage: Float32Array | Float64Array, shape: number[], strides?: number[], offset = 0): View {
  const s = strides ?? shape.map((_, d) => shape.slice(d + 1).reduce((a, b) => a * b, 1));
  return {
    storage,
    dtype: storage instanceof Float32Array ? 'float32' : 'float64',
    shape,
    strides: s,
    offset,
  };
}

/** Softmax of one row in float64, straight from the definition. */
function reference(row: number[], log: boolean): number[] {
  const max = Math.max(...row);
  const sum = row.reduce((a, v) => a + Math.exp(v - max), 0);
  return row.map((v) => (log ? v - max - Math.log(sum) : Math.exp(v - max) / sum));
}

describe('softmax', () => {
  it('normalises each row of the last dim', () => {
    const x = Float64Array.from([1, 2, 3, 0, 0, 0]);
    for (const log of [false, true]) {
      const out = new Float64Array(6);
      softmax(view(x, [2, 3]), view(out, [2, 3]), log);
      const want = [...reference([1, 2, 3], log), ...reference([0, 0, 0], log)];
      for (let i = 0; i < 6; i++) expect(out[i]).toBeCloseTo(want[i], 14);
    }
    const out = new Float64Array(6);
    softmax(view(x, [2, 3]), view(out, [2, 3]), false);
    expect(out[3]).toBeCloseTo(1 / 3, 15);
    expect(out[0] + out[1] + out[2]).toBeCloseTo(1, 15);
  });

  it('is stable for large inputs thanks to the max subtraction', () => {
    const out = new Float32Array(3);
    softmax(view(Float32Array.from([1000, 1000, 999]), [3]), view(out, [3]), false);
    const e = Math.exp(-1);
    expect(out[0]).toBeCloseTo(1 / (2 + e), 6);
    expect(out[2]).toBeCloseTo(e / (2 + e), 6);
    softmax(view(Float32Array.from([-1000, 0, 1000]), [3]), view(out, [3]), true);
    expect(Array.from(out)).toEqual([-2000, -1000, 0]);
  });

  it('yields NaN for rows of -inf or with NaN, and handles single elements', () => {
    const out = new Float32Array(6);
    const inf = Number.POSITIVE_INFINITY;
    softmax(view(Float32Array.from([-inf, -inf, 1, Number.NaN, 5, 5]), [3, 2]), view(out, [3, 2]), false);
    expect(Array.from(out)).toEqual([Number.NaN, Number.NaN, Number.NaN, Number.NaN, 0.5, 0.5]);
    const one = new Float32Array(1);
    softmax(view(Float32Array.from([42]), []), view(one, []), false);
    expect(one[0]).toBe(1);
    softmax(view(Float32Array.from([42]), [1]), view(one, [1]), true);
    expect(one[0]).toBe(0);
  });

  it('handles offsets and non-contiguous views', () => {
    // A [3, 2] view of the transpose of a stored [2, 3] matrix, after one padding element.
    const x = Float64Array.from([99, 1, 2, 3, 4, 5, 6]);
    const out = new Float64Array(8);
    softmax(view(x, [3, 2], [1, 3], 1), view(out, [3, 2], [2, 1], 2), false);
    const rows = [
      [1, 4],
      [2, 5],
      [3, 6],
    ];
    const want = rows.flatMap((r) => reference(r, false));
    for (let i = 0; i < 6; i++) expect(out[2 + i]).toBeCloseTo(want[i], 14);
    expect([out[0], out[1]]).toEqual([0, 0]);
  });

  it('does nothing for empty inputs', () => {
    const out = new Float32Array(1).fill(4);
    softmax(view(new Float32Array(0), [2, 0]), view(out, [2, 0]), false);
    expect(out[0]).toBe(4);
  });
});
