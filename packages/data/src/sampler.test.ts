import '@typetorch/backend-cpu';
import { Generator, manualSeed, memory, randperm, tensor } from '@typetorch/tensor';
import { describe, expect, it } from 'vitest';
import {
  BatchSampler,
  RandomSampler,
  SequentialSampler,
  SubsetRandomSampler,
  WeightedRandomSampler,
} from './sampler.js';

const sized = (length: number) => ({ length });
const sorted = (xs: Iterable<number>) => [...xs].sort((a, b) => a - b);
const range = (n: number) => Array.from({ length: n }, (_, i) => i);

describe('SequentialSampler', () => {
  it('yields 0..n-1', () => {
    const s = new SequentialSampler(sized(5));
    expect([...s]).toEqual([0, 1, 2, 3, 4]);
    expect(s.length).toBe(5);
  });
});

describe('RandomSampler', () => {
  it('yields a permutation per pass, a new one each pass, the same sequence for the same seed', () => {
    const a = new RandomSampler(sized(20), { generator: new Generator(1) });
    const b = new RandomSampler(sized(20), { generator: new Generator(1) });
    const a1 = [...a];
    const a2 = [...a];
    expect(sorted(a1)).toEqual(range(20));
    expect(sorted(a2)).toEqual(range(20));
    expect(a1).not.toEqual(a2);
    expect([...b]).toEqual(a1);
    expect([...b]).toEqual(a2);
  });

  it('draws the same permutation as randperm from the tensor package', () => {
    const perm = randperm(100, { generator: new Generator(5) });
    expect([...new RandomSampler(sized(100), { generator: new Generator(5) })]).toEqual(perm.toArraySync());
    perm.dispose();
  });

  it('follows the global seed without a generator', () => {
    manualSeed(42);
    const a = [...new RandomSampler(sized(30))];
    manualSeed(42);
    const b = [...new RandomSampler(sized(30))];
    expect(a).toEqual(b);
    expect(sorted(a)).toEqual(range(30));
  });

  it('repeats permutations when numSamples exceeds the length, without replacement', () => {
    const s = new RandomSampler(sized(4), { numSamples: 10, generator: new Generator(0) });
    const out = [...s];
    expect(s.length).toBe(10);
    expect(out).toHaveLength(10);
    expect(sorted(out.slice(0, 4))).toEqual([0, 1, 2, 3]);
    expect(sorted(out.slice(4, 8))).toEqual([0, 1, 2, 3]);
    expect(new Set(out.slice(8)).size).toBe(2);
  });

  it('draws uniformly with replacement', () => {
    const s = new RandomSampler(sized(5), {
      replacement: true,
      numSamples: 50000,
      generator: new Generator(3),
    });
    const counts = new Array(5).fill(0);
    for (const i of s) counts[i]++;
    for (const c of counts) expect(Math.abs(c / 50000 - 0.2)).toBeLessThan(0.01);
    expect([...new RandomSampler(sized(5), { replacement: true, numSamples: 33 })]).toHaveLength(33);
  });

  it('checks its arguments', () => {
    expect(() => new RandomSampler(sized(5), { numSamples: 0 })).toThrow(
      'num_samples should be a positive integer value, but got num_samples=0',
    );
    expect(() => new RandomSampler(sized(5), { replacement: 1 as unknown as boolean })).toThrow(
      'replacement should be a boolean value, but got replacement=1',
    );
  });

  it('creates no tensors', () => {
    const before = memory('cpu').numTensors;
    for (const _ of new RandomSampler(sized(1000), { generator: new Generator(0) })) {
      // drain
    }
    expect(memory('cpu').numTensors).toBe(before);
  });
});

describe('SubsetRandomSampler', () => {
  it('permutes the given indices', () => {
    const s = new SubsetRandomSampler([10, 20, 30, 40], { generator: new Generator(2) });
    const a = [...s];
    expect(sorted(a)).toEqual([10, 20, 30, 40]);
    expect(s.length).toBe(4);
    const again = new SubsetRandomSampler([10, 20, 30, 40], { generator: new Generator(2) });
    expect([...again]).toEqual(a);
  });
});

