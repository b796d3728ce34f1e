import { describe, expect, it } from 'vitest';
import { cpuDeltasMs, isQuiet, type SettleProbe, settle } from './settle.js';

/**
 * A fake machine: each poll advances the clock by `pollMs` and the children's CPU times by the next
 * entry of `busy` (ms per child); after the script the children are idle.
 */
function scripted(busy: number[][], children = 2): SettleProbe & { readonly clock: number } {
  let clock = 0;
  let polls = 0;
  const cpu = new Array<number>(children).fill(1e9);
  return {
    get clock() {
      return clock;
    },
    cpuNs: () => [...cpu],
    now: () => clock,
    sleep: async (ms) => {
      clock += ms;
      const used = busy[polls++] ?? [];
      used.forEach((m, i) => {
        cpu[i] += m * 1e6;
      });
    },
  };
}

const options = { pollMs: 10, quietMs: 30, busyFraction: 0.05, maxMs: 1000 };

describe('isQuiet', () => {
  it('allows a small fraction of a core', () => {
    expect(isQuiet(0.4e6, 10, 0.05)).toBe(true);
    expect(isQuiet(0.6e6, 10, 0.05)).toBe(false);
  });
});

describe('cpuDeltasMs', () => {
  it('gives each child its CPU time in between, never below zero, 0 when unknown', () => {
    expect(cpuDeltasMs([1e6, 5e6, undefined], [3e6, 4e6, 7e6])).toEqual([2, 0, 0]);
  });
});

describe('settle', () => {
  it('returns after one quiet window when the children are idle', async () => {
    const probe = scripted([]);
    expect(await settle(probe, options)).toEqual({ waitedMs: 30, quiet: true, cpuMs: [0, 0] });
  });

  it('waits while a child keeps computing (a spinning BLAS thread), then one quiet window more', async () => {
    const probe = scripted([
      [0, 10],
      [0, 9],
      [0.1, 8],
      [0, 0.2],
    ]);
    const s = await settle(probe, options);
    expect(s.quiet).toBe(true);
    expect(s.waitedMs).toBe(30 + 30); // busy for 3 polls, quiet for 3
    expect(s.cpuMs[0]).toBeCloseTo(0.1);
    expect(s.cpuMs[1]).toBeCloseTo(27.2);
  });

  it('gives up after maxMs when a child never goes idle, and says so', async () => {
    const probe = scripted(Array.from({ length: 500 }, () => [5, 0]));
    const s = await settle(probe, { ...options, maxMs: 200 });
    expect(s).toMatchObject({ waitedMs: 200, quiet: false });
    expect(s.cpuMs[0]).toBe(100);
  });
});
