// `--device webgpu` for a few batches (CI): the same port, on WebGPU (a software Vulkan driver here).
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { initWebGPUNode } from '@typetorch/backend-webgpu/node';
import { DataLoader, Subset, transforms } from '@typetorch/data';
import { MNIST } from '@typetorch/data/node';
import * as optim from '@typetorch/optim';
import { manualSeed, type Tensor } from '@typetorch/tensor';
import { beforeAll, expect, it } from 'vitest';
import { type Args, test as evaluate, Net, parseArgs, train } from './main.js';

const here = dirname(fileURLToPath(import.meta.url));
const DATA = process.env.TYPETORCH_MNIST_DIR || resolve(here, '../../../../shared/datasets/mnist');

beforeAll(async () => {
  await initWebGPUNode();
});

it('trains and tests on webgpu as on the cpu', async () => {
  manualSeed(1);
  const transform = new transforms.Compose<Tensor, Tensor>([
    new transforms.ToTensor(),
    new transforms.Normalize([0.1307], [0.3081]),
  ]);
  const range = (n: number) => Array.from({ length: n }, (_, i) => i);
  const trainSet = new Subset(await MNIST.load(DATA, { train: true, transform }), range(96));
  const testSet = new Subset(await MNIST.load(DATA, { train: false, transform }), range(64));
  const model = new Net().to('webgpu');
  const optimizer = new optim.Adadelta(model.parameters(), { lr: 1.0 });
  const lines: string[] = [];
  const args = { ...parseArgs(['--device', 'webgpu', '--log-interval', '2']), epochs: 1 } satisfies Args;
  await train(
    args,
    model,
    'webgpu',
    new DataLoader(trainSet, { batchSize: 32, shuffle: true }),
    optimizer,
    1,
    (l) => lines.push(l),
  );
  expect(lines[0]).toMatch(/^Train Epoch: 1 \[0\/96 \(0%\)\]\tLoss: 2\.\d{6}$/);
  const { testLoss, correct } = await evaluate(
    args,
    model,
    'webgpu',
    new DataLoader(testSet, { batchSize: 32 }),
    (l) => lines.push(l),
  );
  expect(Number.isFinite(testLoss)).toBe(true);
  expect(correct).toBeGreaterThanOrEqual(0);
  expect(lines.at(-1)).toMatch(/^\nTest set: Average loss: \d\.\d{4}, Accuracy: \d+\/64 \(\d+%\)\n$/);
});
