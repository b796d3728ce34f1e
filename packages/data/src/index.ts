/**
 * @typetorch/data: PyTorch's torch.utils.data (Dataset, DataLoader, samplers), torchvision-style
 * transforms, and the MNIST / Fashion-MNIST datasets. Browser-safe; file-system loading, downloads to
 * a cache and Node's zlib live in `@typetorch/data/node`.
 *
 * @module @typetorch/data
 */
export { type Collated, defaultCollate } from './collate.js';
export { DataLoader, type DataLoaderOptions } from './dataloader.js';
export {
  ConcatDataset,
  Dataset,
  type DatasetLike,
  randomSplit,
  Subset,
  TensorDataset,
  type TensorRows,
} from './dataset.js';
export {
  type DecodeOptions,
  decodeSplit,
  FashionMNIST,
  MNIST,
  type MNISTLoadOptions,
  type MNISTOptions,
  type MNISTSource,
} from './datasets/mnist.js';
export {
  type DatasetSpec,
  FASHION_MNIST_CLASSES,
  FASHION_MNIST_MIRRORS,
  FASHION_MNIST_SPEC,
  MNIST_CLASSES,
  MNIST_MIRRORS,
  MNIST_SPEC,
  type Resource,
  type SplitResources,
} from './datasets/resources.js';
export {
  DownloadError,
  type DownloadProgress,
  type FetchOptions,
  type FetchResourceOptions,
  fetchResource,
  HttpError,
  type MirrorFailure,
  verifyResource,
} from './download/fetch.js';
export { DEFAULT_DEADLINE_MS, DEFAULT_IDLE_TIMEOUT_MS, maxDownloadBytes } from './download/limits.js';
export { Md5, md5Hex } from './download/md5.js';
export { idxSizeLimit, type OutputLimit } from './idx/gunzip-limit.js';
export { type Gunzip, GzipError, gunzipWeb, isGzip, maybeGunzip } from './idx/gzip.js';
export {
  encodeIdx,
  IDX_IMAGES_MAGIC,
  IDX_LABELS_MAGIC,
  type IdxArray,
  IdxError,
  type ImageExpectation,
  type LabelExpectation,
  parseIdxImages,
  parseIdxLabels,
} from './idx/idx.js';
export {
  BatchSampler,
  RandomSampler,
  type RandomSamplerOptions,
  Sampler,
  SequentialSampler,
  type Sized,
  SubsetRandomSampler,
  WeightedRandomSampler,
  type WeightedRandomSamplerOptions,
} from './sampler.js';
export * as transforms from './transforms/index.js';
export { disposeTensors } from './tree.js';
export {
  gridToImage,
  type MakeGridArgs,
  type MakeGridOptions,
  makeGrid,
} from './utils/grid.js';
export { type EncodePngOptions, encodePng } from './utils/png.js';
