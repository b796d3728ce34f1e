import type { View } from '@typetorch/tensor';
import { describe, expect, it } from 'vitest';
import { crossEntropy, crossEntropyBackward } from './cross-entropy.js';

function view(storage: Float64Array | Int32Array, shape: number[], strides?: number[], offset = 0): View {
  const s = strides ?? shape.map((_, d) => shape.slice(d + 1).reduce((a, b) => a * b, 1));
  return { storage, dtype: storage instanceof Int32Array ? 'int32' : 'float64', shape, strides: s, offset };
}

const options = { ignoreIndex: -1, labelSmoothing: 0 };

describe('crossEntropy', () => {
  it('reads strided targets and offset views, writes only its rows', () => {
    // Two rows of logits after one padding element; targets at stride 2.
    const x = Float64Array.from([99, 1, 2, 3, 3, 2, 1]);
    const t = Int32Array.from([2, 7, 0, 7]);
    const loss = new Float64Array(3).fill(-5);
    const weights = new Float64Array(2);
    const norm = new Float64Array(4);
    crossEntropy(
      view(x, [2, 3], [3, 1], 1),
      view(t, [2], [2]),
      null,
      view(loss, [2], [1], 1),
      view(weights, [2]),
      view(norm, [2, 2]),
      options,
    );
    const lse = Math.log(Math.exp(1) + Math.exp(2) + Math.exp(3));
    expect(loss[0]).toBe(-5);
    expect(loss[1]).toBeCloseTo(lse - 3, 14);
    expect(loss[2]).toBeCloseTo(lse - 3, 14);
    expect(Array.from(weights)).toEqual([1, 1]);
    expect(norm[0]).toBe(3);
    expect(norm[0] + norm[1]).toBeCloseTo(lse, 14);
  });

  it('writes NaN for a target outside [0, C) and skips ignored rows', () => {
    const x = Float64Array.from([0, 0, 1, 1]);
    const loss = new Float64Array(2);
    const weights = new Float64Array(2);
    crossEntropy(
      view(x, [2, 2]),
      view(Int32Array.from([5, -1]), [2]),
      null,
      view(loss, [2]),
      view(weights, [2]),
      view(new Float64Array(4), [2, 2]),
      options,
    );
    expect(Number.isNaN(loss[0]) && Number.isNaN(weights[0])).toBe(true);
    expect([loss[1], weights[1]]).toEqual([0, 0]);
  });
});

describe('crossEntropyBackward', () => {
  it('takes a broadcast gradient (stride 0) and a weight at an offset', () => {
    const x = Float64Array.from([0.5, -1, 2, 1, 0, 0]);
    const target = Int32Array.from([2, 0]);
    const weight = Float64Array.from([9, 0.5, 3, 2]);
    const w = view(weight, [3], [1], 1);
    const norm = new Float64Array(4);
    crossEntropy(
      view(x, [2, 3]),
      view(target, [2]),
      w,
      view(new Float64Array(2), [2]),
      view(new Float64Array(2), [2]),
      view(norm, [2, 2]),
      options,
    );
    const out = new Float64Array(6);
    crossEntropyBackward(
      view(Float64Array.from([0.25]), [2], [0]),
      view(x, [2, 3]),
      view(target, [2]),
      w,
      view(norm, [2, 2]),
      view(out, [2, 3]),
      options,
    );
    const rows = [
      [0.5, -1, 2],
      [1, 0, 0],
    ];
    const want = rows.flatMap((row, n) => {
      const sum = row.reduce((a, v) => a + Math.exp(v), 0);
      const y = [2, 0][n];
      const wy = [0.5, 3, 2][y];
      return row.map((v, c) => 0.25 * wy * (Math.exp(v) / sum - (c === y ? 1 : 0)));
    });
    for (let i = 0; i < 6; i++) expect(out[i]).toBeCloseTo(want[i], 14);
  });
});
