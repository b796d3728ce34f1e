// The schedulers take PyTorch 1.13's positional forms, options objects and both; they reject extra,
// duplicate and missing arguments in Python's words, print as `verbose=True` does, and reject step(epoch).
import '@typetorch/backend-cpu';
import { Parameter } from '@typetorch/nn';
import { ones, tensor } from '@typetorch/tensor';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { SGD } from '../sgd.js';
import {
  CosineAnnealingLR,
  ExponentialLR,
  LambdaLR,
  LinearLR,
  type LRScheduler,
  MultiStepLR,
  OneCycleLR,
  ReduceLROnPlateau,
  StepLR,
} from './index.js';

const sgd = (lr = 0.1, momentum = 0.9) => new SGD([new Parameter(ones([2]))], { lr, momentum });
const anyNew = <C>(cls: C, ...args: unknown[]) =>
  new (cls as unknown as new (...a: unknown[]) => { getLastLr(): number[] })(...args);
const lr = (s: { getLastLr(): number[] }) => s.getLastLr()[0];

/** Steps `s` n times (optimizer first, as PyTorch expects) and returns the learning rates. */
function run(s: LRScheduler, n: number): number[] {
  const out: number[] = [];
  for (let i = 0; i < n; i++) {
    s.optimizer.step();
    s.step();
    out.push(lr(s));
  }
  return out;
}

afterEach(() => vi.restoreAllMocks());

describe('scheduler constructors: PyTorch 1.13 positional order', () => {
  it('positional, options and mixed forms agree', () => {
    const forms = [
      (o: SGD) => new StepLR(o, 2, 0.5),
      (o: SGD) => new StepLR(o, { stepSize: 2, gamma: 0.5 }),
      (o: SGD) => new StepLR(o, 2, { gamma: 0.5 }),
      (o: SGD) => new StepLR(o, 2, 0.5, -1, false),
    ];
    const runs = forms.map((make) => run(make(sgd()), 5));
    for (const r of runs) expect(r).toEqual(runs[0]);
    expect(runs[0].map((x) => Number(x.toPrecision(6)))).toEqual([0.1, 0.05, 0.05, 0.025, 0.025]);
  });

  it('binds every scheduler in PyTorch order', () => {
    expect(new MultiStepLR(sgd(), [1, 3], 0.5).gamma).toBe(0.5);
    expect(Object.keys(new MultiStepLR(sgd(), [1, 3]).milestones)).toEqual(['1', '3']);
    expect(new ExponentialLR(sgd(), 0.9).gamma).toBe(0.9);
    const cos = new CosineAnnealingLR(sgd(), 100, 0.001);
    expect([cos.tMax, cos.etaMin]).toEqual([100, 0.001]);
    const linear = new LinearLR(sgd(), 0.5, 1, 4);
    expect([linear.startFactor, linear.endFactor, linear.totalIters]).toEqual([0.5, 1, 4]);
    expect(new LinearLR(sgd()).totalIters).toBe(5);
    const lambda = new LambdaLR(sgd(), (e) => 0.5 ** e);
    expect(run(lambda, 2)).toEqual([0.05, 0.025]);
    const plateau = new ReduceLROnPlateau(sgd(), 'max', 0.5, 3);
    expect([plateau.mode, plateau.factor, plateau.patience]).toEqual(['max', 0.5, 3]);
    expect(new ReduceLROnPlateau(sgd(), 'min', { cooldown: 2 }).cooldown).toBe(2);
    const cycle = new OneCycleLR(sgd(), 0.1, 1000);
    expect(cycle.totalSteps).toBe(1000);
    // PyTorch's None placeholders: OneCycleLR(opt, 0.1, None, 10, 100).
    expect(new OneCycleLR(sgd(), 0.1, null, 10, 100).totalSteps).toBe(1000);
    expect(
      new OneCycleLR(sgd(), 0.1, { epochs: 2, stepsPerEpoch: 5, annealStrategy: 'linear' }).totalSteps,
    ).toBe(10);
  });

  it("raises Python's TypeErrors (counts exclude self)", () => {
    const o = sgd();
    expect(() => anyNew(StepLR, o, 1, 0.1, -1, false, 5)).toThrow(
      'StepLR.__init__() takes from 1 to 5 positional arguments but 6 were given',
    );
    expect(() => anyNew(StepLR, o, 1, 0.1, { gamma: 0.2 })).toThrow(
      "StepLR.__init__() got multiple values for argument 'gamma'",
    );
    expect(() => anyNew(StepLR, o)).toThrow(
      "StepLR.__init__() missing 1 required positional argument: 'stepSize'",
    );
    expect(() => anyNew(OneCycleLR, o, { totalSteps: 10 })).toThrow(
      "OneCycleLR.__init__() missing 1 required positional argument: 'maxLr'",
    );
    expect(() => anyNew(ExponentialLR, o, 0.9, { step_size: 1 })).toThrow(
      "ExponentialLR.__init__() got an unexpected keyword argument 'step_size'",
    );
    expect(() => anyNew(ReduceLROnPlateau, o, 'min', 0.1, 10, 1e-4, 'rel', 0, 0, 1e-8, false, 1)).toThrow(
      'ReduceLROnPlateau.__init__() takes from 1 to 10 positional arguments but 11 were given',
    );
    expect(() => anyNew(LambdaLR, o, () => 1, { lrLambda: () => 2 })).toThrow(
      "LambdaLR.__init__() got multiple values for argument 'lrLambda'",
    );
    expect(() => anyNew(StepLR, o, 1, 0.1, -1, 'yes')).toThrow(
      "StepLR.__init__(): argument 'verbose' must be bool, not string",
    );
  });
});

