/**
 * The live loss and accuracy charts (uPlot): the training value of every step as a line, the test-set
 * value at the end of each epoch as points.
 */
import uPlot from 'uplot';
import 'uplot/dist/uPlot.min.css';
import type { EpochReport, StepPoint } from './protocol.js';

const TRAIN = '#2563eb';
const TEST = '#dc2626';

interface Series {
  steps: number[];
  train: (number | null)[];
  test: (number | null)[];
}

/** One chart: x = optimizer step, a train series (line) and a test series (points joined). */
class StepChart {
  private readonly series: Series = { steps: [], train: [], test: [] };
  private readonly plot: uPlot;
  private dirty = false;

  constructor(
    container: HTMLElement,
    private readonly label: string,
    trainLabel: string,
    testLabel: string,
    scale: { min?: number; max?: number },
  ) {
    const width = Math.max(200, container.clientWidth);
    this.plot = new uPlot(
      {
        width,
        height: 200,
        legend: { show: true, live: false },
        cursor: { drag: { x: false, y: false } },
        scales: {
          // A little room on the right, so the last epoch's test point is not cut in half.
          x: { time: false, range: (_u, min, max) => [min, max + Math.max(1, 0.02 * (max - min))] },
          y: scale.min === undefined ? {} : { auto: false, range: [scale.min, scale.max ?? 1] },
        },
        axes: [
          { label: 'step', size: 36 },
          { label, size: 48 },
        ],
        series: [
          { label: 'step' },
          { label: trainLabel, stroke: TRAIN, width: 1.5, points: { show: false } },
          {
            label: testLabel,
            stroke: TEST,
            width: 2,
            spanGaps: true,
            points: { show: true, size: 7, fill: TEST },
          },
        ],
      },
      [[], [], []],
      container,
    );
    new ResizeObserver(() => {
      this.plot.setSize({ width: Math.max(200, container.clientWidth), height: 200 });
    }).observe(container);
  }

  addTrain(step: number, value: number): void {
    this.series.steps.push(step);
    this.series.train.push(value);
    this.series.test.push(null);
    this.dirty = true;
  }

  setTest(step: number, value: number): void {
    const i = this.series.steps.lastIndexOf(step);
    if (i >= 0) this.series.test[i] = value;
    this.dirty = true;
  }

  get points(): number {
    return this.series.steps.length;
  }

  redraw(): void {
    if (!this.dirty) return;
    this.dirty = false;
    this.plot.setData([this.series.steps, this.series.train, this.series.test] as uPlot.AlignedData);
  }

  clear(): void {
    this.series.steps.length = 0;
    this.series.train.length = 0;
    this.series.test.length = 0;
    this.dirty = true;
    this.redraw();
  }

  /** A short text for screen readers, updated with the data. */
  summary(): string {
    const n = this.series.train.length;
    if (n === 0) return `${this.label}: no data yet`;
    const last = this.series.train[n - 1] as number;
    const tests = this.series.test.filter((v): v is number => v !== null);
    const test = tests.length > 0 ? `, last test value ${tests[tests.length - 1].toFixed(4)}` : '';
    return `${this.label}: ${n} steps, last training value ${last.toFixed(4)}${test}`;
  }
}

export class TrainingCharts {
  private readonly loss: StepChart;
  private readonly accuracy: StepChart;
  private frame = 0;

  constructor(
    lossContainer: HTMLElement,
    accuracyContainer: HTMLElement,
    private readonly onSummary: (loss: string, accuracy: string) => void,
  ) {
    this.loss = new StepChart(lossContainer, 'loss', 'train loss (step)', 'test loss (epoch)', {});
    this.accuracy = new StepChart(
      accuracyContainer,
      'accuracy %',
      'train accuracy (epoch so far)',
      'test accuracy (epoch)',
      { min: 0, max: 100 },
    );
  }

  addSteps(points: readonly StepPoint[]): void {
    for (const p of points) {
      this.loss.addTrain(p.step, p.loss);
      this.accuracy.addTrain(p.step, 100 * p.accuracy);
    }
    this.schedule();
  }

  addEpoch(report: EpochReport): void {
    this.loss.setTest(report.step, report.testLoss);
    this.accuracy.setTest(report.step, 100 * report.testAccuracy);
    this.schedule();
  }

  /** Number of steps drawn so far. */
  get steps(): number {
    return this.loss.points;
  }

  clear(): void {
    this.loss.clear();
    this.accuracy.clear();
    this.onSummary(this.loss.summary(), this.accuracy.summary());
  }

  /** Redraws at most once per animation frame however often data arrives. */
  private schedule(): void {
    if (this.frame !== 0) return;
    this.frame = requestAnimationFrame(() => {
      this.frame = 0;
      this.loss.redraw();
      this.accuracy.redraw();
      this.onSummary(this.loss.summary(), this.accuracy.summary());
    });
  }
}
