/**
 * The shipped pretrained checkpoint: small, in the command line's checkpoint format, and as accurate as
 * the page says (the command line's `eval` on the 10,000 test images, on the CPU).
 */
import { readFile } from 'node:fs/promises';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseHeader } from '@typetorch/nn';
import { expect, it } from 'vitest';
import { main } from '../cli.js';
import { bufferIo } from '../io.js';
import { PRETRAINED, PRETRAINED_LABEL } from './pretrained.js';

const here = dirname(fileURLToPath(import.meta.url));
const FILE = resolve(here, 'public', PRETRAINED.file);
const DATA = process.env.TYPETORCH_MNIST_DIR || resolve(here, '../../../../../shared/datasets/mnist');

it('is an MLP checkpoint of under 3 MB in the command line format', async () => {
  const bytes = new Uint8Array(await readFile(FILE));
  expect(bytes.length).toBeLessThan(3_000_000);
  expect(parseHeader(bytes).metadata).toMatchObject({
    format: 'typetorch-mnist-demo',
    model: 'mlp',
    dataset: 'mnist',
    normalize: 'true',
  });
});

it('scores on the test set exactly what the page states', async () => {
  const io = bufferIo();
  expect(await main(['eval', '--load', FILE, '--data', DATA, '--json'], io)).toBe(0);
  const result = JSON.parse(io.stdout.trim().split('\n').at(-1) ?? '{}') as {
    testAccuracy: number;
    total: number;
  };
  expect(result.total).toBe(10000);
  expect(result.testAccuracy).toBeCloseTo(PRETRAINED.accuracy, 4);
  expect(PRETRAINED_LABEL).toBe(`pretrained: ${(100 * result.testAccuracy).toFixed(2)}% on MNIST's test set`);
}, 300_000);
