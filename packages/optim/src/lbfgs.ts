/** L-BFGS (PyTorch: `torch.optim.LBFGS`), with its optional strong-Wolfe line search. */
import { enableGrad, noGrad } from '@typetorch/autograd';
import { cat, Tensor, zeros } from '@typetorch/tensor';
import { type OptimizerArgs, optimizerArgs } from './args.js';
import {
  Optimizer,
  type OptimizerOptions,
  type OptimizerStateDict,
  type ParamGroup,
  type Params,
} from './optimizer.js';

/** Options of {@link LBFGS} (PyTorch: the keyword arguments of `torch.optim.LBFGS`). */
export interface LBFGSOptions extends OptimizerOptions {
  /** Maximal number of iterations per `step()` (default 20; PyTorch: `max_iter`). */
  maxIter: number;
  /**
   * Maximal number of function evaluations per `step()` (default `floor(maxIter * 5 / 4)`) (PyTorch:
   * `max_eval`).
   */
  maxEval: number;
  /**
   * Termination tolerance on first-order optimality: the largest gradient entry (default 1e-7; PyTorch:
   * `tolerance_grad`).
   */
  toleranceGrad: number;
  /**
   * Termination tolerance on function value and parameter changes (default 1e-9; PyTorch:
   * `tolerance_change`).
   */
  toleranceChange: number;
  /** Number of past updates kept (default 100; PyTorch: `history_size`). */
  historySize: number;
  /**
   * `'strong_wolfe'` for the strong-Wolfe line search, or null for a fixed step `lr` (default null;
   * PyTorch: `line_search_fn`).
   */
  lineSearchFn: 'strong_wolfe' | null;
}

/**
 * The state of LBFGS, held (as in PyTorch) as the state of the first parameter. PyTorch's names in
 * camelCase: `func_evals`, `n_iter`, `d`, `t`, `old_dirs`, `old_stps`, `ro`, `H_diag`,
 * `prev_flat_grad`, `prev_loss`, `al`. PyTorch's 0-d tensors (`t`, `ro`, `H_diag`, `al`) are numbers.
 */
export type LBFGSState = {
  funcEvals: number;
  nIter: number;
  al?: (number | null)[];
  d?: Tensor;
  t?: number;
  oldDirs?: Tensor[];
  oldStps?: Tensor[];
  ro?: number[];
  HDiag?: number;
  prevFlatGrad?: Tensor;
  prevLoss?: number;
};

/**
 * What an LBFGS closure returns: the loss (a one-element tensor or a number), possibly as a promise
 * (PyTorch: the `closure` of `LBFGS.step(closure)`).
 */
export type LBFGSClosure<L> = () => L | Promise<L>;

/** Python's `max(a, b)` and `min(a, b)` (they keep the first argument unless the second compares greater/less). */
// biome-ignore lint/complexity/useMathMinMax: Python's max(x, NaN) is x, Math.max(x, NaN) is NaN
const pyMax = (a: number, b: number): number => (b > a ? b : a);
// biome-ignore lint/complexity/useMathMinMax: Python's min(x, NaN) is x, Math.min(x, NaN) is NaN
const pyMin = (a: number, b: number): number => (b < a ? b : a);

/** `float(loss)` of a closure's result. */
async function lossValue(loss: unknown): Promise<number> {
  if (typeof loss === 'number') return loss;
  if (loss instanceof Tensor) {
    if (loss.numel() !== 1) {
      throw new Error('only one element tensors can be converted to Python scalars');
    }
    return Number(await loss.item());
  }
  throw new TypeError(`float() argument must be a string or a number, not '${typeof loss}'`);
}

/** Reads a 0-d result as a number and disposes it. */
async function read(t: Tensor): Promise<number> {
  const v = Number(await t.item());
  t.dispose();
  return v;
}

const dot = (a: Tensor, b: Tensor): Promise<number> => read(a.dot(b));
const absMax = (a: Tensor): Promise<number> => read(a.abs().max());
async function absSum(a: Tensor): Promise<number> {
  const abs = a.abs();
  const v = await read(abs.sum());
  abs.dispose();
  return v;
}

/**
 * Minimizer of the cubic interpolating two points with their values and derivatives, clamped to
 * `bounds` (PyTorch: `torch.optim.lbfgs._cubic_interpolate`).
 */
