/** What a soak run shows: growth after the warm-up, and memory against the same loop with `scope()`. */
import { formatTable } from '../table.js';
import type { Checkpoint } from './run.js';

/** Growth allowed from the first measured step to the last (the target over 19,000 steps). */
export const MAX_GROWTH_MIB = 64;

/** The loop without `scope()` may hold this much more than with it: 1.5x, or 200 MiB if larger. */
export function allowedPeakMiB(scopedPeakMiB: number): number {
  return Math.max(1.5 * scopedPeakMiB, scopedPeakMiB + 200);
}

export interface SoakVerdict {
  /** The checkpoint growth is measured from (the first at or after `fromStep`) and the last one. */
  from: Checkpoint;
  to: Checkpoint;
  /**
   * The highest resident memory over the later half of the measured checkpoints minus the highest over
   * the earlier half. Peaks, not end points: the memory manager sweeps in a sawtooth (about 90 MiB on
   * the MNIST CNN), so two single samples can differ by a tooth without any growth; a leak raises every
   * peak.
   */
  growthMiB: number;
  peakMiB: number;
  /** The scoped loop's peak resident memory, when it ran. */
  scopedPeakMiB?: number;
  /** Mean milliseconds per step over the measured range, without and with `scope()`. */
  msPerStep: number;
  scopedMsPerStep?: number;
  /** Device memory (`memory(device).deviceBytes`) at its highest over the measured range. */
  peakDeviceMiB: number;
  ok: boolean;
}

const MiB = 2 ** 20;

function measured(points: readonly Checkpoint[], fromStep: number): Checkpoint[] {
  const at = points.findIndex((c) => c.step >= fromStep);
  if (at < 0 || at === points.length - 1) {
    throw new Error(`soak: no checkpoints after step ${fromStep} (last: ${points.at(-1)?.step ?? 'none'})`);
  }
  return points.slice(at);
}

/** The later half's peak RSS minus the earlier half's (the middle checkpoint belongs to both). */
export function peakGrowthMiB(points: readonly Checkpoint[]): number {
  const middle = Math.floor((points.length - 1) / 2);
  const peak = (part: readonly Checkpoint[]) => Math.max(...part.map((c) => c.rssMiB));
  return peak(points.slice(middle)) - peak(points.slice(0, middle + 1));
}

function meanMs(points: readonly Checkpoint[]): number {
  const first = points[0];
  const last = points[points.length - 1];
  return ((last.seconds - first.seconds) * 1000) / (last.step - first.step);
}

/**
 * Judges a run (and its scoped reference) from `fromStep` on, up to `toStep` (default: the end; the
 * MNIST epoch stops before its last, short batch, which allocates new shapes once).
 */
export function judge(
  plain: readonly Checkpoint[],
  scoped: readonly Checkpoint[] | undefined,
  fromStep: number,
  toStep = Number.POSITIVE_INFINITY,
): SoakVerdict {
  const points = measured(plain, fromStep).filter((c) => c.step <= toStep);
  const from = points[0];
  const to = points[points.length - 1];
  const peakMiB = Math.max(...points.map((c) => c.rssMiB));
  const growthMiB = peakGrowthMiB(points);
  const verdict: SoakVerdict = {
    from,
    to,
    growthMiB,
    peakMiB,
    msPerStep: meanMs(points),
    peakDeviceMiB: Math.max(...points.map((c) => c.memory.deviceBytes)) / MiB,
    ok: growthMiB < MAX_GROWTH_MIB,
  };
  if (scoped !== undefined) {
    const ref = measured(scoped, fromStep);
    verdict.scopedPeakMiB = Math.max(...ref.map((c) => c.rssMiB));
    verdict.scopedMsPerStep = meanMs(ref);
    verdict.ok &&= peakMiB <= allowedPeakMiB(verdict.scopedPeakMiB);
  }
  return verdict;
}

const mib = (x: number | undefined) => (x === undefined ? '-' : x.toFixed(0));
const ms = (x: number | undefined) => (x === undefined ? '-' : x.toFixed(2));

/** A Markdown table of verdicts, one row per loop. */
export function verdictTable(rows: readonly { name: string; verdict: SoakVerdict }[]): string {
  return formatTable(
    [
      'loop',
      'steps',
      'RSS at first (MiB)',
      'RSS at last (MiB)',
      'growth (MiB)',
      'peak (MiB)',
      'peak with scope() (MiB)',
      'device peak (MiB)',
      'ms/step',
      'ms/step with scope()',
      'verdict',
    ],
    rows.map(({ name, verdict: v }) => [
      name,
      `${v.from.step}-${v.to.step}`,
      mib(v.from.rssMiB),
      mib(v.to.rssMiB),
      mib(v.growthMiB),
      mib(v.peakMiB),
      mib(v.scopedPeakMiB),
      mib(v.peakDeviceMiB),
      ms(v.msPerStep),
      ms(v.scopedMsPerStep),
      v.ok ? 'bounded' : 'GROWS',
    ]),
  );
}
