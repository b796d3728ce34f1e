/**
 * The prediction grid's two views and the toggle between them: the first 40 test images, or the
 * test images the model gets wrong (found by the worker after each epoch or load). Once the test
 * accuracy reaches 90% the grid switches to the mistakes by itself, unless the reader chose a view.
 */

import type { PredictionGrid } from './grid.js';
import { chooseView, type GridView, type Mistake } from './mistakes.js';

interface Images {
  pixels: Uint8Array;
  labels: number[];
}

export class GridViews {
  private first: Images | null = null;
  private firstPredictions: number[] | null = null;
  private mistakes: { images: Images; found: readonly Mistake[]; scanned: number } | null = null;
  private classes: readonly string[] = [];
  private accuracy: number | null = null;
  private chosen: GridView | null = null;

  constructor(
    private readonly grid: PredictionGrid,
    private readonly summary: HTMLElement,
    private readonly radios: readonly HTMLInputElement[],
  ) {
    for (const radio of radios) {
      radio.addEventListener('change', () => {
        if (!radio.checked) return;
        this.chosen = radio.value as GridView;
        this.render();
      });
    }
    this.render();
  }

  /** The first test images and their labels (once the data is loaded). */
  setFirst(pixels: Uint8Array, labels: number[]): void {
    this.first = { pixels, labels };
    this.render();
  }

  setFirstPredictions(predictions: number[], classes: readonly string[]): void {
    this.firstPredictions = predictions;
    this.classes = classes;
    if (this.view() === 'first') this.grid.setPredictions(predictions, classes);
  }

  /** The misclassified images found in the first `scanned` test images. */
  setMistakes(
    pixels: Uint8Array,
    found: readonly Mistake[],
    scanned: number,
    classes: readonly string[],
  ): void {
    this.mistakes = {
      images: { pixels, labels: found.map((m) => m.label) },
      found,
      scanned,
    };
    this.classes = classes;
    this.render();
  }

  /** The latest test accuracy (0..1), which decides the view until the reader chooses one. */
  setAccuracy(accuracy: number): void {
    this.accuracy = accuracy;
    this.render();
  }

  /** A new run or no model: predictions and mistakes are gone, the view goes back to automatic. */
  clear(): void {
    this.firstPredictions = null;
    this.mistakes = null;
    this.accuracy = null;
    this.chosen = null;
    this.render();
  }

  private view(): GridView {
    return chooseView(this.accuracy, this.chosen);
  }

  private render(): void {
    const view = this.view();
    for (const radio of this.radios) radio.checked = radio.value === view;
    if (view === 'first' || this.mistakes === null) {
      if (this.first === null) return;
      this.grid.setImages(this.first.pixels, this.first.labels);
      if (this.firstPredictions !== null) this.grid.setPredictions(this.firstPredictions, this.classes);
      if (view === 'mistakes')
        this.summary.textContent = 'Mistakes are listed after the next test-set evaluation.';
      return;
    }
    const { images, found, scanned } = this.mistakes;
    this.grid.setImages(images.pixels, images.labels);
    this.grid.showMistakes(found, this.classes);
    this.summary.textContent =
      found.length === 0
        ? `No mistakes in the first ${scanned.toLocaleString('en-US')} test images.`
        : `${found.length} misclassified test images (of the first ${scanned.toLocaleString('en-US')}), captioned true→predicted.`;
  }
}
