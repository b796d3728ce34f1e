/**
 * The trainer on `--device webgpu` (a real WebGPU adapter: a software Vulkan driver where there is no
 * GPU, see vitest.config.ts), end to end: train, save, evaluate on both devices, predict.
 */
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { MNIST } from '@typetorch/data/node';
import { PNG } from 'pngjs';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { main } from './cli.js';
import { bufferIo } from './io.js';

const here = dirname(fileURLToPath(import.meta.url));
const DATA = process.env.TYPETORCH_MNIST_DIR || resolve(here, '../../../../shared/datasets/mnist');

async function run(...argv: string[]) {
  const io = bufferIo();
  const code = await main(argv, io);
  return {
    code,
    stdout: io.stdout,
    stderr: io.stderr,
    json: io.stdout
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l)),
  };
}

let tmp: string;
beforeAll(async () => {
  tmp = await mkdtemp(join(tmpdir(), 'mnist-webgpu-'));
});
afterAll(async () => {
  await rm(tmp, { recursive: true, force: true });
});

it('trains on webgpu, and the checkpoint evaluates the same on webgpu and on the cpu', async () => {
  const file = join(tmp, 'mlp.safetensors');
  const args = ['--data', DATA, '--limit', '3000', '--epochs', '1', '--device', 'webgpu', '--json'];
  const trained = await run('train', ...args, '--save', file);
  expect(trained.stderr).toBe('');
  expect(trained.code).toBe(0);
  const result = trained.json.at(-1);
  expect(result.total).toBe(10000);
  expect(result.testAccuracy).toBeGreaterThan(0.85);

  const onGpu = await run('eval', '--load', file, '--data', DATA, '--device', 'webgpu', '--json');
  expect(onGpu.code).toBe(0);
  expect(onGpu.json[0].testAccuracy).toBe(result.testAccuracy);
  const onCpu = await run('eval', '--load', file, '--data', DATA, '--json');
  expect(onCpu.code).toBe(0);
  // Different kernels round differently: a handful of borderline images may flip.
  expect(Math.abs(onCpu.json[0].testAccuracy - result.testAccuracy)).toBeLessThanOrEqual(0.002);

  const test = await MNIST.load(DATA, { train: false });
  const png = new PNG({ width: 28, height: 28, colorType: 0 });
  for (let i = 0; i < 784; i++) png.data.set([test.pixels[i], test.pixels[i], test.pixels[i], 255], 4 * i);
  const image = join(tmp, 'digit.png');
  await writeFile(image, PNG.sync.write(png));
  const predicted = await run('predict', '--load', file, image, '--device', 'webgpu', '--json');
  expect(predicted.code).toBe(0);
  expect(predicted.json[0].top[0].class).toBe(test.labels[0]);
}, 300_000);
