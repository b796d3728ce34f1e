// The port runs as upstream's script does, for a few batches (CI); the full runs are in the README.
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { DataLoader, Subset } from '@typetorch/data';
import { memory, tensor } from '@typetorch/tensor';
import { afterAll, describe, expect, it } from 'vitest';
import { test as evaluate, lossFunction, parseArgs, sample, setup, train } from './main.js';

const here = dirname(fileURLToPath(import.meta.url));
const DATA = process.env.TYPETORCH_MNIST_DIR || resolve(here, '../../../../shared/datasets/mnist');
const results = mkdtempSync(join(tmpdir(), 'typetorch-vae-'));
afterAll(() => rmSync(results, { recursive: true, force: true }));

describe('examples/vae (pytorch/examples vae/main.py)', () => {
  it("takes upstream's options with upstream's defaults", () => {
    expect(parseArgs([])).toMatchObject({
      batchSize: 128,
      epochs: 10,
      device: 'cpu',
      seed: 1,
      logInterval: 10,
    });
  });

  it('the loss is binary cross entropy plus the KL divergence, summed (checked by hand)', async () => {
    const x = tensor([[0, 1]], { dtype: 'float32' });
    const recon = tensor([[0.25, 0.5]], { dtype: 'float32' });
    const mu = tensor([[1, 0]], { dtype: 'float32' });
    const logvar = tensor([[0, 0]], { dtype: 'float32' });
    // BCE: -log(0.75) - log(0.5); KLD: -0.5 * sum(1 + 0 - mu^2 - 1) = 0.5
    const expected = -Math.log(0.75) - Math.log(0.5) + 0.5;
    const padded = (t: ReturnType<typeof tensor>) => t.expand([392, 2]).reshape([1, 784]);
    const loss = lossFunction(padded(recon), padded(x), mu, logvar);
    expect(Number(await loss.item())).toBeCloseTo(392 * (expected - 0.5) + 0.5, 2);
  });

  it('trains a few batches, lowers the loss, and writes the reconstruction and sample PNGs', async () => {
    const lines: string[] = [];
    const p = await setup(
      { ...parseArgs(['--data', DATA, '--log-interval', '4']), batchSize: 64 },
      (l) => lines.push(l),
      results,
    );
    const range = (n: number) => Array.from({ length: n }, (_, i) => i);
    p.trainLoader = new DataLoader(new Subset(p.trainLoader.dataset, range(640)), {
      batchSize: 64,
      shuffle: true,
    });
    p.testLoader = new DataLoader(new Subset(p.testLoader.dataset, range(128)), { batchSize: 64 });
    const before = await evaluate(p, 0);
    const average = await train(p, 1);
    const after = await evaluate(p, 1);
    await sample(p, 1);
    expect(lines[1]).toMatch(/^Train Epoch: 1 \[0\/640 \(0%\)\]\tLoss: \d+\.\d{6}$/);
    expect(lines).toContain(`====> Epoch: 1 Average loss: ${average.toFixed(4)}`);
    expect(after).toBeLessThan(before);
    expect(before).toBeGreaterThan(500); // about 784 * ln 2 for an untrained decoder
    for (const f of ['reconstruction_1.png', 'sample_1.png']) expect(existsSync(join(results, f))).toBe(true);
  });
  it("runs without scope() in bounded memory: device memory stays within the manager's limit", async () => {
    const p = await setup(
      { ...parseArgs(['--data', DATA, '--log-interval', '1000']), batchSize: 64 },
      () => {},
      results,
    );
    const range = (n: number) => Array.from({ length: n }, (_, i) => i);
    p.trainLoader = new DataLoader(new Subset(p.trainLoader.dataset, range(320)), {
      batchSize: 64,
      shuffle: true,
    });
    for (let epoch = 1; epoch <= 4; epoch++) {
      await train(p, epoch);
      const m = memory('cpu');
      // Tensors the loop drops are left to the garbage collector; the memory manager moves them out
      // of the WebAssembly heap, so device memory never grows with the run.
      expect(m.deviceBytes).toBeLessThanOrEqual(Math.max(m.deviceLimitBytes ?? 0, 64 * 2 ** 20));
    }
    // Dropped tensors were reclaimed (collected, or moved out by a sweep), not just left to pile up.
    const m = memory('cpu');
    expect(m.collected + m.evictions).toBeGreaterThan(0);
  });
});
