/**
 * The grid of test images with the model's prediction under each; mistakes are outlined in red and
 * say so in words (not by colour alone).
 */
import type { Mistake } from './mistakes.js';

export class PredictionGrid {
  private readonly cells: { figure: HTMLElement; caption: HTMLElement; label: number }[] = [];

  constructor(
    private readonly container: HTMLElement,
    private readonly summary: HTMLElement,
  ) {}

  /** Shows the images (N x 784 bytes, white on black) and their labels, without predictions. */
  setImages(pixels: Uint8Array, labels: readonly number[]): void {
    this.container.replaceChildren();
    this.cells.length = 0;
    labels.forEach((label, n) => {
      const figure = document.createElement('figure');
      figure.className = 'cell';
      const canvas = document.createElement('canvas');
      canvas.width = 28;
      canvas.height = 28;
      canvas.setAttribute('aria-hidden', 'true');
      const ctx = canvas.getContext('2d');
      if (ctx !== null) {
        const img = ctx.createImageData(28, 28);
        for (let i = 0; i < 784; i++) {
          const v = pixels[n * 784 + i];
          img.data.set([v, v, v, 255], 4 * i);
        }
        ctx.putImageData(img, 0, 0);
      }
      const caption = document.createElement('figcaption');
      caption.textContent = '?';
      figure.append(canvas, caption);
      figure.setAttribute('aria-label', `test image ${n + 1}: a ${label}, not predicted yet`);
      this.container.append(figure);
      this.cells.push({ figure, caption, label });
    });
    this.summary.textContent = 'Predictions appear once a model is training or loaded.';
  }

  /** Writes each image's predicted class; `classes` names them. */
  setPredictions(predictions: readonly number[], classes: readonly string[]): void {
    let right = 0;
    predictions.forEach((p, n) => {
      const cell = this.cells[n];
      if (cell === undefined) return;
      const ok = p === cell.label;
      if (ok) right++;
      cell.figure.classList.toggle('wrong', !ok);
      cell.caption.textContent = ok ? classes[p] : `${classes[p]} ✗`;
      cell.figure.setAttribute(
        'aria-label',
        `test image ${n + 1}: a ${cell.label}, predicted ${classes[p]}${ok ? '' : ' (wrong)'}`,
      );
    });
    this.summary.textContent = `${right} of ${predictions.length} right; mistakes are outlined in red.`;
  }

  /**
   * Captions the images as mistakes, `true→predicted` (the images set by `setImages` are the
   * misclassified ones, with their true labels); each cell keeps its test-set index in `data-index`.
   */
  showMistakes(mistakes: readonly Mistake[], classes: readonly string[]): void {
    mistakes.forEach((m, n) => {
      const cell = this.cells[n];
      if (cell === undefined) return;
      const truth = classes[m.label] ?? String(m.label);
      const predicted = classes[m.predicted] ?? String(m.predicted);
      cell.figure.classList.add('wrong');
      cell.figure.dataset.index = String(m.index);
      cell.caption.textContent = `${truth}→${predicted}`;
      cell.figure.title = `test image ${m.index + 1}: true ${truth}, predicted ${predicted}`;
      cell.figure.setAttribute(
        'aria-label',
        `test image ${m.index + 1}: a ${truth}, predicted ${predicted} (wrong)`,
      );
    });
  }

  clearPredictions(): void {
    for (const cell of this.cells) {
      cell.figure.classList.remove('wrong');
      cell.caption.textContent = '?';
    }
    this.summary.textContent = 'Predictions appear once a model is training or loaded.';
  }
}
