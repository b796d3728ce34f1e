/** Adamax (PyTorch: `torch.optim.Adamax`). */
import { type Tensor, zerosLike } from '@typetorch/tensor';
import { type OptimizerArgs, optimizerArgs } from './args.js';
import { checkCommon, pair } from './checks.js';
import { addcdiv_, effectiveGrad, Temps } from './ops.js';
import { Optimizer, type OptimizerOptions, type ParamGroup, type Params } from './optimizer.js';

/** Options of {@link Adamax} (PyTorch: the keyword arguments of `torch.optim.Adamax`). */
export interface AdamaxOptions extends OptimizerOptions {
  /**
   * Coefficients of the running average of the gradient and of the infinity norm (default `[0.9, 0.999]`)
   * (PyTorch: `betas`).
   */
  betas: [number, number];
  /** Term added to the infinity norm for numerical stability (default 1e-8; PyTorch: `eps`). */
  eps: number;
  /** L2 penalty added to the gradient (default 0; PyTorch: `weight_decay`). */
  weightDecay: number;
  /** Maximize the objective instead of minimizing it (default false; PyTorch: `maximize`). */
  maximize: boolean;
}

/**
 * Per-parameter state of Adamax: the step count, the running average of the gradient (PyTorch:
 * `exp_avg`) and the exponentially weighted infinity norm (PyTorch: `exp_inf`).
 */
export type AdamaxState = { step: number; expAvg: Tensor; expInf: Tensor };

/**
 * Adamax, Adam with the infinity norm (PyTorch: `torch.optim.Adamax`):
 * `new Adamax(model.parameters(), { lr: 2e-3 })`. Each step follows torch.optim's single-tensor
 * Adamax (1.13): `m = beta1 * m + (1 - beta1) * g`, `u = max(beta2 * u, |g| + eps)`,
 * `param -= lr / (1 - beta1^t) * m / u`.
 */
export class Adamax extends Optimizer<AdamaxOptions, AdamaxState> {
  constructor(params: Params<AdamaxOptions>, ...args: OptimizerArgs<AdamaxOptions>) {
    const options = optimizerArgs<AdamaxOptions>(
      'Adamax',
      args,
      ['lr', 'betas', 'eps', 'weightDecay'],
      ['maximize'],
    );
    const d: AdamaxOptions = {
      lr: options.lr ?? 2e-3,
      betas: pair(options.betas, [0.9, 0.999]),
      eps: options.eps ?? 1e-8,
      weightDecay: options.weightDecay ?? 0,
      maximize: options.maximize ?? false,
    };
    checkCommon(d);
    super(params, d);
  }

  protected override updateGroup(group: ParamGroup<AdamaxOptions>): void {
    const { lr, eps } = group;
    const [beta1, beta2] = group.betas;
    for (const param of group.params) {
      const grad = param.grad;
      if (grad === null) continue;
      const state = this.stateFor(param, () => ({
        step: 0,
        expAvg: zerosLike(param),
        expInf: zerosLike(param),
      }));
      state.step += 1;

      const temps = new Temps();
      const g = effectiveGrad(param, grad, group, temps);
      const { expAvg, expInf } = state;
      expAvg.mul_(beta1).add_(g, { alpha: 1 - beta1 });
      const norm = temps.own(g.abs()).add_(eps);
      expInf.mul_(beta2).maximum_(norm);
      const clr = lr / (1 - beta1 ** state.step);
      addcdiv_(param, expAvg, expInf, -clr);
      temps.dispose();
    }
  }
}
