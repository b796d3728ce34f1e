import { describe, expect, it } from 'vitest';
import { accuracyRange, ema, STEP_INCREMENTS, stepRange } from './chart-math.js';

describe('ema', () => {
  it('starts at the first value (debiased) and follows the data with a lag', () => {
    expect(ema([])).toEqual([]);
    expect(ema([2])).toEqual([2]);
    const flat = ema([3, 3, 3, 3]);
    for (const v of flat) expect(v).toBeCloseTo(3, 12);
    // 0.5 of the past: (0.5*1 + ... ) debiased: [1, (0.25*1+0.5*3)/0.75]
    const s = ema([1, 3], 0.5);
    expect(s[0]).toBe(1);
    expect(s[1]).toBeCloseTo((0.5 * 0.5 * 1 + 0.5 * 3) / 0.75, 12);
  });

  it('damps noise: a zig-zag comes out much flatter than it went in', () => {
    const noisy = Array.from({ length: 200 }, (_, i) => 1 + (i % 2 === 0 ? 0.5 : -0.5));
    const smooth = ema(noisy).slice(50);
    expect(Math.max(...smooth) - Math.min(...smooth)).toBeLessThan(0.2);
  });

  it('carries a NaN over without poisoning the rest', () => {
    const s = ema([1, Number.NaN, 1]);
    expect(s[1]).toBeNaN();
    expect(s[2]).toBeCloseTo(1, 12);
  });
});

describe('accuracyRange', () => {
  it('zooms to the data instead of 0..100', () => {
    expect(accuracyRange(null, null)).toEqual([0, 100]);
    expect(accuracyRange(96.4, 98.7)).toEqual([95, 100]);
    expect(accuracyRange(97.2, 98.1)).toEqual([96, 100]);
    expect(accuracyRange(40, 92)).toEqual([35, 95]);
    expect(accuracyRange(10, 30)).toEqual([5, 35]);
    expect(accuracyRange(0, 0.5)).toEqual([0, 5]);
  });

  it('stays inside 0..100 and is never empty', () => {
    expect(accuracyRange(100, 100)).toEqual([99, 100]);
    const [lo, hi] = accuracyRange(0, 100);
    expect([lo, hi]).toEqual([0, 100]);
  });
});

describe('step axis', () => {
  it('ticks only at whole numbers of steps', () => {
    expect(STEP_INCREMENTS.slice(0, 6)).toEqual([1, 2, 5, 10, 20, 50]);
    expect(STEP_INCREMENTS.every((v) => Number.isInteger(v) && v >= 1)).toBe(true);
  });

  it('has a range without data, so an empty chart still draws its axes', () => {
    expect(stepRange(null, null)).toEqual([0, 100]);
    expect(stepRange(1, 101)).toEqual([1, 103]);
    expect(stepRange(1, 1)).toEqual([1, 2]);
  });
});
