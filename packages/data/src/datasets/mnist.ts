/**
 * MNIST and Fashion-MNIST (torchvision: `torchvision.datasets.MNIST`, `FashionMNIST`). Browser-safe:
 * files come from URLs (`fetch`) or from bytes. `@typetorch/data/node` extends these classes to read
 * a data directory and to download into a cache directory.
 */
import { type Tensor, tensor, untrack } from '@typetorch/tensor';
import { type Collated, defaultCollate } from '../collate.js';
import { Dataset } from '../dataset.js';
import { type FetchOptions, fetchFirst, fetchResource, joinUrl } from '../download/fetch.js';
import { maxDownloadBytes } from '../download/limits.js';
import { idxSizeLimit } from '../idx/gunzip-limit.js';
import { type Gunzip, gunzipWeb, maybeGunzip } from '../idx/gzip.js';
import { type IdxArray, IdxError, parseIdxImages, parseIdxLabels } from '../idx/idx.js';
import { applyTransform, type TransformLike } from '../transforms/transform.js';
import { disposeTensors, forEachTensor } from '../tree.js';
import {
  type DatasetSpec,
  FASHION_MNIST_SPEC,
  MNIST_SPEC,
  rawName,
  type SplitResources,
} from './resources.js';
import { checkSource } from './source-check.js';

/** Options every MNIST-style dataset takes (torchvision: `train`, `transform`, `target_transform`). */
export interface MNISTOptions<I = Tensor, T = number> {
  /**
   * The training split (60000 images) or, if false, the test split (10000). Default true (torchvision:
   * `train`).
   */
  train?: boolean;
  /**
   * Applied to each image by `getItem`: a transform object (`new ToTensor()`, `new Compose([...])`) or
   * a function. It receives an int32 tensor [28, 28] with values 0..255 (torchvision passes a PIL
   * image); `ToTensor` turns it into float32 [1, 28, 28] in [0, 1], as torchvision's. The image passed
   * in belongs to the dataset: it is disposed after `transform` returns, unless the result is or
   * contains it, so clone it to keep it.
   */
  transform?: TransformLike<Tensor, I> | null;
  /**
   * Applied to each target (an integer class index) by `getItem`: a transform object or a function
   * (torchvision: `target_transform`).
   */
  targetTransform?: TransformLike<number, T> | null;
}

/**
 * Options of the browser-safe `load` (the Node entry adds `cacheDir` and reads directories; torchvision:
 * the arguments of `torchvision.datasets.MNIST`).
 */
export interface MNISTLoadOptions<I = Tensor, T = number> extends MNISTOptions<I, T>, FetchOptions {
  /**
   * Without `root`, fetch the files from the canonical mirrors (in the browser, the mirrors must allow
   * cross-origin requests) and check their md5. Default false (torchvision: `download`).
   */
  download?: boolean;
  /** Base URLs tried in turn when downloading (default: torchvision's, see `MNIST.mirrors`). */
  mirrors?: readonly string[];
  /**
   * gzip decoder (default: `DecompressionStream`) (PyTorch has none: torchvision decompresses with Python's
   * `gzip`).
   */
  gunzip?: Gunzip;
}

/**
 * Decoded files of one split, ready for the constructor (PyTorch has none: torchvision's `MNIST` reads its
 * own files).
 */
export interface MNISTSource {
  /**
   * `[N, rows, cols]` pixels, as `parseIdxImages` returns them (torchvision: `read_image_file`'s result).
   */
  images: IdxArray;
  /** `[N]` labels, as `parseIdxLabels` returns them (torchvision: `read_label_file`'s result). */
  labels: IdxArray;
  /** Where the files came from (a directory or URL), shown by `toString()` (torchvision: `root`). */
  root?: string;
}

/** Names used in messages and the per-split expectations (PyTorch has none). */
export interface DecodeOptions {
  /** Names for messages (default: the canonical file names; PyTorch has none). */
  names?: { images?: string; labels?: string };
  /**
   * Require the canonical number of examples (60000 / 10000). Default false for bytes, true for files
   * (PyTorch has none).
   */
  strictCount?: boolean;
  /**
   * The gzip decoder (default: `DecompressionStream`; PyTorch has none: torchvision uses Python's `gzip`).
   */
  gunzip?: Gunzip;
}

/**
 * Decompresses (if gzip) and parses the two files of a split, checking them against the spec: 28x28
 * images, labels below the number of classes, as many labels as images (and, with `strictCount`, the
 * canonical counts). Errors name the files (torchvision: `read_image_file` and `read_label_file` with their
 * checks).
 */
