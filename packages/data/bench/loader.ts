/**
 * `pnpm --filter @typetorch/data bench`: DataLoader throughput in batches per second (a benchmark, not a
 * test). Each case builds a loader outside the timing; a timed epoch is one `for await` pass over the
 * loader in which the consumer only disposes its batches, so the figure is what the loader itself costs.
 * Each figure is the median epoch after a warm-up epoch, and tensor counts are checked for leaks.
 *
 * Add a case by pushing to `cases` (e.g. real MNIST files: load the dataset in `setup`).
 *
 * Environment variables:
 * - BENCH_QUICK=1    one short warm-up and about 0.3 s per case instead of about 3 s (a smoke run).
 * - BENCH_ONLY=text  run only the cases whose name contains `text`.
 */
import '@typetorch/backend-cpu';
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { Generator, memory, rand, randint, type Tensor } from '@typetorch/tensor';
import { DataLoader } from '../src/dataloader.js';
import { type DatasetLike, TensorDataset } from '../src/dataset.js';
import { MNIST } from '../src/node/mnist.js';
import { Compose, Normalize, ToTensor } from '../src/transforms/index.js';
import { disposeTensors } from '../src/tree.js';

const QUICK = process.env.BENCH_QUICK === '1';
const ONLY = process.env.BENCH_ONLY;
const MIN_TIME_MS = QUICK ? 300 : 3000;
const MIN_EPOCHS = QUICK ? 1 : 3;
const MAX_EPOCHS = 50;

/** What a case hands to the timing loop. */
export interface LoaderSetup {
  loader: DataLoader<unknown, unknown>;
  /** Items per epoch, for the images/s column. */
  items: number;
  /** Frees what `setup` created (datasets' tensors). */
  dispose(): void;
}

export interface LoaderCase {
  name: string;
  /** The case the others are compared against (at most one). */
  baseline?: boolean;
  setup(): Promise<LoaderSetup> | LoaderSetup;
}

const N = 60_000;
const BATCH = 128;

/** 60000 "images": random 28x28 float32 in 0..255 (uint8-like), and int32 labels 0..9. */
function syntheticMnist(): { images: Tensor; labels: Tensor; dispose(): void } {
  const u = rand([N, 28, 28], { generator: new Generator(0) });
  const scaled = u.mul(256);
  const images = scaled.floor();
  disposeTensors([u, scaled]);
  const labels = randint(0, 10, [N], { generator: new Generator(1) });
  return { images, labels, dispose: () => disposeTensors([images, labels]) };
}

/** The same items without `getBatch`: the loader fetches and collates item by item. */
function itemByItem<T>(ds: DatasetLike<T>): DatasetLike<T> {
  return { length: ds.length, getItem: (i) => ds.getItem(i) };
}

export const cases: LoaderCase[] = [
  {
    name: 'TensorDataset, getBatch fast path (one indexSelect per tensor)',
    setup() {
      const data = syntheticMnist();
      const ds = new TensorDataset(data.images, data.labels);
      const loader = new DataLoader(ds, { batchSize: BATCH, shuffle: true, generator: new Generator(2) });
      return { loader: loader as DataLoader<unknown, unknown>, items: N, dispose: data.dispose };
    },
  },
  {
    name: 'TensorDataset items, default collate (getItem + stack)',
    baseline: true,
    setup() {
      const data = syntheticMnist();
      const ds = itemByItem(new TensorDataset(data.images, data.labels));
      const loader = new DataLoader(ds, { batchSize: BATCH, shuffle: true, generator: new Generator(2) });
      return { loader: loader as DataLoader<unknown, unknown>, items: N, dispose: data.dispose };
    },
  },
];

/** Real MNIST: the files from TYPETORCH_MNIST_DIR, else ../shared/datasets/mnist, else the cache (downloading). */
async function loadRealMnist(transform?: Compose): Promise<MNIST<unknown>> {
  const shared = fileURLToPath(new URL('../../../../shared/datasets/mnist', import.meta.url));
  const root = process.env.TYPETORCH_MNIST_DIR || (existsSync(shared) ? shared : undefined);
  return MNIST.load<unknown>(root, { download: root === undefined, transform });
}

