import '@typetorch/backend-cpu';
import { arange, Generator, manualSeed, memory, rand, scope, type Tensor, tensor } from '@typetorch/tensor';
import { describe, expect, it } from 'vitest';
import { defaultCollate } from './collate.js';
import { DataLoader } from './dataloader.js';
import { Dataset, type DatasetLike, Subset, TensorDataset } from './dataset.js';
import { SubsetRandomSampler } from './sampler.js';
import { Compose } from './transforms/transform.js';
import { Normalize, ToTensor } from './transforms/transforms.js';
import { disposeTensors } from './tree.js';

const delay = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));
const numTensors = () => memory('cpu').numTensors;
const range = (n: number) => Array.from({ length: n }, (_, i) => i);

/** The same items as `ds`, without `getBatch`: forces item-by-item collation. */
function itemByItem<T>(ds: DatasetLike<T>): DatasetLike<T> {
  return { length: ds.length, getItem: (i) => ds.getItem(i) };
}

/** Index datasets: item i is [tensor i] (fast path) or i (numbers). */
function indexDataset(n: number): { ds: TensorDataset<[Tensor]>; dispose(): void } {
  const x = arange(n);
  return { ds: new TensorDataset(x), dispose: () => x.dispose() };
}

class AsyncRange extends Dataset<[Tensor, number]> {
  readonly calls: number[] = [];
  constructor(
    readonly length: number,
    readonly delayMs = 0,
    readonly failAt = -1,
  ) {
    super();
  }
  async getItem(i: number): Promise<[Tensor, number]> {
    this.calls.push(i);
    await delay(this.delayMs);
    if (i === this.failAt) throw new Error(`cannot load item ${i}`);
    return [tensor([i, -i]), i];
  }
}

class CountingRange extends Dataset<number> {
  calls = 0;
  constructor(
    readonly length: number,
    readonly failAt = -1,
  ) {
    super();
  }
  getItem(i: number): number {
    this.calls++;
    if (i === this.failAt) throw new Error(`cannot load item ${i}`);
    return i;
  }
}

/** Reads and disposes a batch of [Tensor] (or [Tensor, Tensor]) as arrays of numbers. */
function take(batch: Tensor[]): number[][] {
  const out = batch.map((t) => (t.toArraySync() as number[]).flat() as number[]);
  disposeTensors(batch);
  return out;
}

async function epochAsync<B>(loader: DataLoader<unknown, B> | AsyncIterable<B>, read: (b: B) => number[]) {
  const out: number[][] = [];
  for await (const b of loader as AsyncIterable<B>) out.push(read(b));
  return out;
}

