/**
 * What the suite saw of the children's work outside their own timed rounds (guard.ts, settle.ts), in
 * words: the line printed under each workload, and the notes under the table when a round shared
 * the CPU with another child's leftover work.
 */
import type { Cell, Report } from './results.js';
import { median } from './stats.js';

/** A timed round whose other children used more CPU than this fraction of its time is flagged. */
export const SHARED_FRACTION = 0.02;

function ms(x: number): string {
  return `${x < 10 ? x.toFixed(1) : x.toFixed(0)} ms`;
}

/**
 * One line about a workload's rounds: how long the suite waited for the children to go idle, which
 * children kept computing after their rounds (median CPU per round, those above 1 ms) and the most
 * CPU other children used during any timed round. Undefined when nothing was measured.
 */
export function interferenceLine(cells: readonly Cell[]): string | undefined {
  const parts: string[] = [];
  const waits = cells.flatMap((c) => c.settleMs ?? []);
  if (waits.length > 0) {
    parts.push(
      `waited ${ms(median(waits))} (median, max ${ms(Math.max(...waits))}) for idle children before a round`,
    );
  }
  const after = cells
    .filter((c) => c.afterCpuMs !== undefined && c.afterCpuMs.length > 0 && median(c.afterCpuMs) >= 1)
    .map((c) => `${c.system} ${ms(median(c.afterCpuMs!))}`);
  if (waits.length > 0)
    parts.push(`CPU after a round: ${after.length > 0 ? after.join(', ') : 'none above 1 ms'}`);
  const others = cells.flatMap((c) => c.othersCpuMs ?? []);
  if (others.length > 0)
    parts.push(`other children's CPU during a timed round: at most ${ms(Math.max(...others))}`);
  return parts.length === 0 ? undefined : `idle check: ${parts.join('; ')}`;
}

/** The largest share of a round's time that other children spent on the CPU, over a cell's rounds. */
export function sharedFraction(cell: Cell): number {
  let worst = 0;
  cell.othersCpuMs?.forEach((cpu, i) => {
    const seconds = (cell.times[i] ?? []).reduce((a, b) => a + b, 0);
    if (seconds > 0) worst = Math.max(worst, cpu / (seconds * 1000));
  });
  return worst;
}

/** Notes for the cells whose rounds shared the CPU with other children's work, or waited in vain. */
export function interferenceNotes(report: Report, maxSettleMs: number): string[] {
  const notes: string[] = [];
  for (const w of report.workloads) {
    for (const c of w.cells) {
      const shared = sharedFraction(c);
      if (shared > SHARED_FRACTION) {
        notes.push(
          `${c.system} on ${w.id}: other children used up to ${(shared * 100).toFixed(0)}% of a core during its timed rounds`,
        );
      }
      const gaveUp = (c.settleMs ?? []).filter((x) => x >= maxSettleMs).length;
      if (gaveUp > 0) {
        notes.push(
          `${c.system} on ${w.id}: ${gaveUp} round(s) timed after ${ms(maxSettleMs)} without the children going idle`,
        );
      }
    }
  }
  return notes;
}