export function cubicInterpolate(
  x1: number,
  f1: number,
  g1: number,
  x2: number,
  f2: number,
  g2: number,
  bounds?: [number, number],
): number {
  const [xminBound, xmaxBound] = bounds ?? (x1 <= x2 ? [x1, x2] : [x2, x1]);
  const d1 = g1 + g2 - (3 * (f1 - f2)) / (x1 - x2);
  const d2Square = d1 ** 2 - g1 * g2;
  if (d2Square >= 0) {
    const d2 = Math.sqrt(d2Square);
    const minPos =
      x1 <= x2
        ? x2 - (x2 - x1) * ((g2 + d2 - d1) / (g2 - g1 + 2 * d2))
        : x1 - (x1 - x2) * ((g1 + d2 - d1) / (g1 - g2 + 2 * d2));
    return pyMin(pyMax(minPos, xminBound), xmaxBound);
  }
  return (xminBound + xmaxBound) / 2;
}

/** The loss and flat gradient at `x + t * d` (PyTorch: `LBFGS._directional_evaluate`). */
type ObjFunc = (t: number, d: Tensor) => Promise<[number, Tensor]>;

interface Bracket {
  t: number[];
  f: number[];
  g: Tensor[];
  gtd: number[];
}

/** The bracketing phase of {@link strongWolfe}: a bracket, or a point meeting the conditions. */
async function bracketPhase(
  objFunc: ObjFunc,
  t0: number,
  d: Tensor,
  f: number,
  g: Tensor,
  gtd: number,
  c1: number,
  c2: number,
  maxLs: number,
  created: Tensor[],
) {
  let t = t0;
  let [fNew, gNew] = await objFunc(t, d);
  created.push(gNew);
  let lsFuncEvals = 1;
  let gtdNew = await dot(gNew, d);
  let [tPrev, fPrev, gPrev, gtdPrev] = [0, f, g, gtd];
  let done = false;
  let lsIter = 0;
  let bracket: Bracket | undefined;
  const keep = (x: Tensor): Tensor => {
    const c = x.clone();
    created.push(c);
    return c;
  };
  while (lsIter < maxLs) {
    if (fNew > f + c1 * t * gtd || (lsIter > 1 && fNew >= fPrev)) {
      bracket = { t: [tPrev, t], f: [fPrev, fNew], g: [gPrev, keep(gNew)], gtd: [gtdPrev, gtdNew] };
      break;
    }
    if (Math.abs(gtdNew) <= -c2 * gtd) {
      bracket = { t: [t], f: [fNew], g: [gNew], gtd: [] };
      done = true;
      break;
    }
    if (gtdNew >= 0) {
      bracket = { t: [tPrev, t], f: [fPrev, fNew], g: [gPrev, keep(gNew)], gtd: [gtdPrev, gtdNew] };
      break;
    }
    const minStep = t + 0.01 * (t - tPrev);
    const maxStep = t * 10;
    const tmp = t;
    t = cubicInterpolate(tPrev, fPrev, gtdPrev, t, fNew, gtdNew, [minStep, maxStep]);
    tPrev = tmp;
    fPrev = fNew;
    gPrev = keep(gNew);
    gtdPrev = gtdNew;
    [fNew, gNew] = await objFunc(t, d);
    created.push(gNew);
    lsFuncEvals += 1;
    gtdNew = await dot(gNew, d);
    lsIter += 1;
  }
  // PyTorch leaves `bracket_gtd` unset here: the zoom phase does not run.
  if (lsIter === maxLs) bracket = { t: [0, t], f: [f, fNew], g: [g, gNew], gtd: [] };
  return { bracket: bracket as Bracket, done, lsIter, lsFuncEvals };
}

/**
 * The strong-Wolfe line search along `d` from the current parameters (PyTorch:
 * `torch.optim.lbfgs._strong_wolfe`). Returns the new loss, its flat gradient (a new tensor), the step
 * `t` and the number of function evaluations.
 */
