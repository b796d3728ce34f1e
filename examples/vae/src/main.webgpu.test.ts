// `--device webgpu` for a few batches (CI): the same port, on WebGPU (a software Vulkan driver here).
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { DataLoader, Subset } from '@typetorch/data';
import { afterAll, expect, it } from 'vitest';
import { test as evaluate, parseArgs, sample, setup, train } from './main.js';

const here = dirname(fileURLToPath(import.meta.url));
const DATA = process.env.TYPETORCH_MNIST_DIR || resolve(here, '../../../../shared/datasets/mnist');
const results = mkdtempSync(join(tmpdir(), 'typetorch-vae-webgpu-'));
afterAll(() => rmSync(results, { recursive: true, force: true }));

it('trains, tests and samples on webgpu', async () => {
  const lines: string[] = [];
  const args = { ...parseArgs(['--data', DATA, '--device', 'webgpu']), batchSize: 64 };
  const p = await setup(args, (l) => lines.push(l), results);
  expect(p.model.fc1.weight.device).toBe('webgpu');
  const range = (n: number) => Array.from({ length: n }, (_, i) => i);
  p.trainLoader = new DataLoader(new Subset(p.trainLoader.dataset, range(320)), {
    batchSize: 64,
    shuffle: true,
  });
  p.testLoader = new DataLoader(new Subset(p.testLoader.dataset, range(128)), { batchSize: 64 });
  const before = await evaluate(p, 0);
  await train(p, 1);
  const after = await evaluate(p, 1);
  await sample(p, 1);
  expect(after).toBeLessThan(before);
  expect(existsSync(join(results, 'sample_1.png'))).toBe(true);
});
