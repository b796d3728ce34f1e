/**
 * The numbers behind the charts' look: a smoothed loss line, an accuracy axis zoomed to the data, and
 * whole-number step ticks. Pure functions, so they are tested without a browser.
 */

/**
 * Exponential moving average of `values` (`weight` of the past, as TensorBoard's smoothing), debiased so
 * that the first points are not pulled towards 0. Non-finite values are carried over unsmoothed.
 */
export function ema(values: readonly number[], weight = 0.9): number[] {
  const out: number[] = [];
  let avg = 0;
  let norm = 0;
  for (const v of values) {
    if (!Number.isFinite(v)) {
      out.push(v);
      continue;
    }
    avg = weight * avg + (1 - weight) * v;
    norm = weight * norm + (1 - weight);
    out.push(avg / norm);
  }
  return out;
}

/**
 * The accuracy axis range (in %): from a little below the lowest value to a little above the highest,
 * rounded out to multiples of 5 (of 1 above 95%), never outside 0..100; [0, 100] without data.
 */
export function accuracyRange(min: number | null, max: number | null): [number, number] {
  if (min === null || max === null || !Number.isFinite(min) || !Number.isFinite(max)) return [0, 100];
  const pad = Math.max(1, 0.05 * (max - min));
  const lowStep = min - pad >= 95 ? 1 : 5;
  const lo = Math.max(0, Math.floor((min - pad) / lowStep) * lowStep);
  const hi = Math.min(100, Math.ceil((max + pad) / 5) * 5);
  return [lo, Math.max(hi, lo + 1)];
}

/** Tick increments of the step axis: whole numbers only (1, 2, 5, 10, 20, 50, ...), never 0.5 steps. */
export const STEP_INCREMENTS: readonly number[] = Array.from({ length: 8 }, (_, e) =>
  [1, 2, 5].map((m) => m * 10 ** e),
).flat();

/** The x range of a chart: [0, 100] steps without data, else the data with room for the last point. */
export function stepRange(min: number | null, max: number | null): [number, number] {
  if (min === null || max === null || !Number.isFinite(min) || !Number.isFinite(max)) return [0, 100];
  return [min, max + Math.max(1, 0.02 * (max - min))];
}