async function strongWolfe(
  objFunc: ObjFunc,
  t0: number,
  d: Tensor,
  f: number,
  g0: Tensor,
  gtd: number,
  toleranceChange: number,
  c1 = 1e-4,
  c2 = 0.9,
  maxLs = 25,
): Promise<[number, Tensor, number, number]> {
  const dNorm = await absMax(d);
  const g = g0.clone();
  const created: Tensor[] = [g];
  const found = await bracketPhase(objFunc, t0, d, f, g, gtd, c1, c2, maxLs, created);
  let { done, lsIter, lsFuncEvals } = found;
  const { t: bt, f: bf, g: bg, gtd: bgtd } = found.bracket;
  let insufProgress = false;
  let [lowPos, highPos] = bf[0] <= bf[bf.length - 1] ? [0, 1] : [1, 0];
  while (!done && lsIter < maxLs) {
    if (Math.abs(bt[1] - bt[0]) * dNorm < toleranceChange) break;
    let t = cubicInterpolate(bt[0], bf[0], bgtd[0], bt[1], bf[1], bgtd[1]);
    const hi = pyMax(bt[0], bt[1]);
    const lo = pyMin(bt[0], bt[1]);
    const eps = 0.1 * (hi - lo);
    if (pyMin(hi - t, t - lo) < eps) {
      if (insufProgress || t >= hi || t <= lo) {
        t = Math.abs(t - hi) < Math.abs(t - lo) ? hi - eps : lo + eps;
        insufProgress = false;
      } else {
        insufProgress = true;
      }
    } else {
      insufProgress = false;
    }
    const [fNew, gNew] = await objFunc(t, d);
    created.push(gNew);
    lsFuncEvals += 1;
    const gtdNew = await dot(gNew, d);
    lsIter += 1;
    if (fNew > f + c1 * t * gtd || fNew >= bf[lowPos]) {
      [bt[highPos], bf[highPos], bg[highPos], bgtd[highPos]] = [t, fNew, gNew, gtdNew];
      [lowPos, highPos] = bf[0] <= bf[1] ? [0, 1] : [1, 0];
    } else {
      if (Math.abs(gtdNew) <= -c2 * gtd) {
        done = true;
      } else if (gtdNew * (bt[highPos] - bt[lowPos]) >= 0) {
        [bt[highPos], bf[highPos], bg[highPos], bgtd[highPos]] = [
          bt[lowPos],
          bf[lowPos],
          bg[lowPos],
          bgtd[lowPos],
        ];
      }
      [bt[lowPos], bf[lowPos], bg[lowPos], bgtd[lowPos]] = [t, fNew, gNew, gtdNew];
    }
  }
  const gOut = bg[lowPos];
  for (const c of created) if (c !== gOut) c.dispose();
  return [bf[lowPos], gOut, bt[lowPos], lsFuncEvals];
}

/**
 * L-BFGS (PyTorch: `torch.optim.LBFGS(params, lr=1, max_iter=20, max_eval=None, tolerance_grad=1e-7,
 * tolerance_change=1e-9, history_size=100, line_search_fn=None)`), following torch.optim 1.13's
 * `lbfgs.py` step by step, including `_strong_wolfe` and `_cubic_interpolate`. One parameter group
 * only. `step(closure)` is async, as the algorithm reads scalars (dot products, the loss) from the
 * device; the closure re-evaluates the model and may be async too:
 *
 * ```ts
 * const optimizer = new optim.LBFGS(model.parameters(), { lineSearchFn: 'strong_wolfe' });
 * await optimizer.step(() => {
 *   optimizer.zeroGrad();
 *   const loss = criterion.forward(model.forward(x), y);
 *   loss.backward();
 *   return loss;
 * });
 * ```
 */
export class LBFGS extends Optimizer<LBFGSOptions, LBFGSState> {
  constructor(params: Params<LBFGSOptions>, ...args: OptimizerArgs<LBFGSOptions>) {
    const options = optimizerArgs<LBFGSOptions>('LBFGS', args, [
      'lr',
      'maxIter',
      'maxEval',
      'toleranceGrad',
      'toleranceChange',
      'historySize',
      'lineSearchFn',
    ]);
    const maxIter = options.maxIter ?? 20;
    super(params, {
      lr: options.lr ?? 1,
      maxIter,
      maxEval: options.maxEval ?? Math.floor((maxIter * 5) / 4),
      toleranceGrad: options.toleranceGrad ?? 1e-7,
      toleranceChange: options.toleranceChange ?? 1e-9,
      historySize: options.historySize ?? 100,
      lineSearchFn: options.lineSearchFn ?? null,
    });
    if (this.paramGroups.length !== 1) {
      throw new Error("LBFGS doesn't support per-parameter options (parameter groups)");
    }
  }

