/**
 * The confusion matrix as a table: rows are the true classes, columns the predicted ones (both axes
 * labelled on screen: "true class", "predicted class"); the shade of a cell is its share of the row
 * (right answers blue, mistakes red).
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
  if (n === 0) return;
  const thead = table.createTHead();
  const axis = thead.insertRow();
  axis.className = 'axis-row';
  const blank = document.createElement('td');
  blank.colSpan = 2;
  blank.className = 'axis-blank';
  const predicted = document.createElement('th');
  predicted.className = 'axis axis-predicted';
  predicted.colSpan = Math.max(1, n);
  predicted.scope = 'colgroup';
  predicted.textContent = 'predicted class →';
  axis.append(blank, predicted);
  const head = thead.insertRow();
  const corner = document.createElement('th');
  corner.innerHTML = '<span class="sr-only">true class \\ predicted class</span>';
  corner.setAttribute('scope', 'col');
  corner.colSpan = 2;
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
    if (i === 0) {
      const truth = document.createElement('th');
      truth.className = 'axis axis-true';
      truth.rowSpan = n;
      truth.scope = 'rowgroup';
      truth.textContent = 'true class ↓';
      row.append(truth);
    }
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
