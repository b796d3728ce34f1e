import '@typetorch/backend-cpu';
import { arange, Generator, memory, type Tensor, tensor } from '@typetorch/tensor';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { defaultCollate } from './collate.js';
import { ConcatDataset, Dataset, hasGetBatch, randomSplit, Subset, TensorDataset } from './dataset.js';
import { disposeTensors } from './tree.js';

class Range extends Dataset<number> {
  constructor(readonly length: number) {
    super();
  }
  getItem(i: number): number {
    return i;
  }
}

function values(t: Tensor): unknown {
  return t.toArraySync();
}

afterEach(() => {
  vi.restoreAllMocks();
});

describe('TensorDataset', () => {
  it('yields rows of every tensor as views', () => {
    const x = arange(12).reshape(4, 3);
    const y = tensor([10, 11, 12, 13], { dtype: 'int32' });
    const ds = new TensorDataset(x, y);
    expect(ds.length).toBe(4);
    const [row, label] = ds.getItem(2);
    expect(values(row)).toEqual([6, 7, 8]);
    expect(values(label)).toBe(12);
    expect(row.storage).toBe(x.storage);
    const [last] = ds.getItem(-1);
    expect(values(last)).toEqual([9, 10, 11]);
    disposeTensors([row, label, last, x, y]);
  });

  it('checks its tensors and indices as PyTorch does', () => {
    const a = arange(4);
    const b = arange(5);
    expect(() => new TensorDataset(a, b)).toThrow('Size mismatch between tensors');
    expect(() => new TensorDataset()).toThrow('at least one tensor');
    const s = tensor(1);
    expect(() => new TensorDataset(s)).toThrow('0-dimensional');
    const ds = new TensorDataset(a);
    expect(() => ds.getItem(4)).toThrow('index 4 is out of bounds for dimension 0 with size 4');
    expect(() => ds.getItem(-5)).toThrow('out of bounds');
    expect(() => ds.getItem(1.5)).toThrow(TypeError);
    expect(() => ds.getBatch([0, 7])).toThrow('index 7 is out of bounds');
    disposeTensors([a, b, s]);
  });

  it('getBatch equals stacking the items, with one new tensor per input tensor', () => {
    const x = arange(20).reshape(5, 2, 2).float();
    const y = arange(5);
    const ds = new TensorDataset(x, y);
    const before = memory('cpu').numTensors;
    const indices = [4, 0, 2, -2];
    const fast = ds.getBatch(indices);
    expect(memory('cpu').numTensors).toBe(before + 2);
    const items = indices.map((i) => ds.getItem(i));
    const slow = defaultCollate(items);
    expect(fast.map((t) => t.shape)).toEqual(slow.map((t) => t.shape));
    expect(fast.map((t) => t.dtype)).toEqual(['float32', 'int64']);
    expect(fast.map(values)).toEqual(slow.map(values));
    disposeTensors([fast, slow, items, x, y]);
    expect(memory('cpu').numTensors).toBe(before - 2);
  });
});

describe('Subset', () => {
  it('maps indices into the parent dataset', () => {
    const sub = new Subset(new Range(10), [7, 3, 5]);
    expect(sub.length).toBe(3);
    expect([0, 1, 2, -1].map((i) => sub.getItem(i))).toEqual([7, 3, 5, 5]);
    expect(() => sub.getItem(3)).toThrow('index 3 is out of bounds for Subset with size 3');
    expect(sub.getBatch).toBeUndefined();
    expect(hasGetBatch(sub)).toBe(false);
  });

  it('keeps the batch fetching of a TensorDataset, also nested', () => {
    const x = arange(10);
    const ds = new TensorDataset(x);
    const sub = new Subset(new Subset(ds, [9, 8, 7, 6, 5]), [4, 0, 2]);
    expect(hasGetBatch(sub)).toBe(true);
    const [batch] = sub.getBatch!([0, 1, 2]) as Tensor[];
    expect(values(batch)).toEqual([5, 9, 7]);
    disposeTensors([batch, x]);
  });

  it('turns the fast path off for a TensorDataset subclass that changes getItem only', () => {
    class Doubled extends TensorDataset<[Tensor]> {
      override getItem(i: number): [Tensor] {
        const [row] = super.getItem(i);
        const out = row.mul(2);
        row.dispose();
        return [out];
      }
    }
    const x = arange(3);
    expect(hasGetBatch(new Doubled(x))).toBe(false);
    expect(hasGetBatch(new TensorDataset(x))).toBe(true);
    x.dispose();
  });
});

