/** NAdam (PyTorch: `torch.optim.NAdam`). */
import { type Tensor, zerosLike } from '@typetorch/tensor';
import { type OptimizerArgs, optimizerArgs } from './args.js';
import { checkCommon, pair, scalarsToNumbers } from './checks.js';
import { addcdiv_, addcmul_, effectiveGrad, Temps } from './ops.js';
import {
  Optimizer,
  type OptimizerOptions,
  type OptimizerStateDict,
  type ParamGroup,
  type Params,
} from './optimizer.js';

/** Options of {@link NAdam} (PyTorch: the keyword arguments of `torch.optim.NAdam`). */
export interface NAdamOptions extends OptimizerOptions {
  /**
   * Coefficients of the running averages of the gradient and its square (default `[0.9, 0.999]`) (PyTorch:
   * `betas`).
   */
  betas: [number, number];
  /** Term added to the denominator for numerical stability (default 1e-8; PyTorch: `eps`). */
  eps: number;
  /** L2 penalty added to the gradient (default 0; PyTorch: `weight_decay`). */
  weightDecay: number;
  /** Momentum decay ψ of the momentum schedule (default 4e-3; PyTorch: `momentum_decay`). */
  momentumDecay: number;
}

/**
 * Per-parameter state of NAdam: the step count, the product of the momentum schedule so far (PyTorch:
 * `mu_product`, a float32 0-d tensor; here a number rounded to float32), and the running averages of
 * the gradient (`exp_avg`) and its square (`exp_avg_sq`).
 */
export type NAdamState = { step: number; muProduct: number; expAvg: Tensor; expAvgSq: Tensor };

/**
 * NAdam, Adam with Nesterov momentum (PyTorch: `torch.optim.NAdam`):
 * `new NAdam(model.parameters(), { lr: 2e-3 })`. Each step follows torch.optim's single-tensor NAdam
 * (1.13), with the momentum schedule `mu_t = beta1 * (1 - 0.5 * 0.96^(t * momentumDecay))`.
 * PyTorch 1.13's NAdam has no `maximize`.
 */
export class NAdam extends Optimizer<NAdamOptions, NAdamState> {
  constructor(params: Params<NAdamOptions>, ...args: OptimizerArgs<NAdamOptions>) {
    const options = optimizerArgs<NAdamOptions>('NAdam', args, [
      'lr',
      'betas',
      'eps',
      'weightDecay',
      'momentumDecay',
    ]);
    const d: NAdamOptions = {
      lr: options.lr ?? 2e-3,
      betas: pair(options.betas, [0.9, 0.999]),
      eps: options.eps ?? 1e-8,
      weightDecay: options.weightDecay ?? 0,
      momentumDecay: options.momentumDecay ?? 4e-3,
    };
    checkCommon(d);
    if (!(d.momentumDecay >= 0)) throw new RangeError(`Invalid momentum_decay value: ${d.momentumDecay}`);
    super(params, d);
  }

  protected override updateGroup(group: ParamGroup<NAdamOptions>): void {
    const { lr, eps, momentumDecay } = group;
    const [beta1, beta2] = group.betas;
    for (const param of group.params) {
      const grad = param.grad;
      if (grad === null) continue;
      const state = this.stateFor(param, () => ({
        step: 0,
        muProduct: 1,
        expAvg: zerosLike(param),
        expAvgSq: zerosLike(param),
      }));
      state.step += 1;
      const step = state.step;
      const biasCorrection2 = 1 - beta2 ** step;
      const mu = beta1 * (1 - 0.5 * 0.96 ** (step * momentumDecay));
      const muNext = beta1 * (1 - 0.5 * 0.96 ** ((step + 1) * momentumDecay));
      // PyTorch keeps mu_product in a float32 tensor: round as its float32 multiplications do. As in
      // torch 1.13, `mu_product_next = mu_product * mu * mu_next` (mu counted twice).
      state.muProduct = Math.fround(state.muProduct * Math.fround(mu));
      const muProductNext = Math.fround(Math.fround(state.muProduct * Math.fround(mu)) * Math.fround(muNext));

      const temps = new Temps();
      const g = effectiveGrad(param, grad, { maximize: false, weightDecay: group.weightDecay }, temps);
      const { expAvg, expAvgSq } = state;
      expAvg.mul_(beta1).add_(g, { alpha: 1 - beta1 });
      addcmul_(expAvgSq.mul_(beta2), g, g, 1 - beta2);
      const denom = temps.own(expAvgSq.div(biasCorrection2)).sqrt_().add_(eps);
      addcdiv_(param, g, denom, (-lr * (1 - mu)) / (1 - state.muProduct));
      addcdiv_(param, expAvg, denom, (-lr * muNext) / (1 - muProductNext));
      temps.dispose();
    }
  }

  /** {@link Optimizer.loadStateDict}; a 0-d tensor `muProduct` (as PyTorch saves it) becomes a number. */
  override loadStateDict(stateDict: OptimizerStateDict): void {
    super.loadStateDict(stateDict);
    scalarsToNumbers(this.state, ['muProduct']);
  }
}
