/**
 * Timing helpers for the packages' micro-benchmarks (`pnpm bench:packages`): warm-up, then repeat until
 * a time budget is spent, and report the median (robust to GC pauses and the odd slow run).
 */
import { performance } from 'node:perf_hooks';

export interface MeasureOptions {
  /** Untimed runs first, so V8 has optimised the code paths and the allocator is warm. */
  warmup: number;
  /** Keep repeating until the timed runs add up to at least this many milliseconds... */
  minTimeMs: number;
  /** ...and there are at least this many runs... */
  minRuns: number;
  /** ...but stop after this many. */
  maxRuns: number;
}

export interface Measurement {
  /** Median seconds per run. */
  seconds: number;
  runs: number;
}

/**
 * Times two competitors (one complete iteration each: compute, materialise the result, dispose),
 * alternating A, B, A, B... so that both see the same machine state: on a shared or throttling machine a
 * busy second slows both sides instead of skewing the ratio. Runs go on until each side has spent the
 * time budget and done the minimum number of runs; both get the same number of runs.
 */
export async function measurePair(
  a: () => Promise<void>,
  b: () => Promise<void>,
  options: MeasureOptions,
): Promise<[Measurement, Measurement]> {
  for (let i = 0; i < options.warmup; i++) {
    await a();
    await b();
  }
  const times: [number[], number[]] = [[], []];
  const totals = [0, 0];
  const fns = [a, b];
  const done = (side: number) => times[side].length >= options.minRuns && totals[side] >= options.minTimeMs;
  while (times[0].length < options.maxRuns && !(done(0) && done(1))) {
    for (let side = 0; side < 2; side++) {
      const start = performance.now();
      await fns[side]();
      const elapsed = performance.now() - start;
      times[side].push(elapsed);
      totals[side] += elapsed;
    }
  }
  return [
    { seconds: median(times[0]) / 1000, runs: times[0].length },
    { seconds: median(times[1]) / 1000, runs: times[1].length },
  ];
}

export function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 === 1 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
}

/** Renders rows as a plain-text table with a header rule; numeric-looking cells are right-aligned. */
export function formatTable(header: readonly string[], rows: readonly (readonly string[])[]): string {
  const widths = header.map((h, c) => Math.max(h.length, ...rows.map((r) => r[c].length)));
  const numeric = header.map((_, c) => rows.every((r) => /^[\d.,x×-]+$|^n\/a$/.test(r[c])));
  const line = (cells: readonly string[]) =>
    `| ${cells.map((cell, c) => (numeric[c] ? cell.padStart(widths[c]) : cell.padEnd(widths[c]))).join(' | ')} |`;
  const rule = `|${widths.map((w, c) => (numeric[c] ? `${'-'.repeat(w + 1)}:` : '-'.repeat(w + 2))).join('|')}|`;
  return [line(header), rule, ...rows.map(line)].join('\n');
}
