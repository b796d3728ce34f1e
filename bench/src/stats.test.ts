import { describe, expect, it } from 'vitest';
import { median, ratio, roundRate, summarize } from './stats.js';

describe('median', () => {
  it('takes the middle value of an odd count, whatever the order', () => {
    expect(median([5, 1, 3])).toBe(3);
  });
  it('averages the two middle values of an even count', () => {
    expect(median([4, 1, 3, 2])).toBe(2.5);
  });
  it('does not reorder its argument', () => {
    const values = [3, 1, 2];
    median(values);
    expect(values).toEqual([3, 1, 2]);
  });
  it('refuses an empty list', () => {
    expect(() => median([])).toThrow(/empty/);
  });
});

describe('summarize', () => {
  it('gives median, min, max and count', () => {
    expect(summarize([10, 30, 20, 50])).toEqual({ median: 25, min: 10, max: 50, n: 4 });
  });
  it('refuses NaN and infinities instead of summarising them', () => {
    expect(() => summarize([1, Number.NaN])).toThrow(/non-finite/);
    expect(() => summarize([1, Number.POSITIVE_INFINITY])).toThrow(/non-finite/);
  });
});

describe('roundRate', () => {
  it('is total work over total time, so one slow iteration counts in full', () => {
    // 3 iterations of 64 samples in 0.1 + 0.1 + 0.4 s: 192 samples / 0.6 s.
    expect(roundRate(64, [0.1, 0.1, 0.4])).toBeCloseTo(320, 10);
  });
  it('refuses a round without iterations or without time', () => {
    expect(() => roundRate(1, [])).toThrow(/no iterations/);
    expect(() => roundRate(1, [0])).toThrow(/total time/);
  });
});

describe('ratio', () => {
  it('divides by the reference', () => {
    expect(ratio(50, 200)).toBe(0.25);
  });
  it('is undefined without both figures or with a zero reference', () => {
    expect(ratio(undefined, 2)).toBeUndefined();
    expect(ratio(2, undefined)).toBeUndefined();
    expect(ratio(2, 0)).toBeUndefined();
  });
});
