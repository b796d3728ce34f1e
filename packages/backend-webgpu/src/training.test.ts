/**
 * End-to-end: the 784-128-10 MLP trained on MNIST images gives the same loss curve on `webgpu` as on
 * `cpu` (same initial weights, same batches), and a long training loop keeps GPU memory flat.
 */
import '@typetorch/autograd';
import '@typetorch/backend-cpu';
import { fileURLToPath } from 'node:url';
import { MNIST } from '@typetorch/data/node';
import * as nn from '@typetorch/nn';
import * as optim from '@typetorch/optim';
import {
  manualSeed,
  memory,
  memoryDebug,
  scope,
  setMemoryDebug,
  type Tensor,
  tensor,
} from '@typetorch/tensor';
import { beforeAll, describe, expect, it, onTestFinished } from 'vitest';
import type { WebGPUBackend } from './index.js';
import { initWebGPUNode } from './node.js';

const DATA = fileURLToPath(new URL('../../../../shared/datasets/mnist', import.meta.url));
const IMAGES = 2000;
const BATCH = 100;

let backend: WebGPUBackend;
let pixels: Float32Array;
let labels: Int32Array;

beforeAll(async () => {
  backend = await initWebGPUNode();
  const train = await MNIST.load(DATA, { train: true });
  pixels = new Float32Array(IMAGES * 784);
  for (let i = 0; i < pixels.length; i++) pixels[i] = (train.pixels[i] / 255 - 0.1307) / 0.3081;
  labels = Int32Array.from(train.labels.subarray(0, IMAGES));
}, 60_000);

function mlp(device: string): nn.Sequential {
  manualSeed(0);
  const model = new nn.Sequential(new nn.Linear(784, 128), new nn.ReLU(), new nn.Linear(128, 10));
  return device === 'cpu' ? model : model.to(device);
}

/** Batch `b` of the fixed, shuffled order shared by both devices. */
function batch(order: readonly number[], b: number, device: string): [Tensor, Tensor] {
  const x = new Float32Array(BATCH * 784);
  const y = new Int32Array(BATCH);
  for (let i = 0; i < BATCH; i++) {
    const k = order[(b * BATCH + i) % IMAGES];
    x.set(pixels.subarray(k * 784, (k + 1) * 784), i * 784);
    y[i] = labels[k];
  }
  return [tensor(x, { device }).reshape([BATCH, 784]), tensor(y, { device })];
}

function shuffled(seed: number): number[] {
  const order = Array.from({ length: IMAGES }, (_, i) => i);
  let s = seed;
  for (let i = order.length - 1; i > 0; i--) {
    s = (Math.imul(s, 1103515245) + 12345) >>> 0;
    const j = s % (i + 1);
    [order[i], order[j]] = [order[j], order[i]];
  }
  return order;
}

async function train(device: string, epochs: number): Promise<number[]> {
  const model = mlp(device);
  const optimizer = new optim.Adam(model.parameters(), { lr: 1e-3 });
  const lossFn = new nn.CrossEntropyLoss();
  const losses: number[] = [];
  const steps = IMAGES / BATCH;
  for (let epoch = 0; epoch < epochs; epoch++) {
    const order = shuffled(epoch + 1);
    for (let b = 0; b < steps; b++) {
      const loss = scope(() => {
        const [x, y] = batch(order, b, device);
        optimizer.zeroGrad();
        const l = lossFn.forward(model.forward(x) as Tensor, y);
        l.backward();
        optimizer.step();
        return l;
      });
      losses.push(Number(await loss.item()));
      loss.dispose();
    }
  }
  // Free what the run owns now, so the garbage collector's backstop cannot free it later, in the
  // middle of the memory-flatness test below.
  optimizer.zeroGrad();
  optimizer.disposeState();
  for (const p of model.parameters()) p.dispose();
  return losses;
}

describe('MLP training on webgpu', () => {
  it('follows the CPU loss curve on 2000 MNIST images for 3 epochs', async () => {
    const cpu = await train('cpu', 3);
    const gpu = await train('webgpu', 3);
    expect(gpu.length).toBe(cpu.length);
    for (let i = 0; i < cpu.length; i++) {
      expect(Math.abs(gpu[i] - cpu[i]), `step ${i}: webgpu ${gpu[i]} vs cpu ${cpu[i]}`).toBeLessThan(
        2e-3 * Math.max(1, cpu[i]),
      );
    }
    // And it learns: the last epoch's mean loss is far below the first step's.
    const last = gpu.slice(-20).reduce((a, b) => a + b, 0) / 20;
    expect(last).toBeLessThan(0.5 * gpu[0]);
  }, 600_000);

  it('keeps live GPU buffers and bytes flat over 1000 training steps', async () => {
    // As in production: poisoning freed storages (the tests' default) is a kernel per free, which
    // makes a freed buffer wait for the next submit before the pool can hand it out again.
    const debugging = memoryDebug();
    setMemoryDebug(false);
    onTestFinished(() => setMemoryDebug(debugging));
    const model = mlp('webgpu');
    const optimizer = new optim.Adam(model.parameters(), { lr: 1e-3 });
    const lossFn = new nn.CrossEntropyLoss();
    const order = shuffled(7);
    const step = (b: number) =>
      scope(() => {
        const [x, y] = batch(order, b, 'webgpu');
        optimizer.zeroGrad();
        const l = lossFn.forward(model.forward(x) as Tensor, y);
        l.backward();
        optimizer.step();
        return l;
      });
    const snapshot = () => ({ ...memory('webgpu'), ...backend.stats() });
    let before: ReturnType<typeof snapshot> | undefined;
    for (let b = 0; b < 1000; b++) {
      const loss = step(b);
      // Read now and then, as a training loop logs its loss; the queue never runs far ahead.
      if (b % 50 === 49) await loss.item();
      loss.dispose();
      if (b === 49) before = snapshot();
    }
    await backend.flush();
    const after = snapshot();
    expect(after.numTensors).toBe(before!.numTensors);
    expect(after.numStorages).toBe(before!.numStorages);
    expect(after.numBytes).toBe(before!.numBytes);
    expect(after.storages).toBe(before!.storages);
    expect(after.buffers).toBe(before!.buffers);
    expect(after.bytes).toBe(before!.bytes);
  }, 600_000);
});
