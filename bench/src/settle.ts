/**
 * Waiting for the children to go idle before a timed round. A child that has answered is not
 * necessarily idle: PyTorch's OpenBLAS worker threads spin for about 0.1 s after each call (its
 * thread timeout) and OpenMP's threads spin too, so after a `torch-t2` round its process kept more
 * than one core busy for about 120 ms; typetorch's own child used some 40 ms after a two-thread round.
 * Timed right away, the next system would share a core with that leftover work. So before every
 * timed round the suite polls every child's CPU time (cpu-time.ts) until none has grown for a
 * while, and records how long that took and how much CPU each child burnt meanwhile.
 */

export interface SettleOptions {
  /** How often to read the children's CPU times. */
  pollMs: number;
  /** The children count as idle once they have been quiet this long. */
  quietMs: number;
  /** Quiet means the children together used less than this fraction of one core between two polls. */
  busyFraction: number;
  /** Give up after this long (a child that never goes quiet): the round is timed anyway, and flagged. */
  maxMs: number;
}

export const SETTLE: SettleOptions = { pollMs: 10, quietMs: 30, busyFraction: 0.05, maxMs: 3000 };

/** What one wait found. */
export interface Settled {
  /** How long the wait took: at least `quietMs`, the window that showed the children idle. */
  waitedMs: number;
  /** Whether the children went quiet within `maxMs`. */
  quiet: boolean;
  /** CPU time each child (by index) used during the wait, in ms. */
  cpuMs: number[];
}

/** Where the wait gets its readings; injected, so the logic is testable without processes or clocks. */
export interface SettleProbe {
  /** The CPU time (ns) of each child, in a fixed order; undefined where unknown. */
  cpuNs(): (number | undefined)[];
  now(): number;
  sleep(ms: number): Promise<void>;
}

/** Whether the children were quiet over an interval: `cpuNs` of CPU time in `intervalMs` of wall time. */
export function isQuiet(cpuNs: number, intervalMs: number, busyFraction: number): boolean {
  return cpuNs / 1e6 <= intervalMs * busyFraction;
}

/** CPU time used between two readings, per child (ms); a child whose reading is missing counts as 0. */
export function cpuDeltasMs(
  before: readonly (number | undefined)[],
  after: readonly (number | undefined)[],
): number[] {
  return before.map((b, i) => {
    const a = after[i];
    // The sum is over live threads: one that ended takes its time with it, so a reading can drop.
    return a === undefined || b === undefined ? 0 : Math.max(0, a - b) / 1e6;
  });
}

/**
 * Polls the children until they have been quiet for `quietMs` (see {@link isQuiet}) or `maxMs` has
 * passed. Always watches at least one full quiet window.
 */
export async function settle(probe: SettleProbe, options: SettleOptions = SETTLE): Promise<Settled> {
  const start = probe.now();
  const first = probe.cpuNs();
  let previous = first;
  let previousAt = start;
  let quietSince = start;
  for (;;) {
    await probe.sleep(options.pollMs);
    const reading = probe.cpuNs();
    const at = probe.now();
    const used = cpuDeltasMs(previous, reading).reduce((a, b) => a + b, 0) * 1e6;
    if (!isQuiet(used, at - previousAt, options.busyFraction)) quietSince = at;
    previous = reading;
    previousAt = at;
    const quiet = at - quietSince >= options.quietMs;
    if (quiet || at - start >= options.maxMs) {
      return { waitedMs: at - start, quiet, cpuMs: cpuDeltasMs(first, reading) };
    }
  }
}
