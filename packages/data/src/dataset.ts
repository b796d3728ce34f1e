/**
 * Map-style datasets (PyTorch: `torch.utils.data.Dataset`, `TensorDataset`, `Subset`,
 * `ConcatDataset`, `random_split`).
 */
import { defaultGenerator, type Generator, randpermHost, type Tensor, tensor } from '@typetorch/tensor';

/**
 * What a {@link DataLoader} needs of a dataset: a `length` and `getItem(i)` for `0 <= i < length`
 * (PyTorch: `__len__` and `__getitem__`). `getItem` may return a Promise (data read from the network,
 * IndexedDB or a file); such datasets are iterated with `for await`.
 *
 * Ownership: the tensors `getItem` returns belong to the caller, which disposes them (the DataLoader
 * does so after collating). Return new tensors or views (`t.select(0, i)`, `t.detach()`: no copy),
 * never a tensor the dataset keeps.
 *
 * Optionally, `getBatch(indices)` returns the collated batch of those items at once (what
 * `defaultCollate` would make of them); the DataLoader then skips item-by-item collation when it
 * uses the default collate function. {@link TensorDataset} implements it with one `indexSelect`
 * per tensor.
 */
export interface DatasetLike<T = unknown> {
  /** Number of items (PyTorch: `__len__`). */
  readonly length: number;
  /** Item `index` (PyTorch: `__getitem__`). */
  getItem(index: number): T | Promise<T>;
  /** The collated batch of the items at `indices`, optional (PyTorch: `__getitems__`). */
  getBatch?(indices: readonly number[]): unknown;
}

/**
 * Base class of map-style datasets (PyTorch: `torch.utils.data.Dataset`): subclasses implement
 * `length` (a property or a getter) and `getItem`, synchronous or async. See {@link DatasetLike} for
 * who owns the returned tensors.
 */
export abstract class Dataset<T = unknown> implements DatasetLike<T> {
  /** Number of items (PyTorch: `__len__`). */
  abstract readonly length: number;
  /** The item at `index` (PyTorch: `__getitem__`). */
  abstract getItem(index: number): T | Promise<T>;
}

/** Whether the DataLoader may fetch whole batches from `dataset` through `getBatch`. */
export function hasGetBatch<T>(
  dataset: DatasetLike<T>,
): dataset is DatasetLike<T> & { getBatch(indices: readonly number[]): unknown } {
  if (typeof dataset.getBatch !== 'function') return false;
  // A subclass that changes getItem but inherits getBatch would get batches that disagree with its items.
  if (
    dataset instanceof TensorDataset &&
    dataset.getItem !== TensorDataset.prototype.getItem &&
    dataset.getBatch === TensorDataset.prototype.getBatch
  ) {
    return false;
  }
  return true;
}

/** Checks a dataset index and resolves negative ones from the end, as Python sequences do. */
function resolveIndex(index: number, length: number, what: string): number {
  if (!Number.isInteger(index)) throw new TypeError(`${what} indices must be integers, got ${index}`);
  if (index < -length || index >= length) {
    throw new RangeError(`index ${index} is out of bounds for ${what} with size ${length}`);
  }
  return index < 0 ? index + length : index;
}

/**
 * The row type of a TensorDataset over tensors `T`: one tensor per input tensor (PyTorch: the tuples
 * `TensorDataset.__getitem__` returns).
 */
export type TensorRows<T extends readonly Tensor[]> = { -readonly [K in keyof T]: Tensor };

/**
 * Rows of tensors sharing their first dim (PyTorch: `torch.utils.data.TensorDataset`): item `i` is
 * `[t0[i], t1[i], ...]` (views, no copy). Batches come from {@link getBatch}: one `indexSelect` per
 * tensor, instead of stacking rows.
 */
export class TensorDataset<T extends Tensor[] = Tensor[]> extends Dataset<TensorRows<T>> {
  /** The tensors, sharing their first dim (PyTorch: `TensorDataset.tensors`). */
  readonly tensors: T;

  constructor(...tensors: T) {
    super();
    if (tensors.length === 0) throw new TypeError('TensorDataset requires at least one tensor');
    tensors.forEach((t, i) => {
      if (t.ndim === 0) {
        throw new RangeError(
          `TensorDataset: tensor ${i} is 0-dimensional; every tensor needs a first (sample) dimension`,
        );
      }
    });
    if (!tensors.every((t) => t.shape[0] === tensors[0].shape[0])) {
      throw new RangeError('Size mismatch between tensors');
    }
    this.tensors = tensors;
  }

  get length(): number {
    return this.tensors[0].shape[0];
  }

  /** Row `index` of every tensor, as views (PyTorch: `TensorDataset.__getitem__`). */
  getItem(index: number): TensorRows<T> {
    const i = resolveIndex(index, this.length, 'dimension 0');
    return this.tensors.map((t) => t.select(0, i)) as TensorRows<T>;
  }

  /**
   * The rows at `indices` of every tensor, each gathered by one `indexSelect` (a new tensor; PyTorch:
   * `__getitems__`).
   */
  getBatch(indices: readonly number[]): TensorRows<T> {
    const n = this.length;
    const rows = Int32Array.from(indices, (i) => resolveIndex(i, n, 'dimension 0'));
    const byDevice = new Map<string, Tensor>();
    try {
      return this.tensors.map((t) => {
        let index = byDevice.get(t.device);
        if (index === undefined) {
          index = tensor(rows, { device: t.device });
          byDevice.set(t.device, index);
        }
        return t.indexSelect(0, index);
      }) as TensorRows<T>;
    } finally {
      for (const index of byDevice.values()) index.dispose();
    }
  }
}

