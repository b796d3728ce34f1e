/**
 * `@typetorch/data/node`: the Node-only parts of @typetorch/data (file system, node:zlib, node:crypto,
 * the download cache). Everything else comes from `@typetorch/data`.
 *
 * @module @typetorch/data/node
 */
export {
  type DownloadOptions,
  defaultCacheDir,
  downloadResource,
  gunzipNode,
  md5Node,
  writeFileAtomic,
} from './download.js';
export {
  DATASET_DIR_ENV,
  type DataLocation,
  dataLocation,
  FashionMNIST,
  findSplitFiles,
  MNIST,
  type NodeMNISTLoadOptions,
  type SplitFiles,
} from './mnist.js';
export { type SaveImageOptions, saveImage } from './save-image.js';