describe('DataLoader: order and batches', () => {
  for (const shuffle of [false, true]) {
    for (const path of ['getBatch', 'getItem'] as const) {
      it(`visits every index exactly once per epoch (shuffle=${shuffle}, ${path})`, async () => {
        const { ds, dispose } = indexDataset(23);
        const dataset = path === 'getBatch' ? ds : itemByItem(ds);
        const loader = new DataLoader(dataset, { batchSize: 5, shuffle, generator: new Generator(0) });
        for (let epoch = 0; epoch < 2; epoch++) {
          const seen = (await epochAsync(loader, (b) => take(b)[0])).flat();
          expect([...seen].sort((a, b) => a - b)).toEqual(range(23));
          if (!shuffle) expect(seen).toEqual(range(23));
          const syncSeen = [...loader].flatMap((b) => take(b)[0]);
          expect([...syncSeen].sort((a, b) => a - b)).toEqual(range(23));
        }
        dispose();
      });
    }
  }

  it('counts batches with and without dropLast', () => {
    const { ds, dispose } = indexDataset(10);
    const sizes = (loader: DataLoader<unknown, [Tensor]>) => [...loader].map((b) => take(b)[0].length);
    const keep = new DataLoader(ds, { batchSize: 3 });
    expect(keep.length).toBe(4);
    expect(sizes(keep)).toEqual([3, 3, 3, 1]);
    const drop = new DataLoader(ds, { batchSize: 3, dropLast: true, shuffle: true });
    expect(drop.length).toBe(3);
    expect(sizes(drop)).toEqual([3, 3, 3]);
    expect(new DataLoader(ds, { batchSize: 5, dropLast: true }).length).toBe(2);
    expect(new DataLoader(ds, { batchSize: 20, dropLast: true }).length).toBe(0);
    expect(sizes(new DataLoader(ds, { batchSize: 20, dropLast: true }))).toEqual([]);
    expect(new DataLoader(ds).length).toBe(10);
    dispose();
  });

  it('gives a new order each epoch and the same sequence of orders for the same seed', () => {
    const { ds, dispose } = indexDataset(50);
    const orders = (seed: number) => {
      const loader = new DataLoader(ds, { batchSize: 7, shuffle: true, generator: new Generator(seed) });
      return [0, 1, 2].map(() => [...loader].flatMap((b) => take(b)[0]));
    };
    const a = orders(123);
    const b = orders(123);
    expect(a).toEqual(b);
    expect(a[0]).not.toEqual(a[1]);
    expect(a[1]).not.toEqual(a[2]);
    expect(orders(124)[0]).not.toEqual(a[0]);
    dispose();
  });

  it('follows manualSeed without a generator', () => {
    const { ds, dispose } = indexDataset(30);
    const loader = new DataLoader(ds, { batchSize: 30, shuffle: true });
    manualSeed(9);
    const a = [...loader].map((b) => take(b)[0]);
    manualSeed(9);
    const b = [...loader].map((b) => take(b)[0]);
    expect(a).toEqual(b);
    dispose();
  });

  it('takes a sampler or a batch sampler', () => {
    const { ds, dispose } = indexDataset(10);
    const sampled = new DataLoader(ds, { batchSize: 2, sampler: new SubsetRandomSampler([1, 3, 5]) });
    expect(sampled.length).toBe(2);
    expect([...sampled].flatMap((b) => take(b)[0]).sort((x, y) => x - y)).toEqual([1, 3, 5]);
    const batched = new DataLoader(ds, { batchSampler: [[9, 0], [4], [2, 2, 2]] });
    expect(batched.batchSize).toBeNull();
    expect([...batched].map((b) => take(b)[0])).toEqual([[9, 0], [4], [2, 2, 2]]);
    expect(batched.length).toBe(3);
    const unsized = new DataLoader(ds, { batchSampler: new Set([[1, 2]]) });
    expect(() => unsized.length).toThrow('the batch sampler has no length');
    dispose();
  });
});

describe('DataLoader: collation', () => {
  it('collates nested items (objects of arrays of tensors and numbers) with the default collate', () => {
    const ds = {
      length: 5,
      getItem: (i: number) => ({
        image: tensor([
          [
            [i, i],
            [i, i],
          ],
        ]),
        extras: [i * 0.5, tensor([i])],
        label: i,
        name: `item${i}`,
      }),
    };
    const before = numTensors();
    const batches = [...new DataLoader(ds, { batchSize: 2 })];
    expect(batches.map((b) => b.image.shape)).toEqual([
      [2, 1, 2, 2],
      [2, 1, 2, 2],
      [1, 1, 2, 2],
    ]);
    expect(batches[0].label.dtype).toBe('int64');
    expect(batches[0].label.toArraySync()).toEqual([0, 1]);
    expect((batches[1].extras[0] as Tensor).toArraySync()).toEqual([1, 1.5]);
    expect((batches[1].extras[1] as Tensor).shape).toEqual([2, 1]);
    expect(batches[2].name).toEqual(['item4']);
    disposeTensors(batches);
    expect(numTensors()).toBe(before);
  });

  it('gives the same batches on the fast path as item by item', () => {
    const x = rand([37, 2, 3]);
    const y = arange(37);
    const ds = new TensorDataset(x, y);
    const sub = new Subset(ds, range(37).reverse().slice(0, 30));
    for (const dataset of [ds, sub] as DatasetLike<[Tensor, Tensor]>[]) {
      for (const dropLast of [false, true]) {
        const opts = { batchSize: 8, shuffle: true, dropLast };
        const fast = [...new DataLoader(dataset, { ...opts, generator: new Generator(5) })];
        const slow = [...new DataLoader(itemByItem(dataset), { ...opts, generator: new Generator(5) })];
        expect(fast.length).toBe(slow.length);
        fast.forEach((batch, k) => {
          batch.forEach((t, j) => {
            expect(t.shape).toEqual(slow[k][j].shape);
            expect(t.dtype).toBe(slow[k][j].dtype);
            expect(t.toArraySync()).toEqual(slow[k][j].toArraySync());
          });
        });
        disposeTensors([fast, slow]);
      }
    }
    disposeTensors([x, y]);
  });

  it('uses getBatch instead of getItem when collating by default, and never with a custom collateFn', () => {
    class Batched extends Dataset<number> {
      items = 0;
      batches = 0;
      readonly length = 10;
      getItem(i: number): number {
        this.items++;
        return i;
      }
      getBatch(indices: readonly number[]): Tensor {
        this.batches++;
        return tensor([...indices], { dtype: 'int32' });
      }
    }
    const ds = new Batched();
    const out = [...new DataLoader(ds, { batchSize: 4 })];
    expect([ds.batches, ds.items]).toEqual([3, 0]);
    expect(out.map((t) => t.toArraySync())).toEqual([
      [0, 1, 2, 3],
      [4, 5, 6, 7],
      [8, 9],
    ]);
    disposeTensors(out);
    const custom = [...new DataLoader(ds, { batchSize: 4, collateFn: (items) => items.join(',') })];
    expect(custom).toEqual(['0,1,2,3', '4,5,6,7', '8,9']);
    expect([ds.batches, ds.items]).toEqual([3, 10]);
    const explicitDefault = [...new DataLoader(ds, { batchSize: 4, collateFn: defaultCollate })];
    expect(ds.batches).toBe(6);
    disposeTensors(explicitDefault);
  });
});

