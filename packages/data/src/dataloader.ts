/**
 * `DataLoader` (PyTorch: `torch.utils.data.DataLoader`): batches of a map-style dataset in sampler
 * order, collated, with the next batch prepared while the current one is used.
 */

import type { Generator } from '@typetorch/tensor';
import { type Collated, defaultCollate } from './collate.js';
import { dataLoaderArgs } from './dataloader-args.js';
import { type DatasetLike, hasGetBatch } from './dataset.js';
import { BatchSampler, RandomSampler, SequentialSampler, type Sized } from './sampler.js';
import { disposeTensors, disposeWhenSettled, isThenable, untrackTensors } from './tree.js';

/** Options of {@link DataLoader} (PyTorch: the keyword arguments of `torch.utils.data.DataLoader`). */
export interface DataLoaderOptions<T, B> {
  /** Items per batch (default 1; PyTorch: `batch_size`). */
  batchSize?: number;
  /** A new random order every epoch (default false). Exclusive with `sampler` (PyTorch: `shuffle`). */
  shuffle?: boolean;
  /**
   * The order of items: any iterable of indices (a `length` makes `loader.length` work; PyTorch:
   * `sampler`).
   */
  sampler?: Iterable<number> & Partial<Sized>;
  /**
   * Yields the index lists of whole batches; exclusive with batchSize, shuffle, sampler and dropLast
   * (PyTorch: `batch_sampler`).
   */
  batchSampler?: Iterable<readonly number[]> & Partial<Sized>;
  /** Drop the last batch when it is incomplete (default false; PyTorch: `drop_last`). */
  dropLast?: boolean;
  /**
   * Randomness of `shuffle`: the same seed gives the same sequence of epoch orders, each epoch a
   * different one. Without it, orders follow the global generator (`manualSeed`) (PyTorch: `generator`).
   */
  generator?: Generator;
  /**
   * Merges a list of items into a batch (default {@link defaultCollate}). A custom function receives
   * the items and owns them: it disposes the tensors it does not put into the batch (PyTorch:
   * `collate_fn`).
   */
  collateFn?: (items: T[]) => B | Promise<B>;
  /**
   * With `for await`, how many batches are prepared ahead while the consumer works on the current
   * one (default 1; 0 turns prefetching off). Asynchronous datasets load concurrently this way (PyTorch:
   * like `prefetch_factor`, with no worker processes).
   */
  prefetch?: number;
}

const noop = (): void => {};

/**
 * Iterates a dataset in batches (PyTorch: `torch.utils.data.DataLoader`).
 *
 * ```ts
 * const loader = new DataLoader(new TensorDataset(x, y), { batchSize: 64, shuffle: true, generator });
 * for (let epoch = 0; epoch < 3; epoch++) {
 *   for await (const [xb, yb] of loader) { ...; xb.dispose(); yb.dispose(); }
 * }
 * ```
 *
 * - `for await` works for every dataset; plain `for` works when items are produced synchronously
 *   (a dataset whose `getItem` returns a Promise throws, pointing to `for await`).
 * - `loader.length` is the number of batches per epoch.
 * - With the default collate function and a dataset that has `getBatch` ({@link TensorDataset}, a
 *   `Subset` of one, or your own), whole batches are gathered at once (one `indexSelect` per tensor
 *   for a TensorDataset) instead of collating item by item.
 * - Memory: batches belong to the consumer, who disposes them (or runs the loop body in `scope`). The
 *   loader disposes items after collating them, and batches it prefetched but never delivered (when a
 *   loop exits early). Batches of asynchronous datasets are untracked from open scopes, so that a
 *   `scope` open in the loop body cannot dispose the batch being prefetched.
 */
