/**
 * Keeps the children's leftover work out of each other's timed rounds (see settle.ts): before a round
 * it waits for every child to go idle (unless settling is off, `--no-settle`), and around the round
 * it reads the other children's CPU time, so the report shows what each round shared the CPU with.
 */
import { processCpuNs } from './cpu-time.js';
import { cpuDeltasMs, SETTLE, type SettleOptions, type SettleProbe, settle } from './settle.js';

/** What the guard saw around one timed round of child `index`. */
export interface RoundWatch {
  /** How long the suite waited for the children to go idle before the round (ms); absent without settling. */
  settleMs?: number;
  /** Whether they did go idle (false: gave up after `maxMs`). */
  quiet?: boolean;
  /** CPU each child used during the wait (ms), by child index: the previous round's leftover work. */
  waitCpuMs: number[];
}

export class CpuGuard {
  private readonly probe: SettleProbe;

  /**
   * `pids`: the children, in a fixed order (an undefined pid or an unreadable /proc means no readings:
   * the guard then neither waits nor reports).
   */
  constructor(
    pids: readonly (number | undefined)[],
    readonly settling: boolean,
    private readonly options: SettleOptions = SETTLE,
    probe?: SettleProbe,
  ) {
    this.probe = probe ?? {
      cpuNs: () => pids.map((pid) => (pid === undefined ? undefined : processCpuNs(pid))),
      now: () => performance.now(),
      sleep: (ms) => new Promise((resolve) => setTimeout(resolve, ms)),
    };
  }

  /** Whether the CPU times can be read at all (Linux /proc). */
  get available(): boolean {
    return this.probe.cpuNs().some((x) => x !== undefined);
  }

  /** Waits for the children to go idle (when settling). */
  async beforeRound(): Promise<RoundWatch> {
    if (!this.settling || !this.available) return { waitCpuMs: [] };
    const s = await settle(this.probe, this.options);
    return { settleMs: s.waitedMs, quiet: s.quiet, waitCpuMs: s.cpuMs };
  }

  /** Runs `round` (child `index`'s timed round) and returns its result and the CPU the other children used meanwhile (ms). */
  async during<T>(index: number, round: () => Promise<T>): Promise<{ result: T; othersCpuMs?: number }> {
    const before = this.probe.cpuNs();
    const result = await round();
    const after = this.probe.cpuNs();
    if (!before.some((x) => x !== undefined)) return { result };
    const deltas = cpuDeltasMs(before, after);
    return { result, othersCpuMs: deltas.reduce((sum, ms, i) => (i === index ? sum : sum + ms), 0) };
  }
}
