import { describe, expect, it } from 'vitest';
import {
  floatToHalfBits,
  fromHalfBits,
  HALF_MAX,
  halfBitsToFloat,
  roundFloat32BitsToHalf,
  roundToHalf,
  roundToHalfInPlace,
  toHalfBits,
  truncateFloat32BitsToHalf,
} from './half.js';

const f32 = new Float32Array(1);
const u32 = new Uint32Array(f32.buffer);
const bitsOf = (x: number) => {
  f32[0] = x;
  return u32[0];
};

/** An independent reference: the half nearest to a float32 by exhaustive comparison with neighbours. */
function referenceRound(x: number): number {
  const v = Math.fround(x);
  if (Number.isNaN(v) || !Number.isFinite(v)) return v;
  const a = Math.abs(v);
  if (a >= 65520) return Math.sign(v) * Number.POSITIVE_INFINITY;
  // The spacing of halves at |v|: 2^-24 below 2^-14, else 2^(e - 10).
  const e = Math.max(-14, Math.floor(Math.log2(a || 1)));
  const ulp = 2 ** (e - 10);
  const lo = Math.floor(a / ulp) * ulp;
  const hi = lo + ulp;
  let r: number;
  if (a - lo < hi - a) r = lo;
  else if (hi - a < a - lo) r = hi;
  else r = (lo / ulp) % 2 === 0 ? lo : hi;
  return v < 0 || Object.is(v, -0) ? -r : r;
}

describe('float16 conversions', () => {
  it('round-trips all 65536 half bit patterns (NaN payloads included)', () => {
    const wrong: number[] = [];
    for (let h = 0; h < 0x10000; h++) {
      const v = halfBitsToFloat(h);
      const nanBits = (h & 0x7c00) === 0x7c00 && (h & 0x3ff) !== 0;
      // NaNs keep their sign and payload (signalling ones come back quieted).
      const ok = nanBits
        ? Number.isNaN(v) && (floatToHalfBits(v) & 0xfdff) === (h & 0xfdff)
        : floatToHalfBits(v) === h && Object.is(roundToHalf(v), v);
      if (!ok) wrong.push(h);
    }
    expect(wrong).toEqual([]);
  });

  it('decodes the boundary values exactly', () => {
    expect(halfBitsToFloat(0x7bff)).toBe(HALF_MAX);
    expect(halfBitsToFloat(0x0001)).toBe(2 ** -24);
    expect(halfBitsToFloat(0x03ff)).toBe(1023 * 2 ** -24);
    expect(halfBitsToFloat(0x0400)).toBe(2 ** -14);
    expect(halfBitsToFloat(0x3c00)).toBe(1);
    expect(halfBitsToFloat(0x3c01)).toBe(1 + 2 ** -10);
    expect(halfBitsToFloat(0xc000)).toBe(-2);
    expect(halfBitsToFloat(0x7c00)).toBe(Number.POSITIVE_INFINITY);
    expect(halfBitsToFloat(0xfc00)).toBe(Number.NEGATIVE_INFINITY);
    expect(Object.is(halfBitsToFloat(0x8000), -0)).toBe(true);
  });

  it('rounds to nearest even, overflowing at 65520 and underflowing below 2^-25', () => {
    expect(roundToHalf(65504)).toBe(65504);
    expect(roundToHalf(65519)).toBe(65504);
    expect(roundToHalf(65520)).toBe(Number.POSITIVE_INFINITY);
    expect(roundToHalf(-65520)).toBe(Number.NEGATIVE_INFINITY);
    expect(roundToHalf(1e6)).toBe(Number.POSITIVE_INFINITY);
    expect(roundToHalf(2 ** -24)).toBe(2 ** -24);
    expect(roundToHalf(2 ** -25)).toBe(0); // a tie between 0 and 2^-24: to even (0)
    expect(roundToHalf(2 ** -25 * 1.0001)).toBe(2 ** -24);
    expect(roundToHalf(3 * 2 ** -25)).toBe(2 * 2 ** -24); // tie between 1 and 2 units: to even (2)
    expect(Object.is(roundToHalf(-1e-9), -0)).toBe(true);
    expect(roundToHalf(1 + 2 ** -11)).toBe(1); // tie: 1 is even
    expect(roundToHalf(1 + 3 * 2 ** -11)).toBe(1 + 2 ** -9); // tie: to the even neighbour above
    expect(roundToHalf(1 + 2 ** -11 + 2 ** -20)).toBe(1 + 2 ** -10);
    expect(roundToHalf(2047.5)).toBe(2048); // crossing into the next binade
    expect(roundToHalf(0.1)).toBe(0.0999755859375);
    expect(roundToHalf(2 ** -14 - 2 ** -26)).toBe(2 ** -14); // the largest subnormal rounds up to normal
    expect(Number.isNaN(roundToHalf(Number.NaN))).toBe(true);
    expect(roundToHalf(Number.NEGATIVE_INFINITY)).toBe(Number.NEGATIVE_INFINITY);
  });

  it('matches a reference rounding on float32 values around every half binade', () => {
    const samples: number[] = [];
    for (let e = -27; e <= 16; e++) {
      for (let k = 0; k < 300; k++) {
        // Dense samples between consecutive halves, including exact midpoints.
        const x = 2 ** e * (1 + k / 256 + (k % 7) * 2 ** -13);
        for (const v of [x, -x, Math.fround(x)]) samples.push(v);
      }
    }
    let seed = 1;
    for (let i = 0; i < 20000; i++) {
      seed = (seed * 1103515245 + 12345) >>> 0;
      u32[0] = seed;
      if (Number.isFinite(f32[0])) samples.push(f32[0]);
    }
    expect(samples.filter((v) => !Object.is(roundToHalf(v), referenceRound(v)))).toEqual([]);
  });

  it('rounds arrays in place and converts to and from bit patterns', () => {
    const a = new Float32Array([0.1, 70000, -(2 ** -25) * 3, 1.5, Number.NaN]);
    roundToHalfInPlace(a, 0, 4);
    expect(Array.from(a.subarray(0, 4))).toEqual([
      0.0999755859375,
      Number.POSITIVE_INFINITY,
      -(2 ** -23),
      1.5,
    ]);
    expect(Array.from(toHalfBits([1, -2, 65504, 2 ** -24]))).toEqual([0x3c00, 0xc000, 0x7bff, 0x0001]);
    expect(Array.from(fromHalfBits(new Uint16Array([0x3c00, 0x3555])))).toEqual([1, 0.333251953125]);
  });

  it('truncates toward zero for uniform samples, never reaching 1', () => {
    expect(f32From(truncateFloat32BitsToHalf(bitsOf(0.99999)))).toBe(1 - 2 ** -11);
    expect(f32From(truncateFloat32BitsToHalf(bitsOf(3.7 * 2 ** -24)))).toBe(3 * 2 ** -24);
    expect(f32From(truncateFloat32BitsToHalf(bitsOf(0.5)))).toBe(0.5);
    expect(f32From(roundFloat32BitsToHalf(bitsOf(0.99999)))).toBe(1);
  });
});

function f32From(bits: number): number {
  u32[0] = bits;
  return f32[0];
}