export class DataLoader<T, B = Collated<T>> implements Iterable<B>, AsyncIterable<B> {
  /** The dataset batches are drawn from (PyTorch: `DataLoader.dataset`). */
  readonly dataset: DatasetLike<T>;
  /** Items per batch, or null when a `batchSampler` decides (PyTorch: `batch_size`). */
  readonly batchSize: number | null;
  /** Whether the last, incomplete batch is dropped (PyTorch: `drop_last`). */
  readonly dropLast: boolean;
  /** The sampler given, if any (PyTorch: `DataLoader.sampler`, which is never None there). */
  readonly sampler: (Iterable<number> & Partial<Sized>) | undefined;
  /**
   * Yields each batch's indices: the one given, or one built from the options (PyTorch: `batch_sampler`).
   */
  readonly batchSampler: Iterable<readonly number[]> & Partial<Sized>;
  /** The generator of `shuffle`, if given (PyTorch: `generator`). */
  readonly generator: Generator | undefined;
  /** Typed on unknown items so that DataLoader<T, B> stays assignable to DataLoader<unknown, B>. */
  readonly #collateFn: (items: unknown[]) => B | Promise<B>;
  /** Batches prepared ahead by `for await` (PyTorch: like `prefetch_factor`). */
  readonly prefetch: number;
  /** The loader made the items with getItem and collates them with defaultCollate: it disposes them. */
  private readonly ownsItems: boolean;
  /** Batches come from dataset.getBatch. */
  private readonly fastPath: boolean;

  constructor(
    dataset: DatasetLike<T>,
    ...args:
      | [options?: DataLoaderOptions<T, B>]
      | [batchSize?: number, shuffle?: boolean | DataLoaderOptions<T, B>, options?: DataLoaderOptions<T, B>]
  ) {
    const options = dataLoaderArgs<T, B>(args);
    if (
      dataset === null ||
      typeof dataset !== 'object' ||
      typeof dataset.getItem !== 'function' ||
      typeof dataset.length !== 'number'
    ) {
      throw new TypeError('DataLoader: dataset must have a numeric length and a getItem(index) method');
    }
    const { shuffle = false, sampler, batchSampler, generator, collateFn, prefetch = 1 } = options;
    let batchSize: number | null = options.batchSize ?? 1;
    let dropLast = options.dropLast ?? false;
    if (sampler !== undefined && shuffle) {
      throw new RangeError('sampler option is mutually exclusive with shuffle');
    }
    if (batchSampler !== undefined) {
      if (batchSize !== 1 || shuffle || sampler !== undefined || dropLast) {
        throw new RangeError(
          'batch_sampler option is mutually exclusive with batch_size, shuffle, sampler, and drop_last',
        );
      }
      batchSize = null;
      dropLast = false;
    }
    if (!Number.isInteger(prefetch) || prefetch < 0) {
      throw new RangeError(`prefetch should be a non-negative integer, but got prefetch=${String(prefetch)}`);
    }
    this.dataset = dataset;
    this.generator = generator;
    this.prefetch = prefetch;
    if (batchSampler !== undefined) {
      this.sampler = undefined;
      this.batchSampler = batchSampler;
    } else {
      this.sampler =
        sampler ?? (shuffle ? new RandomSampler(dataset, { generator }) : new SequentialSampler(dataset));
      this.batchSampler = new BatchSampler(this.sampler, batchSize as number, dropLast);
    }
    this.batchSize = batchSize;
    this.dropLast = dropLast;
    const isDefault = collateFn === undefined || collateFn === (defaultCollate as unknown);
    this.#collateFn = (collateFn ?? defaultCollate) as (items: unknown[]) => B | Promise<B>;
    this.ownsItems = isDefault;
    this.fastPath = isDefault && hasGetBatch(dataset);
  }

  /** Merges items into a batch: the `collateFn` option or {@link defaultCollate} (PyTorch: `collate_fn`). */
  collateFn(items: T[]): B | Promise<B> {
    return this.#collateFn(items);
  }

  /** Number of batches per epoch (PyTorch: `len(loader)`). */
  get length(): number {
    const n = this.batchSampler.length;
    if (typeof n !== 'number') throw new TypeError('DataLoader: the batch sampler has no length');
    return n;
  }

