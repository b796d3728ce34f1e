/**
 * Samplers: the order in which a DataLoader visits a dataset (PyTorch: `torch.utils.data.Sampler`,
 * `SequentialSampler`, `RandomSampler`, `SubsetRandomSampler`, `WeightedRandomSampler`,
 * `BatchSampler`). Randomness comes from a tensor-package `Generator`: a seeded generator gives the
 * same sequence of orders, and each pass over a sampler continues its stream (a new order per epoch).
 */
import { defaultGenerator, type Generator, randpermHost, Tensor, type TypedArray } from '@typetorch/tensor';
import { randintHost, spawnGenerator, uniformHost } from './random.js';

/** Anything with a length, such as a dataset (PyTorch: `Sized`). */
export interface Sized {
  /** Number of items (PyTorch: `__len__`). */
  readonly length: number;
}

/** Iterates indices (or, for batch samplers, lists of indices) (PyTorch: `torch.utils.data.Sampler`). */
export abstract class Sampler<T = number> implements Iterable<T> {
  /** Number of values one pass yields (PyTorch: `__len__`). */
  abstract readonly length: number;
  /** One pass over the values (PyTorch: `Sampler.__iter__`). */
  abstract [Symbol.iterator](): Iterator<T>;
}

/** Indices `0, 1, ..., length - 1` (PyTorch: `SequentialSampler`). */
export class SequentialSampler extends Sampler<number> {
  /** The dataset (or anything with a length) whose indices it yields (PyTorch: `data_source`). */
  readonly dataSource: Sized;

  constructor(dataSource: Sized) {
    super();
    this.dataSource = dataSource;
  }

  get length(): number {
    return this.dataSource.length;
  }

  *[Symbol.iterator](): Iterator<number> {
    const n = this.dataSource.length;
    for (let i = 0; i < n; i++) yield i;
  }
}

/**
 * Options of {@link RandomSampler} (PyTorch: the keyword arguments of `torch.utils.data.RandomSampler`).
 */
export interface RandomSamplerOptions {
  /** Draw with replacement (default false: permutations; PyTorch: `replacement`). */
  replacement?: boolean;
  /** Number of indices per pass (default: the dataset's length; PyTorch: `num_samples`). */
  numSamples?: number;
  /**
   * Source of randomness. Without one, each pass seeds a fresh stream from the global generator, so
   * `manualSeed()` makes the orders reproducible (as in PyTorch).
   */
  generator?: Generator;
}

function checkPositiveInt(name: string, value: unknown): void {
  if (typeof value !== 'number' || !Number.isInteger(value) || value <= 0) {
    throw new RangeError(`${name} should be a positive integer value, but got ${name}=${String(value)}`);
  }
}

function checkBoolean(name: string, value: unknown): void {
  if (typeof value !== 'boolean') {
    throw new TypeError(`${name} should be a boolean value, but got ${name}=${String(value)}`);
  }
}

/**
 * Random indices (PyTorch: `RandomSampler`): without replacement, a permutation per `length` items
 * (several permutations, the last cut short, when `numSamples` exceeds the length); with replacement,
 * independent uniform draws.
 */
export class RandomSampler extends Sampler<number> {
  /** The dataset (or anything with a length) whose indices it yields (PyTorch: `data_source`). */
  readonly dataSource: Sized;
  /** Whether indices are drawn with replacement (PyTorch: `replacement`). */
  readonly replacement: boolean;
  /** The source of randomness, if given (PyTorch: `generator`). */
  readonly generator: Generator | undefined;
  private readonly requestedSamples: number | undefined;

  constructor(dataSource: Sized, options: RandomSamplerOptions = {}) {
    super();
    const { replacement = false, numSamples, generator } = options;
    checkBoolean('replacement', replacement);
    if (numSamples !== undefined && numSamples !== null) checkPositiveInt('num_samples', numSamples);
    this.dataSource = dataSource;
    this.replacement = replacement;
    this.requestedSamples = numSamples ?? undefined;
    this.generator = generator;
  }

