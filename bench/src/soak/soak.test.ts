/**
 * The literal PyTorch-style loops of `loops.ts`, without `scope()`, at CI size: long enough to reach
 * their steady state, then measured (each in a process of its own). Resident memory must plateau, and
 * stay within 1.5x (or +200 MiB) of the same loop with `scope()`. `pnpm soak` runs them 20,000 steps.
 */
import { describe, expect, it } from 'vitest';
import type { LoopName } from './loops.js';
import { allowedPeakMiB, judge } from './report.js';
import { soak } from './run.js';

/** Growth allowed over the measured part of a CI-size run (the soak's 64 MiB is over 19,000 steps). */
const CI_GROWTH_MIB = 48;

async function expectBounded(
  loop: LoopName,
  steps: number,
  fromStep: number,
  every: number,
  limitMiB?: number,
): Promise<void> {
  const limitOption = limitMiB === undefined ? {} : { limitMiB };
  const plain = await soak({ loop, steps, every, ...limitOption });
  const scoped = await soak({ loop, steps, every, scoped: true, ...limitOption });
  const v = judge(plain, scoped, fromStep);
  const where = `${loop}: RSS ${v.from.rssMiB.toFixed(0)} MiB at step ${v.from.step}, ${v.to.rssMiB.toFixed(0)} MiB at step ${v.to.step}; peak ${v.peakMiB.toFixed(0)} MiB, with scope() ${v.scopedPeakMiB?.toFixed(0)} MiB`;
  expect(v.to.step, where).toBe(steps);
  expect(v.growthMiB, where).toBeLessThan(CI_GROWTH_MIB);
  expect(v.peakMiB, where).toBeLessThanOrEqual(allowedPeakMiB(v.scopedPeakMiB!));
  // What memory() reports of the device follows: it is bounded by the sweeps' limit.
  const limit = Math.max(...plain.map((c) => c.memory.deviceLimitBytes ?? 0));
  expect(v.peakDeviceMiB * 2 ** 20, where).toBeLessThanOrEqual(limit);
}

describe('loops written without scope() hold steady memory on the CPU', { timeout: 600_000 }, () => {
  // Its garbage is 16 KB a step: with the default 32 MiB limit its warm-up would outlast a CI run.
  it('the README example', () => expectBounded('readme', 4000, 2000, 500, 4));
  it('the 784-512-512-10 MLP with Adam, synchronous', () => expectBounded('mlp-sync', 2000, 1000, 250));
  it('the same, async, awaiting loss.item() every step', () => expectBounded('mlp-async', 2000, 1000, 250));
  it('the optimization tutorial: for await over a DataLoader, a transform, SGD', () =>
    expectBounded('tutorial', 1200, 400, 200));
  it('pytorch/examples MNIST: the CNN, Adadelta and StepLR over a DataLoader', async () => {
    // Six checkpoints a half: its sweeps come about every 60 steps, so each half holds two peaks.
    const plain = await soak({ loop: 'mnist', steps: 180, every: 10 });
    const v = judge(plain, undefined, 60);
    const rss = plain.map((c) => c.rssMiB.toFixed(0)).join(', ');
    expect(v.to.step).toBe(180);
    expect(v.growthMiB, `RSS MiB at each checkpoint: ${rss}`).toBeLessThan(CI_GROWTH_MIB);
  });
});
