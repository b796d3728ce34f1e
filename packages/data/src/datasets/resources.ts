/**
 * What MNIST and Fashion-MNIST are made of: file names, checksums, mirrors and class names, as in
 * torchvision (`torchvision.datasets.MNIST.mirrors`, `.resources`, `.classes`).
 */

/** One downloadable file (torchvision: an entry of `MNIST.resources`). */
export interface Resource {
  /** File name on the mirrors, e.g. `train-images-idx3-ubyte.gz` (torchvision: the entry's file name). */
  file: string;
  /** Accepted md5s of the file as served (gzip; torchvision: the entry's md5). */
  md5: readonly string[];
  /**
   * Accepted md5s of the decompressed bytes: a mirror (or a distribution such as Debian's) may
   * recompress the files, which changes the gzip bytes but not their contents (PyTorch has none).
   */
  rawMd5: readonly string[];
  /** Size in bytes of the file as published (gzip; PyTorch has none). */
  size: number;
  /** Size in bytes of the decompressed IDX file (header + elements; PyTorch has none). */
  rawSize: number;
}

/** The two files of one split (torchvision: two entries of `MNIST.resources`). */
export interface SplitResources {
  /** The images file (torchvision: e.g. `train-images-idx3-ubyte.gz` of `MNIST.resources`). */
  images: Resource;
  /** The labels file (torchvision: e.g. `train-labels-idx1-ubyte.gz` of `MNIST.resources`). */
  labels: Resource;
  /** Number of examples (60000 for train, 10000 for test; PyTorch has none). */
  count: number;
}

/**
 * Everything a MNIST-style dataset needs to find, download and check its files (torchvision: the class
 * attributes of `torchvision.datasets.MNIST`).
 */
export interface DatasetSpec {
  /** Name used in messages, e.g. `MNIST` (torchvision: the class name). */
  name: string;
  /** torchvision's folder under `root` (`root/MNIST/raw/...`), also the cache folder. */
  folder: string;
  /**
   * Other folder names accepted under a data directory, e.g. `mnist`, `fashion-mnist` (PyTorch has none).
   */
  aliases: readonly string[];
  /** Base URLs tried in turn (each ends with `/`) (torchvision: `MNIST.mirrors`). */
  mirrors: readonly string[];
  /** Class names by label (torchvision: `MNIST.classes`). */
  classes: readonly string[];
  /** The training split's files (torchvision: the `train-*` entries of `MNIST.resources`). */
  train: SplitResources;
  /** The test split's files (torchvision: the `t10k-*` entries of `MNIST.resources`). */
  test: SplitResources;
  /** Image height (PyTorch has none). */
  rows: number;
  /** Image width (PyTorch has none). */
  cols: number;
}

/**
 * MNIST mirrors, tried in this order, all HTTPS: torchvision's S3 mirror, then the copy TensorFlow's
 * tutorials used. torchvision 0.14 also lists `http://yann.lecun.com/exdb/mnist/`, plain HTTP only
 * (and now refusing downloads), so it is not a default; every file's md5 is checked whatever the mirror.
 */
export const MNIST_MIRRORS: readonly string[] = Object.freeze([
  'https://ossci-datasets.s3.amazonaws.com/mnist/',
  'https://storage.googleapis.com/cvdf-datasets/mnist/',
]);

/** torchvision's `MNIST.classes`. */
export const MNIST_CLASSES: readonly string[] = Object.freeze([
  '0 - zero',
  '1 - one',
  '2 - two',
  '3 - three',
  '4 - four',
  '5 - five',
  '6 - six',
  '7 - seven',
  '8 - eight',
  '9 - nine',
]);

/**
 * MNIST's files, checksums, mirrors and classes (torchvision: `torchvision.datasets.MNIST`'s `resources`,
 * `mirrors`, `classes`).
 */