describe('verbose', () => {
  it("prints PyTorch's lines on every step, the initial one included", () => {
    const log = vi.spyOn(console, 'log').mockImplementation(() => {});
    const s = new StepLR(sgd(), 1, 0.1, -1, true);
    s.optimizer.step();
    s.step();
    expect(log.mock.calls).toEqual([
      ['Adjusting learning rate of group 0 to 1.0000e-01.'],
      ['Adjusting learning rate of group 0 to 1.0000e-02.'],
    ]);
    expect(s.stateDict().verbose).toBe(true);
  });

  it('ReduceLROnPlateau prints its reductions with the epoch', () => {
    const log = vi.spyOn(console, 'log').mockImplementation(() => {});
    const s = new ReduceLROnPlateau(sgd(), 'min', 0.5, 0, { verbose: true });
    for (const m of [1, 2, 3]) s.step(m);
    expect(log.mock.calls).toEqual([
      ['Epoch 00002: reducing learning rate of group 0 to 5.0000e-02.'],
      ['Epoch 00003: reducing learning rate of group 0 to 2.5000e-02.'],
    ]);
  });

  it('is silent by default', () => {
    const log = vi.spyOn(console, 'log').mockImplementation(() => {});
    run(new ExponentialLR(sgd(), 0.5), 2);
    expect(log).not.toHaveBeenCalled();
  });
});

describe('step arguments', () => {
  it('step(epoch) is rejected loudly (deprecated in PyTorch)', () => {
    const s = new StepLR(sgd(), 2);
    expect(() => (s.step as (e: number) => void)(3)).toThrow(
      /^StepLR\.step\(\) takes 0 positional arguments but 1 was given: PyTorch's step\(epoch\) is deprecated/,
    );
    expect(s.lastEpoch).toBe(0);
  });

  it('ReduceLROnPlateau.step takes metrics positionally or as { metrics }, not an epoch', () => {
    const s = new ReduceLROnPlateau(sgd(), { patience: 0 });
    s.step(tensor(1));
    s.step({ metrics: 2 });
    expect(s.numBadEpochs).toBe(0);
    expect(lr(s)).toBeCloseTo(0.01);
    expect(() => (s.step as () => void)()).toThrow(
      "ReduceLROnPlateau.step() missing 1 required positional argument: 'metrics'",
    );
    expect(() => (s.step as (m: number, e: number) => void)(1, 5)).toThrow(
      /^ReduceLROnPlateau\.step\(\) takes 1 positional argument but 2 were given/,
    );
    expect(() => s.step({ metric: 1 } as never)).toThrow(
      "ReduceLROnPlateau.step() got an unexpected keyword argument 'metric'",
    );
  });
});
