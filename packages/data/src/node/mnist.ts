/// <reference types="node" />
/**
 * MNIST and Fashion-MNIST for Node: read from a data directory, or download into a cache directory.
 */
import { readFile, stat, unlink } from 'node:fs/promises';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Tensor } from '@typetorch/tensor';
import {
  FashionMNIST as BaseFashionMNIST,
  MNIST as BaseMNIST,
  both,
  type DecodeOptions,
  decodeSplit,
  fetchSplit,
  type MNISTLoadOptions,
  type MNISTOptions,
  type MNISTSource,
} from '../datasets/mnist.js';
import {
  type DatasetSpec,
  FASHION_MNIST_SPEC,
  MNIST_SPEC,
  type Resource,
  rawName,
} from '../datasets/resources.js';
import { IdxError } from '../idx/idx.js';
import { defaultCacheDir, downloadResource, gunzipNode } from './download.js';
import { checkFileSize, verifyFile } from './verify-file.js';

/** Options of the Node `load`: torchvision's, plus where downloads go and how they are fetched. */
export interface NodeMNISTLoadOptions<I = Tensor, T = number> extends MNISTLoadOptions<I, T> {
  /**
   * Where downloads go when no `root` is given (as `<cacheDir>/MNIST/raw/`). Default: `TYPETORCH_CACHE`,
   * else `$XDG_CACHE_HOME/typetorch`, else `~/.cache/typetorch` (torchvision: `root`).
   */
  cacheDir?: string;
}

/** The environment variable naming a directory that holds one dataset's files (PyTorch has none). */
export const DATASET_DIR_ENV: Readonly<Record<string, string>> = Object.freeze({
  MNIST: 'TYPETORCH_MNIST_DIR',
  FashionMNIST: 'TYPETORCH_FASHION_MNIST_DIR',
});

/** A directory holding a split's two files, and their paths (torchvision: `MNIST.raw_folder`). */
export interface SplitFiles {
  /** The directory (torchvision: `MNIST.raw_folder`). */
  dir: string;
  /** Path of the images file, gzip'd or raw (torchvision: `os.path.join(raw_folder, ...)`). */
  images: string;
  /** Path of the labels file, gzip'd or raw (torchvision: `os.path.join(raw_folder, ...)`). */
  labels: string;
}

async function isFile(path: string): Promise<boolean> {
  try {
    return (await stat(path)).isFile();
  } catch {
    return false;
  }
}

/** Names a file may have on disk: raw or gzip'd, and the dotted names some extractors use. */
function fileNames(file: string): string[] {
  const raw = rawName(file);
  const dotted = raw.replace(/-idx(\d)-ubyte$/, '.idx$1-ubyte');
  const names = [raw, `${raw}.gz`];
  if (dotted !== raw) names.push(dotted, `${dotted}.gz`);
  return names;
}

/** The path of `file` in `dir` (raw first, then `.gz`), or null. */
export async function findFile(dir: string, file: string): Promise<string | null> {
  for (const name of fileNames(file)) {
    const path = join(dir, name);
    if (await isFile(path)) return path;
  }
  return null;
}

/** The first of `dirs` that holds both files of the split, or null (torchvision: `MNIST._check_exists`). */
export async function findSplitFiles(
  spec: DatasetSpec,
  train: boolean,
  dirs: readonly string[],
): Promise<SplitFiles | null> {
  const split = train ? spec.train : spec.test;
  for (const dir of dirs) {
    const images = await findFile(dir, split.images.file);
    if (images === null) continue;
    const labels = await findFile(dir, split.labels.file);
    if (labels !== null) return { dir, images, labels };
  }
  return null;
}

/** Directories searched under a data directory: torchvision's layout, the bare folder, aliases, flat. */
function dirsUnder(spec: DatasetSpec, root: string, flat: boolean): string[] {
  const dirs = [join(root, spec.folder, 'raw'), join(root, spec.folder)];
  for (const alias of spec.aliases) dirs.push(join(root, alias));
  if (flat) dirs.push(root);
  return [...new Set(dirs)];
}

/**
 * Where a Node `load` looks for files, and where it downloads them (torchvision: `root` and `raw_folder`).
 */