export async function decodeSplit(
  spec: DatasetSpec,
  train: boolean,
  imageBytes: Uint8Array,
  labelBytes: Uint8Array,
  options: DecodeOptions = {},
): Promise<MNISTSource> {
  const split = train ? spec.train : spec.test;
  const imagesName = options.names?.images ?? rawName(split.images.file);
  const labelsName = options.names?.labels ?? rawName(split.labels.file);
  const gunzip = options.gunzip ?? gunzipWeb;
  // Inflation stops at the expected size: the canonical one, else the one the IDX header announces.
  const strict = options.strictCount === true;
  const [rawImages, rawLabels] = await both(
    maybeGunzip(
      imageBytes,
      imagesName,
      gunzip,
      strict ? split.images.rawSize : idxSizeLimit([spec.rows, spec.cols]),
    ),
    maybeGunzip(labelBytes, labelsName, gunzip, strict ? split.labels.rawSize : idxSizeLimit()),
  );
  const count = options.strictCount ? split.count : undefined;
  const images = parseIdxImages(rawImages, imagesName, { count, rows: spec.rows, cols: spec.cols });
  const labels = parseIdxLabels(rawLabels, labelsName, { count, numClasses: spec.classes.length });
  if (images.shape[0] !== labels.shape[0]) {
    throw new IdxError(
      `${spec.name}: ${imagesName} has ${images.shape[0]} images but ${labelsName} has ${labels.shape[0]} labels`,
    );
  }
  return { images, labels };
}

function intTensor(bytes: Uint8Array, shape: number[], dtype: 'int32' | 'int64'): Tensor {
  const values = new Int32Array(bytes.length);
  values.set(bytes);
  const flat = tensor(values, { dtype });
  if (shape.length === 1) return flat;
  const out = flat.reshape(shape);
  flat.dispose();
  return out;
}

/**
 * The MNIST handwritten digits (torchvision: `torchvision.datasets.MNIST`): 60000 training and 10000
 * test images of 28x28 pixels, labels 0..9.
 *
 * ```ts
 * import '@typetorch/backend-cpu';
 * import { MNIST } from '@typetorch/data/node';           // Node: a directory or the cache
 * const train = await MNIST.load('data', { download: true });
 * const [image, target] = train.getItem(0);              // int32 [28, 28] (0..255), 5
 * ```
 *
 * Loading is asynchronous (reading, decompressing), so datasets are created by `await MNIST.load(root,
 * options)`, with torchvision's arguments; the constructor takes already decoded files. In this
 * browser-safe class, `root` is a base URL holding the four files (gzip'd or not); without `root`,
 * `{ download: true }` fetches from the canonical mirrors.
 *
 * `data` and `targets` follow torchvision, except that the tensor package has no uint8 dtype: `data` is
 * an int32 tensor [N, 28, 28] with the same values 0..255 as torchvision's uint8 tensor, and the raw
 * bytes stay available as `pixels` (a Uint8Array). `targets` is an int64 tensor [N].
 */
export class MNIST<I = Tensor, T = number> extends Dataset<[I, T]> {
  /** Base URLs tried in turn by downloads (torchvision: `MNIST.mirrors`). */
  static readonly mirrors: readonly string[] = MNIST_SPEC.mirrors;
  /** Class names (torchvision: `MNIST.classes`). */
  static readonly classes: readonly string[] = MNIST_SPEC.classes;
  /**
   * Files, checksums, mirrors and class names of this dataset (PyTorch has none: torchvision keeps them in
   * `MNIST.resources`, `mirrors`, `classes`).
   */
  static readonly spec: DatasetSpec = MNIST_SPEC;

  /** True for the training split (torchvision: `train`). */
  readonly train: boolean;
  /** Class names by target (torchvision: `classes`), e.g. `'5 - five'`. */
  readonly classes: readonly string[];
  /** Target of each class name (torchvision: `class_to_idx`). */
  readonly classToIdx: Readonly<Record<string, number>>;
  /**
   * The images' raw bytes, [N, 28, 28] row-major, 0 = background, 255 = ink (a view, no copy; torchvision:
   * `data` holds them as uint8).
   */
  readonly pixels: Uint8Array;
  /** The labels' raw bytes, [N] (torchvision: `targets` holds them as int64). */
  readonly labels: Uint8Array;
  /** Image height (28; PyTorch has none). */
  readonly rows: number;
  /** Image width (28; PyTorch has none). */
  readonly cols: number;
  /** Where the files were read from, if known (torchvision: `root`). */
  readonly root: string | undefined;
  /** Applied to each image by `getItem`, or null (torchvision: `transform`). */
  transform: TransformLike<Tensor, I> | null;
  /** Applied to each target by `getItem`, or null (torchvision: `target_transform`). */
  targetTransform: TransformLike<number, T> | null;

