/**
 * Replays packages/optim/src/fixtures/lr_schedulers_extra.json (written by
 * scripts/fixtures/lr_schedulers_extra.py from PyTorch 1.13): ConstantLR, PolynomialLR,
 * MultiplicativeLR, CosineAnnealingWarmRestarts, CyclicLR, SequentialLR and ChainedScheduler, the
 * learning rate (and CyclicLR's momentum) of every group after construction and after each step.
 * Then their positional forms, errors, state dicts and verbose output.
 */
import '@typetorch/backend-cpu';
import { zeros } from '@typetorch/tensor';
import { afterEach, describe, expect, it, vi } from 'vitest';
import fixture from './fixtures/lr_schedulers_extra.json' with { type: 'json' };
import { Adam, lrScheduler, type Optimizer, SGD } from './index.js';
import { expectClose, lrsOf, makeScheduledOptimizer, momentumsOf } from './testing/fixtures.js';

interface SubSpec {
  scheduler: string;
  options: Record<string, unknown>;
  lambdas?: string[];
  scaleFn?: string;
  schedulers?: SubSpec[];
}

interface Case extends SubSpec {
  name: string;
  optimizer: { name: string; groups: Record<string, unknown>[]; options: Record<string, unknown> };
  setup?: { initialLr: number[]; lastEpoch: number };
  epochs?: number[];
  steps: number;
  lrs: number[][];
  momentums?: number[][];
}

const LAMBDAS: Record<string, lrScheduler.LrLambda> = {
  'const0.95': () => 0.95,
  'const0.9': () => 0.9,
  decay: (e) => 1 - 0.01 * e,
};

const SCALE_FNS: Record<string, lrScheduler.ScaleFn> = {
  inverse: (x) => 1 / (x + 1),
  cosine: (x) => 0.5 * (1 + Math.cos((x * Math.PI) / 10)),
};

type AnyScheduler = { step(epoch?: number): void; getLastLr(): number[] };
type Ctor = new (...args: unknown[]) => AnyScheduler;

function makeScheduler(spec: SubSpec, optimizer: Optimizer): AnyScheduler {
  const options: Record<string, unknown> = { ...spec.options };
  if (spec.lambdas) {
    const fns = spec.lambdas.map((n) => LAMBDAS[n]);
    options.lrLambda = fns.length === 1 ? fns[0] : fns;
  }
  if (spec.scaleFn) options.scaleFn = SCALE_FNS[spec.scaleFn];
  const subs = spec.schedulers?.map((s) => makeScheduler(s, optimizer));
  const cls = (lrScheduler as unknown as Record<string, Ctor>)[spec.scheduler];
  if (spec.scheduler === 'ChainedScheduler') return new cls(subs);
  if (subs) options.schedulers = subs;
  return new cls(optimizer, options);
}

afterEach(() => vi.restoreAllMocks());

