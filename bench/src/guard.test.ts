import { describe, expect, it } from 'vitest';
import { CpuGuard } from './guard.js';
import type { SettleProbe } from './settle.js';

/** Two children whose CPU times the test sets; sleeping only moves the clock. */
function probe(cpu: (number | undefined)[]): SettleProbe {
  let clock = 0;
  return {
    cpuNs: () => [...cpu],
    now: () => clock,
    sleep: async (ms) => {
      clock += ms;
    },
  };
}

const options = { pollMs: 10, quietMs: 30, busyFraction: 0.05, maxMs: 1000 };

describe('CpuGuard', () => {
  it('reports the CPU the other children used during a timed round, not the timed one', async () => {
    const cpu = [0, 0, 0];
    const guard = new CpuGuard([1, 2, 3], true, options, probe(cpu));
    const { result, othersCpuMs } = await guard.during(1, async () => {
      cpu[0] += 4e6; // a leftover thread of child 0
      cpu[1] += 500e6; // the timed child itself
      cpu[2] += 1e6;
      return 'measured';
    });
    expect(result).toBe('measured');
    expect(othersCpuMs).toBe(5);
  });

  it('waits for idle children before a round, and only when settling', async () => {
    const cpu = [0, 0];
    expect(await new CpuGuard([1, 2], true, options, probe(cpu)).beforeRound()).toEqual({
      settleMs: 30,
      quiet: true,
      waitCpuMs: [0, 0],
    });
    expect(await new CpuGuard([1, 2], false, options, probe(cpu)).beforeRound()).toEqual({ waitCpuMs: [] });
  });

  it('neither waits nor reports without CPU readings (no /proc)', async () => {
    const guard = new CpuGuard([1], true, options, probe([undefined]));
    expect(guard.available).toBe(false);
    expect(await guard.beforeRound()).toEqual({ waitCpuMs: [] });
    expect(await guard.during(0, async () => 1)).toEqual({ result: 1 });
  });
});
