/**
 * What the trainer prints: a progress bar per epoch (cli-progress on a terminal, plain periodic lines
 * otherwise), the per-epoch test results, and the final per-class table, confusion matrix and chart.
 */
import asciichart from 'asciichart';
import cliProgress from 'cli-progress';
import type { Io } from './io.js';
import { perClassStats } from './per-class.js';
import type { EpochResult, EvalResult, StepInfo, TrainCallbacks } from './train.js';

export function formatSeconds(s: number): string {
  if (!Number.isFinite(s)) return '?';
  if (s < 60) return `${s.toFixed(1)}s`;
  const m = Math.floor(s / 60);
  return `${m}m${String(Math.round(s - m * 60)).padStart(2, '0')}s`;
}

const pct = (v: number): string => `${(100 * v).toFixed(2)}%`;

/** Callbacks that show training progress on `io`. */
export function progressCallbacks(io: Io, epochs: number): TrainCallbacks & { stop(): void } {
  let bar: cliProgress.SingleBar | undefined;
  let nextLine = 0;
  let lineEvery = 1;
  const stats = (s: StepInfo) => {
    const rate = s.samples / Math.max(s.seconds, 1e-9);
    const eta = (s.epochSamples - s.samples) / rate;
    return {
      loss: s.meanLoss.toFixed(4),
      acc: pct(s.accuracy),
      rate: rate.toFixed(0),
      etaText: formatSeconds(eta),
    };
  };
  return {
    onEpochStart(epoch, batches) {
      if (io.isTTY) {
        bar = new cliProgress.SingleBar(
          {
            format: `epoch ${epoch}/${epochs} {bar} {value}/{total} | loss {loss} | acc {acc} | {rate} samples/s | ETA {etaText}`,
            stream: process.stdout,
            hideCursor: true,
            clearOnComplete: false,
          },
          cliProgress.Presets.shades_classic,
        );
        bar.start(batches, 0, { loss: '-', acc: '-', rate: '-', etaText: '?' });
      } else {
        lineEvery = Math.max(1, Math.ceil(batches / 10));
        nextLine = lineEvery;
      }
    },
    onStep(s) {
      if (bar !== undefined) {
        bar.update(s.batch, stats(s));
      } else if (s.batch >= nextLine || s.batch === s.batches) {
        nextLine += lineEvery;
        const t = stats(s);
        io.out(
          `epoch ${s.epoch}/${epochs} [${String(s.samples).padStart(String(s.epochSamples).length)}/${s.epochSamples}] loss ${t.loss}  acc ${t.acc}  ${t.rate} samples/s  ETA ${t.etaText}\n`,
        );
      }
    },
    /** Stops a running progress bar (a run that ended early, with an error). */
    stop() {
      bar?.stop();
      bar = undefined;
    },
    onEpochEnd(r) {
      bar?.stop();
      bar = undefined;
      io.out(
        `epoch ${r.epoch}/${epochs}: train loss ${r.trainLoss.toFixed(4)}, accuracy ${pct(r.trainAccuracy)} (${r.samples} samples in ${formatSeconds(r.seconds)}, ${r.samplesPerSecond.toFixed(0)} samples/s, lr ${r.lr.toPrecision(3)})\n`,
      );
      io.out(
        `  test set: average loss ${r.test.loss.toFixed(4)}, accuracy ${r.test.correct}/${r.test.total} (${pct(r.test.accuracy)})\n`,
      );
    },
  };
}

/** Per-class accuracy: a table with one row per class. */
export function perClassTable(result: EvalResult, classes: readonly string[]): string {
  const width = Math.max(5, ...classes.map((c) => c.length));
  const lines = [`${'class'.padEnd(width)}  correct / total   accuracy`];
  perClassStats(result.confusion).forEach(({ correct: right, total }, label) => {
    lines.push(
      `${(classes[label] ?? String(label)).padEnd(width)}  ${String(right).padStart(7)} / ${String(total).padEnd(5)}   ${total > 0 ? pct(right / total).padStart(7) : '      -'}`,
    );
  });
  return lines.join('\n');
}

export function perClassAccuracy(result: EvalResult): number[] {
  return perClassStats(result.confusion).map((c) => c.accuracy);
}

/** The confusion matrix: rows are true labels, columns predictions. */
export function confusionTable(result: EvalResult): string {
  const w = Math.max(4, ...result.confusion.flat().map((v) => String(v).length)) + 1;
  const header = `true\\pred${result.confusion.map((_, i) => String(i).padStart(w)).join('')}`;
  const rows = result.confusion.map(
    (row, label) => `${String(label).padStart(9)}${row.map((v) => String(v).padStart(w)).join('')}`,
  );
  return [header, ...rows].join('\n');
}

/** Averages `values` into at most `points` buckets. */
export function downsample(values: readonly number[], points: number): number[] {
  if (values.length <= points) return [...values];
  const out: number[] = [];
  for (let i = 0; i < points; i++) {
    const a = Math.floor((i * values.length) / points);
    const b = Math.floor(((i + 1) * values.length) / points);
    let s = 0;
    for (let j = a; j < b; j++) s += values[j];
    out.push(s / (b - a));
  }
  return out;
}

/** A small terminal chart of the training loss over the steps (and test accuracy per epoch when > 1). */
export function lossChart(stepLosses: readonly number[], epochs: readonly EpochResult[]): string {
  if (stepLosses.length < 2) return '';
  const parts = [
    `training loss over ${stepLosses.length} steps (averaged into buckets):`,
    asciichart.plot(downsample(stepLosses, 60), {
      height: 8,
      format: (v: number) => v.toFixed(3).padStart(7),
    }),
  ];
  if (epochs.length > 1) {
    parts.push(
      'test accuracy (%) per epoch:',
      asciichart.plot(
        epochs.map((e) => 100 * e.test.accuracy),
        { height: 6, format: (v: number) => v.toFixed(2).padStart(7) },
      ),
    );
  }
  return parts.join('\n');
}
