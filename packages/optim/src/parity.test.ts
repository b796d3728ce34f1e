/**
 * Replays packages/optim/src/fixtures/optimizers.json (written by scripts/fixtures/optim.py from
 * PyTorch 1.13's single-tensor optimizers): 20 steps on fixed parameters and gradients, comparing the
 * parameters after every step. Adam and AdamW run both through the CPU backend's fused kernel and
 * through the composition of tensor ops (on a device registered without fast paths).
 */
import '@typetorch/backend-cpu';
import { cpuBackend } from '@typetorch/backend-cpu';
import { type Backend, type DType, registerBackend, unregisterBackend } from '@typetorch/tensor';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import fixture from './fixtures/optimizers.json' with { type: 'json' };
import { Adadelta, Adagrad, Adam, AdamW, type Optimizer, RMSprop, SGD } from './index.js';
import {
  type OptimizerCase as Case,
  type FixtureTensor,
  fromFixture,
  paramsArgument,
  TOL,
  worstRatio,
} from './testing/fixtures.js';

const NOFAST = 'cpu-nofast';

function make(name: string, params: unknown, options: Record<string, unknown>): Optimizer {
  const ctors: Record<string, new (p: never, o: never) => Optimizer> = {
    SGD: SGD as never,
    Adam: Adam as never,
    AdamW: AdamW as never,
    RMSprop: RMSprop as never,
    Adagrad: Adagrad as never,
    Adadelta: Adadelta as never,
  };
  return new ctors[name](params as never, options as never);
}

/** Runs a fixture case on `device`; returns the parameters' values after each step. */
function run(c: Case, device: string): Float64Array[][] {
  const dtype = (c.dtype ?? 'float32') as DType;
  const params = fixture.params.map((p) => fromFixture(p, dtype, device).requiresGrad_());
  const grads = fixture.grads.map((row) =>
    row.map((g) => (g === null ? null : fromFixture(g, dtype, device))),
  );
  const arg = paramsArgument(c, params);
  const optimizer = make(c.optimizer, arg, c.options);
  const out: Float64Array[][] = [];
  for (const row of grads) {
    params.forEach((p, i) => {
      p.grad?.dispose();
      p.grad = row[i] === null ? null : row[i]!.clone();
    });
    optimizer.step();
    out.push(params.map((p) => Float64Array.from(p.dataSync())));
  }
  optimizer.zeroGrad();
  optimizer.disposeState();
  for (const t of [...params, ...grads.flat()]) t?.dispose();
  return out;
}

/** The worst tolerance ratio over every step and parameter of a case: at most 1 means within tolerance. */
function worstOfCase(
  actual: Float64Array[][],
  expected: FixtureTensor[][],
  rtol: number,
  atol: number,
): number {
  let worst = 0;
  expected.forEach((row, s) => {
    row.forEach((t, i) => {
      worst = Math.max(worst, worstRatio(actual[s][i], t.data, rtol, atol));
    });
  });
  return worst;
}

describe('optimizers match PyTorch 1.13 (fixtures/optimizers.json)', () => {
  beforeAll(() => {
    registerBackend(
      Object.assign(Object.create(Object.getPrototypeOf(cpuBackend)), cpuBackend, {
        device: NOFAST,
        fast: {},
      }) as Backend,
    );
  });
  afterAll(() => unregisterBackend(NOFAST));

  it('has the cases the fixture generator writes', () => {
    expect(fixture.torch).toBe('1.13.0');
    expect(fixture.steps).toBe(20);
    expect(fixture.cases.length).toBeGreaterThanOrEqual(35);
  });

  for (const c of fixture.cases as Case[]) {
    const { rtol, atol } = TOL[c.dtype ?? 'float32'];
    const adam = c.optimizer === 'Adam' || c.optimizer === 'AdamW';
    it(`${c.name}${adam ? ' (fused kernel)' : ''}`, () => {
      expect(worstOfCase(run(c, 'cpu'), c.expected, rtol, atol)).toBeLessThanOrEqual(1);
    });
    if (adam) {
      it(`${c.name} (composed tensor ops)`, () => {
        expect(worstOfCase(run(c, NOFAST), c.expected, rtol, atol)).toBeLessThanOrEqual(1);
      });
    }
  }
});