describe('DataLoader: async datasets', () => {
  it('iterates an async dataset with for await, in order', async () => {
    const ds = new AsyncRange(7);
    const before = numTensors();
    const batches: number[][][] = [];
    for await (const [x, i] of new DataLoader(ds, { batchSize: 3 })) batches.push(take([x, i]));
    expect(batches.map((b) => b[1])).toEqual([[0, 1, 2], [3, 4, 5], [6]]);
    expect(batches[2][0]).toEqual([6, -6]);
    expect(numTensors()).toBe(before);
  });

  it('refuses plain for over an async dataset, pointing to for await, and leaks nothing', async () => {
    const ds = new AsyncRange(4);
    const before = numTensors();
    const loader = new DataLoader(ds, { batchSize: 2 });
    expect(() => {
      for (const b of loader) disposeTensors(b);
    }).toThrow('iterate with `for await (const batch of loader)`');
    await delay(20);
    expect(numTensors()).toBe(before);
  });

  for (const prefetch of [0, 1, 2]) {
    it(`starts the next ${prefetch} batch(es) before handing out the current one (prefetch=${prefetch})`, async () => {
      const ds = new AsyncRange(10, 1);
      const startedAtHandOut: number[] = [];
      for await (const batch of new DataLoader(ds, { batchSize: 2, prefetch })) {
        startedAtHandOut.push(ds.calls.length);
        await delay(2);
        disposeTensors(batch);
      }
      expect(startedAtHandOut).toEqual([1, 2, 3, 4, 5].map((k) => Math.min(10, 2 * (k + prefetch))));
    });
  }

  it('prefetches synchronous datasets too', async () => {
    const ds = new CountingRange(6);
    const counts: number[] = [];
    for await (const b of new DataLoader(ds, { batchSize: 2, prefetch: 1 })) {
      counts.push(ds.calls);
      b.dispose();
    }
    expect(counts).toEqual([4, 6, 6]);
  });

  it('loads the items of a batch, and of the prefetched batch, concurrently', async () => {
    let inFlight = 0;
    let maxInFlight = 0;
    const ds = {
      length: 12,
      async getItem(i: number) {
        maxInFlight = Math.max(maxInFlight, ++inFlight);
        await delay(5);
        inFlight--;
        return i;
      },
    };
    for await (const b of new DataLoader(ds, { batchSize: 4, prefetch: 1 })) {
      await delay(20);
      b.dispose();
    }
    expect(maxInFlight).toBe(4);
    for await (const b of new DataLoader(ds, { batchSize: 4, prefetch: 2 })) b.dispose();
    expect(maxInFlight).toBe(8);
  });

  it('keeps prefetched batches alive through async scopes in the loop body', async () => {
    const ds = new AsyncRange(9, 1);
    const seen: number[] = [];
    for await (const [x, i] of new DataLoader(ds, { batchSize: 3, prefetch: 2 })) {
      expect(x.isDisposed).toBe(false);
      seen.push(...(i.toArraySync() as number[]));
      await scope(async () => {
        tensor([1, 2, 3]);
        await delay(10); // the next batches arrive while this scope is open
      });
      disposeTensors([x, i]);
    }
    expect(seen).toEqual(range(9));
  });
});

