import '@typetorch/backend-cpu';
import { gzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { Dataset } from '../dataset.js';
import { encodeIdx } from '../idx/idx.js';
import { FashionMNIST, MNIST } from './mnist.js';

// Small synthetic files: three 28x28 images whose pixel p of image i is (i * 50 + p) % 256.
const pixels = Uint8Array.from({ length: 3 * 784 }, (_, k) => (Math.floor(k / 784) * 50 + (k % 784)) % 256);
const imagesIdx = encodeIdx([3, 28, 28], pixels);
const labelsIdx = encodeIdx([3], new Uint8Array([4, 0, 9]));

describe('MNIST from bytes (browser-safe core)', () => {
  it('decodes gzip with DecompressionStream and raw IDX alike', async () => {
    const gz = await MNIST.fromBytes(
      new Uint8Array(gzipSync(imagesIdx)),
      new Uint8Array(gzipSync(labelsIdx)),
    );
    const raw = await MNIST.fromBytes(imagesIdx, labelsIdx, { train: false });
    expect(gz).toBeInstanceOf(Dataset);
    expect(gz.length).toBe(3);
    expect(Array.from(gz.pixels)).toEqual(Array.from(raw.pixels));
    expect(gz.train).toBe(true);
    expect(raw.train).toBe(false);
  });

  it('returns [int32 [28, 28] image, number] items; negative indices count from the end', async () => {
    const ds = await MNIST.fromBytes(imagesIdx, labelsIdx);
    const [image, target] = ds.getItem(-1);
    expect(target).toBe(9);
    expect(image.shape).toEqual([28, 28]);
    expect(image.dtype).toBe('int32');
    expect(Array.from(image.dataSync().subarray(0, 3))).toEqual([100, 101, 102]);
    image.dispose();
    expect(ds.target(0)).toBe(4);
    expect(() => ds.getItem(3)).toThrow('MNIST: index 3 is out of range for a dataset of 3 examples');
  });

  it('passes items through function transforms', async () => {
    const ds = await MNIST.fromBytes(imagesIdx, labelsIdx, {
      transform: (img) => img.sum().itemSync(),
      targetTransform: (t) => `class ${t}`,
    });
    const [s, name] = ds.getItem(1);
    expect(s).toBe(pixels.subarray(784, 1568).reduce((a, b) => a + b, 0));
    expect(name).toBe('class 0');
  });

  it('has FashionMNIST classes on a FashionMNIST', async () => {
    const ds = await FashionMNIST.fromBytes(imagesIdx, labelsIdx);
    expect(ds).toBeInstanceOf(FashionMNIST);
    expect(ds).toBeInstanceOf(MNIST);
    expect(ds.classes[ds.target(0)]).toBe('Coat');
    expect(FashionMNIST.classes[9]).toBe('Ankle boot');
    expect(FashionMNIST.mirrors).toEqual(['https://storage.googleapis.com/tensorflow/tf-keras-datasets/']);
    expect(MNIST.mirrors).toEqual([
      'https://ossci-datasets.s3.amazonaws.com/mnist/',
      'https://storage.googleapis.com/cvdf-datasets/mnist/',
    ]);
    expect(ds.toString().split('\n')[0]).toBe('Dataset FashionMNIST');
  });

  it('checks what the constructor is given', () => {
    const images = { shape: [3, 28, 28], data: pixels };
    expect(() => new MNIST({ images, labels: { shape: [2], data: new Uint8Array(2) } })).toThrow(
      'MNIST: 3 images but 2 labels',
    );
    expect(() => new MNIST({ images, labels: { shape: [3], data: new Uint8Array([0, 10, 0]) } })).toThrow(
      'MNIST: label 10 at index 1 is out of range (expected 0 to 9)',
    );
    expect(
      () =>
        new MNIST({
          images: { shape: [3, 28, 28], data: pixels.subarray(1) },
          labels: { shape: [3], data: new Uint8Array(3) },
        }),
    ).toThrow(
      'MNIST: the data does not match the shapes: 2351 pixel bytes for [3, 28, 28], 3 label bytes for [3]',
    );
  });

  it('refuses images of another size, naming the file', async () => {
    await expect(
      MNIST.fromBytes(encodeIdx([1, 32, 32], new Uint8Array(1024)), encodeIdx([1], new Uint8Array(1))),
    ).rejects.toThrow('train-images-idx3-ubyte: expected 28x28 images, the header says 32x32');
    await expect(
      MNIST.fromBytes(imagesIdx, labelsIdx, { train: false, names: { labels: 'my-labels' } }),
    ).resolves.toBeInstanceOf(MNIST);
    await expect(MNIST.fromBytes(imagesIdx, imagesIdx, { train: false })).rejects.toThrow(
      't10k-labels-idx1-ubyte: bad magic number 0x00000803 (an IDX image file), expected 0x00000801 (an IDX label file)',
    );
  });
});

describe("torchvision's constructor form", () => {
  it('new MNIST(root, { train }) throws, naming the missing files and download: true', () => {
    const make = (...args: unknown[]) => new (MNIST as unknown as new (...a: unknown[]) => MNIST)(...args);
    expect(() => make('data', { train: false })).toThrow(
      "MNIST: the constructor takes decoded files, not a root directory ('data'); the test split's files t10k-images-idx3-ubyte and t10k-labels-idx1-ubyte (or their .gz) are not loaded. Read them with `await MNIST.load('data', { train: false })`, or download them with `await MNIST.load('data', { train: false, download: true })` (torchvision: download=True).",
    );
    expect(() => make('data')).toThrow('train-images-idx3-ubyte and train-labels-idx1-ubyte');
    expect(
      () => new (FashionMNIST as unknown as new (...a: unknown[]) => MNIST)('d', { download: true }),
    ).toThrow("FashionMNIST: the constructor takes decoded files, not a root directory ('d')");
  });
});
