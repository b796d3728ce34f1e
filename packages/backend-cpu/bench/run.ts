/**
 * `pnpm bench`: typetorch's CPU backend against TensorFlow.js's plain-JS CPU backend, in one run, on the
 * same machine and the same input values. typetorch runs as configured by its environment variables:
 * by default the WebAssembly SIMD kernels on all cores; `TYPETORCH_CPU_WASM=0` gives the plain
 * TypeScript kernels (the figures before the WebAssembly path), `TYPETORCH_NUM_THREADS=1` one thread.
 *
 * Every timed iteration computes the op, materialises the result on the host (`await out.data()`, for
 * both libraries) and disposes the result; inputs are created once per case, outside the timing. The two
 * libraries' iterations alternate (see `measurePair`); each figure is the median over the timed runs,
 * after warm-up runs. Before timing, the two results are cross-checked and tensor counts are checked
 * for leaks afterwards.
 *
 * Environment variables:
 * - BENCH_QUICK=1    fewer warm-ups and a ~0.2 s budget per figure instead of ~1 s (a smoke run, noisier).
 * - BENCH_NO_READ=1  skip `await out.data()` and time the op alone (both sides are synchronous on the CPU,
 *                    so the kernel has finished when the op returns). Shows how much the read-back costs.
 * - BENCH_ONLY=text  run only the cases whose op or size contains `text` (e.g. BENCH_ONLY=matmul).
 */
import os from 'node:os';
import { getNumThreads, isWasmEnabled } from '@typetorch/backend-cpu';
import { formatTable, type MeasureOptions, measurePair } from '@typetorch/bench-timing';
import { conv2d, maxPool2d, memory, randn, type Tensor, tensor } from '@typetorch/tensor';
import { initTfjs, tf } from './tfjs.js';

const QUICK = process.env.BENCH_QUICK === '1';
const READ = process.env.BENCH_NO_READ !== '1';
const ONLY = process.env.BENCH_ONLY;

/** Budgets for cheap ops (elementwise, small matmuls): ~1 s of timed runs per figure. */
const FAST: MeasureOptions = QUICK
  ? { warmup: 2, minTimeMs: 200, minRuns: 3, maxRuns: 10_000 }
  : { warmup: 5, minTimeMs: 1000, minRuns: 5, maxRuns: 10_000 };
/** Budgets for the 1024^3 matmul (seconds per run in plain JS): at least 3 runs and ~1 s. */
const SLOW: MeasureOptions = QUICK
  ? { warmup: 1, minTimeMs: 0, minRuns: 1, maxRuns: 1 }
  : { warmup: 1, minTimeMs: 1000, minRuns: 3, maxRuns: 20 };

type Unit = 'GFLOP/s' | 'Melem/s';

/** One side of a case: `run` is a full timed iteration; `result` computes once for the cross-check. */
interface Side {
  run(): Promise<void>;
  result(): Promise<Float32Array>;
  dispose(): void;
}

interface Case {
  op: string;
  size: string;
  unit: Unit;
  /** FLOPs (GFLOP/s) or output elements (Melem/s) per iteration. */
  work: number;
  options: MeasureOptions;
  /** Relative tolerance of the cross-check between the two libraries' results. */
  rtol: number;
  typetorch(inputs: Float32Array[]): Side;
  tfjs(inputs: Float32Array[]): Side;
  /** Input shapes; the same random values feed both libraries. */
  shapes: number[][];
}

function typetorchSide(inputs: Tensor[], op: (...xs: Tensor[]) => Tensor): Side {
  return {
    async run() {
      const out = op(...inputs);
      if (READ) await out.data();
      out.dispose();
    },
    async result() {
      const out = op(...inputs);
      const values = (await out.data()) as Float32Array;
      out.dispose();
      return values;
    },
    dispose() {
      for (const x of inputs) x.dispose();
    },
  };
}

function tfjsSide(inputs: tf.Tensor[], op: (...xs: tf.Tensor[]) => tf.Tensor): Side {
  return {
    async run() {
      const out = op(...inputs);
      if (READ) await out.data();
      out.dispose();
    },
    async result() {
      const out = op(...inputs);
      // Copy: TF.js's CPU backend hands out its own buffer, which dispose() releases.
      const values = Float32Array.from((await out.data()) as Float32Array);
      out.dispose();
      return values;
    },
    dispose() {
      for (const x of inputs) x.dispose();
    },
  };
}

