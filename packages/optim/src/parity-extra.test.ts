/**
 * Replays packages/optim/src/fixtures/optimizers_extra.json (written by scripts/fixtures/optim_extra.py
 * from PyTorch 1.13's single-tensor Adamax, NAdam, RAdam, Rprop and ASGD): 20 steps on fixed
 * parameters and gradients, comparing the parameters after every step and the state dict after the
 * last; then state-dict round trips, PyTorch-layout scalar state, and the constructors' arguments.
 */
import '@typetorch/backend-cpu';
import { Parameter } from '@typetorch/nn';
import { type DType, ones, type Tensor, tensor } from '@typetorch/tensor';
import { describe, expect, it } from 'vitest';
import fixture from './fixtures/optimizers_extra.json' with { type: 'json' };
import { Adamax, ASGD, NAdam, type Optimizer, RAdam, Rprop } from './index.js';
import {
  type FixtureTensor,
  fromFixture,
  type OptimizerCase,
  paramsArgument,
  TOL,
  worstRatio,
} from './testing/fixtures.js';

interface Case extends OptimizerCase {
  state: Record<string, Record<string, number | FixtureTensor>>;
}

const CTORS: Record<string, new (p: never, o: never) => Optimizer> = {
  Adamax: Adamax as never,
  NAdam: NAdam as never,
  RAdam: RAdam as never,
  Rprop: Rprop as never,
  ASGD: ASGD as never,
};

/** Runs `steps` fixture steps of a case from `start`, on `optimizer` (made fresh when absent). */
function setup(c: Case) {
  const dtype = (c.dtype ?? 'float32') as DType;
  const params = fixture.params.map((p) => fromFixture(p, dtype).requiresGrad_());
  const arg = paramsArgument(c, params);
  const make = () => new CTORS[c.optimizer](arg as never, c.options as never);
  const step = (optimizer: Optimizer, s: number) => {
    fixture.grads[s].forEach((g, i) => {
      params[i].grad = g === null ? null : fromFixture(g, dtype);
    });
    optimizer.step();
  };
  return { params, make, step, dtype };
}

const cases = fixture.cases as unknown as Case[];

describe('Adamax, NAdam, RAdam, Rprop and ASGD match PyTorch 1.13 (fixtures/optimizers_extra.json)', () => {
  it('has the cases the fixture generator writes', () => {
    expect(fixture.torch).toBe('1.13.0');
    expect(fixture.steps).toBe(20);
    expect(new Set(cases.map((c) => c.optimizer))).toEqual(new Set(Object.keys(CTORS)));
  });

  for (const c of cases) {
    const { rtol, atol } = TOL[c.dtype ?? 'float32'];
    it(c.name, () => {
      const { params, make, step } = setup(c);
      const optimizer = make();
      let worst = 0;
      c.expected.forEach((row, s) => {
        step(optimizer, s);
        row.forEach((t, i) => {
          worst = Math.max(worst, worstRatio(params[i].dataSync() as Float32Array, t.data, rtol, atol));
        });
      });
      expect(worst).toBeLessThanOrEqual(1);
      const sd = optimizer.stateDict();
      expect(Object.keys(sd.state)).toEqual(Object.keys(c.state));
      for (const [id, expected] of Object.entries(c.state)) {
        const actual = sd.state[Number(id)];
        expect(Object.keys(actual)).toEqual(Object.keys(expected));
        for (const [key, value] of Object.entries(expected)) {
          const got = actual[key];
          if (typeof value === 'number') expect(got).toBe(value);
          else
            expect(
              worstRatio((got as Tensor).dataSync() as Float32Array, value.data, rtol, atol),
            ).toBeLessThanOrEqual(1);
        }
      }
    });
  }
});

describe('state dicts', () => {
  const picks = cases.filter((c) => c.groups !== undefined);

  for (const c of picks) {
    it(`${c.optimizer}: save after 10 steps, load into a new optimizer, and continue as PyTorch`, () => {
      const run = setup(c);
      const first = run.make();
      for (let s = 0; s < 10; s++) run.step(first, s);
      const sd = first.stateDict();
      const second = run.make();
      second.loadStateDict(sd);
      first.disposeState();
      for (let s = 10; s < 20; s++) run.step(second, s);
      const { rtol, atol } = TOL[run.dtype];
      c.expected[19].forEach((t, i) => {
        expect(worstRatio(run.params[i].dataSync() as Float32Array, t.data, rtol, atol)).toBeLessThanOrEqual(
          1,
        );
      });
      expect(second.paramGroups.map((g) => g.lr)).toEqual(first.paramGroups.map((g) => g.lr));
    });
  }

  it("loads PyTorch's 0-d tensor mu_product, eta and mu as numbers", () => {
    const p = [new Parameter(ones([2]))];
    const nadam = new NAdam(p, { lr: 0.1 });
    nadam.loadStateDict({
      state: { 0: { step: tensor(3), muProduct: tensor(0.5), expAvg: ones([2]), expAvgSq: ones([2]) } },
      param_groups: [{ ...nadam.stateDict().param_groups[0] }],
    });
    expect(nadam.state.get(p[0])).toMatchObject({ step: 3, muProduct: 0.5 });
    const asgd = new ASGD(p, { lr: 0.1 });
    asgd.loadStateDict({
      state: { 0: { step: tensor(3), eta: tensor(0.25), mu: tensor(1), ax: ones([2]) } },
      param_groups: [{ ...asgd.stateDict().param_groups[0] }],
    });
    expect(asgd.state.get(p[0])).toMatchObject({ step: 3, eta: 0.25, mu: 1 });
    p[0].grad = ones([2]);
    asgd.step();
    expect(Array.from(p[0].dataSync())).toEqual(
      [1 - 0.25 * 1e-4 - 0.25, 1 - 0.25 * 1e-4 - 0.25].map(Math.fround),
    );
  });
});

