/**
 * What the models are fed, shared by the command line and the browser page (no Node imports): the
 * dataset names, PyTorch's MNIST input transform, and the first-N subset behind `--limit`.
 *
 * The inputs are those of PyTorch's MNIST example: `ToTensor()` then `Normalize((0.1307,), (0.3081,))`;
 * with `normalize: false` only `ToTensor()` (pixels in [0, 1]), as the classic tutorials feed them.
 */
import { type DatasetLike, Subset, transforms } from '@typetorch/data';
import type { Tensor } from '@typetorch/tensor';

export const DATASET_NAMES = ['mnist', 'fashion-mnist'] as const;
export type DatasetName = (typeof DATASET_NAMES)[number];

/** PyTorch's MNIST example: `transforms.Normalize((0.1307,), (0.3081,))`. */
export const MNIST_MEAN = 0.1307;
export const MNIST_STD = 0.3081;

/**
 * `transforms.Compose([transforms.ToTensor(), transforms.Normalize((0.1307,), (0.3081,))])`, or just
 * `ToTensor()` when `normalize` is false.
 */
export function mnistTransform(normalize = true): transforms.Compose<Tensor, Tensor> {
  return new transforms.Compose<Tensor, Tensor>(
    normalize
      ? [new transforms.ToTensor(), new transforms.Normalize([MNIST_MEAN], [MNIST_STD])]
      : [new transforms.ToTensor()],
  );
}

/** The model input of one pixel (0..255), as {@link mnistTransform} computes it. */
export function pixelInput(value: number, normalize: boolean): number {
  const unit = Math.fround(value / 255);
  return normalize ? (unit - MNIST_MEAN) / MNIST_STD : unit;
}

/** The first `n` examples of a dataset (a `Subset`, which keeps the parent's whole-batch fetching). */
export function limitDataset<T>(dataset: DatasetLike<T>, n: number | undefined): DatasetLike<T> {
  if (n === undefined || n >= dataset.length) return dataset;
  return new Subset(
    dataset,
    Array.from({ length: n }, (_, i) => i),
  );
}