describe('ConcatDataset', () => {
  it('indexes across its datasets', () => {
    const ds = new ConcatDataset([new Range(3), new Range(0), new Range(2)]);
    expect(ds.length).toBe(5);
    expect(ds.cumulativeSizes).toEqual([3, 3, 5]);
    expect([0, 1, 2, 3, 4].map((i) => ds.getItem(i))).toEqual([0, 1, 2, 0, 1]);
    expect(ds.getItem(-1)).toBe(1);
    expect(ds.getItem(-5)).toBe(0);
    expect(() => ds.getItem(-6)).toThrow('absolute value of index should not exceed dataset length');
    expect(() => ds.getItem(5)).toThrow('out of bounds');
    expect(() => new ConcatDataset([])).toThrow('datasets should not be an empty iterable');
  });
});

describe('randomSplit', () => {
  function flatten(parts: Subset<number>[]): number[] {
    return parts.flatMap((p) => Array.from({ length: p.length }, (_, i) => p.getItem(i) as number));
  }

  it('splits by lengths into disjoint subsets covering the dataset', () => {
    const parts = randomSplit(new Range(10), [3, 7], new Generator(0));
    expect(parts.map((p) => p.length)).toEqual([3, 7]);
    expect(flatten(parts).sort((a, b) => a - b)).toEqual([0, 1, 2, 3, 4, 5, 6, 7, 8, 9]);
  });

  it('is reproducible with a generator', () => {
    const a = flatten(randomSplit(new Range(50), [25, 25], new Generator(7)));
    const b = flatten(randomSplit(new Range(50), [25, 25], new Generator(7)));
    const c = flatten(randomSplit(new Range(50), [25, 25], new Generator(8)));
    expect(a).toEqual(b);
    expect(a).not.toEqual(c);
  });

  it('turns fractions into lengths and deals the remainder round robin, as PyTorch', () => {
    expect(randomSplit(new Range(10), [0.3, 0.3, 0.4]).map((p) => p.length)).toEqual([3, 3, 4]);
    // floor(11 * [0.5, 0.25, 0.25]) = [5, 2, 2]; remainder 2 goes to splits 0 and 1.
    expect(randomSplit(new Range(11), [0.5, 0.25, 0.25]).map((p) => p.length)).toEqual([6, 3, 2]);
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => {});
    expect(randomSplit(new Range(2), [0.25, 0.25, 0.5]).map((p) => p.length)).toEqual([1, 0, 1]);
    expect(warn).toHaveBeenCalledWith(
      'Length of split at index 1 is 0. This might result in an empty dataset.',
    );
  });

  it('rejects lengths that do not fit', () => {
    const msg = 'Sum of input lengths does not equal the length of the input dataset!';
    expect(() => randomSplit(new Range(10), [3, 8])).toThrow(msg);
    expect(() => randomSplit(new Range(10), [3, 6])).toThrow(msg);
    expect(() => randomSplit(new Range(10), [-1, 11])).toThrow('non-negative integers');
    expect(() => randomSplit(new Range(10), [2.5, 7.5])).toThrow('non-negative integers');
    expect(() => randomSplit(new Range(10), [1.5, -0.5])).toThrow(
      'Fraction at index 0 is not between 0 and 1',
    );
    expect(() => randomSplit(new Range(10), [0.5, 0.4])).toThrow('non-negative integers');
  });
});