  /**
   * Runs up to `maxIter` L-BFGS iterations (PyTorch: `LBFGS.step(closure)`); resolves to the loss of
   * the first closure call. `closure` (required) clears the gradients, re-evaluates the model, calls
   * `backward()` and returns the loss; it runs with gradients enabled and may return a promise.
   */
  override step<L>(closure: LBFGSClosure<L>): Promise<L>;
  /** @deprecated LBFGS needs a closure (PyTorch: `step() missing 1 required positional argument`). */
  override step(): never;
  override step<L>(closure?: LBFGSClosure<L>): Promise<L> {
    if (typeof closure !== 'function') {
      throw new TypeError("step() missing 1 required positional argument: 'closure'");
    }
    return noGrad(async () => {
      const loss = await this.iterate(closure);
      super.step(); // counts the step for learning-rate schedulers (updateGroup does nothing)
      return loss;
    });
  }

  /** LBFGS updates its parameters in {@link step}; the base `step()` only counts steps (PyTorch: `LBFGS.step`). */
  protected override updateGroup(_group: ParamGroup<LBFGSOptions>): void {}

  private get params(): Tensor[] {
    return this.paramGroups[0].params;
  }

  private gatherFlatGrad(): Tensor {
    const views = this.params.map((p) =>
      p.grad === null ? zeros([p.numel()], { dtype: p.dtype, device: p.device }) : p.grad.reshape(-1),
    );
    const flat = cat(views, 0);
    for (const v of views) v.dispose();
    return flat;
  }

  private addGrad(stepSize: number, update: Tensor): void {
    let offset = 0;
    for (const p of this.params) {
      const numel = p.numel();
      const part = update.narrow(0, offset, numel).view(p.shape);
      p.add_(part, { alpha: stepSize });
      part.dispose();
      offset += numel;
    }
  }

  private async evaluate<L>(closure: LBFGSClosure<L>): Promise<L> {
    return await enableGrad(closure);
  }

  /** The L-BFGS two-loop recursion: the new direction `d` from the history (updated first). */
  private async direction(state: LBFGSState, flatGrad: Tensor, historySize: number): Promise<Tensor> {
    const oldDirs = state.oldDirs as Tensor[];
    const oldStps = state.oldStps as Tensor[];
    const ro = state.ro as number[];
    const y = flatGrad.sub(state.prevFlatGrad as Tensor);
    const s = (state.d as Tensor).mul(state.t as number);
    const ys = await dot(y, s);
    if (ys > 1e-10) {
      if (oldDirs.length === historySize) {
        oldDirs.shift()?.dispose();
        oldStps.shift()?.dispose();
        ro.shift();
      }
      oldDirs.push(this.own(y));
      oldStps.push(this.own(s));
      ro.push(1 / ys);
      state.HDiag = ys / (await dot(y, y));
    } else {
      y.dispose();
      s.dispose();
    }
    const numOld = oldDirs.length;
    if (state.al === undefined) state.al = new Array<number | null>(historySize).fill(null);
    const al = state.al;
    const q = flatGrad.neg();
    for (let i = numOld - 1; i >= 0; i--) {
      al[i] = (await dot(oldStps[i], q)) * ro[i];
      q.add_(oldDirs[i], { alpha: -(al[i] as number) });
    }
    const r = q.mul(state.HDiag as number);
    q.dispose();
    for (let i = 0; i < numOld; i++) {
      const beI = (await dot(oldDirs[i], r)) * ro[i];
      r.add_(oldStps[i], { alpha: (al[i] as number) - beI });
    }
    return r;
  }

