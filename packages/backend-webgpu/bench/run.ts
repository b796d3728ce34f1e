/**
 * `pnpm bench`: typetorch's WebGPU backend against TensorFlow.js's WebGPU backend
 * (`@tensorflow/tfjs-backend-webgpu`), in one Node process, on one adapter (Dawn's bindings, npm
 * `webgpu`; without a GPU, the software Vulkan driver that `VK_DRIVER_FILES` names), same inputs.
 *
 * Figures:
 * - matmul GFLOP/s at 128x784x512 (an MLP layer at batch 128) and 1024x1024x1024. A timed iteration
 *   enqueues `repeat` matmuls of the same inputs, then reads the last result back (`await out.data()`)
 *   so the GPU has finished; intermediate results are disposed as they go.
 * - MLP training steps/s: 784-512-512-10, batch 128, Adam (see mlp.ts). A timed iteration runs
 *   `repeat` steps and reads the last loss, as a training loop that logs now and then does.
 *
 * The two libraries' iterations alternate (`measurePair`, shared with the CPU benchmark), so a busy
 * moment on a shared machine slows both sides and the ratio holds; figures are medians after warm-up.
 * Results are cross-checked before timing and tensor counts are checked for leaks afterwards.
 *
 * Absolute numbers on a software driver (lavapipe, SwiftShader) say nothing about a GPU; the ratio
 * against TF.js on the same adapter is the figure of merit.
 *
 * Environment: BENCH_QUICK=1 for short budgets (a smoke run); BENCH_ONLY=text to run only the cases
 * whose name contains `text`; VK_DRIVER_FILES to choose the driver.
 */
import os from 'node:os';
import '@typetorch/backend-cpu';
import type * as tfType from '@tensorflow/tfjs';
import { initWebGPU } from '@typetorch/backend-webgpu';
import { formatTable, type MeasureOptions, measurePair } from '@typetorch/bench-timing';
import { memory, randint, randn, type Tensor, tensor } from '@typetorch/tensor';
import { describeAdapter, openGpu } from './gpu.js';
import {
  BATCH,
  type MlpData,
  SIZES,
  type Trainer,
  tfjsTrainer,
  typetorchModel,
  typetorchTrainer,
} from './mlp.js';

const QUICK = process.env.BENCH_QUICK === '1';
const ONLY = process.env.BENCH_ONLY;

const BUDGET: MeasureOptions = QUICK
  ? { warmup: 1, minTimeMs: 500, minRuns: 3, maxRuns: 50 }
  : { warmup: 2, minTimeMs: 5000, minRuns: 7, maxRuns: 200 };

/** One library's side of a case: a timed iteration, and a result for the cross-check. */
interface Side {
  run(): Promise<unknown>;
  dispose(): void;
}

interface Case {
  name: string;
  unit: 'GFLOP/s' | 'steps/s';
  /** FLOPs (GFLOP/s) or steps (steps/s) per timed iteration. */
  work: number;
  /** Builds both sides and cross-checks them; returns [typetorch, TF.js]. */
  setup(): Promise<[Side, Side]>;
}

let tf: typeof tfType;

async function host(shape: number[]): Promise<Float32Array> {
  const t = randn(shape);
  const values = (await t.data()) as Float32Array;
  t.dispose();
  return values;
}

function relativeError(x: ArrayLike<number>, y: ArrayLike<number>): number {
  if (x.length !== y.length) return Number.POSITIVE_INFINITY;
  let diff = 0;
  let scale = 0;
  for (let i = 0; i < x.length; i++) {
    diff = Math.max(diff, Math.abs(x[i] - y[i]));
    scale = Math.max(scale, Math.abs(y[i]));
  }
  return diff / Math.max(scale, 1e-30);
}

function matmulCase(m: number, k: number, n: number, repeat: number): Case {
  return {
    name: `matmul ${m}x${k}x${n}`,
    unit: 'GFLOP/s',
    work: 2 * m * k * n * repeat,
    async setup() {
      const [av, bv] = [await host([m, k]), await host([k, n])];
      const toGpu = (v: Float32Array, shape: number[]) => {
        const flat = tensor(v, { device: 'webgpu' });
        const shaped = flat.reshape(shape);
        flat.dispose();
        return shaped;
      };
      const [a, b] = [toGpu(av, [m, k]), toGpu(bv, [k, n])];
      const [ta, tb] = [tf.tensor2d(av, [m, k]), tf.tensor2d(bv, [k, n])];
      const ours = async () => {
        let out: Tensor = a.matmul(b);
        for (let i = 1; i < repeat; i++) {
          out.dispose();
          out = a.matmul(b);
        }
        const values = await out.data();
        out.dispose();
        return values as Float32Array;
      };
      const theirs = async () => {
        let out = tf.matMul(ta, tb);
        for (let i = 1; i < repeat; i++) {
          out.dispose();
          out = tf.matMul(ta, tb);
        }
        const values = await out.data();
        out.dispose();
        return values as Float32Array;
      };
      const err = relativeError(await ours(), await theirs());
      if (!(err <= 1e-4))
        console.warn(`warning: matmul ${m}x${k}x${n}: results differ (relative error ${err})`);
      return [
        {
          run: ours,
          dispose: () => {
            a.dispose();
            b.dispose();
          },
        },
        { run: theirs, dispose: () => tf.dispose([ta, tb]) },
      ];
    },
  };
}

