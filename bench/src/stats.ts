/**
 * Statistics over a system's rounds. Each round gives one rate (work per second over all the
 * iterations of that round); a figure is the median rate, with the slowest and fastest round beside it
 * so a reader can see how noisy the machine was.
 */

export interface Summary {
  median: number;
  min: number;
  max: number;
  /** How many values the summary is over. */
  n: number;
}

/** The median (the mean of the two middle values for an even count). Throws on an empty list. */
export function median(values: readonly number[]): number {
  if (values.length === 0) throw new Error('median of an empty list');
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 === 1 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
}

/** Median, min and max of a non-empty list of finite numbers. */
export function summarize(values: readonly number[]): Summary {
  if (values.length === 0) throw new Error('summarize: no values');
  if (!values.every(Number.isFinite))
    throw new Error(`summarize: non-finite value in [${values.join(', ')}]`);
  return { median: median(values), min: Math.min(...values), max: Math.max(...values), n: values.length };
}

/**
 * The rate of one round: `work` units per iteration over iterations that took `times` seconds each.
 * Total work over total time (not a mean of per-iteration rates), so a GC pause in one iteration
 * costs what it really cost.
 */
export function roundRate(work: number, times: readonly number[]): number {
  if (times.length === 0) throw new Error('roundRate: no iterations');
  const seconds = times.reduce((a, b) => a + b, 0);
  if (!(seconds > 0)) throw new Error(`roundRate: total time ${seconds} s`);
  return (work * times.length) / seconds;
}

/** `rate / reference` for the ratio column; undefined when either is missing. */
export function ratio(rate: number | undefined, reference: number | undefined): number | undefined {
  if (rate === undefined || reference === undefined || !(reference > 0)) return undefined;
  return rate / reference;
}