describe('constructors', () => {
  const params = () => [new Parameter(ones([2]))];
  const anyNew = <C>(cls: C, ...args: unknown[]) =>
    new (cls as unknown as new (...a: unknown[]) => Optimizer)(...args);

  it('bind PyTorch positional options and defaults', () => {
    expect(new Adamax(params(), 0.1, [0.8, 0.9], 1e-6, 0.1).defaults).toEqual({
      lr: 0.1,
      betas: [0.8, 0.9],
      eps: 1e-6,
      weightDecay: 0.1,
      maximize: false,
    });
    expect(new NAdam(params()).defaults).toEqual({
      lr: 2e-3,
      betas: [0.9, 0.999],
      eps: 1e-8,
      weightDecay: 0,
      momentumDecay: 4e-3,
    });
    expect(new NAdam(params(), 0.1, [0.9, 0.99], 1e-8, 0, 0.01).defaults.momentumDecay).toBe(0.01);
    expect(new RAdam(params()).defaults).toEqual({
      lr: 1e-3,
      betas: [0.9, 0.999],
      eps: 1e-8,
      weightDecay: 0,
    });
    expect(new Rprop(params(), 0.1, [0.4, 1.3], [1e-3, 1]).defaults).toEqual({
      lr: 0.1,
      etas: [0.4, 1.3],
      stepSizes: [1e-3, 1],
      maximize: false,
    });
    expect(new ASGD(params(), 0.1, 1e-3, 0.5, 10, 0.1, { maximize: true }).defaults).toEqual({
      lr: 0.1,
      lambd: 1e-3,
      alpha: 0.5,
      t0: 10,
      weightDecay: 0.1,
      maximize: true,
    });
  });

  it("reject invalid values with PyTorch's messages", () => {
    expect(() => new Adamax(params(), { lr: -1 })).toThrow('Invalid learning rate: -1');
    expect(() => new NAdam(params(), { betas: [0.9, 1] })).toThrow('Invalid beta parameter at index 1: 1');
    expect(() => new NAdam(params(), { momentumDecay: -1 })).toThrow('Invalid momentum_decay value: -1');
    expect(() => new RAdam(params(), { eps: -1 })).toThrow('Invalid epsilon value: -1');
    expect(() => new Rprop(params(), { etas: [0.5, 0.9] })).toThrow('Invalid eta values: 0.5, 0.9');
    expect(() => new ASGD(params(), { weightDecay: -1 })).toThrow('Invalid weight_decay value: -1');
  });

  it('reject foreach/capturable/differentiable, options PyTorch 1.13 lacks, and extra arguments', () => {
    expect(() => anyNew(Adamax, params(), { foreach: true })).toThrow(
      "Adamax.__init__() got an unexpected keyword argument 'foreach'",
    );
    expect(() => anyNew(RAdam, params(), { differentiable: true })).toThrow(
      "RAdam.__init__() got an unexpected keyword argument 'differentiable'",
    );
    expect(() => anyNew(NAdam, params(), { maximize: true })).toThrow(
      "NAdam.__init__() got an unexpected keyword argument 'maximize'",
    );
    expect(() => anyNew(ASGD, params(), { capturable: true })).toThrow(
      "ASGD.__init__() got an unexpected keyword argument 'capturable'",
    );
    expect(() => anyNew(Rprop, params(), { step_sizes: [1, 2] })).toThrow("did you mean 'stepSizes'?");
    expect(() => anyNew(Rprop, params(), 0.1, [0.5, 1.2], [1e-6, 50], null)).toThrow(
      'Rprop.__init__() takes from 1 to 4 positional arguments but 5 were given',
    );
  });

  it('print as PyTorch does', () => {
    expect(String(new RAdam(params()))).toBe(
      'RAdam (\nParameter Group 0\n    betas: (0.9, 0.999)\n    eps: 1e-8\n    lr: 0.001\n    weightDecay: 0\n)',
    );
  });
});