export interface DataLocation {
  /** Searched in order; the first holding both files of the split is used as is (PyTorch has none). */
  search: string[];
  /** Where missing files are downloaded to (torchvision: `MNIST.raw_folder`). */
  target: string;
}

/**
 * Resolves where `load(root, options)` looks for a dataset:
 *
 * - `root` given (or `TYPETORCH_MNIST_DIR` / `TYPETORCH_FASHION_MNIST_DIR`): `root/MNIST/raw`,
 *   `root/MNIST`, `root/mnist`, then `root` itself (a flat directory of the four files); downloads go
 *   to `root/MNIST/raw`, as torchvision's.
 * - otherwise `TYPETORCH_DATA` (a directory of datasets: `mnist/`, `fashion-mnist/`, `MNIST/raw/`, ...)
 *   if set, then the cache directory; downloads go to `<cache>/MNIST/raw`.
 */
export function dataLocation(
  spec: DatasetSpec,
  root: string | URL | undefined,
  options: { cacheDir?: string } = {},
  env: Record<string, string | undefined> = process.env,
): DataLocation {
  const explicit = root !== undefined ? toPath(root) : env[DATASET_DIR_ENV[spec.name] ?? ''] || undefined;
  if (explicit !== undefined) {
    const dir = resolve(explicit);
    return { search: dirsUnder(spec, dir, true), target: join(dir, spec.folder, 'raw') };
  }
  const cache = resolve(options.cacheDir ?? defaultCacheDir(env));
  const search = env.TYPETORCH_DATA ? dirsUnder(spec, resolve(env.TYPETORCH_DATA), false) : [];
  const cached = dirsUnder(spec, cache, false);
  return { search: [...new Set([...search, ...cached])], target: join(cache, spec.folder, 'raw') };
}

function toPath(root: string | URL): string {
  return root instanceof URL ? fileURLToPath(root) : root;
}

function isHttp(root: string | URL | undefined): boolean {
  const href = root instanceof URL ? root.href : root;
  return href !== undefined && /^https?:\/\//i.test(href);
}

async function readBytes(path: string): Promise<Uint8Array> {
  const buf = await readFile(path);
  return new Uint8Array(buf.buffer, buf.byteOffset, buf.byteLength);
}

/** Reads and checks a split's two files (gzip'd or raw), naming them by path in errors. */
export async function readSplitFiles(
  spec: DatasetSpec,
  train: boolean,
  files: SplitFiles,
): Promise<MNISTSource> {
  const split = train ? spec.train : spec.test;
  const idxError = (message: string) => new IdxError(message);
  await checkFileSize(files.images, split.images, idxError);
  await checkFileSize(files.labels, split.labels, idxError);
  const [images, labels] = await Promise.all([readBytes(files.images), readBytes(files.labels)]);
  const source = await decodeSplit(spec, train, images, labels, {
    names: { images: files.images, labels: files.labels },
    strictCount: true,
    gunzip: gunzipNode,
  });
  return { ...source, root: files.dir };
}

/**
 * The loader behind the Node `load`: finds the files (see {@link dataLocation}) and reads them, or,
 * with `download: true`, downloads the missing ones first. Without `download`, a missing dataset fails
 * with a message listing where it looked. An `http(s)://` root is fetched as in the browser.
 */
