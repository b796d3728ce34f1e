/**
 * Op coverage: which rows of the op table a suite really ran. A suite's cases are wrapped with
 * {@link OpCoverage.track}; while a wrapped case runs, every top-level op it dispatches is recorded
 * (through dispatch's test-only observer). A row that no case ran has no conformance case (or no
 * fixture) and, on that device, no proof that its kernel or composition works.
 */
import { allOps, type OpInfo, type OpName, observeOps } from '@typetorch/tensor';
import type { ConformanceCase } from './case.js';

const recording = new Set<Set<OpName>>();
observeOps((name) => {
  for (const seen of recording) seen.add(name);
});

/**
 * The ops a suite must run: every row, except the in-place forms of elementwise ops (`exp_`), which
 * run their op's kernel and are checked with it.
 * (PyTorch: the ops of `op_db` that `test_ops.py` runs.)
 */
export function opsToCover(): OpInfo[] {
  return allOps().filter((o) => !(o.inPlace && (o.group === 'unary' || o.group === 'binary')));
}

/**
 * Which ops of the table a suite ran: wrap cases with `track`, run them, then read `missing()`
 * (PyTorch: the `OpInfo` coverage of `test_ops.py`, roughly).
 */
export class OpCoverage {
  private readonly seen = new Set<OpName>();

  /**
   * The same cases, recording the ops each dispatches into this coverage (only those `only` accepts,
   * e.g. the PyTorch fixture cases, whose groups start with `pytorch`).
   */
  track(
    cases: readonly ConformanceCase[],
    only: (c: ConformanceCase) => boolean = () => true,
  ): ConformanceCase[] {
    return cases.map((c) =>
      !only(c)
        ? c
        : {
            ...c,
            run: async (device: string) => {
              recording.add(this.seen);
              try {
                await c.run(device);
              } finally {
                recording.delete(this.seen);
              }
            },
          },
    );
  }

  /** {@link track} for the PyTorch fixture cases among `cases` (groups `pytorch:...`, `pytorch-grad:...`). */
  trackFixtures(cases: readonly ConformanceCase[]): ConformanceCase[] {
    return this.track(cases, (c) => c.group.startsWith('pytorch'));
  }

  /** The ops of the table that no tracked case dispatched (meaningful once every case has run); PyTorch has no equivalent. */
  missing(): OpName[] {
    return opsToCover()
      .map((o) => o.name)
      .filter((n) => !this.seen.has(n));
  }

  /** How many distinct ops the tracked cases dispatched (PyTorch has no equivalent). */
  get size(): number {
    return this.seen.size;
  }
}
