import '@typetorch/backend-cpu';
import { existsSync } from 'node:fs';
import { mkdir, mkdtemp, readFile, rm, symlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { gunzipSync } from 'node:zlib';
import { memory, type Tensor } from '@typetorch/tensor';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { defaultCollate } from '../collate.js';
import { DataLoader } from '../dataloader.js';
import { MNIST as BrowserMNIST } from '../datasets/mnist.js';
import { FASHION_MNIST_SPEC, MNIST_SPEC } from '../datasets/resources.js';
import { encodeIdx, IdxError } from '../idx/idx.js';
import { Compose, Normalize, ToTensor } from '../transforms/index.js';
import { dataLocation, FashionMNIST, MNIST } from './mnist.js';

// The real datasets: MNIST beside the repository (../shared/datasets/mnist from its root), Fashion-MNIST
// from Debian's dataset-fashion-mnist. CI always has both, so their absence is a failure, not a skip.
const repoRoot = fileURLToPath(new URL('../../../../', import.meta.url));
const MNIST_DIR = resolve(repoRoot, '../shared/datasets/mnist');
const FASHION_DIR = '/usr/share/datasets/fashion-mnist';
const FILES = [
  'train-images-idx3-ubyte.gz',
  'train-labels-idx1-ubyte.gz',
  't10k-images-idx3-ubyte.gz',
  't10k-labels-idx1-ubyte.gz',
];

function requireData(dir: string, how: string): void {
  const missing = FILES.filter((f) => !existsSync(join(dir, f)));
  if (missing.length > 0) {
    throw new Error(`real-data tests need ${missing.join(', ')} in ${dir} (${how})`);
  }
}

function histogram(labels: ArrayLike<number>): number[] {
  const h = new Array<number>(10).fill(0);
  for (let i = 0; i < labels.length; i++) h[labels[i]]++;
  return h;
}

function sum(values: ArrayLike<number>): number {
  let s = 0;
  for (let i = 0; i < values.length; i++) s += values[i];
  return s;
}

let scratch: string;
beforeAll(async () => {
  scratch = await mkdtemp(join(tmpdir(), 'typetorch-mnist-'));
});
afterAll(async () => {
  await rm(scratch, { recursive: true, force: true });
});
afterEach(() => {
  vi.unstubAllEnvs();
});

let mnistSplits: Promise<[MNIST, MNIST]> | undefined;
/** The MNIST training and test splits, loaded once for the describes below. */
function loadMnist(): Promise<[MNIST, MNIST]> {
  mnistSplits ??= (async () => {
    requireData(
      MNIST_DIR,
      'the canonical MNIST files beside the repository, see ../shared/datasets/README.md',
    );
    return Promise.all([MNIST.load(MNIST_DIR), MNIST.load(MNIST_DIR, { train: false })]);
  })();
  return mnistSplits;
}

// Pixel values below were read from the raw files independently, with Debian's python3 + gzip.
describe('MNIST, real files', () => {
  let train: MNIST;
  let test: MNIST;
  beforeAll(async () => {
    [train, test] = await loadMnist();
  });

  it('has 60000 training and 10000 test examples', () => {
    expect(train.length).toBe(60000);
    expect(test.length).toBe(10000);
    expect(train.train).toBe(true);
    expect(test.train).toBe(false);
    expect(train).toBeInstanceOf(BrowserMNIST);
  });

  it('has the known label histograms', () => {
    expect(histogram(train.labels)).toEqual([5923, 6742, 5958, 6131, 5842, 5421, 5918, 6265, 5851, 5949]);
    expect(histogram(test.labels)).toEqual([980, 1135, 1032, 1010, 982, 892, 958, 1028, 974, 1009]);
    expect(Array.from(train.labels.subarray(0, 10))).toEqual([5, 0, 4, 1, 9, 2, 1, 3, 1, 4]);
  });

  it('returns [int32 image [28, 28], target] items with the known pixels', () => {
    const [image, target] = train.getItem(0);
    expect(target).toBe(5);
    expect(image.shape).toEqual([28, 28]);
    expect(image.dtype).toBe('int32');
    const px = image.dataSync();
    expect(px[5 * 28 + 12]).toBe(3);
    expect(px[14 * 28 + 14]).toBe(240);
    expect(px[10 * 28 + 10]).toBe(1);
    expect(px[0]).toBe(0);
    expect(sum(px)).toBe(27525);
    expect(Math.max(...px)).toBe(255);
    image.dispose();

    const [last, lastTarget] = train.getItem(-1);
    expect(lastTarget).toBe(8);
    expect(sum(last.dataSync())).toBe(20920);
    last.dispose();

    const [first, firstTarget] = test.getItem(0);
    expect(firstTarget).toBe(7);
    expect(sum(first.dataSync())).toBe(18454);
    first.dispose();
  });

  it('exposes data (int32 [N, 28, 28], 0..255) and targets (int64 [N]) as torchvision does', () => {
    const { data, targets } = test;
    expect(data.shape).toEqual([10000, 28, 28]);
    expect(data.dtype).toBe('int32');
    expect(sum(data.dataSync())).toBe(264923200);
    expect(targets.shape).toEqual([10000]);
    expect(targets.dtype).toBe('int64');
    expect(histogram(targets.dataSync())).toEqual([980, 1135, 1032, 1010, 982, 892, 958, 1028, 974, 1009]);
    expect(test.data).toBe(data); // created once
    test.dispose();
    expect(data.isDisposed).toBe(true);
    expect(test.data.isDisposed).toBe(false); // recreated on use
    test.dispose();
  });

  it('has the whole training set in pixels', () => {
    expect(train.pixels.length).toBe(60000 * 784);
    expect(sum(train.pixels)).toBe(1567298545);
  });

  it("has torchvision's classes", () => {
    expect(train.classes).toEqual([
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
    expect(MNIST.classes).toBe(train.classes);
    expect(train.classToIdx['5 - five']).toBe(5);
  });

  it('applies transform and targetTransform, and disposes the raw image', () => {
    const ds = new MNIST(
      {
        images: { shape: [2, 28, 28], data: test.pixels.subarray(0, 2 * 784) },
        labels: { shape: [2], data: test.labels.subarray(0, 2) },
      },
      {
        transform: (img: Tensor) => {
          const f = img.float();
          const out = f.div(255);
          f.dispose();
          return out;
        },
        targetTransform: (t: number) => test.classes[t],
      },
    );
    const before = memory('cpu').numTensors;
    const [image, target] = ds.getItem(0);
    expect(memory('cpu').numTensors).toBe(before + 1);
    expect(target).toBe('7 - seven');
    expect(image.dtype).toBe('float32');
    expect(image.dataSync()[7 * 28 + 6]).toBeCloseTo(test.pixels[7 * 28 + 6] / 255, 6);
    image.dispose();
  });
});

describe('MNIST, real files, through a DataLoader and transforms', () => {
  let test: MNIST;
  beforeAll(async () => {
    [, test] = await loadMnist();
  });

  it('feeds a DataLoader, whole batches at once when there is no transform', async () => {
    const loader = new DataLoader(test, { batchSize: 1000 });
    expect(loader.length).toBe(10);
    const labels: number[] = [];
    let pixelSum = 0;
    for (const [x, y] of loader) {
      expect(x.shape).toEqual([1000, 28, 28]);
      expect(x.dtype).toBe('int32');
      expect(y.dtype).toBe('int64');
      labels.push(...y.dataSync());
      pixelSum += sum(x.dataSync());
      x.dispose();
      y.dispose();
    }
    expect(histogram(labels)).toEqual([980, 1135, 1032, 1010, 982, 892, 958, 1028, 974, 1009]);
    expect(pixelSum).toBe(264923200);

    // getBatch is what defaultCollate makes of the items.
    const indices = [3, 9999, 0, -1];
    const [bx, by] = test.getBatch(indices);
    const items = indices.map((i) => test.getItem(i));
    const [cx, cy] = defaultCollate(items);
    expect(bx.shape).toEqual(cx.shape);
    expect(Array.from(bx.dataSync())).toEqual(Array.from(cx.dataSync()));
    expect(Array.from(by.dataSync())).toEqual(Array.from(cy.dataSync()));
    expect(by.dtype).toBe(cy.dtype);
    for (const t of [bx, by, cx, cy, ...items.map((item) => item[0])]) t.dispose();

    // With transforms, the transformed items are collated (and disposed).
    const withTransform = new MNIST(
      {
        images: { shape: [3, 28, 28], data: test.pixels.subarray(0, 3 * 784) },
        labels: { shape: [3], data: test.labels.subarray(0, 3) },
      },
      { transform: (img: Tensor) => img.flatten(), targetTransform: (t: number) => t + 0.5 },
    );
    const before = memory('cpu').numTensors;
    const [tx, ty] = withTransform.getBatch([2, 0]);
    expect(memory('cpu').numTensors).toBe(before + 2);
    expect(tx.shape).toEqual([2, 784]);
    expect(Array.from(ty.dataSync())).toEqual([test.labels[2] + 0.5, test.labels[0] + 0.5]);
    tx.dispose();
    ty.dispose();
  });

  it('takes torchvision-style transform objects: Compose([ToTensor(), Normalize(...)])', async () => {
    const ds = await MNIST.load(MNIST_DIR, {
      train: false,
      transform: new Compose([new ToTensor(), new Normalize([0.1307], [0.3081])]),
    });
    const before = memory('cpu').numTensors;
    const [x, y] = ds.getItem(0);
    expect(memory('cpu').numTensors).toBe(before + 1);
    expect(y).toBe(7);
    expect(x.shape).toEqual([1, 28, 28]);
    expect(x.dtype).toBe('float32');
    const v = x.dataSync();
    const p = 7 * 28 + 6;
    expect(v[p]).toBeCloseTo((test.pixels[p] / 255 - 0.1307) / 0.3081, 5);
    expect(v[0]).toBeCloseTo(-0.1307 / 0.3081, 5);
    x.dispose();
    expect(ds.toString()).toBe(
      `Dataset MNIST\n    Number of datapoints: 10000\n    Root location: ${MNIST_DIR}\n    Split: Test\n    Transform: Compose(\n        ToTensor()\n        Normalize(mean=[0.1307], std=[0.3081])\n    )`,
    );
    const [bx, by] = ds.getBatch([0, 1]);
    expect(bx.shape).toEqual([2, 1, 28, 28]);
    expect(Array.from(by.dataSync())).toEqual([7, 2]);
    bx.dispose();
    by.dispose();
  });

  it('refuses indices out of range', () => {
    expect(() => test.getItem(10000)).toThrow(
      'MNIST: index 10000 is out of range for a dataset of 10000 examples',
    );
    expect(() => test.getItem(-10001)).toThrow(RangeError);
    expect(() => test.getItem(1.5)).toThrow(RangeError);
  });

  it("prints as torchvision's repr", () => {
    expect(test.toString()).toBe(
      `Dataset MNIST\n    Number of datapoints: 10000\n    Root location: ${MNIST_DIR}\n    Split: Test`,
    );
  });
});

describe('FashionMNIST, real files', () => {
  let train: FashionMNIST;
  let test: FashionMNIST;
  beforeAll(async () => {
    requireData(FASHION_DIR, 'apt-get install -y dataset-fashion-mnist');
    [train, test] = await Promise.all([
      FashionMNIST.load(FASHION_DIR),
      FashionMNIST.load(FASHION_DIR, { train: false }),
    ]);
  });

  it('has 60000 + 10000 examples, 6000 / 1000 per class', () => {
    expect(train.length).toBe(60000);
    expect(test.length).toBe(10000);
    expect(histogram(train.labels)).toEqual(new Array(10).fill(6000));
    expect(histogram(test.labels)).toEqual(new Array(10).fill(1000));
    expect(Array.from(train.labels.subarray(0, 10))).toEqual([9, 0, 0, 3, 0, 2, 7, 2, 5, 5]);
  });

  it('has the known pixels and classes', () => {
    const [image, target] = train.getItem(0);
    expect(target).toBe(9);
    expect(train.classes[target]).toBe('Ankle boot');
    const px = image.dataSync();
    expect(px[14 * 28 + 14]).toBe(217);
    expect(sum(px)).toBe(76247);
    image.dispose();
    expect(train.classes).toEqual([
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
    expect(train.toString().split('\n')[0]).toBe('Dataset FashionMNIST');
  });
});

describe('finding the files', () => {
  it("reads torchvision's layout root/MNIST/raw", async () => {
    const root = join(scratch, 'tv');
    await mkdir(join(root, 'MNIST', 'raw'), { recursive: true });
    for (const f of FILES.slice(2)) await symlink(join(MNIST_DIR, f), join(root, 'MNIST', 'raw', f));
    const ds = await MNIST.load(root, { train: false });
    expect(ds.length).toBe(10000);
    expect(ds.root).toBe(join(root, 'MNIST', 'raw'));
  });

  it('reads raw (decompressed) IDX files', async () => {
    const root = join(scratch, 'raw');
    await mkdir(root);
    for (const f of FILES.slice(2)) {
      await writeFile(join(root, f.replace(/\.gz$/, '')), gunzipSync(await readFile(join(MNIST_DIR, f))));
    }
    const ds = await MNIST.load(root, { train: false });
    expect(histogram(ds.labels)).toEqual([980, 1135, 1032, 1010, 982, 892, 958, 1028, 974, 1009]);
  });

  it('takes the directory from TYPETORCH_MNIST_DIR, TYPETORCH_FASHION_MNIST_DIR and TYPETORCH_DATA', async () => {
    vi.stubEnv('TYPETORCH_MNIST_DIR', MNIST_DIR);
    vi.stubEnv('TYPETORCH_FASHION_MNIST_DIR', FASHION_DIR);
    expect((await MNIST.load(undefined, { train: false })).root).toBe(MNIST_DIR);
    expect((await FashionMNIST.load(undefined, { train: false })).root).toBe(FASHION_DIR);
    vi.stubEnv('TYPETORCH_MNIST_DIR', '');
    vi.stubEnv('TYPETORCH_DATA', resolve(MNIST_DIR, '..'));
    vi.stubEnv('TYPETORCH_CACHE', join(scratch, 'empty-cache'));
    expect((await MNIST.load(undefined, { train: false })).root).toBe(MNIST_DIR);
  });

  it('looks in TYPETORCH_DATA, then the cache directory', () => {
    const env = { TYPETORCH_DATA: '/data', TYPETORCH_CACHE: '/cache' };
    expect(dataLocation(MNIST_SPEC, undefined, {}, env)).toEqual({
      search: [
        '/data/MNIST/raw',
        '/data/MNIST',
        '/data/mnist',
        '/cache/MNIST/raw',
        '/cache/MNIST',
        '/cache/mnist',
      ],
      target: '/cache/MNIST/raw',
    });
    expect(
      dataLocation(FASHION_MNIST_SPEC, undefined, { cacheDir: '/c' }, { XDG_CACHE_HOME: '/x' }).target,
    ).toBe('/c/FashionMNIST/raw');
    expect(dataLocation(MNIST_SPEC, undefined, {}, { XDG_CACHE_HOME: '/x' }).target).toBe(
      '/x/typetorch/MNIST/raw',
    );
    expect(dataLocation(MNIST_SPEC, '/r', { cacheDir: '/c' }, {})).toEqual({
      search: ['/r/MNIST/raw', '/r/MNIST', '/r/mnist', '/r'],
      target: '/r/MNIST/raw',
    });
  });

  it('fails clearly when the files are absent and download is off', async () => {
    const root = join(scratch, 'nothing');
    await expect(MNIST.load(root)).rejects.toThrow(
      `MNIST: the training files (train-images-idx3-ubyte and train-labels-idx1-ubyte, raw or .gz) were not found in:\n  ${root}/MNIST/raw\n  ${root}/MNIST\n  ${root}/mnist\n  ${root}\nPass { download: true } to download them into ${root}/MNIST/raw, or give the directory that holds them as root (or in TYPETORCH_MNIST_DIR).`,
    );
  });

  it('refuses a truncated file, naming it', async () => {
    const root = join(scratch, 'truncated');
    await mkdir(root);
    const images = gunzipSync(await readFile(join(MNIST_DIR, 't10k-images-idx3-ubyte.gz')));
    await writeFile(join(root, 't10k-images-idx3-ubyte'), images.subarray(0, 1000));
    await symlink(join(MNIST_DIR, 't10k-labels-idx1-ubyte.gz'), join(root, 't10k-labels-idx1-ubyte.gz'));
    await expect(MNIST.load(root, { train: false })).rejects.toThrow(
      new IdxError(`${root}/t10k-images-idx3-ubyte: expected 7840016 bytes for 10000x28x28 images, got 1000`),
    );
    // A truncated gzip file.
    await rm(join(root, 't10k-images-idx3-ubyte'));
    const gz = await readFile(join(MNIST_DIR, 't10k-images-idx3-ubyte.gz'));
    await writeFile(join(root, 't10k-images-idx3-ubyte.gz'), gz.subarray(0, 5000));
    await expect(MNIST.load(root, { train: false })).rejects.toThrow(
      `${root}/t10k-images-idx3-ubyte.gz: the gzip data is corrupt or truncated (unexpected end of file)`,
    );
  });

  it('refuses files with fewer examples than the split has', async () => {
    const root = join(scratch, 'subset');
    await mkdir(root);
    await writeFile(join(root, 't10k-images-idx3-ubyte'), encodeIdx([2, 28, 28], new Uint8Array(2 * 784)));
    await writeFile(join(root, 't10k-labels-idx1-ubyte'), encodeIdx([2], new Uint8Array([1, 2])));
    await expect(MNIST.load(root, { train: false })).rejects.toThrow(
      `${root}/t10k-images-idx3-ubyte: expected 10000 images, the header says 2`,
    );
    // From bytes, any count is accepted.
    const ds = await MNIST.fromBytes(
      await readFile(join(root, 't10k-images-idx3-ubyte')),
      await readFile(join(root, 't10k-labels-idx1-ubyte')),
      { train: false },
    );
    expect(ds.length).toBe(2);
    expect(ds).toBeInstanceOf(MNIST);
  });

  it('refuses image and label files that disagree', async () => {
    await expect(
      MNIST.fromBytes(encodeIdx([2, 28, 28], new Uint8Array(2 * 784)), encodeIdx([3], new Uint8Array(3))),
    ).rejects.toThrow('MNIST: train-images-idx3-ubyte has 2 images but train-labels-idx1-ubyte has 3 labels');
  });
});