function mlpCase(repeat: number): Case {
  return {
    name: `MLP ${SIZES.join('-')} Adam, batch ${BATCH}`,
    unit: 'steps/s',
    work: repeat,
    async setup() {
      const x = await host([BATCH, SIZES[0]]);
      const labels = randint(0, SIZES[SIZES.length - 1], [BATCH], { dtype: 'int32' });
      const data: MlpData = { x, y: Int32Array.from((await labels.data()) as Int32Array) };
      labels.dispose();
      const model = typetorchModel('webgpu');
      const weights = await Promise.all(
        model.parameters().map(async (p) => (await p.data()) as Float32Array),
      );
      const ours: Trainer = typetorchTrainer(model, data);
      const theirs: Trainer = tfjsTrainer(tf, weights, data);
      // Same start, same batch: the first losses agree; Adam's updates differ in rounding only.
      const first = [await ours.train(1), await theirs.train(1)];
      const third = [await ours.train(2), await theirs.train(2)];
      if (
        Math.abs(first[0] - first[1]) > 1e-4 * first[1] ||
        Math.abs(third[0] - third[1]) > 1e-2 * third[1]
      ) {
        console.warn(
          `warning: MLP losses differ: typetorch ${first[0]}, ${third[0]}; TF.js ${first[1]}, ${third[1]}`,
        );
      }
      return [
        { run: () => ours.train(repeat), dispose: () => ours.dispose() },
        { run: () => theirs.train(repeat), dispose: () => theirs.dispose() },
      ];
    },
  };
}

const CASES: Case[] = [matmulCase(128, 784, 512, 10), matmulCase(1024, 1024, 1024, 1), mlpCase(5)];

function fmt(x: number): string {
  if (x >= 100) return x.toFixed(0);
  if (x >= 10) return x.toFixed(1);
  return x.toFixed(2);
}

async function main(): Promise<void> {
  const { gpu, adapter, driver } = await openGpu();
  await initWebGPU({ gpu, adapter });
  // `@tensorflow/tfjs`, not tfjs-core alone: only the full bundle registers the gradients training needs.
  tf = await import('@tensorflow/tfjs');
  await import('@tensorflow/tfjs-backend-webgpu');
  tf.enableProdMode();
  if (!(await tf.setBackend('webgpu')) || tf.getBackend() !== 'webgpu') {
    throw new Error('could not select the TF.js webgpu backend');
  }
  await tf.ready();

  const cpus = os.cpus();
  console.log('typetorch WebGPU backend vs TensorFlow.js WebGPU backend, one adapter, one Node process');
  console.log(`adapter: ${describeAdapter(adapter)} (driver: ${driver})`);
  console.log(`machine: ${cpus[0]?.model ?? 'unknown CPU'}, ${cpus.length} cores; node ${process.version}`);
  console.log(`tfjs:    tfjs-core ${tf.version_core}, tfjs-backend-webgpu`);
  console.log(`mode:    ${QUICK ? 'BENCH_QUICK (short budgets)' : 'full'}`);
  console.log('');

  const rows: string[][] = [];
  const started = Date.now();
  for (const c of CASES) {
    if (ONLY !== undefined && !c.name.includes(ONLY)) continue;
    const [ours, theirs] = await c.setup();
    // Setup has run each side (the cross-check), so optimiser state exists: any growth from here on
    // is a per-iteration leak.
    const before = [memory('webgpu').numTensors, tf.memory().numTensors];
    const [a, b] = await measurePair(
      async () => void (await ours.run()),
      async () => void (await theirs.run()),
      BUDGET,
    );
    const leaked = [memory('webgpu').numTensors - before[0], tf.memory().numTensors - before[1]];
    if (leaked[0] !== 0 || leaked[1] !== 0) {
      console.warn(`warning: ${c.name}: tensors leaked (typetorch ${leaked[0]}, TF.js ${leaked[1]})`);
    }
    ours.dispose();
    theirs.dispose();
    const scale = c.unit === 'GFLOP/s' ? 1e9 : 1;
    const [ra, rb] = [c.work / a.seconds / scale, c.work / b.seconds / scale];
    const row = [c.name, c.unit, fmt(ra), fmt(rb), `${(ra / rb).toFixed(2)}x`, String(a.runs)];
    rows.push(row);
    console.log(`  ${c.name}: typetorch ${row[2]}, TF.js ${row[3]} ${c.unit} (${row[4]})`);
  }
  console.log('');
  console.log(formatTable(['case', 'unit', 'typetorch', 'TF.js', 'ratio', 'runs'], rows));
  console.log('');
  console.log(
    `ratio = typetorch / TF.js (>1: typetorch is faster); runs = timed runs of each, alternating, median taken. Total ${((Date.now() - started) / 1000).toFixed(1)} s.`,
  );
}

await main();
