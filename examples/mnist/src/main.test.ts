// The port runs as upstream's script does, for a few batches (CI); the full runs are in the README.
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { DataLoader, Subset, transforms } from '@typetorch/data';
import { MNIST } from '@typetorch/data/node';
import * as optim from '@typetorch/optim';
import { manualSeed, memory, type Tensor } from '@typetorch/tensor';
import { describe, expect, it } from 'vitest';
import { type Args, test as evaluate, Net, parseArgs, train } from './main.js';

const here = dirname(fileURLToPath(import.meta.url));
const DATA = process.env.TYPETORCH_MNIST_DIR || resolve(here, '../../../../shared/datasets/mnist');

const transform = new transforms.Compose<Tensor, Tensor>([
  new transforms.ToTensor(),
  new transforms.Normalize([0.1307], [0.3081]),
]);

async function loaders(nTrain: number, nTest: number, batchSize: number) {
  const range = (n: number) => Array.from({ length: n }, (_, i) => i);
  const train = new Subset(await MNIST.load(DATA, { train: true, transform }), range(nTrain));
  const test = new Subset(await MNIST.load(DATA, { train: false, transform }), range(nTest));
  return [new DataLoader(train, { batchSize }), new DataLoader(test, { batchSize: 250 })] as const;
}

describe('examples/mnist (pytorch/examples mnist/main.py)', () => {
  it("takes upstream's options with upstream's defaults", () => {
    const args = parseArgs([]);
    expect(args).toMatchObject({
      batchSize: 64,
      testBatchSize: 1000,
      epochs: 14,
      lr: 1.0,
      gamma: 0.7,
      device: 'cpu',
      dryRun: false,
      seed: 1,
      logInterval: 10,
      saveModel: false,
      data: '../data',
    });
    expect(parseArgs(['--epochs', '3', '--lr', '0.5', '--dry-run']).epochs).toBe(3);
    expect(() => parseArgs(['--device', 'cuda'])).toThrow(/Allowed choices are cpu, webgpu/);
    expect(() => parseArgs(['--epochs', '1.5'])).toThrow(/expected an integer/);
  });

  it('trains a few batches with Adadelta and logs as upstream; the test pass reports accuracy', async () => {
    manualSeed(1);
    const [trainLoader, testLoader] = await loaders(1280, 500, 64);
    const model = new Net();
    const optimizer = new optim.Adadelta(model.parameters(), { lr: 1.0 });
    const lines: string[] = [];
    const args = { ...parseArgs(['--log-interval', '5']), epochs: 1 } satisfies Args;
    await train(args, model, 'cpu', trainLoader, optimizer, 1, (l) => lines.push(l));
    expect(lines[0]).toMatch(/^Train Epoch: 1 \[0\/1280 \(0%\)\]\tLoss: 2\.\d{6}$/);
    expect(lines[1]).toMatch(/^Train Epoch: 1 \[320\/1280 \(25%\)\]\tLoss: \d\.\d{6}$/);
    expect(lines).toHaveLength(4);
    const { testLoss, correct } = await evaluate(model, 'cpu', testLoader, (l) => lines.push(l));
    expect(lines[4]).toMatch(/^\nTest set: Average loss: \d\.\d{4}, Accuracy: \d+\/500 \(\d+%\)\n$/);
    // 20 batches take the CNN far past chance (10%).
    expect(correct).toBeGreaterThan(300);
    expect(testLoss).toBeLessThan(1.5);
  });

  it("runs without scope() in bounded memory: device memory stays within the manager's limit", async () => {
    const [trainLoader] = await loaders(640, 0, 32);
    const model = new Net();
    const optimizer = new optim.Adadelta(model.parameters(), { lr: 1.0 });
    const args = { ...parseArgs(['--log-interval', '1000']), epochs: 1 } satisfies Args;
    for (let epoch = 1; epoch <= 3; epoch++) {
      await train(args, model, 'cpu', trainLoader, optimizer, epoch, () => {});
      const m = memory('cpu');
      // Per-batch tensors are left to the garbage collector (their count depends on when it runs);
      // the memory manager keeps device memory within its limit whatever the collector does.
      expect(m.deviceBytes).toBeLessThanOrEqual(Math.max(m.deviceLimitBytes ?? 0, 64 * 2 ** 20));
    }
  });
});
