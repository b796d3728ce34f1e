/**
 * A training run whose loss stops being a finite number stops there (issue 18: `--lr 1e30` diverged to
 * NaN and exited 0 without a word): exit code 2, one line naming the epoch and the batch and suggesting
 * a smaller --lr, and no checkpoint of the broken weights. Runs on the real MNIST files (as cli.test.ts).
 */
import { existsSync } from 'node:fs';
import { mkdtemp, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { main } from './cli.js';
import { stopOnDivergence } from './divergence.js';
import { bufferIo } from './io.js';

const here = dirname(fileURLToPath(import.meta.url));
const DATA = process.env.TYPETORCH_MNIST_DIR || resolve(here, '../../../../shared/datasets/mnist');

let tmp: string;
beforeAll(async () => {
  tmp = await mkdtemp(join(tmpdir(), 'mnist-demo-nan-'));
});
afterAll(async () => {
  await rm(tmp, { recursive: true, force: true });
});

describe('a diverging run', () => {
  it('--lr 1e30: exit 2, one line naming the epoch and batch, no checkpoint written', async () => {
    const io = bufferIo();
    const save = join(tmp, 'm.safetensors');
    const code = await main(
      ['--data', DATA, '--limit', '640', '--epochs', '2', '--lr', '1e30', '--save', save, '--json'],
      io,
    );
    expect(code).toBe(2);
    const lines = io.stderr.trimEnd().split('\n');
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatch(
      /^error: training diverged: the loss is (NaN|Infinity|-Infinity) at epoch 1, batch \d+ of 10 \(--lr 1e\+30\); try a smaller --lr$/,
    );
    expect(io.stdout).not.toContain('"event":"result"');
    expect(existsSync(save)).toBe(false);
    expect(await readdir(tmp)).toEqual([]);
  });

  it('the guard passes finite losses on to the callbacks it wraps', async () => {
    const seen: number[] = [];
    const guarded = stopOnDivergence({ onStep: (s) => void seen.push(s.loss) }, 0.1);
    const step = {
      epoch: 1,
      batch: 1,
      batches: 2,
      samples: 1,
      epochSamples: 2,
      meanLoss: 1,
      accuracy: 0,
      seconds: 0,
    };
    await guarded.onStep?.({ ...step, loss: 2.5 });
    expect(seen).toEqual([2.5]);
    expect(() => guarded.onStep?.({ ...step, batch: 2, loss: Number.NaN })).toThrow(
      'training diverged: the loss is NaN at epoch 1, batch 2 of 2 (--lr 0.1); try a smaller --lr',
    );
    expect(seen).toEqual([2.5]);
  });
});
