/**
 * Replays packages/optim/src/fixtures/lbfgs.json (written by scripts/fixtures/optim_lbfgs.py from
 * PyTorch 1.13's torch.optim.LBFGS): five steps on the Rosenbrock function and on a least-squares
 * fit, with and without the strong-Wolfe line search, comparing the returned losses, the parameters
 * after every step and the state dict after the last; then async closures, state-dict round trips
 * and PyTorch's errors.
 */
import '@typetorch/backend-cpu';
import { type DType, type Tensor, tensor } from '@typetorch/tensor';
import { describe, expect, it, vi } from 'vitest';
import fixture from './fixtures/lbfgs.json' with { type: 'json' };
import { LBFGS, type LBFGSOptions, lrScheduler } from './index.js';
import { worstRatio } from './testing/fixtures.js';

interface FixtureTensor {
  shape: number[];
  data: number[];
}

type StateEntry = number | null | FixtureTensor | (number | null | FixtureTensor)[];

interface Case {
  name: string;
  problem: 'rosenbrock' | 'leastsq';
  dtype: DType;
  options: Partial<LBFGSOptions>;
  losses: number[];
  expected: FixtureTensor[][];
  state: Record<string, StateEntry>;
}

const cases = fixture.cases as unknown as Case[];
/**
 * PyTorch's CPU kernels fuse multiply-adds (`add_(x, alpha=a)`), and L-BFGS on the Rosenbrock function
 * amplifies such last-bit differences (1e-14 after one step, 1e-8 after four); the function-evaluation
 * and iteration counts must match exactly, so every branch is PyTorch's.
 */
const TOL: Record<string, { rtol: number; atol: number }> = {
  float64: { rtol: 1e-6, atol: 1e-9 },
  float32: { rtol: 1e-3, atol: 1e-4 },
};

const load = (t: FixtureTensor, dtype: DType) => tensor(t.data, { dtype }).reshape(t.shape);

/** The fixture's problem: its parameters (leaves) and the loss as a function of them. */
function problem(name: Case['problem'], dtype: DType) {
  const spec = fixture.problems[name] as { params: FixtureTensor[]; x?: FixtureTensor; y?: FixtureTensor };
  const params = spec.params.map((p) => load(p, dtype).requiresGrad_());
  if (name === 'rosenbrock') {
    const [p] = params;
    const loss = () => {
      const a = p.select(0, 0).neg().add(1);
      const b = p.select(0, 1).sub(p.select(0, 0).mul(p.select(0, 0)));
      return a.mul(a).add(b.mul(b).mul(100));
    };
    return { params, loss };
  }
  const x = load(spec.x as FixtureTensor, dtype);
  const y = load(spec.y as FixtureTensor, dtype);
  const [w, b] = params;
  const loss = () => {
    const r = x.matmul(w).add(b).sub(y);
    return r.mul(r).mean();
  };
  return { params, loss };
}

/** Largest `|a - e| / (atol + rtol * |e|)`: at most 1 means within tolerance. */
function ratio(a: ArrayLike<number>, e: readonly number[], dtype: DType, scaled = false): number {
  const { rtol } = TOL[dtype];
  // State tensors near the optimum hold differences of tiny gradients: compare them to their scale.
  const atol = TOL[dtype].atol + (scaled ? rtol * Math.max(0, ...e.map(Math.abs)) : 0);
  return worstRatio(a, e, rtol, atol);
}

function compareState(actual: Record<string, unknown>, expected: Record<string, StateEntry>, dtype: DType) {
  expect(Object.keys(actual)).toEqual(Object.keys(expected));
  const one = (got: unknown, want: StateEntry): number => {
    if (want === null) return got === null ? 0 : Number.POSITIVE_INFINITY;
    if (typeof want === 'number') return ratio([got as number], [want], dtype);
    if (Array.isArray(want)) {
      expect((got as unknown[]).length).toBe(want.length);
      if (want.every((w) => w === null || typeof w === 'number')) {
        expect((got as unknown[]).map((g) => g === null)).toEqual(want.map((w) => w === null));
        const nums = (xs: unknown[]) => xs.map((x) => (x === null ? 0 : (x as number)));
        return ratio(nums(got as unknown[]), nums(want), dtype, true);
      }
      return Math.max(0, ...want.map((w, i) => one((got as unknown[])[i], w)));
    }
    return ratio((got as Tensor).dataSync() as Float64Array, want.data, dtype, true);
  };
  let worst = 0;
  for (const [key, want] of Object.entries(expected)) {
    if (key === 'funcEvals' || key === 'nIter') expect(actual[key]).toBe(want);
    else worst = Math.max(worst, one(actual[key], want));
  }
  expect(worst).toBeLessThanOrEqual(1);
}

/** Runs `steps` steps of a case (from `optimizer`'s current state); returns losses and parameters. */
async function run(optimizer: LBFGS, p: ReturnType<typeof problem>, steps: number, isAsync = false) {
  const closure = () => {
    optimizer.zeroGrad();
    const loss = p.loss();
    loss.backward();
    return loss;
  };
  const losses: number[] = [];
  const params: Float64Array[][] = [];
  for (let s = 0; s < steps; s++) {
    const loss = isAsync ? await optimizer.step(async () => closure()) : await optimizer.step(closure);
    losses.push(Number(await loss.item()));
    params.push(p.params.map((t) => Float64Array.from(t.dataSync() as Float64Array)));
  }
  return { losses, params };
}