export async function loadSplit(
  spec: DatasetSpec,
  root: string | URL | undefined,
  options: NodeMNISTLoadOptions<unknown, unknown>,
): Promise<MNISTSource> {
  if (isHttp(root)) return fetchSplit(spec, root, { ...options, gunzip: options.gunzip ?? gunzipNode });
  const train = options.train ?? true;
  const split = train ? spec.train : spec.test;
  const location = dataLocation(spec, root, options);
  const found = await findSplitFiles(spec, train, location.search);
  if (found !== null && !options.download) return readSplitFiles(spec, train, found);
  if (!options.download) {
    const envVar = DATASET_DIR_ENV[spec.name];
    throw new Error(
      `${spec.name}: the ${train ? 'training' : 'test'} files (${rawName(split.images.file)} and ${rawName(split.labels.file)}, raw or .gz) were not found in:\n${location.search
        .map((d) => `  ${d}`)
        .join(
          '\n',
        )}\nPass { download: true } to download them into ${location.target}, or give the directory that holds them as root${envVar ? ` (or in ${envVar})` : ''}.`,
    );
  }
  // With download, every file found is checked (size, md5) as torchvision's check_integrity does; a
  // missing or bad one is downloaded (atomically) into the target directory.
  const mirrors = options.mirrors ?? spec.mirrors;
  const fetchOne = async (file: Resource, existing: string | null) => {
    if (existing !== null && (await verifyFile(existing, file)) === null) return existing;
    const { path } = await downloadResource(file, location.target, {
      ...options,
      mirrors,
      dataset: spec.name,
    });
    // A bad copy under another name in the target (e.g. the raw file) would shadow the good one.
    if (existing !== null && existing !== path && dirname(existing) === location.target) {
      await unlink(existing).catch(() => {});
    }
    return path;
  };
  const existingImages = found?.images ?? (await findFile(location.target, split.images.file));
  const existingLabels = found?.labels ?? (await findFile(location.target, split.labels.file));
  const [images, labels] = await both(
    fetchOne(split.images, existingImages),
    fetchOne(split.labels, existingLabels),
  );
  const dir =
    found !== null && images === found.images && labels === found.labels ? found.dir : location.target;
  return readSplitFiles(spec, train, { dir, images, labels });
}

/**
 * MNIST for Node (torchvision: `torchvision.datasets.MNIST`). `await MNIST.load(root, options)` reads
 * the files from a directory (torchvision's `root/MNIST/raw/` layout, or a flat directory of the four
 * files, gzip'd or not), or downloads them with `{ download: true }`:
 *
 * ```ts
 * import '@typetorch/backend-cpu';
 * import { MNIST } from '@typetorch/data/node';
 * const train = await MNIST.load('../shared/datasets/mnist');           // a directory, no network
 * const test = await MNIST.load(undefined, { train: false, download: true }); // ~/.cache/typetorch/MNIST/raw
 * ```
 *
 * See {@link dataLocation} for where files are looked for (`root`, `TYPETORCH_MNIST_DIR`,
 * `TYPETORCH_DATA`, the cache directory).
 */
export class MNIST<I = Tensor, T = number> extends BaseMNIST<I, T> {
  static override async load<I = Tensor, T = number>(
    root?: string | URL,
    options: NodeMNISTLoadOptions<I, T> = {},
  ): Promise<MNIST<I, T>> {
    return new MNIST<I, T>(await loadSplit(MNIST_SPEC, root, options), options);
  }

  static override async fromBytes<I = Tensor, T = number>(
    images: Uint8Array,
    labels: Uint8Array,
    options: MNISTOptions<I, T> & DecodeOptions = {},
  ): Promise<MNIST<I, T>> {
    const decoded = await decodeSplit(MNIST_SPEC, options.train ?? true, images, labels, {
      ...options,
      gunzip: options.gunzip ?? gunzipNode,
    });
    return new MNIST<I, T>(decoded, options);
  }
}

/** Fashion-MNIST for Node (torchvision: `torchvision.datasets.FashionMNIST`); as {@link MNIST}. */
export class FashionMNIST<I = Tensor, T = number> extends BaseFashionMNIST<I, T> {
  static override async load<I = Tensor, T = number>(
    root?: string | URL,
    options: NodeMNISTLoadOptions<I, T> = {},
  ): Promise<FashionMNIST<I, T>> {
    return new FashionMNIST<I, T>(await loadSplit(FASHION_MNIST_SPEC, root, options), options);
  }

  static override async fromBytes<I = Tensor, T = number>(
    images: Uint8Array,
    labels: Uint8Array,
    options: MNISTOptions<I, T> & DecodeOptions = {},
  ): Promise<FashionMNIST<I, T>> {
    const decoded = await decodeSplit(FASHION_MNIST_SPEC, options.train ?? true, images, labels, {
      ...options,
      gunzip: options.gunzip ?? gunzipNode,
    });
    return new FashionMNIST<I, T>(decoded, options);
  }
}
