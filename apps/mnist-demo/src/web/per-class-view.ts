/**
 * Per-class test accuracy as a table with a bar per class (the command line prints the same numbers:
 * both read them with `perClassStats`).
 */
import { perClassStats } from '../per-class.js';
import { percent } from './format.js';

/** Fills `table` from `confusion[true][predicted]`; `classes` names the rows. No data: a note only. */
export function renderPerClass(
  table: HTMLTableElement,
  confusion: readonly (readonly number[])[],
  classes: readonly string[],
  caption: string,
): void {
  table.replaceChildren();
  table.createCaption().textContent = caption;
  if (confusion.length === 0) return;
  const head = table.createTHead().insertRow();
  for (const name of ['class', 'right / total', 'accuracy']) {
    const th = document.createElement('th');
    th.scope = 'col';
    th.textContent = name;
    head.append(th);
  }
  const body = table.createTBody();
  const stats = perClassStats(confusion);
  const worst = Math.min(...stats.filter((s) => s.total > 0).map((s) => s.accuracy));
  stats.forEach((s, label) => {
    const row = body.insertRow();
    const th = document.createElement('th');
    th.scope = 'row';
    th.textContent = classes[label] ?? String(label);
    row.append(th);
    row.insertCell().textContent = `${s.correct} / ${s.total}`;
    const cell = row.insertCell();
    cell.className = 'accuracy';
    const bar = document.createElement('span');
    bar.className = 'bar';
    bar.style.width = `${100 * s.accuracy}%`;
    bar.setAttribute('aria-hidden', 'true');
    const value = document.createElement('span');
    value.className = 'value';
    value.textContent = s.total > 0 ? percent(s.accuracy, 1) : '–';
    cell.append(bar, value);
    // The hardest class stands out (in words too, for screen readers).
    if (s.total > 0 && s.accuracy === worst) {
      row.classList.add('worst');
      row.title = 'the class the model gets wrong most often';
    }
  });
}
