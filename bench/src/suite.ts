/**
 * Runs the workloads over the started systems, interleaved (see schedule.ts): for each workload every
 * system sets up and warms up, then the rounds time one system at a time, then all tear down.
 */
import type { SystemProcess } from './child.js';
import type { CpuGuard } from './guard.js';
import { interferenceLine } from './interference.js';
import { UNSUPPORTED } from './protocol.js';
import { type Cell, makeCell, type RoundRecord, type WorkloadResult, workloadResult } from './results.js';
import { type Budget, measureFor, roundOrder } from './schedule.js';
import { formatRate } from './table.js';
import type { Workload } from './workloads.js';

function message(e: unknown): string {
  return e instanceof Error ? e.message : String(e);
}

interface Progress {
  rounds: RoundRecord[];
  /** CPU the child used after each of its rounds, while the suite waited for it to go idle (ms). */
  afterCpuMs: number[];
  error?: string;
  unsupported?: boolean;
  note?: string;
}

/** Sets a system up for the workload and warms it up; a too-slow system gets its warm-up as its figure. */
async function setUp(s: SystemProcess, workload: Workload, budget: Budget, p: Progress): Promise<void> {
  const slowMs = budget.slowIterationSeconds * 1000;
  const warmup = { ...(workload.heavy ? budget.heavyWarmup : budget.warmup), slowMs };
  try {
    const ready = await s.request({ cmd: 'setup', workload: workload.spec, warmup });
    if (ready.type !== 'ready') throw new Error(`expected ready, got ${ready.type}`);
    const last = ready.warmup[ready.warmup.length - 1];
    if (last * 1000 > slowMs) {
      p.rounds.push({ times: [last], check: ready.check });
      p.note = `timed by a single iteration (${last.toFixed(0)} s) instead of rounds: slower than ${budget.slowIterationSeconds} s`;
    }
  } catch (e) {
    const text = message(e);
    p.unsupported = text.startsWith(UNSUPPORTED);
    p.error = p.unsupported ? text.slice(UNSUPPORTED.length) : `setup failed: ${text}`;
  }
}

/** Runs one workload on every system; a system that fails gets an error cell and sits out the rest. */
export async function runWorkload(
  workload: Workload,
  systems: readonly SystemProcess[],
  budget: Budget,
  reference: string | undefined,
  log: (line: string) => void,
  guard: CpuGuard,
): Promise<WorkloadResult> {
  const progress = new Map<string, Progress>(systems.map((s) => [s.id, { rounds: [], afterCpuMs: [] }]));
  for (const s of systems) await setUp(s, workload, budget, progress.get(s.id)!);

  let previous: number | undefined; // the child timed last, whose leftover work the next wait sees
  for (let round = 0; round < budget.rounds; round++) {
    const measure = measureFor(workload.epoch, budget, round);
    if (measure === undefined) continue;
    for (const s of roundOrder(systems, round)) {
      const p = progress.get(s.id)!;
      if (p.error !== undefined || p.note !== undefined) continue;
      const index = systems.indexOf(s);
      const watch = await guard.beforeRound();
      if (previous !== undefined && watch.waitCpuMs.length > 0) {
        progress.get(systems[previous].id)!.afterCpuMs.push(watch.waitCpuMs[previous]);
      }
      previous = index;
      try {
        const { result: reply, othersCpuMs } = await guard.during(index, () =>
          s.request({ cmd: 'measure', ...measure }),
        );
        if (reply.type !== 'measured') throw new Error(`expected measured, got ${reply.type}`);
        const record: RoundRecord = { times: reply.times, check: reply.check };
        if (watch.settleMs !== undefined) record.settleMs = watch.settleMs;
        if (othersCpuMs !== undefined) record.othersCpuMs = othersCpuMs;
        p.rounds.push(record);
      } catch (e) {
        p.error = `round ${round + 1} failed: ${message(e)}`;
      }
    }
  }

  for (const s of systems) {
    const p = progress.get(s.id)!;
    try {
      await s.request({ cmd: 'teardown' });
    } catch (e) {
      p.error ??= `teardown failed: ${message(e)}`;
    }
  }

  const cells: Cell[] = systems.map((s) => {
    const p = progress.get(s.id)!;
    const cell = makeCell(s.id, workload.work, p.rounds, p.error);
    if (p.afterCpuMs.length > 0) cell.afterCpuMs = p.afterCpuMs;
    if (p.unsupported) cell.unsupported = true;
    if (p.note !== undefined) cell.note = p.note;
    return cell;
  });
  const result = workloadResult(workload, cells, reference);
  const summary = result.cells
    .map(
      (c) =>
        `${c.system} ${c.summary === undefined ? (c.unsupported ? 'n/a' : 'failed') : formatRate(c.summary.median)}`,
    )
    .join(', ');
  log(`${workload.id} (${workload.unit}): ${summary}`);
  const interference = interferenceLine(result.cells);
  if (interference !== undefined) log(`  ${interference}`);
  return result;
}
