/**
 * Replays packages/optim/src/fixtures/lr_schedulers.json (written by scripts/fixtures/optim.py from
 * PyTorch 1.13): the learning rate of every group after construction and after each step.
 */
import '@typetorch/backend-cpu';
import { tensor, zeros } from '@typetorch/tensor';
import { afterEach, describe, expect, it, vi } from 'vitest';
import fixture from './fixtures/lr_schedulers.json' with { type: 'json' };
import { lrScheduler, type Optimizer, SGD } from './index.js';
import { expectClose, lrsOf, makeScheduledOptimizer, momentumsOf } from './testing/fixtures.js';

interface Case {
  name: string;
  scheduler: string;
  options: Record<string, unknown>;
  optimizer: { name: string; groups: Record<string, unknown>[]; options: Record<string, unknown> };
  setup?: { initialLr: number[]; lastEpoch: number };
  metrics?: number[];
  lambdas?: string[];
  steps: number;
  lrs: number[][];
  momentums?: number[][];
}

const LAMBDAS: Record<string, lrScheduler.LrLambda> = {
  'pow0.95': (e) => 0.95 ** e,
  warmup5: (e) => Math.min(1, (e + 1) / 5),
  inverse: (e) => 1 / (e + 1),
};

type AnyScheduler = { step(metric?: number): void; getLastLr(): number[] };

function makeScheduler(c: Case, optimizer: Optimizer): AnyScheduler {
  const options: Record<string, unknown> = { ...c.options };
  if (c.setup) {
    optimizer.paramGroups.forEach((g, i) => {
      g.initialLr = c.setup!.initialLr[i];
    });
    options.lastEpoch = c.setup.lastEpoch;
  }
  if (c.lambdas) {
    const fns = c.lambdas.map((n) => LAMBDAS[n]);
    options.lrLambda = fns.length === 1 ? fns[0] : fns;
  }
  const Ctor = (lrScheduler as unknown as Record<string, new (o: Optimizer, opts: unknown) => AnyScheduler>)[
    c.scheduler
  ];
  return new Ctor(optimizer, options);
}

afterEach(() => vi.restoreAllMocks());

describe('lr schedulers match PyTorch 1.13 (fixtures/lr_schedulers.json)', () => {
  it('covers every scheduler', () => {
    const names = new Set(fixture.cases.map((c) => c.scheduler));
    for (const s of [
      'StepLR',
      'MultiStepLR',
      'ExponentialLR',
      'CosineAnnealingLR',
      'LinearLR',
      'LambdaLR',
      'OneCycleLR',
      'ReduceLROnPlateau',
    ]) {
      expect(names).toContain(s);
    }
  });

  for (const c of fixture.cases as Case[]) {
    it(c.name, () => {
      const warn = vi.spyOn(console, 'warn');
      const optimizer = makeScheduledOptimizer(c.optimizer);
      const scheduler = makeScheduler(c, optimizer);
      expectClose(lrsOf(optimizer), c.lrs[0], 'lr after construction');
      if (c.momentums) expectClose(momentumsOf(optimizer), c.momentums[0], 'momentum after construction');
      for (let i = 0; i < c.steps; i++) {
        optimizer.step();
        if (c.metrics) scheduler.step(c.metrics[i]);
        else scheduler.step();
        expectClose(lrsOf(optimizer), c.lrs[i + 1], `lr after step ${i + 1}`);
        expect(scheduler.getLastLr()).toEqual(lrsOf(optimizer));
        if (c.momentums)
          expectClose(momentumsOf(optimizer), c.momentums[i + 1], `momentum after step ${i + 1}`);
      }
      expect(warn).not.toHaveBeenCalled();
    });
  }
});

/** An SGD with momentum over one parameter, for the schedulers below. */
const sgd = (lr = 0.1) => new SGD([zeros(1).requiresGrad_()], { lr, momentum: 0.9 });

describe('lr schedulers: initialLr, order of steps', () => {
  it('set initialLr on every group and read baseLrs from it', () => {
    const opt = new SGD(
      [{ params: [zeros(1).requiresGrad_()] }, { params: [zeros(1).requiresGrad_()], lr: 0.5 }],
      {
        lr: 0.1,
      },
    );
    const s = new lrScheduler.ExponentialLR(opt, { gamma: 0.5 });
    expect(opt.paramGroups.map((g) => g.initialLr)).toEqual([0.1, 0.5]);
    expect(s.baseLrs).toEqual([0.1, 0.5]);
    expect(s.lastEpoch).toBe(0);
    opt.step();
    s.step();
    expect(s.getLastLr()).toEqual([0.05, 0.25]);
    // A second scheduler on the same optimizer keeps the first's initialLr.
    const s2 = new lrScheduler.StepLR(opt, { stepSize: 2 });
    expect(s2.baseLrs).toEqual([0.1, 0.5]);
  });

  it('resuming requires initialLr in every group', () => {
    expect(() => new lrScheduler.StepLR(sgd(), { stepSize: 3, lastEpoch: 5 })).toThrow(
      "param 'initialLr' is not specified in paramGroups[0] when resuming an optimizer",
    );
  });

  it('warns when scheduler.step() comes before optimizer.step(), as PyTorch', () => {
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => {});
    const s = new lrScheduler.StepLR(sgd(), { stepSize: 3 });
    s.step();
    expect(warn).toHaveBeenCalledWith(
      expect.stringContaining('Detected call of `lr_scheduler.step()` before `optimizer.step()`'),
    );
  });
});