export const MNIST_SPEC: DatasetSpec = Object.freeze({
  name: 'MNIST',
  folder: 'MNIST',
  aliases: ['mnist'],
  mirrors: MNIST_MIRRORS,
  classes: MNIST_CLASSES,
  rows: 28,
  cols: 28,
  train: {
    count: 60000,
    images: {
      file: 'train-images-idx3-ubyte.gz',
      md5: ['f68b3c2dcbeaaa9fbdd348bbdeb94873'],
      rawMd5: ['6bbc9ace898e44ae57da46a324031adb'],
      size: 9912422,
      rawSize: 47040016,
    },
    labels: {
      file: 'train-labels-idx1-ubyte.gz',
      md5: ['d53e105ee54ea40749a09fcbcd1e9432'],
      rawMd5: ['a25bea736e30d166cdddb491f175f624'],
      size: 28881,
      rawSize: 60008,
    },
  },
  test: {
    count: 10000,
    images: {
      file: 't10k-images-idx3-ubyte.gz',
      md5: ['9fb629c4189551a2d022fa330f9573f3'],
      rawMd5: ['2646ac647ad5339dbf082846283269ea'],
      size: 1648877,
      rawSize: 7840016,
    },
    labels: {
      file: 't10k-labels-idx1-ubyte.gz',
      md5: ['ec29112dd5afa0611ce80d1b7f02629c'],
      rawMd5: ['27ae3e4e09519cfbb04c329615203637'],
      size: 4542,
      rawSize: 10008,
    },
  },
});

/**
 * The Fashion-MNIST mirror, HTTPS: the copy Keras downloads. torchvision 0.14's only mirror,
 * `http://fashion-mnist.s3-website.eu-central-1.amazonaws.com/`, is an S3 website endpoint, which
 * serves plain HTTP only, so it is not a default (pass it in `mirrors` to use it).
 */
export const FASHION_MNIST_MIRRORS: readonly string[] = Object.freeze([
  'https://storage.googleapis.com/tensorflow/tf-keras-datasets/',
]);

/** torchvision's `FashionMNIST.classes`. */
export const FASHION_MNIST_CLASSES: readonly string[] = Object.freeze([
  'T-shirt/top',
  'Trouser',
  'Pullover',
  'Dress',
  'Coat',
  'Sandal',
  'Shirt',
  'Sneaker',
  'Bag',
  'Ankle boot',
]);

/**
 * Fashion-MNIST's files, checksums, mirror and classes (torchvision: `torchvision.datasets.FashionMNIST`'s
 * `resources`, `mirrors`, `classes`).
 */
export const FASHION_MNIST_SPEC: DatasetSpec = Object.freeze({
  name: 'FashionMNIST',
  folder: 'FashionMNIST',
  aliases: ['fashion-mnist', 'fashion_mnist', 'Fashion-MNIST'],
  mirrors: FASHION_MNIST_MIRRORS,
  classes: FASHION_MNIST_CLASSES,
  rows: 28,
  cols: 28,
  train: {
    count: 60000,
    images: {
      file: 'train-images-idx3-ubyte.gz',
      md5: ['8d4fb7e6c68d591d4c3dfef9ec88bf0d'],
      rawMd5: ['f4a8712d7a061bf5bd6d2ca38dc4d50a'],
      size: 26421880,
      rawSize: 47040016,
    },
    labels: {
      file: 'train-labels-idx1-ubyte.gz',
      md5: ['25c81989df183df01b3e8a0aad5dffbe'],
      rawMd5: ['9018921c3c673c538a1fc5bad174d6f9'],
      size: 29515,
      rawSize: 60008,
    },
  },
  test: {
    count: 10000,
    images: {
      file: 't10k-images-idx3-ubyte.gz',
      md5: ['bef4ecab320f06d8554ea6380940ec79'],
      rawMd5: ['8181f5470baa50b63fa0f6fddb340f0a'],
      size: 4422102,
      rawSize: 7840016,
    },
    labels: {
      file: 't10k-labels-idx1-ubyte.gz',
      md5: ['bb300cfdad3c16e7a12a480ee83cd310'],
      rawMd5: ['15d484375f8d13e6eb1aabb0c3f46965'],
      size: 5148,
      rawSize: 10008,
    },
  },
});

/** The file name without `.gz`, e.g. `train-images-idx3-ubyte`. */
export function rawName(file: string): string {
  return file.endsWith('.gz') ? file.slice(0, -3) : file;
}
