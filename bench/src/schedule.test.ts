import { describe, expect, it } from 'vitest';
import { budgetFor, epochBatchesFor, epochSplit, measureFor, roundOrder } from './schedule.js';

describe('roundOrder', () => {
  it('rotates the order by one each round, so every system gets every slot', () => {
    const systems = ['a', 'b', 'c'];
    expect([0, 1, 2, 3].map((r) => roundOrder(systems, r).join(''))).toEqual(['abc', 'bca', 'cab', 'abc']);
  });
  it('handles an empty line-up', () => {
    expect(roundOrder([], 5)).toEqual([]);
  });
});

describe('budgetFor', () => {
  it('has fewer rounds with --quick, and --rounds overrides either', () => {
    expect(budgetFor(true).rounds).toBeLessThan(budgetFor(false).rounds);
    expect(budgetFor(true, 9).rounds).toBe(9);
    expect(() => budgetFor(false, 0)).toThrow(/rounds must be >= 1/);
  });
});

describe('epochSplit', () => {
  it('splits an epoch as evenly as it can over the rounds, the larger shares first', () => {
    expect(epochSplit(938, 5)).toEqual([188, 188, 188, 187, 187]);
    expect(epochSplit(60, 3)).toEqual([20, 20, 20]);
    expect(epochSplit(2, 3)).toEqual([1, 1, 0]);
    expect(() => epochSplit(0, 3)).toThrow(/batches/);
  });
});

describe('measureFor', () => {
  const epoch = { batches: 938 };
  it('times ordinary workloads for the budget, an epoch workload by its share of batches', () => {
    const full = budgetFor(false);
    expect(measureFor(undefined, full, 0)).toEqual(full.measure);
    expect(epochBatchesFor(epoch, full)).toBe(320);
    expect(measureFor(epoch, full, 4)).toEqual({ minIterations: 64, minMs: 0 });
  });
  it('times the whole epoch with --full-epoch', () => {
    const whole = budgetFor(false, undefined, true);
    expect(epochBatchesFor(epoch, whole)).toBe(938);
    expect([0, 1, 2, 3, 4].map((r) => measureFor(epoch, whole, r)!.minIterations)).toEqual([
      188, 188, 188, 187, 187,
    ]);
  });
  it('times the first batches only under --quick, and nothing in a round without a share', () => {
    const quick = budgetFor(true);
    expect(epochBatchesFor(epoch, quick)).toBe(60);
    expect(measureFor(epoch, quick, 0)).toEqual({ minIterations: 20, minMs: 0 });
    expect(measureFor({ batches: 2 }, quick, 2)).toBeUndefined();
    expect(epochBatchesFor({ batches: 10 }, quick)).toBe(10);
  });
});