/** Builds a case whose two sides apply the same op to tensors holding the same values. */
function makeCase(
  op: string,
  size: string,
  unit: Unit,
  work: number,
  shapes: number[][],
  typetorchOp: (...xs: Tensor[]) => Tensor,
  tfjsOp: (...xs: tf.Tensor[]) => tf.Tensor,
  options: MeasureOptions = FAST,
  rtol = 1e-4,
): Case {
  return {
    op,
    size,
    unit,
    work,
    options,
    rtol,
    shapes,
    typetorch: (inputs) =>
      typetorchSide(
        inputs.map((values, i) => {
          const flat = tensor(values);
          const shaped = flat.reshape(shapes[i]);
          flat.dispose(); // the view keeps the storage alive
          return shaped;
        }),
        typetorchOp,
      ),
    tfjs: (inputs) =>
      tfjsSide(
        inputs.map((values, i) => tf.tensor(values.slice(), shapes[i], 'float32')),
        tfjsOp,
      ),
  };
}

function matmulCase(m: number, k: number, n: number, options: MeasureOptions): Case {
  return makeCase(
    'matmul',
    `${m}x${k}x${n}`,
    'GFLOP/s',
    2 * m * k * n,
    [
      [m, k],
      [k, n],
    ],
    (a, b) => a.matmul(b),
    (a, b) => tf.matMul(a, b),
    options,
    1e-3,
  );
}

const M = 1 << 20; // 1M elements (1,048,576)

/**
 * 2x2 max pooling of `[64, 32, 28, 28]`. TF.js pools NHWC only, so its side gets the same values
 * transposed to NHWC once, outside the timing (and its result transposed back for the cross-check).
 */
function maxPoolCase(): Case {
  const shape = [64, 32, 28, 28];
  const base = makeCase(
    'maxPool2d 2x2',
    '[64,32,28,28]',
    'Melem/s',
    shape.reduce((a, b) => a * b, 1),
    [shape],
    (x) => maxPool2d(x, 2),
    (x) => x,
  );
  return {
    ...base,
    tfjs: (inputs) => {
      const x = tf.tidy(() => tf.transpose(tf.tensor(inputs[0].slice(), shape, 'float32'), [0, 2, 3, 1]));
      const op = () => tf.maxPool(x as tf.Tensor4D, 2, 2, 'valid');
      return {
        async run() {
          const out = op();
          if (READ) await out.data();
          out.dispose();
        },
        async result() {
          const out = tf.tidy(() => tf.transpose(op(), [0, 3, 1, 2]));
          const values = Float32Array.from((await out.data()) as Float32Array);
          out.dispose();
          return values;
        },
        dispose() {
          x.dispose();
        },
      };
    },
  };
}

const CASES: Case[] = [
  matmulCase(128, 784, 512, FAST),
  matmulCase(512, 512, 512, FAST),
  matmulCase(1024, 1024, 1024, SLOW),
  makeCase(
    'add',
    '1M + 1M',
    'Melem/s',
    M,
    [[M], [M]],
    (a, b) => a.add(b),
    (a, b) => tf.add(a, b),
  ),
  makeCase(
    'add (broadcast)',
    '[1000,1000] + [1000]',
    'Melem/s',
    1e6,
    [[1000, 1000], [1000]],
    (a, b) => a.add(b),
    (a, b) => tf.add(a, b),
  ),
  makeCase(
    'relu',
    '1M',
    'Melem/s',
    M,
    [[M]],
    (a) => a.relu(),
    (a) => tf.relu(a),
  ),
  makeCase(
    'exp',
    '1M',
    'Melem/s',
    M,
    [[M]],
    (a) => a.exp(),
    (a) => tf.exp(a),
  ),
  makeCase(
    'sum',
    '1M -> scalar',
    'Melem/s',
    M,
    [[M]],
    (a) => a.sum(),
    (a) => tf.sum(a),
    FAST,
    1e-3,
  ),
  makeCase(
    'conv2d 3x3, padding 1',
    '[64,32,28,28] * [64,32,3,3]',
    'GFLOP/s',
    2 * 64 * 64 * 32 * 3 * 3 * 28 * 28,
    [
      [64, 32, 28, 28],
      [64, 32, 3, 3],
    ],
    (x, w) => conv2d(x, w, null, { padding: 1 }),
    // TF.js takes NCHW input but [kH, kW, C, O] filters: the transpose (18k elements) is timed too.
    (x, w) =>
      tf.tidy(() =>
        tf.conv2d(x as tf.Tensor4D, tf.transpose(w, [2, 3, 1, 0]) as tf.Tensor4D, 1, 'same', 'NCHW'),
      ),
    SLOW,
    1e-3,
  ),
  maxPoolCase(),
];