  private cachedData: Tensor | undefined;
  private cachedTargets: Tensor | undefined;

  /**
   * A dataset over decoded files (see {@link decodeSplit}); most code calls `await MNIST.load(...)` or
   * `await MNIST.fromBytes(...)` instead. Synchronous; creates no tensor until one is asked for.
   */
  constructor(source: MNISTSource, options: MNISTOptions<I, T> = {}) {
    super();
    const spec = this.spec;
    checkSource(spec, source, options);
    const { images, labels } = source;
    if (images.shape.length !== 3 || labels.shape.length !== 1) {
      throw new RangeError(
        `${spec.name}: expected images [N, rows, cols] and labels [N], got [${images.shape.join(', ')}] and [${labels.shape.join(', ')}]`,
      );
    }
    if (images.shape[0] !== labels.shape[0]) {
      throw new RangeError(`${spec.name}: ${images.shape[0]} images but ${labels.shape[0]} labels`);
    }
    const [n, rows, cols] = images.shape;
    if (images.data.length !== n * rows * cols || labels.data.length !== n) {
      throw new RangeError(
        `${spec.name}: the data does not match the shapes: ${images.data.length} pixel bytes for [${images.shape.join(', ')}], ${labels.data.length} label bytes for [${n}]`,
      );
    }
    const bad = labels.data.findIndex((l) => l >= spec.classes.length);
    if (bad >= 0) {
      throw new RangeError(
        `${spec.name}: label ${labels.data[bad]} at index ${bad} is out of range (expected 0 to ${spec.classes.length - 1})`,
      );
    }
    this.train = options.train ?? true;
    this.classes = spec.classes;
    this.classToIdx = Object.freeze(Object.fromEntries(spec.classes.map((c, i) => [c, i])));
    this.pixels = images.data;
    this.labels = labels.data;
    this.rows = images.shape[1];
    this.cols = images.shape[2];
    this.root = source.root;
    this.transform = options.transform ?? null;
    this.targetTransform = options.targetTransform ?? null;
  }

  /**
   * The spec of the class this instance belongs to (FashionMNIST's for a FashionMNIST; PyTorch has none).
   */
  protected get spec(): DatasetSpec {
    return (this.constructor as typeof MNIST).spec;
  }

  /**
   * Loads a split (torchvision: `MNIST(root, train=True, download=False, transform=None,
   * target_transform=None)`). Here `root` is a base URL holding the files (`NAME.gz` is fetched, or
   * `NAME` if that is missing), e.g. `'/data/mnist/'`; without `root`, `{ download: true }` downloads
   * from the mirrors and checks md5s. In Node, use the class from `@typetorch/data/node`, whose `root`
   * is a directory.
   */
  static async load<I = Tensor, T = number>(
    root?: string | URL,
    options: MNISTLoadOptions<I, T> = {},
  ): Promise<MNIST<I, T>> {
    return new MNIST<I, T>(await fetchSplit(MNIST_SPEC, root, options), options);
  }

  /**
   * A dataset from the bytes of the two files of a split, gzip'd or raw IDX (e.g. from a file input or
   * your own fetch). The number of examples is not required to be the canonical one (PyTorch has none:
   * torchvision reads files only).
   */
  static async fromBytes<I = Tensor, T = number>(
    images: Uint8Array,
    labels: Uint8Array,
    options: MNISTOptions<I, T> & DecodeOptions = {},
  ): Promise<MNIST<I, T>> {
    return new MNIST<I, T>(
      await decodeSplit(MNIST_SPEC, options.train ?? true, images, labels, options),
      options,
    );
  }

  /** Number of examples (torchvision: `len(dataset)`). */
  get length(): number {
    return this.labels.length;
  }

  /**
   * All images as an int32 tensor [N, 28, 28], values 0..255 (torchvision: `data`, uint8 there).
   * Created on first use and kept (N x 3 KB: 188 MB for the training split); `dispose()` frees it.
   * Scopes do not dispose it.
   */
  get data(): Tensor {
    if (this.cachedData === undefined || this.cachedData.isDisposed) {
      this.cachedData = untrack(intTensor(this.pixels, [this.length, this.rows, this.cols], 'int32'));
    }
    return this.cachedData;
  }

