/**
 * The model summary: one row per layer with its parameter shapes and count, and the total (the
 * command line's `summary` counts the same way: both use model-summary.ts).
 */
import type { ModelSummary } from '../model-summary.js';

const count = (n: number) => n.toLocaleString('en-US');

/** Fills `table` with `summary`, or hides it when there is no model. */
export function renderSummary(table: HTMLTableElement, name: string, summary: ModelSummary | null): void {
  table.replaceChildren();
  table.hidden = summary === null;
  if (summary === null) return;
  table.createCaption().textContent = `${name.toUpperCase()}: ${count(summary.total)} parameters (${((summary.total * 4) / 2 ** 20).toFixed(2)} MB as float32)`;
  const head = table.createTHead().insertRow();
  for (const label of ['layer', 'parameter shapes', 'parameters']) {
    const th = document.createElement('th');
    th.scope = 'col';
    th.textContent = label;
    head.append(th);
  }
  const body = table.createTBody();
  for (const layer of summary.layers) {
    const row = body.insertRow();
    const th = document.createElement('th');
    th.scope = 'row';
    th.textContent = layer.name;
    row.append(th);
    row.insertCell().textContent = layer.shapes.map((s) => `[${s.join(', ')}]`).join(' ');
    row.insertCell().textContent = count(layer.params);
  }
  const foot = table.createTFoot().insertRow();
  const th = document.createElement('th');
  th.scope = 'row';
  th.colSpan = 2;
  th.textContent =
    summary.trainable === summary.total ? 'total' : `total (${count(summary.trainable)} trainable)`;
  foot.append(th);
  foot.insertCell().textContent = count(summary.total);
}