describe('more lr schedulers match PyTorch 1.13 (fixtures/lr_schedulers_extra.json)', () => {
  it('covers every scheduler', () => {
    const names = new Set(fixture.cases.map((c) => c.scheduler));
    for (const s of [
      'ConstantLR',
      'PolynomialLR',
      'MultiplicativeLR',
      'CosineAnnealingWarmRestarts',
      'CyclicLR',
      'SequentialLR',
      'ChainedScheduler',
    ]) {
      expect(names).toContain(s);
    }
  });

  for (const c of fixture.cases as Case[]) {
    it(c.name, () => {
      const warn = vi.spyOn(console, 'warn');
      const optimizer = makeScheduledOptimizer(c.optimizer);
      if (c.setup) {
        optimizer.paramGroups.forEach((g, i) => {
          g.initialLr = c.setup!.initialLr[i];
        });
      }
      const spec = c.setup ? { ...c, options: { ...c.options, lastEpoch: c.setup.lastEpoch } } : c;
      const scheduler = makeScheduler(spec, optimizer);
      expectClose(lrsOf(optimizer), c.lrs[0], 'lr after construction');
      if (c.momentums) expectClose(momentumsOf(optimizer), c.momentums[0], 'momentum after construction');
      for (let i = 0; i < c.steps; i++) {
        optimizer.step();
        if (c.epochs) scheduler.step(c.epochs[i]);
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

const sgd = (lr = 0.1) => new SGD([zeros(1).requiresGrad_()], { lr, momentum: 0.9 });
const anyNew = (cls: unknown, ...args: unknown[]) => new (cls as Ctor)(...args);

/** Steps `s` n times (optimizer first) and returns the first group's learning rates. */
function run(s: AnyScheduler & { optimizer: Optimizer }, n: number): number[] {
  const out: number[] = [];
  for (let i = 0; i < n; i++) {
    s.optimizer.step();
    s.step();
    out.push(s.getLastLr()[0]);
  }
  return out;
}

describe('more lr schedulers: PyTorch 1.13 positional order', () => {
  it('positional, options and mixed forms agree', () => {
    const { ConstantLR, PolynomialLR, MultiplicativeLR, CosineAnnealingWarmRestarts, CyclicLR } = lrScheduler;
    const same = (forms: ((o: SGD) => AnyScheduler & { optimizer: Optimizer })[]) => {
      const runs = forms.map((make) => run(make(sgd()), 12));
      for (const r of runs) expect(r).toEqual(runs[0]);
    };
    same([(o) => new ConstantLR(o, 0.5, 3), (o) => new ConstantLR(o, { factor: 0.5, totalIters: 3 })]);
    same([(o) => new PolynomialLR(o, 4, 2), (o) => new PolynomialLR(o, 4, { power: 2 })]);
    same([
      (o) => new MultiplicativeLR(o, () => 0.9),
      (o) => new MultiplicativeLR(o, { lrLambda: () => 0.9 }),
    ]);
    same([
      (o) => new CosineAnnealingWarmRestarts(o, 3, 2, 0.01),
      (o) => new CosineAnnealingWarmRestarts(o, { t0: 3, tMult: 2, etaMin: 0.01 }),
    ]);
    same([
      (o) => new CyclicLR(o, 0.01, 0.1, 2, 3, 'triangular2'),
      (o) => new CyclicLR(o, 0.01, 0.1, { stepSizeUp: 2, stepSizeDown: 3, mode: 'triangular2' }),
    ]);
    const c = new CyclicLR(
      sgd(),
      0.01,
      0.1,
      5,
      null,
      'exp_range',
      0.9,
      null,
      'cycle',
      false,
      0.7,
      0.8,
      -1,
      false,
    );
    expect([c.totalSize, c.stepRatio, c.gamma, c.scaleMode, c.cycleMomentum]).toEqual([
      10,
      0.5,
      0.9,
      'iterations',
      false,
    ]);
    const o = sgd();
    const seq = new lrScheduler.SequentialLR(
      o,
      [new ConstantLR(o, 0.1, 2), new lrScheduler.ExponentialLR(o, 0.5)],
      [2],
    );
    expect(run(seq, 4).map((x) => Number(x.toPrecision(6)))).toEqual([0.01, 0.1, 0.05, 0.025]);
    const o2 = sgd();
    const chain = new lrScheduler.ChainedScheduler({
      schedulers: [new ConstantLR(o2, 0.1, 2), new lrScheduler.ExponentialLR(o2, 0.5)],
    });
    expect(chain.getLastLr().map((x) => Number(x.toPrecision(6)))).toEqual([0.01]);
    expect(run(chain, 3).map((x) => Number(x.toPrecision(6)))).toEqual([0.005, 0.025, 0.0125]);
  });

  it("raises Python's TypeErrors", () => {
    expect(() => anyNew(lrScheduler.ConstantLR, sgd(), 0.5, 2, -1, false, 1)).toThrow(
      'ConstantLR.__init__() takes from 1 to 5 positional arguments but 6 were given',
    );
    expect(() => anyNew(lrScheduler.CyclicLR, sgd(), 0.1)).toThrow(
      "CyclicLR.__init__() missing 1 required positional argument: 'maxLr'",
    );
    expect(() => anyNew(lrScheduler.CosineAnnealingWarmRestarts, sgd(), { t0: 2, tMax: 3 })).toThrow(/tMax/);
    expect(() => anyNew(lrScheduler.SequentialLR, sgd(), [])).toThrow(
      "SequentialLR.__init__() missing 1 required positional argument: 'milestones'",
    );
    expect(() => anyNew(lrScheduler.ChainedScheduler)).toThrow(
      "ChainedScheduler.__init__() missing 1 required positional argument: 'schedulers'",
    );
    const s = new lrScheduler.PolynomialLR(sgd());
    expect(() => (s.step as (e: number) => void)(3)).toThrow('step(epoch) is deprecated');
  });
});

describe('more lr schedulers: errors as PyTorch', () => {
  it('validate their arguments', () => {
    expect(() => new lrScheduler.ConstantLR(sgd(), 2)).toThrow(
      'Constant multiplicative factor expected to be between 0 and 1.',
    );
    expect(() => new lrScheduler.MultiplicativeLR(sgd(), [() => 1, () => 1])).toThrow(
      'Expected 1 lrLambdas, but got 2',
    );
    expect(() => new lrScheduler.CosineAnnealingWarmRestarts(sgd(), 0)).toThrow(
      'Expected positive integer t0, but got 0',
    );
    expect(() => new lrScheduler.CosineAnnealingWarmRestarts(sgd(), 2.5)).toThrow(
      'Expected positive integer t0, but got 2.5',
    );
    expect(() => new lrScheduler.CosineAnnealingWarmRestarts(sgd(), 2, 0)).toThrow(
      'Expected integer tMult >= 1, but got 0',
    );
    expect(() => new lrScheduler.CosineAnnealingWarmRestarts(sgd(), 2).step(-1)).toThrow(
      'Expected non-negative epoch, but got -1',
    );
    expect(() => new lrScheduler.CyclicLR(sgd(), 0.1, 1, { mode: 'up' as never })).toThrow(
      'mode is invalid and scaleFn is null',
    );
    const adam = new Adam([zeros(1).requiresGrad_()]);
    expect(() => new lrScheduler.CyclicLR(adam, 0.1, 1)).toThrow(
      'optimizer must support momentum with `cycleMomentum` option enabled',
    );
    expect(() => new lrScheduler.CyclicLR(sgd(), [0.1, 0.2], 1)).toThrow(
      'expected 1 values for baseLr, got 2',
    );
    expect(() => new lrScheduler.CyclicLR({} as never, 0.1, 1)).toThrow('Object is not an Optimizer');
  });

  it('SequentialLR and ChainedScheduler check their schedulers', () => {
    const a = sgd();
    const b = sgd();
    const sa = new lrScheduler.ExponentialLR(a, 0.9);
    const sb = new lrScheduler.ExponentialLR(b, 0.9);
    expect(() => new lrScheduler.SequentialLR(a, [sa, sb], [3])).toThrow(
      'Sequential Schedulers expects all schedulers to belong to the same optimizer, but got schedulers at index 1 to be different than the optimizer passed in.',
    );
    expect(() => new lrScheduler.SequentialLR(a, [sa], [3])).toThrow(
      'Sequential Schedulers expects number of schedulers provided to be one more than the number of milestone points, but got number of schedulers 1 and the number of milestones to be equal to 1',
    );
    expect(() => new lrScheduler.ChainedScheduler([sa, sb])).toThrow(
      'ChainedScheduler expects all schedulers to belong to the same optimizer, but got schedulers at index 0 and 1 to be different',
    );
  });
});

describe('more lr schedulers: state dicts, verbose', () => {
  it('SequentialLR state dicts hold the schedulers and resume the schedule', () => {
    const make = () => {
      const o = sgd();
      const s = new lrScheduler.SequentialLR(
        o,
        [new lrScheduler.LinearLR(o, 0.1, 1, 3), new lrScheduler.CosineAnnealingWarmRestarts(o, 4, 2)],
        [3],
      );
      return s;
    };
    const a = make();
    run(a, 6);
    const saved = a.stateDict();
    expect(saved).toMatchObject({ lastEpoch: 6, milestones: [3] });
    expect(saved).not.toHaveProperty('optimizer');
    expect((saved.schedulers as Record<string, unknown>[])[1]).toMatchObject({
      t0: 4,
      tMult: 2,
      lastEpoch: 3,
    });
    const b = make();
    b.loadStateDict(saved);
    b.optimizer.paramGroups[0].lr = a.optimizer.paramGroups[0].lr;
    expect(run(b, 10)).toEqual(run(a, 10));
  });

  it('ChainedScheduler, CyclicLR and MultiplicativeLR state dicts', () => {
    const o = sgd();
    const chain = new lrScheduler.ChainedScheduler([
      new lrScheduler.ConstantLR(o, 0.5, 2),
      new lrScheduler.CyclicLR(o, 0.01, 0.1, 2, { scaleFn: (x) => 1 / x }),
      new lrScheduler.MultiplicativeLR(o, () => 0.9),
    ]);
    run(chain, 3);
    const saved = chain.stateDict();
    const [, cyc, mult] = saved.schedulers as Record<string, unknown>[];
    expect(cyc).toMatchObject({ scaleFnCustom: null, lastEpoch: 3, totalSize: 4, maxLrs: [0.1] });
    expect(mult.lrLambdas).toEqual([null]);
    const cyclic = chain.schedulers[1] as lrScheduler.CyclicLR;
    cyclic.loadStateDict({ ...cyc, lastEpoch: 1 });
    expect(cyclic.lastEpoch).toBe(1);
    expect(cyclic.scaleFn(2)).toBe(0.5);
  });

  it('print as verbose=True does, with the epoch where PyTorch passes one', () => {
    const log = vi.spyOn(console, 'log').mockImplementation(() => {});
    const o = sgd(1);
    new lrScheduler.PolynomialLR(o, { totalIters: 4, verbose: true });
    expect(log).toHaveBeenLastCalledWith('Adjusting learning rate of group 0 to 1.0000e+00.');
    const w = new lrScheduler.CosineAnnealingWarmRestarts(sgd(1), 4, { verbose: true });
    expect(log).toHaveBeenLastCalledWith('Epoch 00000: adjusting learning rate of group 0 to 1.0000e+00.');
    w.optimizer.step();
    w.step(2.5);
    expect(log).toHaveBeenLastCalledWith('Epoch 2.50: adjusting learning rate of group 0 to 3.0866e-01.');
    const o2 = sgd(1);
    const seq = new lrScheduler.SequentialLR(
      o2,
      [new lrScheduler.ConstantLR(o2, 0.5, 1), new lrScheduler.ExponentialLR(o2, 0.5, { verbose: true })],
      [1],
    );
    o2.step();
    seq.step();
    expect(log).toHaveBeenLastCalledWith('Epoch 00000: adjusting learning rate of group 0 to 1.0000e+00.');
  });
});