  /** All targets as an int64 tensor [N] (torchvision: `targets`). Created on first use. */
  get targets(): Tensor {
    if (this.cachedTargets === undefined || this.cachedTargets.isDisposed) {
      this.cachedTargets = untrack(intTensor(this.labels, [this.length], 'int64'));
    }
    return this.cachedTargets;
  }

  /**
   * The raw image `index` as an int32 tensor [28, 28] (0..255), before any transform (torchvision:
   * `dataset.data[index]`).
   */
  image(index: number): Tensor {
    const i = this.checkIndex(index);
    const size = this.rows * this.cols;
    return intTensor(this.pixels.subarray(i * size, (i + 1) * size), [this.rows, this.cols], 'int32');
  }

  /**
   * The class index of example `index`, before any transform (torchvision: `int(dataset.targets[index])`).
   */
  target(index: number): number {
    return this.labels[this.checkIndex(index)];
  }

  /**
   * Example `index` as `[image, target]` (torchvision: `dataset[index]`): the image through `transform`
   * (default: the int32 tensor [28, 28], values 0..255) and the target through `targetTransform`
   * (default: the class index as a number). Negative indices count from the end, as in Python.
   */
  getItem(index: number): [I, T] {
    const target = this.target(index);
    const raw = this.image(index);
    let image: I;
    if (this.transform === null) {
      image = raw as I;
    } else {
      try {
        image = applyTransform(this.transform, raw);
      } catch (err) {
        raw.dispose();
        throw err;
      }
      if (!contains(image, raw)) raw.dispose();
    }
    const out = this.targetTransform === null ? (target as T) : applyTransform(this.targetTransform, target);
    return [image, out];
  }

  /**
   * The batch of `indices`, exactly what `defaultCollate` makes of their items (the DataLoader calls
   * it instead of collating items one by one). Without `transform` and `targetTransform` it is
   * `[images int32 [B, 28, 28], targets int32 [B]]`, built in one copy ({@link rawBatch}); with them,
   * the transformed items are collated and disposed (PyTorch: `Dataset.__getitems__`).
   */
  getBatch(indices: readonly number[]): Collated<[I, T]> {
    if (this.transform === null && this.targetTransform === null) {
      return this.rawBatch(indices) as unknown as Collated<[I, T]>;
    }
    const items: [I, T][] = [];
    try {
      for (const i of indices) items.push(this.getItem(i));
      return defaultCollate(items);
    } finally {
      disposeTensors(items);
    }
  }

  /**
   * The raw images and targets at `indices`: `[int32 [B, 28, 28], int32 [B]]` (torchvision:
   * `data[indices]`, `targets[indices]`).
   */
  rawBatch(indices: readonly number[]): [Tensor, Tensor] {
    const size = this.rows * this.cols;
    const rows = indices.map((i) => this.checkIndex(i));
    const images = new Int32Array(rows.length * size);
    const targets = new Int32Array(rows.length);
    rows.forEach((r, b) => {
      images.set(this.pixels.subarray(r * size, (r + 1) * size), b * size);
      targets[b] = this.labels[r];
    });
    const flat = tensor(images, { dtype: 'int32' });
    const batch = flat.reshape([rows.length, this.rows, this.cols]);
    flat.dispose();
    return [batch, tensor(targets, { dtype: 'int64' })];
  }

  /**
   * Frees the tensors behind `data` and `targets` (they are recreated if used again; PyTorch has none:
   * tensors there are freed by reference counting).
   */
  dispose(): void {
    this.cachedData?.dispose();
    this.cachedTargets?.dispose();
    this.cachedData = undefined;
    this.cachedTargets = undefined;
  }

  /** As torchvision's `repr(dataset)`. */
  override toString(): string {
    const lines = [
      `Dataset ${this.spec.name}`,
      `    Number of datapoints: ${this.length}`,
      ...(this.root !== undefined ? [`    Root location: ${this.root}`] : []),
      `    Split: ${this.train ? 'Train' : 'Test'}`,
    ];
    if (this.transform !== null) lines.push(`    Transform: ${describeFn(this.transform)}`);
    if (this.targetTransform !== null)
      lines.push(`    Target transform: ${describeFn(this.targetTransform)}`);
    return lines.join('\n');
  }

  private checkIndex(index: number): number {
    const n = this.length;
    if (!Number.isInteger(index) || index < -n || index >= n) {
      throw new RangeError(
        `${this.spec.name}: index ${index} is out of range for a dataset of ${n} examples`,
      );
    }
    return index < 0 ? index + n : index;
  }
}