/** Largest |x - y| relative to the largest |y| (one scale for the whole result). */
function relativeError(x: Float32Array, y: Float32Array): number {
  if (x.length !== y.length) return Number.POSITIVE_INFINITY;
  let diff = 0;
  let scale = 0;
  for (let i = 0; i < x.length; i++) {
    diff = Math.max(diff, Math.abs(x[i] - y[i]));
    scale = Math.max(scale, Math.abs(y[i]));
  }
  return diff / Math.max(scale, 1e-30);
}

function rate(c: Case, seconds: number): number {
  return c.unit === 'GFLOP/s' ? c.work / seconds / 1e9 : c.work / seconds / 1e6;
}

function fmt(x: number): string {
  if (x >= 100) return x.toFixed(0);
  if (x >= 10) return x.toFixed(1);
  return x.toFixed(2);
}

async function main(): Promise<void> {
  await initTfjs();
  const cpus = os.cpus();
  const kernels = isWasmEnabled()
    ? `WebAssembly SIMD kernels, up to ${getNumThreads()} thread(s)`
    : 'TypeScript kernels (TYPETORCH_CPU_WASM=0), one thread';
  console.log(`typetorch CPU backend (${kernels}) vs TensorFlow.js CPU backend (single-threaded plain JS)`);
  console.log(
    `machine: ${cpus[0]?.model ?? 'unknown CPU'}, ${cpus.length} cores, ${os.platform()} ${os.arch()}`,
  );
  console.log(`node:    ${process.version}, tfjs-core ${tf.version_core}`);
  console.log(
    `mode:    ${QUICK ? 'BENCH_QUICK (short budgets)' : 'full'}; ${READ ? 'each iteration includes `await out.data()`' : 'BENCH_NO_READ (op only, no read-back)'}`,
  );
  console.log('');

  const rows: string[][] = [];
  const started = Date.now();
  for (const c of CASES) {
    if (ONLY !== undefined && !c.op.includes(ONLY) && !c.size.includes(ONLY)) continue;
    const typetorchBefore = memory('cpu').numTensors;
    const tfBefore = tf.memory().numTensors;

    // Same input values on both sides.
    const seedTensors = c.shapes.map((s) => randn(s));
    const inputs = await Promise.all(seedTensors.map(async (t) => (await t.data()) as Float32Array));
    for (const t of seedTensors) t.dispose();
    const ours = c.typetorch(inputs);
    const theirs = c.tfjs(inputs);

    const err = relativeError(await ours.result(), await theirs.result());
    if (!(err <= c.rtol)) console.warn(`warning: ${c.op} ${c.size}: results differ (relative error ${err})`);

    const [a, b] = await measurePair(
      () => ours.run(),
      () => theirs.run(),
      c.options,
    );
    ours.dispose();
    theirs.dispose();

    const leakedOurs = memory('cpu').numTensors - typetorchBefore;
    const leakedTheirs = tf.memory().numTensors - tfBefore;
    if (leakedOurs !== 0 || leakedTheirs !== 0) {
      console.warn(
        `warning: ${c.op} ${c.size}: tensors leaked (typetorch ${leakedOurs}, TF.js ${leakedTheirs})`,
      );
    }

    const ra = rate(c, a.seconds);
    const rb = rate(c, b.seconds);
    const row = [c.op, c.size, c.unit, fmt(ra), fmt(rb), `${(ra / rb).toFixed(2)}x`, String(a.runs)];
    rows.push(row);
    console.log(`  ${row[0]} ${row[1]}: typetorch ${row[3]}, TF.js ${row[4]} ${c.unit} (${row[5]})`);
  }
  console.log('');
  console.log(formatTable(['op', 'size', 'unit', 'typetorch', 'TF.js', 'ratio', 'runs'], rows));
  console.log('');
  console.log(
    `ratio = typetorch / TF.js (>1: typetorch is faster); runs = timed runs of each (alternating typetorch, TF.js), median taken. Total ${((Date.now() - started) / 1000).toFixed(1)} s.`,
  );
}

await main();