  /**
   * Iterates one epoch synchronously; needs a dataset (and collateFn) that produce batches synchronously
   * (PyTorch: `iter(loader)`).
   */
  *[Symbol.iterator](): Iterator<B> {
    for (const indices of this.batchSampler) {
      const batch = this.fetch(indices, false);
      if (isThenable(batch)) {
        disposeWhenSettled(batch);
        throw new TypeError(
          'DataLoader: this dataset produces its items asynchronously (getItem, getBatch or collateFn returned a Promise); iterate with `for await (const batch of loader)`',
        );
      }
      yield batch;
    }
  }

  /**
   * Iterates one epoch, preparing the next `prefetch` batches while the consumer uses the current one
   * (PyTorch: `iter(loader)` with `num_workers > 0`).
   */
  async *[Symbol.asyncIterator](): AsyncIterator<B> {
    const batches = this.batchSampler[Symbol.iterator]();
    const queue: (B | Promise<B>)[] = [];
    let exhausted = false;
    const startNext = (): void => {
      if (exhausted) return;
      let pending: B | Promise<B>;
      try {
        const next = batches.next();
        if (next.done) {
          exhausted = true;
          return;
        }
        pending = this.fetch(next.value, true);
      } catch (err) {
        // Reported when this batch's turn comes, after the batches before it were delivered.
        exhausted = true;
        pending = Promise.reject(err);
      }
      if (isThenable(pending)) (pending as Promise<B>).catch(noop);
      queue.push(pending);
    };
    try {
      while (true) {
        if (queue.length === 0) startNext();
        if (queue.length === 0) break;
        const head = queue.shift() as B | Promise<B>;
        const batch = isThenable(head) ? await head : head;
        while (queue.length < this.prefetch && !exhausted) startNext();
        yield batch;
      }
    } finally {
      const leftover = queue.splice(0);
      for (const settled of await Promise.allSettled(leftover)) {
        if (settled.status === 'fulfilled') disposeTensors(settled.value);
      }
      batches.return?.();
    }
  }

  /** The batch of `indices`: synchronously when the dataset and collateFn are, else a Promise. */
  private fetch(indices: readonly number[], untrack: boolean): B | Promise<B> {
    if (this.fastPath) {
      const batch = (this.dataset.getBatch as (indices: readonly number[]) => B | Promise<B>)(indices);
      return isThenable(batch) ? Promise.resolve(batch).then(untrack ? untrackTensors : (b) => b) : batch;
    }
    const items: (T | Promise<T>)[] = [];
    let async = false;
    try {
      for (const i of indices) {
        const item = this.dataset.getItem(i);
        if (isThenable(item)) {
          async = true;
          items.push(Promise.resolve(item).then(untrack ? untrackTensors : (x) => x));
        } else {
          items.push(item);
        }
      }
    } catch (err) {
      this.discardItems(items);
      throw err;
    }
    if (!async) return this.collate(items as T[], false);
    return Promise.allSettled(items).then((settled) => {
      const failed = settled.find((s) => s.status === 'rejected');
      const values = settled.flatMap((s) => (s.status === 'fulfilled' ? [s.value] : []));
      if (failed !== undefined) {
        if (this.ownsItems) disposeTensors(values);
        throw (failed as PromiseRejectedResult).reason;
      }
      const batch = this.collate(values, untrack);
      return isThenable(batch) ? Promise.resolve(batch) : batch;
    });
  }

  private collate(items: T[], untrack: boolean): B | Promise<B> {
    if (!this.ownsItems) {
      const batch = this.#collateFn(items);
      if (!untrack) return batch;
      return isThenable(batch) ? Promise.resolve(batch).then(untrackTensors) : untrackTensors(batch);
    }
    try {
      const batch = this.#collateFn(items) as B;
      return untrack ? untrackTensors(batch) : batch;
    } finally {
      disposeTensors(items);
    }
  }

  private discardItems(items: readonly (T | Promise<T>)[]): void {
    if (!this.ownsItems) return;
    for (const item of items) disposeWhenSettled(item);
  }
}
