/**
 * Shows an error for people: the plain sentence (friendly-errors.ts), and the original message in a
 * collapsed "Details for developers" (also logged to the console).
 */
import { explainError } from './friendly-errors.js';

export function renderError(container: HTMLElement, message: string | null): void {
  container.replaceChildren();
  container.hidden = message === null;
  if (message === null) return;
  const { summary, detail } = explainError(message);
  const p = document.createElement('p');
  p.className = 'error-summary';
  p.textContent = summary;
  container.append(p);
  if (detail !== summary) {
    const details = document.createElement('details');
    const title = document.createElement('summary');
    title.textContent = 'Details for developers';
    const pre = document.createElement('pre');
    pre.textContent = detail;
    details.append(title, pre);
    container.append(details);
  }
  console.error(message);
}
