/** ASGD (PyTorch: `torch.optim.ASGD`). */
import { type Tensor, zerosLike } from '@typetorch/tensor';
import { type OptimizerArgs, optimizerArgs } from './args.js';
import { checkCommon, scalarsToNumbers } from './checks.js';
import { effectiveGrad, Temps } from './ops.js';
import {
  Optimizer,
  type OptimizerOptions,
  type OptimizerStateDict,
  type ParamGroup,
  type Params,
} from './optimizer.js';

/** Options of {@link ASGD} (PyTorch: the keyword arguments of `torch.optim.ASGD`). */
export interface ASGDOptions extends OptimizerOptions {
  /** Decay term (default 1e-4; PyTorch: `lambd`). */
  lambd: number;
  /** Power of the learning-rate decay (default 0.75; PyTorch: `alpha`). */
  alpha: number;
  /** The step at which averaging starts (default 1e6; PyTorch: `t0`). */
  t0: number;
  /** L2 penalty added to the gradient (default 0; PyTorch: `weight_decay`). */
  weightDecay: number;
  /** Maximize the objective instead of minimizing it (default false; PyTorch: `maximize`). */
  maximize: boolean;
}

/**
 * Per-parameter state of ASGD: the step count, the current step size `eta` and averaging coefficient
 * `mu` (PyTorch keeps both in float32 0-d tensors; here numbers rounded to float32), and the averaged
 * parameter `ax`.
 */
export type ASGDState = { step: number; eta: number; mu: number; ax: Tensor };

/**
 * ASGD, averaged stochastic gradient descent (PyTorch: `torch.optim.ASGD`):
 * `new ASGD(model.parameters(), { lr: 1e-2 })`. Each step follows torch.optim's single-tensor ASGD
 * (1.13): `param *= 1 - lambd * eta`, `param -= eta * g`, `ax` averages the parameters from step `t0`
 * on, `eta = lr / (1 + lambd * lr * t)^alpha`, `mu = 1 / max(1, t - t0)`. In PyTorch 1.13 `maximize`
 * follows the positional `foreach`; here it is an option only.
 */
export class ASGD extends Optimizer<ASGDOptions, ASGDState> {
  constructor(params: Params<ASGDOptions>, ...args: OptimizerArgs<ASGDOptions>) {
    const options = optimizerArgs<ASGDOptions>(
      'ASGD',
      args,
      ['lr', 'lambd', 'alpha', 't0', 'weightDecay'],
      ['maximize'],
    );
    const d: ASGDOptions = {
      lr: options.lr ?? 1e-2,
      lambd: options.lambd ?? 1e-4,
      alpha: options.alpha ?? 0.75,
      t0: options.t0 ?? 1e6,
      weightDecay: options.weightDecay ?? 0,
      maximize: options.maximize ?? false,
    };
    checkCommon(d);
    super(params, d);
  }

  protected override updateGroup(group: ParamGroup<ASGDOptions>): void {
    const { lr, lambd, alpha, t0 } = group;
    for (const param of group.params) {
      const grad = param.grad;
      if (grad === null) continue;
      const state = this.stateFor(param, () => ({
        step: 0,
        eta: Math.fround(lr),
        mu: 1,
        ax: zerosLike(param),
      }));
      state.step += 1;

      const temps = new Temps();
      const g = effectiveGrad(param, grad, group, temps);
      param.mul_(1 - lambd * state.eta);
      param.add_(g, { alpha: -state.eta });
      const ax = state.ax;
      if (state.mu !== 1) ax.add_(temps.own(temps.own(param.sub(ax)).mul_(state.mu)));
      else ax.copy_(param);
      state.eta = Math.fround(lr / (1 + lambd * lr * state.step) ** alpha);
      state.mu = Math.fround(1 / Math.max(1, state.step - t0));
      temps.dispose();
    }
  }

  /** {@link Optimizer.loadStateDict}; 0-d tensors `eta` and `mu` (as PyTorch saves them) become numbers. */
  override loadStateDict(stateDict: OptimizerStateDict): void {
    super.loadStateDict(stateDict);
    scalarsToNumbers(this.state, ['eta', 'mu']);
  }
}