  /** PyTorch's `LBFGS.step` body, run under `noGrad`. */
  private async iterate<L>(closure: LBFGSClosure<L>): Promise<L> {
    const group = this.paramGroups[0];
    const { lr, maxIter, maxEval, toleranceGrad, toleranceChange, lineSearchFn, historySize } = group;
    const state = this.stateFor(this.params[0], () => ({ funcEvals: 0, nIter: 0 }));
    const fresh = !('d' in state);
    const origLoss = await this.evaluate(closure);
    let loss = await lossValue(origLoss);
    let currentEvals = 1;
    state.funcEvals += 1;
    let flatGrad = this.gatherFlatGrad();
    let optCond = (await absMax(flatGrad)) <= toleranceGrad;
    if (optCond) {
      flatGrad.dispose();
      return origLoss;
    }
    let nIter = 0;
    while (nIter < maxIter) {
      nIter += 1;
      state.nIter += 1;
      if (state.nIter === 1) {
        state.d = this.own(flatGrad.neg());
        state.oldDirs = [];
        state.oldStps = [];
        state.ro = [];
        state.HDiag = 1;
      } else {
        const d = this.own(await this.direction(state, flatGrad, historySize));
        state.d?.dispose();
        state.d = d;
      }
      const d = state.d;
      if (state.prevFlatGrad === undefined) state.prevFlatGrad = this.own(flatGrad.clone());
      else state.prevFlatGrad.copy_(flatGrad);
      state.prevLoss = loss;
      const t0 = state.nIter === 1 ? pyMin(1, 1 / (await absSum(flatGrad))) * lr : lr;
      state.t = t0;
      const gtd = await dot(flatGrad, d);
      if (gtd > -toleranceChange) break;
      let lsFuncEvals = 0;
      if (lineSearchFn !== null) {
        if (lineSearchFn !== 'strong_wolfe') throw new Error("only 'strong_wolfe' is supported");
        const [newLoss, newGrad, t, evals] = await this.lineSearch(closure, t0, d, loss, flatGrad, gtd);
        flatGrad.dispose();
        [loss, flatGrad, state.t, lsFuncEvals] = [newLoss, newGrad, t, evals];
        this.addGrad(t, d);
        optCond = (await absMax(flatGrad)) <= toleranceGrad;
      } else {
        this.addGrad(t0, d);
        if (nIter !== maxIter) {
          loss = await lossValue(await this.evaluate(closure));
          flatGrad.dispose();
          flatGrad = this.gatherFlatGrad();
          optCond = (await absMax(flatGrad)) <= toleranceGrad;
          lsFuncEvals = 1;
        }
      }
      currentEvals += lsFuncEvals;
      state.funcEvals += lsFuncEvals;
      if (nIter === maxIter || currentEvals >= maxEval || optCond) break;
      if ((await absMax(d)) * Math.abs(state.t) <= toleranceChange) break;
      if (Math.abs(loss - state.prevLoss) < toleranceChange) break;
    }
    flatGrad.dispose();
    if (fresh) this.orderState(state);
    return origLoss;
  }

  /** Runs {@link strongWolfe} from the current parameters, which it restores. */
  private async lineSearch<L>(
    closure: LBFGSClosure<L>,
    t: number,
    d: Tensor,
    loss: number,
    flatGrad: Tensor,
    gtd: number,
  ): Promise<[number, Tensor, number, number]> {
    const xInit = this.params.map((p) => p.clone());
    const objFunc: ObjFunc = async (step, dir) => {
      this.addGrad(step, dir);
      const f = await lossValue(await this.evaluate(closure));
      const g = this.gatherFlatGrad();
      this.params.forEach((p, i) => {
        p.copy_(xInit[i]);
      });
      return [f, g];
    };
    const toleranceChange = this.paramGroups[0].toleranceChange;
    try {
      return await strongWolfe(objFunc, t, d, loss, flatGrad, gtd, toleranceChange);
    } finally {
      for (const x of xInit) x.dispose();
    }
  }

  /**
   * PyTorch stores `d`, `t`, ..., `prev_loss` at the end of a step, after `al` (created at the second
   * iteration): the state dict lists the keys in PyTorch's order.
   */
  private orderState(state: LBFGSState): void {
    const keys = ['d', 't', 'oldDirs', 'oldStps', 'ro', 'HDiag', 'prevFlatGrad', 'prevLoss'] as const;
    const record = state as Record<string, unknown>;
    for (const key of keys) {
      const value = record[key];
      delete record[key];
      record[key] = value;
    }
  }

  /**
   * Loads a state dict (PyTorch: `load_state_dict`); the history lists `oldDirs` and `oldStps` are
   * copied onto the parameters' device and dtype like the other state tensors.
   */
  override loadStateDict(stateDict: OptimizerStateDict): void {
    super.loadStateDict(stateDict);
    for (const [param, s] of this.state) {
      const copy = (list: Tensor[] | undefined) =>
        list?.map((t) => {
          const moved = t.to({ device: param.device, dtype: param.dtype });
          return this.own(moved === t ? t.clone() : moved);
        });
      if (s.oldDirs !== undefined) s.oldDirs = copy(s.oldDirs);
      if (s.oldStps !== undefined) s.oldStps = copy(s.oldStps);
      if (s.ro !== undefined) s.ro = [...s.ro];
      if (s.al !== undefined) s.al = [...s.al];
    }
  }

  /**
   * Disposes the state tensors, including the history lists (PyTorch has none: the garbage collector frees
   * them).
   */
  override disposeState(): void {
    for (const s of this.state.values()) {
      for (const list of [s.oldDirs, s.oldStps]) for (const t of list ?? []) t.dispose();
    }
    super.disposeState();
  }
}