describe('LBFGS matches PyTorch 1.13 (fixtures/lbfgs.json)', () => {
  it('has the cases the fixture generator writes', () => {
    expect(fixture.torch).toBe('1.13.0');
    expect(fixture.steps).toBe(5);
    expect(cases.length).toBeGreaterThanOrEqual(10);
  });

  for (const c of cases) {
    it(c.name, async () => {
      const p = problem(c.problem, c.dtype);
      const optimizer = new LBFGS(p.params, c.options);
      const { losses, params } = await run(optimizer, p, fixture.steps);
      expect(ratio(losses, c.losses, c.dtype)).toBeLessThanOrEqual(1);
      let worst = 0;
      c.expected.forEach((row, s) => {
        row.forEach((t, i) => {
          worst = Math.max(worst, ratio(params[s][i], t.data, c.dtype));
        });
      });
      expect(worst).toBeLessThanOrEqual(1);
      compareState(optimizer.stateDict().state[0] as Record<string, unknown>, c.state, c.dtype);
      expect(Object.keys(optimizer.stateDict().state)).toEqual(['0']);
    });
  }

  it('takes an async closure (await optimizer.step(async () => loss)) with the same result', async () => {
    for (const c of cases.filter((k) => k.dtype === 'float64').slice(0, 3)) {
      const p = problem(c.problem, c.dtype);
      const optimizer = new LBFGS(p.params, c.options);
      const { losses } = await run(optimizer, p, fixture.steps, true);
      expect(ratio(losses, c.losses, c.dtype)).toBeLessThanOrEqual(1);
      compareState(optimizer.stateDict().state[0] as Record<string, unknown>, c.state, c.dtype);
    }
  });

  it('saves its state after 2 steps, loads it into a new optimizer and continues as PyTorch', async () => {
    for (const c of cases.filter((k) => k.dtype === 'float64')) {
      const p = problem(c.problem, c.dtype);
      const first = new LBFGS(p.params, c.options);
      await run(first, p, 2);
      const second = new LBFGS(p.params, c.options);
      second.loadStateDict(first.stateDict());
      first.disposeState();
      const { losses } = await run(second, p, fixture.steps - 2);
      expect(ratio(losses, c.losses.slice(2), c.dtype)).toBeLessThanOrEqual(1);
      compareState(second.stateDict().state[0] as Record<string, unknown>, c.state, c.dtype);
      second.disposeState();
    }
  });
});

describe('LBFGS arguments and errors', () => {
  const x = () => tensor([1, 2], { dtype: 'float64' }).requiresGrad_();

  it("takes PyTorch's options positionally or by name, with PyTorch's defaults", () => {
    const a = new LBFGS([x()]);
    expect(a.defaults).toEqual({
      lr: 1,
      maxIter: 20,
      maxEval: 25,
      toleranceGrad: 1e-7,
      toleranceChange: 1e-9,
      historySize: 100,
      lineSearchFn: null,
    });
    const b = new LBFGS([x()], 0.5, 7, undefined as never, 1e-5, { lineSearchFn: 'strong_wolfe' });
    expect(b.paramGroups[0]).toMatchObject({ lr: 0.5, maxIter: 7, maxEval: 8, toleranceGrad: 1e-5 });
    expect(b.paramGroups[0].lineSearchFn).toBe('strong_wolfe');
    expect(() => new LBFGS([x()], { foo: 1 } as never)).toThrow(TypeError);
  });

  it("rejects parameter groups and a missing closure with PyTorch's errors", () => {
    expect(() => new LBFGS([{ params: [x()] }, { params: [x()], lr: 0.1 }])).toThrow(
      "LBFGS doesn't support per-parameter options (parameter groups)",
    );
    const opt = new LBFGS([x()]);
    expect(() => (opt.step as () => unknown)()).toThrow(
      "step() missing 1 required positional argument: 'closure'",
    );
  });

  it("rejects a line search other than 'strong_wolfe' when it is used, as PyTorch", async () => {
    const p = x();
    const opt = new LBFGS([p], { lineSearchFn: 'backtracking' as never });
    const closure = () => {
      opt.zeroGrad();
      const loss = p.mul(p).sum();
      loss.backward();
      return loss;
    };
    await expect(opt.step(closure)).rejects.toThrow("only 'strong_wolfe' is supported");
  });

  it('returns at once at a stationary point and counts its steps for schedulers', async () => {
    const p = tensor([0, 0], { dtype: 'float64' }).requiresGrad_();
    const opt = new LBFGS([p]);
    const closure = vi.fn(() => {
      opt.zeroGrad();
      const loss = p.mul(p).sum();
      loss.backward();
      return loss;
    });
    const scheduler = new lrScheduler.StepLR(opt, { stepSize: 1, gamma: 0.5 });
    expect(await (await opt.step(closure)).item()).toBe(0);
    scheduler.step();
    expect(closure).toHaveBeenCalledTimes(1);
    expect(opt.stateDict().state[0]).toEqual({ funcEvals: 1, nIter: 0 });
    expect(opt.paramGroups[0].lr).toBe(0.5);
  });

  it('accepts a closure returning a number, runs it with gradients enabled and leaves no grad mode behind', async () => {
    const p = tensor([3, -1], { dtype: 'float64' }).requiresGrad_();
    const opt = new LBFGS([p], { maxIter: 3 });
    const loss = await opt.step(async () => {
      opt.zeroGrad();
      const l = p.mul(p).sum();
      l.backward();
      return Number(await l.item());
    });
    expect(loss).toBe(10);
    expect(p.mul(p).requiresGrad).toBe(true);
  });
});