cases.push(
  {
    name: 'real MNIST, raw int32 images (getBatch: one copy per batch)',
    async setup() {
      const ds = await loadRealMnist();
      const loader = new DataLoader(ds, { batchSize: BATCH, shuffle: true, generator: new Generator(2) });
      return {
        loader: loader as DataLoader<unknown, unknown>,
        items: ds.length,
        dispose: () => ds.dispose(),
      };
    },
  },
  {
    name: 'real MNIST, Compose([ToTensor(), Normalize()]) per item',
    async setup() {
      const ds = await loadRealMnist(new Compose([new ToTensor(), new Normalize([0.1307], [0.3081])]));
      const loader = new DataLoader(ds, { batchSize: BATCH, shuffle: true, generator: new Generator(2) });
      return {
        loader: loader as DataLoader<unknown, unknown>,
        items: ds.length,
        dispose: () => ds.dispose(),
      };
    },
  },
);

async function epoch(loader: DataLoader<unknown, unknown>): Promise<number> {
  let batches = 0;
  for await (const batch of loader) {
    disposeTensors(batch);
    batches++;
  }
  return batches;
}

interface Result {
  name: string;
  baseline: boolean;
  batchesPerEpoch: number;
  secondsPerEpoch: number;
  items: number;
  epochs: number;
}

async function measure(c: LoaderCase): Promise<Result> {
  const setup = await c.setup();
  const before = memory('cpu').numTensors;
  try {
    const batchesPerEpoch = await epoch(setup.loader); // warm-up
    const times: number[] = [];
    let total = 0;
    while (times.length < MAX_EPOCHS && (times.length < MIN_EPOCHS || total < MIN_TIME_MS)) {
      const t0 = performance.now();
      await epoch(setup.loader);
      const dt = performance.now() - t0;
      times.push(dt);
      total += dt;
    }
    const leaked = memory('cpu').numTensors - before;
    if (leaked !== 0) throw new Error(`${c.name}: ${leaked} tensors leaked over ${times.length + 1} epochs`);
    times.sort((a, b) => a - b);
    return {
      name: c.name,
      baseline: c.baseline ?? false,
      batchesPerEpoch,
      secondsPerEpoch: times[times.length >> 1] / 1000,
      items: setup.items,
      epochs: times.length,
    };
  } finally {
    setup.dispose();
  }
}

function table(results: Result[]): string {
  const base = results.find((r) => r.baseline);
  const rows = [['case', 'batches/s', 'images/s', 'ms/epoch', 'epochs', base ? 'vs baseline' : '']];
  for (const r of results) {
    rows.push([
      r.name,
      (r.batchesPerEpoch / r.secondsPerEpoch).toFixed(0),
      (r.items / r.secondsPerEpoch).toFixed(0),
      (r.secondsPerEpoch * 1000).toFixed(0),
      String(r.epochs),
      base ? `${(base.secondsPerEpoch / r.secondsPerEpoch).toFixed(1)}x` : '',
    ]);
  }
  const widths = rows[0].map((_, k) => Math.max(...rows.map((row) => row[k].length)));
  return rows
    .map((row) =>
      row.map((cell, k) => (k === 0 ? cell.padEnd(widths[k]) : cell.padStart(widths[k]))).join('  '),
    )
    .join('\n');
}

async function main(): Promise<void> {
  const selected = cases.filter((c) => ONLY === undefined || c.name.includes(ONLY));
  console.log(
    `DataLoader, batch ${BATCH}, shuffle, consumer disposes each batch${QUICK ? ' (BENCH_QUICK)' : ''}\n`,
  );
  const results: Result[] = [];
  for (const c of selected) results.push(await measure(c));
  console.log(table(results));
}

await main();