  /** Indices per pass (PyTorch: `num_samples`). */
  get numSamples(): number {
    return this.requestedSamples ?? this.dataSource.length;
  }

  get length(): number {
    return this.numSamples;
  }

  *[Symbol.iterator](): Iterator<number> {
    const n = this.dataSource.length;
    const total = this.numSamples;
    if (total > 0 && n === 0) throw new RangeError('RandomSampler: cannot sample from an empty dataset');
    const generator = this.generator ?? spawnGenerator(defaultGenerator);
    if (this.replacement) {
      // Drawn 32 at a time, as PyTorch does, so a pass that stops early draws little.
      for (let done = 0; done < total; done += 32) {
        yield* randintHost(n, Math.min(32, total - done), generator);
      }
    } else {
      for (let done = 0; done < total; done += n) {
        const perm = randpermHost(n, generator);
        yield* total - done >= n ? perm : perm.subarray(0, total - done);
      }
    }
  }
}

/** A random permutation of the given indices per pass (PyTorch: `SubsetRandomSampler`). */
export class SubsetRandomSampler extends Sampler<number> {
  /** The indices to permute (PyTorch: `SubsetRandomSampler.indices`). */
  readonly indices: readonly number[];
  /** The source of randomness, if given (PyTorch: `generator`). */
  readonly generator: Generator | undefined;

  constructor(indices: readonly number[] | Int32Array, options: { generator?: Generator } = {}) {
    super();
    this.indices = Array.from(indices);
    this.generator = options.generator;
  }

  get length(): number {
    return this.indices.length;
  }

  *[Symbol.iterator](): Iterator<number> {
    const perm = randpermHost(this.indices.length, this.generator ?? defaultGenerator);
    for (const i of perm) yield this.indices[i];
  }
}

/**
 * Options of {@link WeightedRandomSampler} (PyTorch: the keyword arguments of
 * `torch.utils.data.WeightedRandomSampler`).
 */
export interface WeightedRandomSamplerOptions {
  /**
   * Draw with replacement (default true). Without, every index appears at most once per pass (PyTorch:
   * `replacement`).
   */
  replacement?: boolean;
  /** The source of randomness (PyTorch: `generator`). */
  generator?: Generator;
}

/**
 * Indices `0..weights.length-1` drawn with probabilities proportional to `weights` (PyTorch:
 * `WeightedRandomSampler`, which calls `torch.multinomial`). Weights need not sum to 1. A weights
 * tensor is read once, synchronously (pass an array for tensors on asynchronous devices).
 */
export class WeightedRandomSampler extends Sampler<number> {
  /** The weights, as float64 values (PyTorch: `WeightedRandomSampler.weights`). */
  readonly weights: Float64Array;
  /** Indices per pass (PyTorch: `num_samples`). */
  readonly numSamples: number;
  /** Whether indices are drawn with replacement (PyTorch: `replacement`). */
  readonly replacement: boolean;
  /** The source of randomness, if given (PyTorch: `generator`). */
  readonly generator: Generator | undefined;
  private readonly cumulative: Float64Array;

