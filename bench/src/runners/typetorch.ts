/**
 * The typetorch runner (a child process of the suite): `@typetorch/backend-cpu` with autograd, nn and
 * optim, exactly as a user writes a training loop. `--threads N` calls the backend's `setNumThreads(N)`
 * when the backend has it; without the API, asking for threads is an error (the coordinator then
 * leaves the row out) rather than a silently single-threaded figure.
 */

import { noGrad } from '@typetorch/autograd';
import * as cpu from '@typetorch/backend-cpu';
// The demo's own models, so the suite measures exactly what the MNIST trainer trains.
import { CNN, disposeModel, MLP } from '@typetorch/mnist-demo/models';
import * as nn from '@typetorch/nn';
import * as optim from '@typetorch/optim';
import * as tensorPkg from '@typetorch/tensor';
import { manualSeed, randint, randn, scope, type Tensor } from '@typetorch/tensor';
import { LEARNING_RATE, type WorkloadSpec } from '../workloads.js';
import { type Library, type Session, serve } from './serve.js';
import { findGetNumThreads, findSetNumThreads, parseThreadsArg } from './threads.js';
import { ceilingSession } from './typetorch-ceiling.js';
import { mnistExampleSession } from './typetorch-mnist-example.js';

function matmulSession(m: number, k: number, n: number): Session {
  const a = randn([m, k]);
  const b = randn([k, n]);
  return {
    // C[0, 0] alone, as every runner reads it (workloads.ts); the scope frees C and its views.
    step: () => scope(async () => Number(await a.matmul(b).select(0, 0).select(0, 0).item())),
    dispose() {
      a.dispose();
      b.dispose();
    },
  };
}

/** One training step per `step()`: forward, loss, backward, Adam step, loss read back. */
function trainSession(model: MLP | CNN, x: Tensor, y: Tensor): Session {
  const optimizer = new optim.Adam(model.parameters(), { lr: LEARNING_RATE });
  const lossFn = new nn.CrossEntropyLoss();
  model.train();
  return {
    step: () =>
      scope(async () => {
        optimizer.zeroGrad();
        const loss = lossFn.forward(model.forward(x), y);
        loss.backward();
        optimizer.step();
        return Number(await loss.item());
      }),
    dispose() {
      optimizer.zeroGrad();
      optimizer.disposeState();
      disposeModel(model);
      x.dispose();
      y.dispose();
    },
  };
}

function inferSession(batch: number): Session {
  const model = new MLP();
  model.eval();
  const x = randn([batch, 784]);
  return {
    step: () =>
      scope(async () => {
        const logits = noGrad(() => model.forward(x));
        return Number((await logits.data())[0]);
      }),
    dispose() {
      disposeModel(model);
      x.dispose();
    },
  };
}

async function setup(spec: WorkloadSpec): Promise<Session> {
  manualSeed(0);
  switch (spec.kind) {
    case 'matmul':
      return matmulSession(spec.m, spec.k, spec.n);
    case 'mlp-train':
      return trainSession(new MLP(), randn([spec.batch, 784]), randint(0, 10, [spec.batch]));
    case 'mlp-infer':
      return inferSession(spec.batch);
    case 'cnn-train':
      return trainSession(new CNN(), randn([spec.batch, 1, 28, 28]), randint(0, 10, [spec.batch]));
    case 'mnist-example':
      return mnistExampleSession(spec.batchSize);
    case 'wasm-ceiling':
      return ceilingSession(spec.flops);
  }
}

async function load(): Promise<Library> {
  const requested = parseThreadsArg(process.argv.slice(2));
  const sources = [cpu, cpu.cpuBackend, tensorPkg];
  const notes: string[] = [];
  if (requested !== undefined) {
    const setNumThreads = findSetNumThreads(sources);
    if (setNumThreads === undefined) {
      throw new Error(
        `@typetorch/backend-cpu has no setNumThreads yet: cannot run with ${requested} threads`,
      );
    }
    setNumThreads(requested);
    notes.push(`setNumThreads(${requested})`);
  }
  const threads = findGetNumThreads(sources)?.() ?? requested;
  if (requested !== undefined && threads !== requested) {
    throw new Error(`setNumThreads(${requested}) left the backend at ${threads} threads`);
  }
  // The build of the kernels (systems.ts pins it with TYPETORCH_CPU_RELAXED_SIMD for the -tN systems).
  const relaxed = cpu.wasmStatus().relaxedSimd;
  if (process.env.TYPETORCH_CPU_RELAXED_SIMD === '1' && !relaxed) {
    throw new Error('this engine did not validate the relaxed-SIMD kernels');
  }
  notes.push(`${relaxed ? 'relaxed' : 'plain'} SIMD kernels`);
  return { info: { library: '@typetorch/backend-cpu (workspace)', threads, notes }, setup };
}

await serve(load);
