/**
 * The results of a run: what goes into the JSON file, and the table printed from it. Rates are "more
 * is better" (GFLOP/s, samples/s); the ratio column is each system's median rate over the reference
 * system's (typetorch), so above 1 means faster than typetorch.
 */
import type { SystemInfo } from './protocol.js';
import { ratio, roundRate, type Summary, summarize } from './stats.js';
import { formatRange, formatRate, formatRatio, formatTable } from './table.js';
import type { Unit, Workload } from './workloads.js';

/** One system in the line-up: started (with what it reported) or skipped (with why). */
export interface SystemEntry {
  id: string;
  label: string;
  info?: SystemInfo;
  error?: string;
}

/** One system on one workload. */
export interface Cell {
  system: string;
  /** Seconds of every timed iteration, per round. */
  times: number[][];
  /** The rate of each round (see `roundRate`). */
  rates: number[];
  /** The loss (or output value) after each round: null where it was not finite. */
  checks: (number | null)[];
  summary?: Summary;
  /** `summary.median` over the reference's median. */
  ratio?: number;
  /** Why this system has no figure here (setup or a round failed, or `unsupported`). */
  error?: string;
  /** The library cannot run this workload at all (shown as n/a, not as a failure). */
  unsupported?: boolean;
  /** How the figure was taken, when not in rounds. */
  note?: string;
  /** Per round: how long the suite waited for every child to go idle before timing it (ms; settle.ts). */
  settleMs?: number[];
  /** Per round: CPU the other children used while it was timed (ms): 0 unless they interfered. */
  othersCpuMs?: number[];
  /** After each of its rounds: CPU this child kept using while the suite waited for it to go idle (ms). */
  afterCpuMs?: number[];
}

/** One timed round of one system, as the suite records it. */
export interface RoundRecord {
  times: number[];
  check: number | null;
  /** See {@link Cell.settleMs}. */
  settleMs?: number;
  /** See {@link Cell.othersCpuMs}. */
  othersCpuMs?: number;
}

export interface WorkloadResult {
  id: string;
  title: string;
  unit: Unit;
  /** GFLOP or samples per iteration. */
  work: number;
  cells: Cell[];
  /** For an epoch workload: the batches of a whole epoch (each timed iteration is one batch). */
  epochBatches?: number;
}

export interface Report {
  /** When the run started (ISO 8601). */
  date: string;
  machine: Record<string, string | number>;
  options: Record<string, unknown>;
  /** The id of the system the ratios are relative to. */
  reference?: string;
  systems: SystemEntry[];
  workloads: WorkloadResult[];
  seconds: number;
}

/** A cell from its rounds' timings (rates, summary); an error, if any, leaves the cell without figures. */
export function makeCell(system: string, work: number, rounds: readonly RoundRecord[], error?: string): Cell {
  const times = rounds.map((r) => r.times);
  const rates = times.map((t) => roundRate(work, t));
  const cell: Cell = { system, times, rates, checks: rounds.map((r) => r.check) };
  if (rounds.some((r) => r.settleMs !== undefined)) cell.settleMs = rounds.map((r) => r.settleMs ?? 0);
  if (rounds.some((r) => r.othersCpuMs !== undefined))
    cell.othersCpuMs = rounds.map((r) => r.othersCpuMs ?? 0);
  if (error !== undefined) cell.error = error;
  else if (rounds.some((r) => r.check === null)) cell.error = 'the loss or output was NaN or infinite';
  else if (rates.length > 0) cell.summary = summarize(rates);
  return cell;
}

/** Fills in the ratio of every cell of a workload against the reference system's cell. */
export function addRatios(workload: WorkloadResult, reference: string | undefined): void {
  const ref = workload.cells.find((c) => c.system === reference)?.summary?.median;
  for (const cell of workload.cells) {
    const r = ratio(cell.summary?.median, ref);
    if (r !== undefined) cell.ratio = r;
  }
}

export function workloadResult(w: Workload, cells: Cell[], reference: string | undefined): WorkloadResult {
  const result: WorkloadResult = { id: w.id, title: w.title, unit: w.unit, work: w.work, cells };
  if (w.epoch !== undefined) result.epochBatches = w.epoch.batches;
  addRatios(result, reference);
  return result;
}

/** The results as one table: a group of rows per workload, one row per system. */
export function resultsTable(report: Report): string {
  const labels = new Map(report.systems.map((s) => [s.id, s.label]));
  const refLabel = report.reference === undefined ? 'reference' : 'typetorch';
  const rows: string[][] = [];
  for (const w of report.workloads) {
    w.cells.forEach((cell, i) => {
      rows.push([
        i === 0 ? `${w.title} (${w.unit})` : '',
        labels.get(cell.system) ?? cell.system,
        cell.summary === undefined ? (cell.unsupported ? 'n/a' : 'failed') : formatRate(cell.summary.median),
        cell.summary === undefined ? '-' : formatRange(cell.summary),
        cell.summary === undefined ? '-' : formatRatio(cell.ratio),
      ]);
    });
  }
  return formatTable(['workload', 'system', 'median', 'min-max', `vs ${refLabel}`], rows);
}

/**
 * The seconds of a whole epoch for a cell of an epoch workload: the sum of its timed batches when
 * they were the whole epoch, else that sum scaled to the epoch's batches (`extrapolated`).
 */
export function epochSeconds(
  cell: Cell,
  batches: number,
): { seconds: number; timed: number; extrapolated: boolean } {
  const all = cell.times.flat();
  const total = all.reduce((a, b) => a + b, 0);
  const timed = all.length;
  return {
    seconds: timed >= batches ? total : (total * batches) / timed,
    timed,
    extrapolated: timed < batches,
  };
}

function epochNote(w: WorkloadResult, batches: number): string | undefined {
  const parts: string[] = [];
  let timed = 0;
  for (const c of w.cells) {
    if (c.summary === undefined) continue;
    const e = epochSeconds(c, batches);
    timed = Math.max(timed, e.timed);
    parts.push(`${c.system} ${e.seconds.toFixed(1)} s`);
  }
  if (parts.length === 0) return undefined;
  const how = timed >= batches ? 'all timed' : `scaled from the first ${timed} batches`;
  return `${w.id}: one training epoch (${batches} batches, ${how}): ${parts.join(', ')}`;
}

/** The lines under the table: what failed or was measured differently, and why. */
export function tableNotes(report: Report): string[] {
  const notes: string[] = [];
  for (const w of report.workloads) {
    const note = w.epochBatches === undefined ? undefined : epochNote(w, w.epochBatches);
    if (note !== undefined) notes.push(note);
  }
  for (const s of report.systems) if (s.error !== undefined) notes.push(`${s.id}: not run: ${s.error}`);
  for (const w of report.workloads) {
    for (const c of w.cells) {
      if (c.error !== undefined) notes.push(`${c.system} on ${w.id}: ${c.error}`);
      if (c.note !== undefined) notes.push(`${c.system} on ${w.id}: ${c.note}`);
    }
  }
  return notes;
}
