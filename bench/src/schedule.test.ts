import { describe, expect, it } from 'vitest';
import { budgetFor, roundOrder } from './schedule.js';

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
