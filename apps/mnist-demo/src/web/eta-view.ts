/** The two "time left" figures on the page (epoch and run), fed by the worker's progress events. */
import { EtaTracker, type RunPosition, timeLeftText } from './eta.js';

export class EtaView {
  private readonly tracker = new EtaTracker();
  private run: { epochSamples: number; batchSize: number; testSamples: number } | undefined;

  constructor(
    private readonly epochEl: HTMLElement,
    private readonly runEl: HTMLElement,
  ) {}

  /** A new run: `epochSamples` training images per epoch, evaluated on `testSamples` after each. */
  start(epochSamples: number, batchSize: number, testSamples: number): void {
    this.tracker.reset();
    this.run = { epochSamples, batchSize, testSamples };
    this.show('–', '–');
  }

  progress(p: { epoch: number; epochs: number; batch: number; elapsed: number }): void {
    if (this.run === undefined) return;
    const position: RunPosition = {
      epoch: p.epoch,
      epochs: p.epochs,
      samples: Math.min(p.batch * this.run.batchSize, this.run.epochSamples),
      epochSamples: this.run.epochSamples,
      testSamples: this.run.testSamples,
      elapsed: p.elapsed,
    };
    const left = this.tracker.update(position);
    if (left === undefined) this.show('estimating…', 'estimating…');
    else this.show(timeLeftText(left.epoch), timeLeftText(left.run));
  }

  epochEnd(epoch: number, elapsed: number): void {
    if (this.run !== undefined) this.tracker.epochEnd(elapsed, epoch, this.run.epochSamples);
  }

  /** Training stopped before the end (a reset): no figures. */
  stop(): void {
    if (this.run === undefined) return;
    this.run = undefined;
    this.show('–', '–');
  }

  done(): void {
    this.run = undefined;
    this.show('done', 'done');
  }

  private show(epoch: string, run: string): void {
    this.epochEl.textContent = epoch;
    this.runEl.textContent = run;
  }
}
