/**
 * The confusion matrix as a table: rows are the true classes, columns the predicted ones; the shade of
 * a cell is its share of the row (right answers blue, mistakes red).
 */

export function renderConfusion(
  table: HTMLTableElement,
  confusion: readonly (readonly number[])[],
  caption: string,
): void {
  const n = confusion.length;
  table.replaceChildren();
  const cap = table.createCaption();
  cap.textContent = caption;
  const head = table.createTHead().insertRow();
  const corner = document.createElement('th');
  corner.innerHTML = '<span class="sr-only">true class \\ predicted class</span>';
  corner.setAttribute('scope', 'col');
  head.append(corner);
  for (let j = 0; j < n; j++) {
    const th = document.createElement('th');
    th.scope = 'col';
    th.textContent = String(j);
    th.title = `predicted ${j}`;
    head.append(th);
  }
  const body = table.createTBody();
  for (let i = 0; i < n; i++) {
    const row = body.insertRow();
    const th = document.createElement('th');
    th.scope = 'row';
    th.textContent = String(i);
    th.title = `true ${i}`;
    row.append(th);
    const total = confusion[i].reduce((a, b) => a + b, 0) || 1;
    for (let j = 0; j < n; j++) {
      const count = confusion[i][j];
      const td = row.insertCell();
      td.textContent = String(count);
      const share = count / total;
      const alpha = i === j ? share : Math.min(1, share * 8);
      td.style.background =
        count === 0 ? '' : i === j ? `rgba(37, 99, 235, ${alpha})` : `rgba(220, 38, 38, ${alpha})`;
      if (alpha > 0.55) td.classList.add('dark');
      td.title = `true ${i}, predicted ${j}: ${count}`;
    }
  }
}
