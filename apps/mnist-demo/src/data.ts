/**
 * Finding and loading the data: `--data DIR`, else the TYPETORCH_MNIST_DIR /
 * TYPETORCH_FASHION_MNIST_DIR environment variable, else a download into the typetorch cache
 * (`~/.cache/typetorch`, or TYPETORCH_CACHE) through @typetorch/data.
 *
 * The inputs (`mnistTransform`) are defined in `inputs.ts`, which the browser page shares.
 */
import { FashionMNIST, MNIST } from '@typetorch/data/node';
import type { Tensor } from '@typetorch/tensor';
import { UsageError } from './errors.js';
import { type DatasetName, mnistTransform } from './inputs.js';

export type ImageDataset = MNIST<Tensor, number>;

export interface LoadDataOptions {
  dataset: DatasetName;
  /** `--data DIR`; undefined: the environment variable, else download to the cache. */
  dir?: string;
  train: boolean;
  /** Standardise pixels with MNIST's mean and std (default), or feed them in [0, 1]. */
  normalize?: boolean;
  /** Called with download progress (only when downloading). */
  onProgress?: (info: { file: string; received: number; total: number | undefined }) => void;
  env?: Record<string, string | undefined>;
}

const ENV_VAR: Record<DatasetName, string> = {
  mnist: 'TYPETORCH_MNIST_DIR',
  'fashion-mnist': 'TYPETORCH_FASHION_MNIST_DIR',
};

/** Loads one split, with errors the user can act on turned into UsageErrors. */
export async function loadSplit(options: LoadDataOptions): Promise<ImageDataset> {
  const env = options.env ?? process.env;
  const envVar = ENV_VAR[options.dataset];
  const dir = options.dir ?? (env[envVar] || undefined);
  const cls = options.dataset === 'fashion-mnist' ? FashionMNIST : MNIST;
  const label = options.dataset === 'fashion-mnist' ? 'Fashion-MNIST' : 'MNIST';
  const transform = mnistTransform(options.normalize ?? true);
  try {
    if (dir !== undefined) {
      return (await cls.load(dir, { train: options.train, transform })) as ImageDataset;
    }
    return (await cls.load(undefined, {
      train: options.train,
      transform,
      download: true,
      onProgress: options.onProgress,
    })) as ImageDataset;
  } catch (err) {
    const message = err instanceof Error ? err.message : String(err);
    if (dir !== undefined) {
      const source = options.dir !== undefined ? `--data ${options.dir}` : `${envVar}=${dir}`;
      throw new UsageError(
        `cannot read the ${label} data (${source}):\n${message}\n\nPoint --data (or ${envVar}) at a directory holding the four ${label} files (raw or .gz), e.g. --data ../shared/datasets/mnist, or leave both out to download them into the cache.`,
      );
    }
    throw new UsageError(
      `cannot download ${label}:\n${message}\n\nWithout network access, point --data (or ${envVar}) at a directory holding the four ${label} files (raw or .gz), e.g. --data ../shared/datasets/mnist.`,
    );
  }
}
