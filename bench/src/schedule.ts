/**
 * How much to run, and in which order. A workload is measured in rounds; in each round every system
 * is timed once, one after the other, so a burst of load from elsewhere on the machine lands on all
 * of them alike instead of on whichever system happened to be running. The order rotates from round
 * to round, so no system always runs right after the same neighbour (or first, on a cooler CPU).
 */

export interface Budget {
  rounds: number;
  /** Untimed iterations after setup (JIT, allocator and caches warm), per system and workload. */
  warmup: { iterations: number; ms: number };
  /** The warm-up of heavy workloads (an iteration takes seconds in plain JavaScript). */
  heavyWarmup: { iterations: number; ms: number };
  /** One round of one system: at least this many iterations and this much time. */
  measure: { minIterations: number; minMs: number };
  /**
   * A system whose warm-up iteration took longer than this sits out the rounds of that workload and
   * is timed by its warm-up alone (TF.js's CPU backend needs minutes for one CNN training step).
   */
  slowIterationSeconds: number;
}

/** The full run (10-15 minutes for every workload and system on 2 cores) or `--quick`. */
export function budgetFor(quick: boolean, rounds?: number): Budget {
  const budget: Budget = quick
    ? {
        rounds: 3,
        warmup: { iterations: 2, ms: 150 },
        heavyWarmup: { iterations: 1, ms: 0 },
        measure: { minIterations: 1, minMs: 150 },
        slowIterationSeconds: 20,
      }
    : {
        rounds: 5,
        warmup: { iterations: 5, ms: 1500 },
        heavyWarmup: { iterations: 2, ms: 0 },
        measure: { minIterations: 1, minMs: 500 },
        slowIterationSeconds: 20,
      };
  if (rounds !== undefined) {
    if (!Number.isSafeInteger(rounds) || rounds < 1) throw new Error(`rounds must be >= 1, got ${rounds}`);
    budget.rounds = rounds;
  }
  return budget;
}

/** The order of round `round` (0-based): `items` rotated left by `round`. */
export function roundOrder<T>(items: readonly T[], round: number): T[] {
  if (items.length === 0) return [];
  const shift = round % items.length;
  return [...items.slice(shift), ...items.slice(0, shift)];
}
