/**
 * What the page teaches about a model, fed by the worker's messages: the prediction grid (first 40
 * test images, or the mistakes, with the toggle), per-class accuracy and the model summary. It listens
 * to the worker itself, so the page's main.ts only creates it and clears it for a new run.
 */
import { PredictionGrid } from './grid.js';
import { GridViews } from './grid-views.js';
import { renderPerClass } from './per-class-view.js';
import type { Event, ModelDescription, Request } from './protocol.js';
import { renderSummary } from './summary-view.js';

export interface ResultsElements {
  grid: HTMLElement;
  gridSummary: HTMLElement;
  /** The grid's view toggle: radio buttons valued `first` and `mistakes`. */
  gridViews: readonly HTMLInputElement[];
  perClass: HTMLTableElement;
  modelSummary: HTMLTableElement;
}

const PER_CLASS_EMPTY = "Filled in after each epoch: the share of each digit's test images classified right.";

export class ResultsView {
  private readonly views: GridViews;
  private model: ModelDescription | null = null;

  constructor(
    private readonly el: ResultsElements,
    worker: Worker,
    private readonly send: (request: Request) => void,
  ) {
    this.views = new GridViews(new PredictionGrid(el.grid, el.gridSummary), el.gridSummary, el.gridViews);
    renderPerClass(el.perClass, [], [], PER_CLASS_EMPTY);
    worker.addEventListener('message', (e: MessageEvent<Event>) => this.handle(e.data));
  }

  /** A new run: the previous model's results are gone. */
  clear(): void {
    this.views.clear();
    renderPerClass(this.el.perClass, [], [], PER_CLASS_EMPTY);
  }

  private get classes(): readonly string[] {
    return this.model?.classes ?? [];
  }

  private handle(event: Event): void {
    switch (event.type) {
      case 'state':
        this.model = event.model;
        if (event.model === null) this.clear();
        return;
      case 'summary':
        renderSummary(this.el.modelSummary, this.model?.name ?? '', event.summary);
        return;
      case 'data':
        this.views.setFirst(event.grid, event.gridLabels);
        return;
      case 'grid':
        this.views.setFirstPredictions(event.predictions, this.classes);
        return;
      case 'epoch':
        this.tested(event.report.confusion, event.report.testAccuracy, `After epoch ${event.report.epoch}`);
        return;
      case 'evaluation':
        this.tested(event.confusion, event.accuracy, 'Loaded model');
        return;
      case 'mistakes':
        this.views.setMistakes(event.pixels, event.mistakes, event.scanned, this.classes);
        return;
    }
  }

  /** After a test-set evaluation: per-class accuracy, the grid's view, and the mistakes asked for. */
  private tested(confusion: number[][], accuracy: number, when: string): void {
    renderPerClass(
      this.el.perClass,
      confusion,
      this.classes,
      `${when}: per-class test accuracy (the weakest class highlighted).`,
    );
    this.views.setAccuracy(accuracy);
    this.send({ type: 'mistakes' });
  }
}
