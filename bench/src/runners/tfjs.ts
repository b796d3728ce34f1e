/**
 * The TensorFlow.js runner (a child process of the suite, so each backend registers its globals in a
 * process of its own): `--backend cpu` is `@tensorflow/tfjs-backend-cpu` (plain JavaScript),
 * `--backend wasm` is `@tensorflow/tfjs-backend-wasm` with its SIMD binary, and `--backend wasm
 * --threads N` its SIMD+threads binary with N threads (see tfjs-wasm-threads-shim.ts for why that
 * needs a shim in Node). The .wasm files are taken from the installed package (`setWasmPaths`).
 *
 * Training uses core ops with `tf.train.adam` and `optimizer.minimize`, the loss read back with
 * `await loss.data()` every step.
 */
import { createRequire } from 'node:module';
import { dirname } from 'node:path';
import * as tf from '@tensorflow/tfjs-core';
import { UNSUPPORTED } from '../protocol.js';
import { LEARNING_RATE, type WorkloadSpec } from '../workloads.js';
import { type Library, type Session, serve } from './serve.js';
import { cnn, mlp, type TfModel } from './tfjs-models.js';
import { installWasmThreadsShim } from './tfjs-wasm-threads-shim.js';
import { parseThreadsArg } from './threads.js';

/** Checks after a workload's teardown that it left no tensors behind (a leak would slow later rounds). */
function leakCheck(before: number, what: string): void {
  const leaked = tf.memory().numTensors - before;
  if (leaked !== 0) console.error(`warning: TF.js ${what} leaked ${leaked} tensors`);
}

function matmulSession(m: number, k: number, n: number): Session {
  const before = tf.memory().numTensors;
  const a = tf.randomNormal([m, k]);
  const b = tf.randomNormal([k, n]);
  return {
    async step() {
      const out = tf.matMul(a, b);
      // C[0, 0] alone, as every runner reads it (workloads.ts).
      const first = tf.slice(out, [0, 0], [1, 1]);
      const values = await first.data();
      first.dispose();
      out.dispose();
      return values[0];
    },
    dispose() {
      a.dispose();
      b.dispose();
      leakCheck(before, 'matmul');
    },
  };
}

function trainSession(model: TfModel, x: tf.Tensor, labels: tf.Tensor1D, before: number): Session {
  const y = tf.tidy(() => tf.cast(tf.oneHot(labels, 10), 'float32'));
  labels.dispose();
  // PyTorch's Adam defaults (TF.js's epsilon default is 1e-7).
  const optimizer = tf.train.adam(LEARNING_RATE, 0.9, 0.999, 1e-8);
  return {
    async step() {
      const loss = optimizer.minimize(
        () => tf.losses.softmaxCrossEntropy(y, model.forward(x, true)) as tf.Scalar,
        true,
        model.variables,
      );
      if (loss === null) throw new Error('optimizer.minimize returned no loss');
      const value = (await loss.data())[0];
      loss.dispose();
      return value;
    },
    dispose() {
      optimizer.dispose();
      for (const v of model.variables) v.dispose();
      x.dispose();
      y.dispose();
      leakCheck(before, 'training');
    },
  };
}

function inferSession(batch: number): Session {
  const before = tf.memory().numTensors;
  const model = mlp(tf);
  const x = tf.randomNormal([batch, 784]);
  return {
    async step() {
      const logits = tf.tidy(() => model.forward(x, false));
      const values = await logits.data();
      logits.dispose();
      return values[0];
    },
    dispose() {
      for (const v of model.variables) v.dispose();
      x.dispose();
      leakCheck(before, 'inference');
    },
  };
}

/** The kernels a CNN training step needs beyond inference; TF.js's wasm backend lacks some. */
const CNN_TRAINING_KERNELS = ['Conv2DBackpropFilter', 'Conv2DBackpropInput', 'MaxPoolGrad'];