/**
 * The items of `dataset` at `indices`, in that order (PyTorch: `torch.utils.data.Subset`). Keeps the
 * parent's batch fetching (`getBatch`) when it has one.
 */
export class Subset<T = unknown> extends Dataset<T> {
  /** The parent dataset (PyTorch: `Subset.dataset`). */
  readonly dataset: DatasetLike<T>;
  /** The parent's indices, in this subset's order (PyTorch: `Subset.indices`). */
  readonly indices: readonly number[];
  /** Present when the parent dataset has `getBatch` (PyTorch: `Subset.__getitems__`). */
  readonly getBatch?: (indices: readonly number[]) => unknown;

  constructor(dataset: DatasetLike<T>, indices: readonly number[] | Int32Array) {
    super();
    this.dataset = dataset;
    this.indices = Array.from(indices);
    for (const i of this.indices) {
      if (!Number.isInteger(i)) throw new TypeError(`Subset indices must be integers, got ${i}`);
    }
    if (hasGetBatch(dataset)) {
      this.getBatch = (batch) =>
        dataset.getBatch(batch.map((i) => this.indices[resolveIndex(i, this.indices.length, 'Subset')]));
    }
  }

  get length(): number {
    return this.indices.length;
  }

  getItem(index: number): T | Promise<T> {
    return this.dataset.getItem(this.indices[resolveIndex(index, this.indices.length, 'Subset')]);
  }
}

/** Several datasets one after another (PyTorch: `torch.utils.data.ConcatDataset`). */
export class ConcatDataset<T = unknown> extends Dataset<T> {
  /** The datasets, in order (PyTorch: `ConcatDataset.datasets`). */
  readonly datasets: readonly DatasetLike<T>[];
  /** Running totals of the datasets' lengths, taken at construction (PyTorch: `cumulative_sizes`). */
  readonly cumulativeSizes: readonly number[];

  constructor(datasets: Iterable<DatasetLike<T>>) {
    super();
    this.datasets = [...datasets];
    if (this.datasets.length === 0) throw new RangeError('datasets should not be an empty iterable');
    const sizes: number[] = [];
    let total = 0;
    for (const d of this.datasets) {
      total += d.length;
      sizes.push(total);
    }
    this.cumulativeSizes = sizes;
  }

  get length(): number {
    return this.cumulativeSizes[this.cumulativeSizes.length - 1];
  }

  getItem(index: number): T | Promise<T> {
    if (index < 0) {
      if (-index > this.length)
        throw new RangeError('absolute value of index should not exceed dataset length');
      index += this.length;
    }
    const i = resolveIndex(index, this.length, 'ConcatDataset');
    // bisect_right: the first dataset whose running total exceeds i.
    let lo = 0;
    let hi = this.cumulativeSizes.length;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (this.cumulativeSizes[mid] <= i) lo = mid + 1;
      else hi = mid;
    }
    const sampleIndex = lo === 0 ? i : i - this.cumulativeSizes[lo - 1];
    return this.datasets[lo].getItem(sampleIndex);
  }
}

function isClose(a: number, b: number): boolean {
  return Math.abs(a - b) <= 1e-9 * Math.max(Math.abs(a), Math.abs(b));
}

/**
 * Splits a dataset into non-overlapping random subsets (PyTorch: `torch.utils.data.random_split`).
 * `lengths` are either item counts summing to the dataset's length, or fractions summing to 1: each
 * split then gets `floor(length * fraction)` items and the remainder is dealt out one by one, round
 * robin from the first split. The permutation comes from `generator` (default: the global one).
 */
export function randomSplit<T>(
  dataset: DatasetLike<T>,
  lengths: readonly number[],
  generator: Generator = defaultGenerator,
): Subset<T>[] {
  const n = dataset.length;
  let counts = [...lengths];
  const total = counts.reduce((a, b) => a + b, 0);
  if (isClose(total, 1) && total <= 1) {
    counts = lengths.map((frac, i) => {
      if (!(frac >= 0 && frac <= 1)) throw new RangeError(`Fraction at index ${i} is not between 0 and 1`);
      return Math.floor(n * frac);
    });
    const remainder = n - counts.reduce((a, b) => a + b, 0);
    for (let i = 0; i < remainder; i++) counts[i % counts.length] += 1;
    counts.forEach((c, i) => {
      if (c === 0) console.warn(`Length of split at index ${i} is 0. This might result in an empty dataset.`);
    });
  } else {
    counts.forEach((c, i) => {
      if (!Number.isInteger(c) || c < 0) {
        throw new RangeError(
          `randomSplit(): lengths must be non-negative integers or fractions that sum to 1, got ${c} at index ${i}`,
        );
      }
    });
  }
  if (counts.reduce((a, b) => a + b, 0) !== n) {
    throw new RangeError('Sum of input lengths does not equal the length of the input dataset!');
  }
  const perm = randpermHost(n, generator);
  const out: Subset<T>[] = [];
  let offset = 0;
  for (const c of counts) {
    out.push(new Subset(dataset, perm.subarray(offset, offset + c)));
    offset += c;
  }
  return out;
}
