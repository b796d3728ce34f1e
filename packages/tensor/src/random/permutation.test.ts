import { describe, expect, it } from 'vitest';
import { Generator } from './generator.js';
import { randpermHost } from './permutation.js';

describe('randpermHost', () => {
  it('draws a permutation of 0..n-1 that a seed reproduces exactly', () => {
    // Pinned: samplers, randomSplit and randperm all rely on these exact orders.
    expect([...randpermHost(10, new Generator(0))]).toEqual([7, 1, 0, 3, 6, 8, 4, 9, 2, 5]);
    expect([...randpermHost(10, new Generator(5))]).toEqual([8, 0, 4, 2, 7, 9, 6, 5, 1, 3]);
    const perm = [...randpermHost(1000, new Generator(3))];
    expect([...perm].sort((a, b) => a - b)).toEqual([...Array(1000).keys()]);
  });

  it('takes n counters from the generator', () => {
    const g = new Generator(1);
    randpermHost(7, g);
    expect(g.getState().offset).toBe(7);
    expect([...randpermHost(0, g)]).toEqual([]);
    expect([...randpermHost(1, g)]).toEqual([0]);
    expect(g.getState().offset).toBe(8);
  });
});
