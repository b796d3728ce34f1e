// The mnist-example workload's typetorch session, for a few batches of the real training set.
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import '@typetorch/backend-cpu';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { mnistExampleSession } from './typetorch-mnist-example.js';

const here = dirname(fileURLToPath(import.meta.url));
const DATA = process.env.TYPETORCH_MNIST_DIR || resolve(here, '../../../../shared/datasets/mnist');

afterEach(() => {
  vi.unstubAllEnvs();
});

describe('mnistExampleSession', () => {
  it('reads the loss every 10th batch, as the example prints it, and starts a new pass after the warm-up', async () => {
    vi.stubEnv('TYPETORCH_MNIST_DIR', DATA);
    const session = await mnistExampleSession(64);
    const first = await session.step(); // batch 0: read
    expect(Number.isFinite(first)).toBe(true);
    expect(first).toBeGreaterThan(2); // an untrained 10-class net: about ln 10
    expect(await session.step()).toBe(first); // batch 1: not read, the last value stands
    session.afterWarmup!();
    const again = await session.step(); // batch 0 of the new pass: read again, after two updates
    expect(again).not.toBe(first);
    expect(Number.isFinite(again)).toBe(true);
    session.dispose();
  });

  it('names the variable that points at the MNIST files when it is not set', async () => {
    vi.stubEnv('TYPETORCH_MNIST_DIR', '');
    await expect(mnistExampleSession(64)).rejects.toThrow(/TYPETORCH_MNIST_DIR/);
  });
});
