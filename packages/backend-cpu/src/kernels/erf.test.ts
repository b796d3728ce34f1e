import { tensor } from '@typetorch/tensor';
import { describe, expect, it } from 'vitest';
import '../index.js';
import { erf } from './scalar-math.js';

/** [x, erf(x)] from CPython's math.erf (correctly rounded to within an ulp). */
const REFERENCE: [number, number][] = [
  [0.0, 0.0],
  [1e-300, 1.1283791670955126e-300],
  [1e-10, 1.1283791670955126e-10],
  [0.001, 0.0011283787909692365],
  [0.1, 0.1124629160182849],
  [0.25, 0.2763263901682369],
  [0.46875, 0.49261347321793797],
  [0.5, 0.5204998778130465],
  [0.75, 0.7111556336535151],
  [1.0, 0.8427007929497149],
  [1.5, 0.9661051464753108],
  [2.0, 0.9953222650189527],
  [2.5, 0.999593047982555],
  [3.0, 0.9999779095030014],
  [3.999, 0.9999999844552505],
  [4.0, 0.9999999845827421],
  [4.5, 0.9999999998033839],
  [5.0, 0.9999999999984626],
  [6.0, 1.0],
  [10.0, 1.0],
];

describe('erf', () => {
  it('is float64-accurate (within 4 ulps) on both sides of every interval of the approximation', () => {
    for (const [x, want] of REFERENCE) {
      for (const s of [1, -1]) {
        const ulp = Math.max(Math.abs(want) * 2 ** -52, Number.MIN_VALUE);
        expect(Math.abs(erf(s * x) - s * want) / ulp, `erf(${s * x})`).toBeLessThanOrEqual(4);
      }
    }
  });

  it('keeps the sign of zero, saturates at infinity and propagates NaN', () => {
    expect(Object.is(erf(-0), -0)).toBe(true);
    expect(erf(Infinity)).toBe(1);
    expect(erf(-Infinity)).toBe(-1);
    expect(erf(Number.NaN)).toBeNaN();
  });

  it('runs as a unary op on float64, int32 (promoted to float32) and strided inputs', () => {
    const want = [-0.8427007929497149, 0.5204998778130465, 0.9953222650189527];
    const got = tensor([-1, 0.5, 2], { dtype: 'float64' }).erf().dataSync();
    want.forEach((w, i) => {
      expect(Math.abs(got[i] - w)).toBeLessThanOrEqual(4 * 2 ** -52);
    });
    expect(tensor([0, 1]).int().erf().dtype).toBe('float32');
    const m = tensor([1, 2, 3, 4]).reshape([2, 2]);
    expect(Array.from(m.t().erf().dataSync())).toEqual(Array.from(m.t().contiguous().erf().dataSync()));
  });
});
