/**
 * The accuracy gate (as tinygrad's CI has): one full epoch of the default MLP on all 60,000 training
 * images (the default settings otherwise: Adam lr 1e-3, batch 64, cosine schedule, now over one epoch)
 * must reach at least 96% on the 10,000 test images. Seeded, so the figure is the same on every run on
 * this kind of machine; it prints the time it took.
 */
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { expect, it } from 'vitest';
import { main } from './cli.js';
import { bufferIo } from './io.js';

const here = dirname(fileURLToPath(import.meta.url));
const DATA = process.env.TYPETORCH_MNIST_DIR || resolve(here, '../../../../shared/datasets/mnist');

it('one epoch of the default MLP reaches at least 96% test accuracy', async () => {
  const io = bufferIo();
  const started = performance.now();
  const code = await main(['train', '--data', DATA, '--epochs', '1', '--json'], io);
  const seconds = (performance.now() - started) / 1000;
  expect(io.stderr).toBe('');
  expect(code).toBe(0);
  const result = JSON.parse(io.stdout.trim().split('\n').at(-1)!) as { testAccuracy: number; total: number };
  expect(result.total).toBe(10000);
  process.stdout.write(
    `\naccuracy gate: default MLP, 1 epoch, ${(result.testAccuracy * 100).toFixed(2)}% test accuracy in ${seconds.toFixed(1)} s\n`,
  );
  expect(result.testAccuracy).toBeGreaterThanOrEqual(0.96);
}, 600_000);
