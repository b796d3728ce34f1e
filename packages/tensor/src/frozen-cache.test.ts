import { inspect } from 'node:util';
import { describe, expect, it } from 'vitest';
import { FrozenArrayCache } from './frozen-cache.js';
import { frozenSize, frozenStrides } from './shape.js';

function counting() {
  const made: number[][] = [];
  const cache = new FrozenArrayCache((v) => {
    made.push([...v]);
    return Object.freeze(v.slice());
  });
  return { cache, made };
}

describe('FrozenArrayCache', () => {
  it('makes one frozen array per content and shares it', () => {
    const { cache, made } = counting();
    const a = cache.get([2, 3]);
    const b = cache.get([2, 3]);
    expect(a).toBe(b);
    expect(a).toEqual([2, 3]);
    expect(Object.isFrozen(a)).toBe(true);
    expect(cache.get([2])).toEqual([2]);
    expect(cache.get([])).toEqual([]);
    expect(cache.get([2, 3, 0])).toEqual([2, 3, 0]);
    expect(made).toEqual([[2, 3], [2], [], [2, 3, 0]]);
  });

  it('keeps -0 apart from 0', () => {
    const { cache } = counting();
    const zero = cache.get([0, 1]);
    const negative = cache.get([-0, 1]);
    expect(Object.is(zero[0], 0)).toBe(true);
    expect(Object.is(negative[0], -0)).toBe(true);
  });

  it('starts afresh past its node budget and still returns the right arrays', () => {
    const { cache } = counting();
    const first = cache.get([1, 1]);
    let wrong = 0;
    for (let i = 0; i < 10_000; i++) if (cache.get([i, 7])[0] !== i) wrong++;
    expect(wrong).toBe(0);
    const again = cache.get([1, 1]);
    expect(again).toEqual([1, 1]);
    expect(again).not.toBe(first); // forgotten with the old trie, made anew
  });
});

describe('frozenSize and frozenStrides', () => {
  it('share equal shapes, print as torch.Size, and return a size or frozen strides as they are', () => {
    const a = frozenSize([4, 5]);
    expect(frozenSize([4, 5])).toBe(a);
    expect(frozenSize(a)).toBe(a);
    expect(inspect(a)).toBe('torch.Size([4, 5])');
    expect(Object.getPrototypeOf(a)).toBe(Array.prototype);
    const input = [5, 1];
    const strides = frozenStrides(input);
    expect(strides).not.toBe(input);
    expect(Object.isFrozen(strides)).toBe(true);
    expect(frozenStrides(strides)).toBe(strides);
    input[0] = 9; // the copy does not follow its source
    expect(strides).toEqual([5, 1]);
  });
});