function describeFn(fn: unknown): string {
  if (typeof fn === 'function') return fn.name || 'function';
  const text = String(fn);
  // Continuation lines (Compose lists its transforms) are indented under the field.
  return text === '[object Object]' ? `${(fn as object).constructor.name}()` : text.replace(/\n/g, '\n    ');
}

/** Whether `value` is `t` or holds it (in arrays, plain objects, Maps). */
function contains(value: unknown, t: Tensor): boolean {
  if (value === t) return true;
  let found = false;
  forEachTensor(value, (u) => {
    if (u === t) found = true;
  });
  return found;
}

/**
 * Fashion-MNIST (torchvision: `torchvision.datasets.FashionMNIST`): Zalando's article images, same
 * format and sizes as MNIST, classes `'T-shirt/top'`, `'Trouser'`, ... `'Ankle boot'`.
 */
export class FashionMNIST<I = Tensor, T = number> extends MNIST<I, T> {
  static override readonly mirrors: readonly string[] = FASHION_MNIST_SPEC.mirrors;
  static override readonly classes: readonly string[] = FASHION_MNIST_SPEC.classes;
  static override readonly spec: DatasetSpec = FASHION_MNIST_SPEC;

  /**
   * As {@link MNIST.load}, with Fashion-MNIST's files, checksums and mirror (torchvision:
   * `torchvision.datasets.FashionMNIST`).
   */
  static override async load<I = Tensor, T = number>(
    root?: string | URL,
    options: MNISTLoadOptions<I, T> = {},
  ): Promise<FashionMNIST<I, T>> {
    return new FashionMNIST<I, T>(await fetchSplit(FASHION_MNIST_SPEC, root, options), options);
  }

  /** As {@link MNIST.fromBytes} (PyTorch has none: torchvision reads files only). */
  static override async fromBytes<I = Tensor, T = number>(
    images: Uint8Array,
    labels: Uint8Array,
    options: MNISTOptions<I, T> & DecodeOptions = {},
  ): Promise<FashionMNIST<I, T>> {
    return new FashionMNIST<I, T>(
      await decodeSplit(FASHION_MNIST_SPEC, options.train ?? true, images, labels, options),
      options,
    );
  }
}

/**
 * Awaits both promises, then returns both values or throws the first one's error: unlike Promise.all,
 * nothing is still running when it rejects.
 */
export async function both<A, B>(a: Promise<A>, b: Promise<B>): Promise<[A, B]> {
  const [ra, rb] = await Promise.allSettled([a, b]);
  if (ra.status === 'rejected') throw ra.reason;
  if (rb.status === 'rejected') throw rb.reason;
  return [ra.value, rb.value];
}

function splitOf(spec: DatasetSpec, train: boolean): SplitResources {
  return train ? spec.train : spec.test;
}

/**
 * The browser-safe loader behind `MNIST.load`: from a base URL, or from the mirrors with md5 checks.
 */
export async function fetchSplit(
  spec: DatasetSpec,
  root: string | URL | undefined,
  options: MNISTLoadOptions<unknown, unknown>,
): Promise<MNISTSource> {
  const train = options.train ?? true;
  const split = splitOf(spec, train);
  if (root !== undefined) {
    const base = root instanceof URL ? root.href : root;
    const get = (resource: SplitResources['images']) =>
      fetchFirst([joinUrl(base, resource.file), joinUrl(base, rawName(resource.file))], resource.file, {
        ...options,
        maxBytes: options.maxBytes ?? maxDownloadBytes(resource),
      });
    const [images, labels] = await both(get(split.images), get(split.labels));
    const source = await decodeSplit(spec, train, images.bytes, labels.bytes, {
      names: { images: images.url, labels: labels.url },
      strictCount: true,
      gunzip: options.gunzip,
    });
    return { ...source, root: base };
  }
  if (!options.download) {
    throw new Error(
      `${spec.name}.load(): pass the base URL of the files as root (e.g. '/data/mnist/'), or { download: true } to fetch them from ${spec.mirrors.join(', ')}`,
    );
  }
  const mirrors = options.mirrors ?? spec.mirrors;
  const get = (resource: SplitResources['images']) =>
    fetchResource(resource, { ...options, mirrors, dataset: spec.name });
  const [images, labels] = await both(get(split.images), get(split.labels));
  return decodeSplit(spec, train, images.bytes, labels.bytes, {
    names: { images: images.url, labels: labels.url },
    strictCount: true,
    gunzip: options.gunzip,
  });
}