describe('WeightedRandomSampler', () => {
  it('draws indices with frequencies proportional to the weights', () => {
    const weights = [1, 2, 0, 7];
    const n = 100_000;
    const s = new WeightedRandomSampler(weights, n, { generator: new Generator(11) });
    const counts = [0, 0, 0, 0];
    for (const i of s) counts[i]++;
    expect(counts[2]).toBe(0);
    counts.forEach((c, i) => {
      expect(Math.abs(c / n - weights[i] / 10)).toBeLessThan(0.005);
    });
  });

  it('takes weights as a tensor or typed array, and replacement positionally', () => {
    const w = tensor([0, 1]);
    expect([...new WeightedRandomSampler(w, 20, true)].every((i) => i === 1)).toBe(true);
    expect([...new WeightedRandomSampler(new Float64Array([1, 0]), 5)]).toEqual([0, 0, 0, 0, 0]);
    w.dispose();
  });

  it('without replacement yields distinct indices, favouring heavy ones first', () => {
    const weights = [1, 2, 7];
    const firsts = [0, 0, 0];
    const g = new Generator(4);
    for (let k = 0; k < 20_000; k++) {
      const s = [...new WeightedRandomSampler(weights, 3, { replacement: false, generator: g })];
      expect(sorted(s)).toEqual([0, 1, 2]);
      firsts[s[0]]++;
    }
    firsts.forEach((c, i) => {
      expect(Math.abs(c / 20_000 - weights[i] / 10)).toBeLessThan(0.01);
    });
  });

  it('checks weights and sizes as torch.multinomial does', () => {
    expect(() => new WeightedRandomSampler([1, -1], 2)).toThrow('encountering probability entry < 0');
    expect(() => new WeightedRandomSampler([0, 0], 2)).toThrow('sum of probabilities <= 0');
    expect(() => new WeightedRandomSampler([1, Number.NaN], 2)).toThrow('`inf`, `nan`');
    expect(() => new WeightedRandomSampler([1, 2], 3, false)).toThrow(
      'cannot sample n_sample > prob_dist.size(-1) samples without replacement',
    );
    expect(() => new WeightedRandomSampler([1, 0, 2], 3, false)).toThrow('not enough non-negative category');
    expect(() => new WeightedRandomSampler([1, 2], 0)).toThrow(
      'num_samples should be a positive integer value, but got num_samples=0',
    );
    const m = tensor([
      [1, 2],
      [3, 4],
    ]);
    expect(() => new WeightedRandomSampler(m, 2)).toThrow('weights should be a 1d sequence');
    m.dispose();
  });
});

describe('BatchSampler', () => {
  it('groups indices, keeping or dropping the last short batch', () => {
    const keep = new BatchSampler(new SequentialSampler(sized(10)), 3, false);
    expect([...keep]).toEqual([[0, 1, 2], [3, 4, 5], [6, 7, 8], [9]]);
    expect(keep.length).toBe(4);
    const drop = new BatchSampler(new SequentialSampler(sized(10)), 3, true);
    expect([...drop]).toEqual([
      [0, 1, 2],
      [3, 4, 5],
      [6, 7, 8],
    ]);
    expect(drop.length).toBe(3);
    expect(new BatchSampler(range(9), 3, true).length).toBe(3);
    expect([...new BatchSampler([5, 6], 4, false)]).toEqual([[5, 6]]);
  });

  it('checks batch size and dropLast as PyTorch does', () => {
    const s = new SequentialSampler(sized(3));
    for (const bad of [0, -1, 1.5]) {
      expect(() => new BatchSampler(s, bad, false)).toThrow(
        `batch_size should be a positive integer value, but got batch_size=${bad}`,
      );
    }
    expect(() => new BatchSampler(s, 2, 'no' as unknown as boolean)).toThrow(
      'drop_last should be a boolean value, but got drop_last=no',
    );
    const noLength = new BatchSampler(new Set([1, 2, 3]), 2, false);
    expect([...noLength]).toEqual([[1, 2], [3]]);
    expect(() => noLength.length).toThrow('has no length');
  });
});
