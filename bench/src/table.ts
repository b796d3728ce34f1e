/**
 * Plain-text (Markdown-compatible) tables of the results: one row per workload and system, so the
 * printed table can be pasted into a README as it is.
 */
import type { Summary } from './stats.js';

/** A rate with three significant digits (12.3, 1.23, 1230), grouped in thousands above 10,000. */
export function formatRate(x: number): string {
  if (!Number.isFinite(x)) return String(x);
  const abs = Math.abs(x);
  if (abs >= 10_000) return Math.round(x).toLocaleString('en-US');
  if (abs >= 100) return x.toFixed(0);
  if (abs >= 10) return x.toFixed(1);
  if (abs >= 1) return x.toFixed(2);
  return x.toPrecision(3);
}

/** "min-max" of a summary, each with {@link formatRate}. */
export function formatRange(s: Summary): string {
  return `${formatRate(s.min)}-${formatRate(s.max)}`;
}

/** A ratio as "2.50x" (two decimals; three significant digits below 0.1). */
export function formatRatio(r: number | undefined): string {
  if (r === undefined) return 'n/a';
  return `${r >= 0.1 ? r.toFixed(2) : r.toPrecision(2)}x`;
}

const NUMERIC = /^(-|n\/a|failed|[\d.,]+(x|-[\d.,]+)?)$/;

/**
 * Renders rows as a Markdown table: a header, a rule, the rows. Columns whose cells all look numeric
 * (rates, ranges, ratios, `n/a`, `-`, `failed`) are right-aligned, with the rule saying so (`---:`).
 */
export function formatTable(header: readonly string[], rows: readonly (readonly string[])[]): string {
  for (const [i, row] of rows.entries()) {
    if (row.length !== header.length) {
      throw new Error(`formatTable: row ${i} has ${row.length} cells, the header ${header.length}`);
    }
  }
  const widths = header.map((h, c) => Math.max(h.length, 3, ...rows.map((r) => r[c].length)));
  const numeric = header.map((_, c) => rows.length > 0 && rows.every((r) => NUMERIC.test(r[c])));
  const line = (cells: readonly string[]) =>
    `| ${cells.map((cell, c) => (numeric[c] ? cell.padStart(widths[c]) : cell.padEnd(widths[c]))).join(' | ')} |`;
  const rule = `|${widths.map((w, c) => (numeric[c] ? ` ${'-'.repeat(w - 1)}: ` : ` ${'-'.repeat(w)} `)).join('|')}|`;
  return [line(header), rule, ...rows.map(line)].join('\n');
}