async function setup(spec: WorkloadSpec): Promise<Session> {
  if (spec.kind === 'wasm-ceiling') {
    throw new Error(`${UNSUPPORTED}the SIMD ceiling micro-benchmark is typetorch's backend-cpu own`);
  }
  if (spec.kind === 'mnist-example') {
    throw new Error(
      `${UNSUPPORTED}pytorch/examples mnist is ported to typetorch only (no TF.js version of it)`,
    );
  }
  if (spec.kind === 'cnn-train') {
    const missing = CNN_TRAINING_KERNELS.filter((k) => tf.getKernel(k, tf.getBackend()) === undefined);
    if (missing.length > 0) {
      throw new Error(
        `${UNSUPPORTED}TF.js ${tf.getBackend()} has no ${missing.join(', ')} kernel: no CNN training`,
      );
    }
  }
  const before = tf.memory().numTensors;
  const labels = (batch: number) => tf.randomUniformInt([batch], 0, 10) as tf.Tensor1D;
  switch (spec.kind) {
    case 'matmul':
      return matmulSession(spec.m, spec.k, spec.n);
    case 'mlp-train':
      return trainSession(mlp(tf), tf.randomNormal([spec.batch, 784]), labels(spec.batch), before);
    case 'mlp-infer':
      return inferSession(spec.batch);
    case 'cnn-train':
      return trainSession(cnn(tf), tf.randomNormal([spec.batch, 28, 28, 1]), labels(spec.batch), before);
  }
}

async function useWasm(threads: number | undefined): Promise<Library['info']> {
  if (threads !== undefined) installWasmThreadsShim(threads);
  const wasm = await import('@tensorflow/tfjs-backend-wasm');
  const require = createRequire(import.meta.url);
  wasm.setWasmPaths(
    `${dirname(require.resolve('@tensorflow/tfjs-backend-wasm/dist/tfjs-backend-wasm.wasm'))}/`,
  );
  if (threads !== undefined) {
    tf.env().set('WASM_HAS_MULTITHREAD_SUPPORT', true);
    wasm.setThreadsCount(threads);
  }
  if (!(await tf.setBackend('wasm'))) throw new Error('could not initialise the TF.js wasm backend');
  const simd = await tf.env().getAsync('WASM_HAS_SIMD_SUPPORT');
  const actual = wasm.getThreadsCount();
  if (threads !== undefined && actual !== threads) {
    throw new Error(`TF.js wasm runs ${actual} threads, not the ${threads} asked for`);
  }
  const binary = threads !== undefined ? 'threaded-simd' : simd ? 'simd' : 'plain (no SIMD)';
  const notes = [`binary: tfjs-backend-wasm ${binary}`];
  if (threads !== undefined) notes.push('threads forced in Node by a shim (unsupported upstream, tfjs#3830)');
  return { library: `@tensorflow/tfjs-backend-wasm ${wasm.version_wasm}`, threads: actual, notes };
}

/**
 * Training needs the gradients, which tfjs-core registers only when asked (the @tensorflow/tfjs bundle
 * asks). The file is ES module source with CommonJS-style extensionless imports, which Node's ESM
 * resolver rejects (`./gradients` is both a file and a folder), so it is required; tsx compiles it.
 * Its registrations land in tfjs-core's global registry, which every copy of tfjs-core shares.
 */
function registerGradients(): void {
  createRequire(import.meta.url)('@tensorflow/tfjs-core/dist/register_all_gradients');
}

async function load(): Promise<Library> {
  const argv = process.argv.slice(2);
  const backend = argv[argv.indexOf('--backend') + 1];
  const threads = parseThreadsArg(argv);
  tf.enableProdMode(); // no debug checks, no "install tfjs-node" banner
  registerGradients();
  let info: Library['info'];
  if (backend === 'cpu') {
    if (threads !== undefined) throw new Error('the TF.js cpu backend is single-threaded');
    const cpu = await import('@tensorflow/tfjs-backend-cpu');
    if (!(await tf.setBackend('cpu'))) throw new Error('could not initialise the TF.js cpu backend');
    info = { library: `@tensorflow/tfjs-backend-cpu ${cpu.version_cpu}`, threads: 1, notes: [] };
  } else if (backend === 'wasm') {
    info = await useWasm(threads);
  } else {
    throw new Error(`--backend must be cpu or wasm, got ${JSON.stringify(backend)}`);
  }
  await tf.ready();
  if (tf.getBackend() !== backend) throw new Error(`TF.js selected ${tf.getBackend()}, not ${backend}`);
  info.notes.push(`tfjs-core ${tf.version_core}`);
  return { info, setup };
}

await serve(load);