describe('DataLoader: errors', () => {
  const { ds } = indexDataset(4);

  it('checks batchSize, prefetch and the dataset', () => {
    expect(() => new DataLoader(ds, { batchSize: 0 })).toThrow(
      'batch_size should be a positive integer value, but got batch_size=0',
    );
    expect(() => new DataLoader(ds, { batchSize: -2 })).toThrow('but got batch_size=-2');
    expect(() => new DataLoader(ds, { batchSize: 2.5 })).toThrow('but got batch_size=2.5');
    expect(() => new DataLoader(ds, { prefetch: -1 })).toThrow(
      'prefetch should be a non-negative integer, but got prefetch=-1',
    );
    expect(() => new DataLoader({} as DatasetLike)).toThrow('dataset must have a numeric length');
  });

  it('rejects conflicting options with PyTorch messages', () => {
    const sampler = [0, 1, 2, 3];
    expect(() => new DataLoader(ds, { sampler, shuffle: true })).toThrow(
      'sampler option is mutually exclusive with shuffle',
    );
    const msg = 'batch_sampler option is mutually exclusive with batch_size, shuffle, sampler, and drop_last';
    const batchSampler = [[0, 1]];
    expect(() => new DataLoader(ds, { batchSampler, batchSize: 2 })).toThrow(msg);
    expect(() => new DataLoader(ds, { batchSampler, shuffle: true })).toThrow(msg);
    expect(() => new DataLoader(ds, { batchSampler, sampler })).toThrow(msg);
    expect(() => new DataLoader(ds, { batchSampler, dropLast: true })).toThrow(msg);
    expect(() => new DataLoader(ds, { batchSampler, batchSize: 1, shuffle: false })).not.toThrow();
    expect(() => new DataLoader(ds, { sampler, shuffle: false })).not.toThrow();
  });

  it('passes dataset errors on after the batches before them, leaking nothing', async () => {
    for (const dataset of [new CountingRange(10, 7), new AsyncRange(10, 0, 7)] as DatasetLike<unknown>[]) {
      const before = numTensors();
      const delivered: number[] = [];
      await expect(async () => {
        for await (const b of new DataLoader(dataset, { batchSize: 3, prefetch: 2 })) {
          delivered.push(delivered.length);
          disposeTensors(b);
        }
      }).rejects.toThrow('cannot load item 7');
      expect(delivered).toEqual([0, 1]);
      expect(numTensors()).toBe(before);
    }
    const sync = new CountingRange(10, 7);
    expect(() => {
      for (const b of new DataLoader(sync, { batchSize: 3 })) disposeTensors(b);
    }).toThrow('cannot load item 7');
  });
});

describe('DataLoader: memory', () => {
  it('is flat over epochs when the consumer disposes its batches (fast path, item path, for and for await)', async () => {
    const x = rand([100, 4, 4]);
    const y = arange(100);
    const ds = new TensorDataset(x, y);
    for (const dataset of [ds, itemByItem(ds), new Subset(ds, range(60))]) {
      const loader = new DataLoader(dataset, { batchSize: 16, shuffle: true, generator: new Generator(1) });
      const before = numTensors();
      const bytes = memory('cpu').numBytes;
      for (let epoch = 0; epoch < 2; epoch++) {
        for await (const [xb, yb] of loader) {
          xb.dispose();
          yb.dispose();
        }
        expect(numTensors()).toBe(before);
        for (const batch of loader) disposeTensors(batch);
        expect(numTensors()).toBe(before);
        expect(memory('cpu').numBytes).toBe(bytes);
      }
    }
    disposeTensors([x, y]);
  });

  it('disposes prefetched batches when the loop exits early', async () => {
    const x = arange(40);
    for (const dataset of [new TensorDataset(x), new AsyncRange(40, 1)] as DatasetLike<unknown[]>[]) {
      const before = numTensors();
      let n = 0;
      for await (const batch of new DataLoader(dataset, { batchSize: 4, prefetch: 3 })) {
        disposeTensors(batch);
        if (++n === 2) break;
      }
      expect(numTensors()).toBe(before);
    }
    x.dispose();
  });

  it('is flat with transforms in the dataset', async () => {
    const pixels = new Uint8Array(10 * 4 * 4).map((_, i) => i % 256);
    const transform = new Compose([new ToTensor(), new Normalize([0.5], [0.25])]);
    const ds = {
      length: 10,
      getItem: (i: number) => ({
        image: transform.forward({ data: pixels.subarray(i * 16, (i + 1) * 16), width: 4, height: 4 }),
        label: i % 3,
      }),
    };
    const before = numTensors();
    for await (const { image, label } of new DataLoader(ds, { batchSize: 4, shuffle: true })) {
      expect(image.shape[1]).toBe(1);
      image.dispose();
      label.dispose();
    }
    expect(numTensors()).toBe(before);
  });
});
