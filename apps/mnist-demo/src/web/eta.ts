/**
 * Time left in the epoch and in the run, from a moving average of samples/s, in words for people
 * ("about 2 min left"). Plain arithmetic on the progress the worker reports, so it is unit-tested.
 */

/** Where a run is: samples are counted within the current epoch. */
export interface RunPosition {
  /** 1-based. */
  epoch: number;
  epochs: number;
  /** Training samples done in this epoch. */
  samples: number;
  epochSamples: number;
  /** Test images evaluated after each epoch. */
  testSamples: number;
  /** Seconds of training and evaluation so far (pauses excluded). */
  elapsed: number;
}

export interface TimeLeft {
  epoch: number;
  run: number;
}

/** Seconds over which older speeds fade to 1/e: smooths batch-to-batch jitter, follows real changes. */
const TAU = 8;
/** Evaluation is a forward pass only: about a third of a training step's work per image. */
const EVAL_SPEEDUP = 3;

export class EtaTracker {
  private rate: number | undefined;
  private samples = 0;
  private seconds = 0;
  private last: { elapsed: number; total: number } | undefined;
  /** Seconds one test-set evaluation took, once measured. */
  private evalSeconds: number | undefined;
  private epochTrainEnd: number | undefined;

  reset(): void {
    this.rate = undefined;
    this.samples = 0;
    this.seconds = 0;
    this.last = undefined;
    this.evalSeconds = undefined;
    this.epochTrainEnd = undefined;
  }

  /** Feeds the average with the run's position; returns the time left, once a speed is known. */
  update(p: RunPosition): TimeLeft | undefined {
    const total = (p.epoch - 1) * p.epochSamples + p.samples;
    // The first report only starts the clock: the first steps include warm-up (compiling kernels,
    // starting threads) and would make the first estimate several times too long.
    if (this.last !== undefined) {
      const dt = p.elapsed - this.last.elapsed;
      const dn = total - this.last.total;
      if (dt > 0 && dn >= 0) {
        // Samples over seconds, both decayed by age: while the run is young this is the plain average
        // since the first report (no early value outweighs the rest), later that of the last ~TAU s.
        const decay = Math.exp(-dt / TAU);
        this.samples = this.samples * decay + dn;
        this.seconds = this.seconds * decay + dt;
        this.rate = this.samples / this.seconds;
      }
    }
    this.last = { elapsed: p.elapsed, total };
    if (p.samples >= p.epochSamples) this.epochTrainEnd = p.elapsed;
    return this.timeLeft(p);
  }

  /**
   * An epoch ended at `elapsed` (after its evaluation): the evaluation's duration is measured, and the
   * next speed is taken from here, so that evaluation time does not count as slow training.
   */
  epochEnd(elapsed: number, epoch: number, epochSamples: number): void {
    if (this.epochTrainEnd !== undefined) this.evalSeconds = Math.max(0, elapsed - this.epochTrainEnd);
    this.epochTrainEnd = undefined;
    this.last = { elapsed, total: epoch * epochSamples };
  }

  /** Seconds left in the epoch (its training and evaluation) and in the run. */
  timeLeft(p: RunPosition): TimeLeft | undefined {
    if (this.rate === undefined || this.rate <= 0) return undefined;
    const evaluation = this.evalSeconds ?? p.testSamples / (EVAL_SPEEDUP * this.rate);
    const epoch = Math.max(0, p.epochSamples - p.samples) / this.rate + evaluation;
    const later = (p.epochs - p.epoch) * (p.epochSamples / this.rate + evaluation);
    return { epoch, run: epoch + later };
  }
}

/** 5 -> "a few seconds left", 42 -> "about 40 s left", 130 -> "about 2 min left", 4800 -> "about 1 h 20 min left". */
export function timeLeftText(seconds: number): string {
  if (!Number.isFinite(seconds)) return 'unknown';
  if (seconds < 10) return 'a few seconds left';
  if (seconds < 55) return `about ${Math.round(seconds / 5) * 5} s left`;
  if (seconds < 90) return 'about 1 min left';
  const minutes = Math.round(seconds / 60);
  if (minutes < 60) return `about ${minutes} min left`;
  const h = Math.floor(minutes / 60);
  const m = minutes % 60;
  return m === 0 ? `about ${h} h left` : `about ${h} h ${m} min left`;
}
