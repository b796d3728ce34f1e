/** RAdam (PyTorch: `torch.optim.RAdam`). */
import { type Tensor, zerosLike } from '@typetorch/tensor';
import { type OptimizerArgs, optimizerArgs } from './args.js';
import { checkCommon, pair } from './checks.js';
import { addcmul_, effectiveGrad, Temps } from './ops.js';
import { Optimizer, type OptimizerOptions, type ParamGroup, type Params } from './optimizer.js';

/** Options of {@link RAdam} (PyTorch: the keyword arguments of `torch.optim.RAdam`). */
export interface RAdamOptions extends OptimizerOptions {
  /**
   * Coefficients of the running averages of the gradient and its square (default `[0.9, 0.999]`) (PyTorch:
   * `betas`).
   */
  betas: [number, number];
  /** Term added to the denominator for numerical stability (default 1e-8; PyTorch: `eps`). */
  eps: number;
  /** L2 penalty added to the gradient (default 0; PyTorch: `weight_decay`). */
  weightDecay: number;
}

/**
 * Per-parameter state of RAdam: the step count and the running averages `exp_avg`, `exp_avg_sq` (PyTorch:
 * `optimizer.state[p]`).
 */
export type RAdamState = { step: number; expAvg: Tensor; expAvgSq: Tensor };

/**
 * RAdam, Adam with a rectified adaptive learning rate (PyTorch: `torch.optim.RAdam`):
 * `new RAdam(model.parameters(), { lr: 1e-3 })`. Each step follows torch.optim's single-tensor RAdam
 * (1.13): while the approximated SMA length `rho_t` is at most 5 the step is momentum SGD with the
 * bias-corrected average, after that it is rectified Adam. PyTorch 1.13's RAdam has no `maximize`.
 */
export class RAdam extends Optimizer<RAdamOptions, RAdamState> {
  constructor(params: Params<RAdamOptions>, ...args: OptimizerArgs<RAdamOptions>) {
    const options = optimizerArgs<RAdamOptions>('RAdam', args, ['lr', 'betas', 'eps', 'weightDecay']);
    const d: RAdamOptions = {
      lr: options.lr ?? 1e-3,
      betas: pair(options.betas, [0.9, 0.999]),
      eps: options.eps ?? 1e-8,
      weightDecay: options.weightDecay ?? 0,
    };
    checkCommon(d);
    super(params, d);
  }

  protected override updateGroup(group: ParamGroup<RAdamOptions>): void {
    const { lr, eps } = group;
    const [beta1, beta2] = group.betas;
    const rhoInf = 2 / (1 - beta2) - 1;
    for (const param of group.params) {
      const grad = param.grad;
      if (grad === null) continue;
      const state = this.stateFor(param, () => ({
        step: 0,
        expAvg: zerosLike(param),
        expAvgSq: zerosLike(param),
      }));
      state.step += 1;
      const step = state.step;
      const biasCorrection1 = 1 - beta1 ** step;
      const biasCorrection2 = 1 - beta2 ** step;

      const temps = new Temps();
      const g = effectiveGrad(param, grad, { maximize: false, weightDecay: group.weightDecay }, temps);
      const { expAvg, expAvgSq } = state;
      expAvg.mul_(beta1).add_(g, { alpha: 1 - beta1 });
      addcmul_(expAvgSq.mul_(beta2), g, g, 1 - beta2);
      const update = temps.own(expAvg.div(biasCorrection1)).mul_(lr);
      const rhoT = rhoInf - (2 * step * beta2 ** step) / biasCorrection2;
      if (rhoT > 5) {
        const rect = Math.sqrt(((rhoT - 4) * (rhoT - 2) * rhoInf) / ((rhoInf - 4) * (rhoInf - 2) * rhoT));
        // PyTorch: `math.sqrt(bias_correction2) / denom`, which Python evaluates as `denom.reciprocal() * c`.
        const denom = temps.own(expAvgSq.sqrt()).add_(eps);
        const adaptiveLr = temps.own(denom.reciprocal()).mul_(Math.sqrt(biasCorrection2));
        update.mul_(adaptiveLr).mul_(rect);
      }
      param.sub_(update);
      temps.dispose();
    }
  }
}
