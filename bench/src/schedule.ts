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
  /**
   * How many batches of an epoch workload (`Workload.epoch`) the rounds time in all: undefined for
   * the whole epoch (`--full-epoch`), a number for the first batches only. The MNIST example's whole
   * epoch takes minutes per system (about 13 for four of them on a quiet 2-core machine), which
   * would push the full run well past 20 minutes; its cost per batch does not change along the epoch
   * (same shapes, no shuffling), so the epoch's seconds are scaled from a third of it.
   */
  epochBatches?: number;
}

/**
 * The full run (about 20 minutes for every workload and system on 2 cores) or `--quick`;
 * `fullEpoch` times whole epochs (`--full-epoch`).
 */
export function budgetFor(quick: boolean, rounds?: number, fullEpoch = false): Budget {
  const budget: Budget = quick
    ? {
        rounds: 3,
        warmup: { iterations: 2, ms: 150 },
        heavyWarmup: { iterations: 1, ms: 0 },
        measure: { minIterations: 1, minMs: 150 },
        slowIterationSeconds: 20,
        epochBatches: 60,
      }
    : {
        rounds: 5,
        warmup: { iterations: 5, ms: 1500 },
        heavyWarmup: { iterations: 2, ms: 0 },
        measure: { minIterations: 1, minMs: 500 },
        slowIterationSeconds: 20,
        epochBatches: 320,
      };
  if (fullEpoch) delete budget.epochBatches;
  if (rounds !== undefined) {
    if (!Number.isSafeInteger(rounds) || rounds < 1) throw new Error(`rounds must be >= 1, got ${rounds}`);
    budget.rounds = rounds;
  }
  return budget;
}

/**
 * How many of `batches` iterations each of `rounds` rounds times: as even as can be, the larger
 * shares first (938 over 5: 188, 188, 188, 187, 187). A round may get none when there are fewer
 * batches than rounds.
 */
export function epochSplit(batches: number, rounds: number): number[] {
  if (!Number.isSafeInteger(batches) || batches < 1) throw new Error(`epochSplit: ${batches} batches`);
  if (!Number.isSafeInteger(rounds) || rounds < 1) throw new Error(`epochSplit: ${rounds} rounds`);
  const base = Math.floor(batches / rounds);
  const extra = batches % rounds;
  return Array.from({ length: rounds }, (_, r) => base + (r < extra ? 1 : 0));
}

/** The batches an epoch workload times in all under `budget`: the whole epoch unless the budget says fewer. */
export function epochBatchesFor(epoch: { batches: number }, budget: Budget): number {
  return Math.min(epoch.batches, budget.epochBatches ?? epoch.batches);
}

/**
 * What round `round` asks a system to time: `budget.measure`, or for an epoch workload its share of
 * the epoch's batches, however long they take (`minMs` 0). Undefined: nothing left to time this round.
 */
export function measureFor(
  epoch: { batches: number } | undefined,
  budget: Budget,
  round: number,
): { minIterations: number; minMs: number } | undefined {
  if (epoch === undefined) return budget.measure;
  const iterations = epochSplit(epochBatchesFor(epoch, budget), budget.rounds)[round] ?? 0;
  return iterations > 0 ? { minIterations: iterations, minMs: 0 } : undefined;
}

/** The order of round `round` (0-based): `items` rotated left by `round`. */
export function roundOrder<T>(items: readonly T[], round: number): T[] {
  if (items.length === 0) return [];
  const shift = round % items.length;
  return [...items.slice(shift), ...items.slice(0, shift)];
}