describe('lr schedulers: state dicts, errors', () => {
  it('a state dict restores a schedule mid-way', () => {
    const makeBoth = () => {
      const opt = sgd();
      return { opt, s: new lrScheduler.CosineAnnealingLR(opt, { tMax: 10, etaMin: 0.001 }) };
    };
    const a = makeBoth();
    for (let i = 0; i < 7; i++) {
      a.opt.step();
      a.s.step();
    }
    const saved = a.s.stateDict();
    expect(saved).toMatchObject({ lastEpoch: 7, baseLrs: [0.1], tMax: 10, etaMin: 0.001, stepCount: 8 });
    expect(saved).not.toHaveProperty('optimizer');
    const b = makeBoth();
    b.s.loadStateDict(saved);
    b.opt.loadStateDict(a.opt.stateDict());
    for (let i = 0; i < 10; i++) {
      a.opt.step();
      a.s.step();
      b.opt.step();
      b.s.step();
      expect(b.s.getLastLr()).toEqual(a.s.getLastLr());
    }
  });

  it('LambdaLR saves no functions', () => {
    const s = new lrScheduler.LambdaLR(sgd(), { lrLambda: (e) => 1 / (e + 1) });
    expect(s.stateDict().lrLambdas).toEqual([null]);
    s.loadStateDict({ ...s.stateDict(), lastEpoch: 3 });
    expect(s.lastEpoch).toBe(3);
    expect(typeof s.lrLambdas[0]).toBe('function');
    expect(() => new lrScheduler.LambdaLR(sgd(), { lrLambda: [(e) => e, (e) => e] })).toThrow(
      'Expected 1 lrLambdas, but got 2',
    );
  });

  it('ReduceLROnPlateau: state dict, tensor metrics, errors', () => {
    const opt = sgd(1);
    const s = new lrScheduler.ReduceLROnPlateau(opt, { patience: 0, factor: 0.5 });
    s.step(tensor(3));
    s.step(tensor(4));
    expect(s.getLastLr()).toEqual([0.5]);
    const saved = s.stateDict();
    expect(saved).toMatchObject({ best: 3, numBadEpochs: 0, lastEpoch: 2, mode: 'min' });
    const other = new lrScheduler.ReduceLROnPlateau(sgd(1), { patience: 0, factor: 0.5 });
    other.loadStateDict(saved);
    expect(other.best).toBe(3);
    expect(() => new lrScheduler.ReduceLROnPlateau(opt, { factor: 1 })).toThrow('Factor should be < 1.0.');
    expect(() => new lrScheduler.ReduceLROnPlateau(opt, { mode: 'up' as never })).toThrow(
      'mode up is unknown!',
    );
    expect(() => new lrScheduler.ReduceLROnPlateau(opt, { thresholdMode: 'x' as never })).toThrow(
      'threshold mode x is unknown!',
    );
    expect(() => new lrScheduler.ReduceLROnPlateau(opt, { minLr: [0, 0] })).toThrow(
      'expected 1 minLrs, got 2',
    );
  });

  it('OneCycleLR: errors as PyTorch', () => {
    expect(() => new lrScheduler.OneCycleLR(sgd(), { maxLr: 1 })).toThrow(
      'You must define either totalSteps OR (epochs AND stepsPerEpoch)',
    );
    expect(() => new lrScheduler.OneCycleLR(sgd(), { maxLr: 1, totalSteps: 0 })).toThrow(
      'Expected positive integer totalSteps, but got 0',
    );
    expect(() => new lrScheduler.OneCycleLR(sgd(), { maxLr: 1, epochs: 2 })).toThrow(
      'Expected positive integer stepsPerEpoch, but got undefined',
    );
    expect(() => new lrScheduler.OneCycleLR(sgd(), { maxLr: 1, totalSteps: 10, pctStart: 2 })).toThrow(
      'Expected float between 0 and 1 pctStart, but got 2',
    );
    expect(() => new lrScheduler.OneCycleLR(sgd(), { maxLr: [1, 2], totalSteps: 10 })).toThrow(
      'expected 1 values for maxLr, got 2',
    );
    const opt = sgd();
    const s = new lrScheduler.OneCycleLR(opt, { maxLr: 1, totalSteps: 3 });
    for (let i = 0; i < 3; i++) {
      opt.step();
      s.step();
    }
    opt.step();
    expect(() => s.step()).toThrow('Tried to step 5 times. The specified number of total steps is 3');
  });

  it('reject what is not an optimizer', () => {
    expect(() => new lrScheduler.StepLR({} as never, { stepSize: 1 })).toThrow('Object is not an Optimizer');
    expect(() => new lrScheduler.LinearLR(sgd(), { startFactor: 2 })).toThrow(
      'Starting multiplicative factor expected to be between 0 and 1.',
    );
  });
});