  constructor(
    weights: readonly number[] | TypedArray | Tensor,
    numSamples: number,
    options: WeightedRandomSamplerOptions | boolean = {},
  ) {
    super();
    const { replacement = true, generator } =
      typeof options === 'boolean' ? { replacement: options } : options;
    checkPositiveInt('num_samples', numSamples);
    checkBoolean('replacement', replacement);
    if (weights instanceof Tensor) {
      if (weights.ndim !== 1) {
        throw new RangeError(
          `weights should be a 1d sequence but given weights have shape [${weights.shape.join(', ')}]`,
        );
      }
      weights = weights.dataSync();
    }
    const w = Float64Array.from(weights as ArrayLike<number>);
    let sum = 0;
    let positive = 0;
    for (const v of w) {
      if (!Number.isFinite(v)) {
        throw new RangeError('probability tensor contains either `inf`, `nan` or element < 0');
      }
      if (v < 0)
        throw new RangeError('invalid multinomial distribution (encountering probability entry < 0)');
      sum += v;
      if (v > 0) positive++;
    }
    if (!(sum > 0)) throw new RangeError('invalid multinomial distribution (sum of probabilities <= 0)');
    if (!replacement && numSamples > w.length) {
      throw new RangeError('cannot sample n_sample > prob_dist.size(-1) samples without replacement');
    }
    if (!replacement && numSamples > positive) {
      throw new RangeError(
        'invalid multinomial distribution (with replacement=False, not enough non-negative category to sample)',
      );
    }
    this.weights = w;
    this.numSamples = numSamples;
    this.replacement = replacement;
    this.generator = generator;
    this.cumulative = new Float64Array(w.length);
    let acc = 0;
    for (let i = 0; i < w.length; i++) this.cumulative[i] = acc += w[i];
  }

  get length(): number {
    return this.numSamples;
  }

  *[Symbol.iterator](): Iterator<number> {
    const generator = this.generator ?? defaultGenerator;
    const u = uniformHost(this.numSamples, generator);
    const w = this.weights;
    if (this.replacement) {
      // Inverse CDF by binary search; zero-weight categories have empty intervals and are never hit.
      const cdf = this.cumulative;
      const total = cdf[cdf.length - 1];
      for (let k = 0; k < u.length; k++) {
        const target = u[k] * total;
        let lo = 0;
        let hi = cdf.length - 1;
        while (lo < hi) {
          const mid = (lo + hi) >>> 1;
          if (cdf[mid] > target) hi = mid;
          else lo = mid + 1;
        }
        while (w[lo] === 0 && lo > 0) lo--; // rounding guard: never return a zero-weight index
        yield lo;
      }
    } else {
      // Exponential races (what torch.multinomial does without replacement): the k smallest
      // E_i / w_i, with E_i ~ Exp(1), are a weighted sample without replacement, in draw order.
      const keys = uniformHost(w.length, generator);
      const order: number[] = [];
      for (let i = 0; i < w.length; i++) {
        if (w[i] > 0) {
          keys[i] = -Math.log(1 - keys[i]) / w[i];
          order.push(i);
        }
      }
      order.sort((a, b) => keys[a] - keys[b]);
      yield* order.slice(0, this.numSamples);
    }
  }
}

/**
 * Groups another sampler's indices into lists of `batchSize` (PyTorch: `BatchSampler`); the last
 * list is shorter unless `dropLast`.
 */
export class BatchSampler extends Sampler<number[]> {
  /** The sampler whose indices are grouped (PyTorch: `BatchSampler.sampler`). */
  readonly sampler: Iterable<number> & Partial<Sized>;
  /** Indices per batch (PyTorch: `batch_size`). */
  readonly batchSize: number;
  /** Whether the last, shorter list is dropped (PyTorch: `drop_last`). */
  readonly dropLast: boolean;

  constructor(sampler: Iterable<number> & Partial<Sized>, batchSize: number, dropLast: boolean) {
    super();
    checkPositiveInt('batch_size', batchSize);
    checkBoolean('drop_last', dropLast);
    this.sampler = sampler;
    this.batchSize = batchSize;
    this.dropLast = dropLast;
  }

  get length(): number {
    const n = this.sampler.length;
    if (typeof n !== 'number') throw new TypeError('BatchSampler: the sampler has no length');
    return this.dropLast ? Math.floor(n / this.batchSize) : Math.ceil(n / this.batchSize);
  }

  *[Symbol.iterator](): Iterator<number[]> {
    let batch: number[] = [];
    for (const i of this.sampler) {
      batch.push(i);
      if (batch.length === this.batchSize) {
        yield batch;
        batch = [];
      }
    }
    if (batch.length > 0 && !this.dropLast) yield batch;
  }
}
