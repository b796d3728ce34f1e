import { describe, expect, it } from 'vitest';
import { parseSchedstat, parseStatCpuNs, processCpuNs } from './cpu-time.js';

describe('parseSchedstat', () => {
  it('reads the run time, the first field, in nanoseconds', () => {
    expect(parseSchedstat('274439967 452419002 245\n')).toBe(274439967);
  });
  it('rejects what is not a schedstat line', () => {
    expect(() => parseSchedstat('')).toThrow(/schedstat/);
  });
});

describe('parseStatCpuNs', () => {
  it('adds utime and stime (clock ticks of 10 ms), counting fields after the command name', () => {
    // A command name with a space and a parenthesis must not shift the fields.
    const line = '4242 (node (x) y) S 1 4242 4242 0 -1 4194560 100 0 0 0 250 30 0 0 20 0 11 0 123 456 789';
    expect(parseStatCpuNs(line)).toBe(280 * 1e7);
  });
  it('rejects a line without the fields', () => {
    expect(() => parseStatCpuNs('1 (x) S')).toThrow(/stat/);
  });
});

describe.runIf(process.platform === 'linux')('processCpuNs', () => {
  it("grows while this process computes, and is undefined for a process that doesn't exist", () => {
    const before = processCpuNs(process.pid)!;
    // 50 ms of this process's own CPU time (five clock ticks of /proc), however loaded the machine is.
    const start = process.cpuUsage();
    let x = 0;
    while (process.cpuUsage(start).user < 50_000) for (let i = 0; i < 1000; i++) x += Math.sqrt(x + 1);
    expect(x).toBeGreaterThan(0);
    expect(processCpuNs(process.pid)!).toBeGreaterThan(before);
    expect(processCpuNs(2 ** 22 + 1)).toBeUndefined();
  });
});
