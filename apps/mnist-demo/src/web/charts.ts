/**
 * The live loss and accuracy charts (uPlot): the training value of every step as a line (the loss also
 * smoothed, an exponential moving average over the noisy raw points), the test-set value at the end of
 * each epoch as points. Axes show before any data; step ticks are whole numbers; the accuracy axis
 * zooms to the data (chart-math.ts).
 */
import uPlot from 'uplot';
import 'uplot/dist/uPlot.min.css';
import { accuracyRange, ema, STEP_INCREMENTS, stepRange } from './chart-math.js';
import type { EpochReport, StepPoint } from './protocol.js';

const TRAIN = '#2563eb';
const TRAIN_RAW = 'rgba(37, 99, 235, 0.3)';
const TEST = '#dc2626';

interface Series {
  steps: number[];
  train: (number | null)[];
  test: (number | null)[];
}

/** How a chart scales its y axis and whether it adds a smoothed line. */
interface ChartKind {
  smooth: boolean;
  /** The y range for the data's min and max (null without data). */
  range: (min: number | null, max: number | null) => [number, number];
}

/** The loss axis: from 0 to the data's maximum (0..1 without data, so the axes show). */
const lossRange = (_min: number | null, max: number | null): [number, number] =>
  max === null || !Number.isFinite(max) ? [0, 1] : [0, max > 0 ? max * 1.05 : 1];

export const LOSS_CHART: ChartKind = { smooth: true, range: lossRange };
export const ACCURACY_CHART: ChartKind = { smooth: false, range: accuracyRange };

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
    private readonly kind: ChartKind,
  ) {
    const width = Math.max(200, container.clientWidth);
    const train: uPlot.Series = { label: trainLabel, stroke: TRAIN, width: 1.5, points: { show: false } };
    this.plot = new uPlot(
      {
        width,
        height: 200,
        legend: { show: true, live: false },
        cursor: { drag: { x: false, y: false } },
        scales: {
          // A little room on the right, so the last epoch's test point is not cut in half.
          x: { time: false, range: (_u, min, max) => stepRange(min, max) },
          y: { range: (_u, min, max) => kind.range(min, max) },
        },
        axes: [
          { label: 'step', size: 36, incrs: [...STEP_INCREMENTS] },
          { label, size: 48 },
        ],
        series: [
          { label: 'step' },
          ...(kind.smooth
            ? [
                { ...train, label: `${trainLabel}, raw`, stroke: TRAIN_RAW, width: 1 },
                { ...train, label: `${trainLabel}, smoothed`, width: 2 },
              ]
            : [train]),
          {
            label: testLabel,
            stroke: TEST,
            width: 2,
            spanGaps: true,
            points: { show: true, size: 7, fill: TEST },
          },
        ],
      },
      kind.smooth ? [[], [], [], []] : [[], [], []],
      container,
    );
    this.showEmptyAxes();
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
    const { steps, train, test } = this.series;
    const smoothed = this.kind.smooth ? [ema(train as number[])] : [];
    this.plot.setData([steps, train, ...smoothed, test] as uPlot.AlignedData);
    if (steps.length === 0) this.showEmptyAxes();
  }

  /** Without data uPlot leaves the x scale unset and draws no axes: give it the empty range. */
  private showEmptyAxes(): void {
    const [min, max] = stepRange(null, null);
    this.plot.setScale('x', { min, max });
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
    this.loss = new StepChart(lossContainer, 'loss', 'train loss (step)', 'test loss (epoch)', LOSS_CHART);
    this.accuracy = new StepChart(
      accuracyContainer,
      'accuracy %',
      'train accuracy (epoch so far)',
      'test accuracy (epoch)',
      ACCURACY_CHART,
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
