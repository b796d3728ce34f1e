/** Adadelta (PyTorch: `torch.optim.Adadelta`). */
import { type Tensor, zerosLike } from '@typetorch/tensor';
import { type OptimizerArgs, optimizerArgs } from './args.js';
import { addcmul_, effectiveGrad, Temps } from './ops.js';
import { Optimizer, type OptimizerOptions, type ParamGroup, type Params } from './optimizer.js';

export interface AdadeltaOptions extends OptimizerOptions {
  /**
   * Coefficient of the running averages of squared gradients and squared deltas (default 0.9; PyTorch:
   * `rho`).
   */
  rho: number;
  /** Term added inside both square roots for numerical stability (default 1e-6; PyTorch: `eps`). */
  eps: number;
  /** L2 penalty added to the gradient (default 0; PyTorch: `weight_decay`). */
  weightDecay: number;
  /** Maximize the objective instead of minimizing it (default false; PyTorch: `maximize`). */
  maximize: boolean;
}

/**
 * Per-parameter state of Adadelta: the step count, the running average of squared gradients
 * (PyTorch: `square_avg`) and the running average of squared deltas (PyTorch: `acc_delta`).
 */
export type AdadeltaState = { step: number; squareAvg: Tensor; accDelta: Tensor };

/**
 * Adadelta (PyTorch: `torch.optim.Adadelta`): `new Adadelta(model.parameters(), { lr: 1.0 })`, as in
 * PyTorch's MNIST example; `lr` (default 1.0) scales the delta before it is applied. Each step follows
 * torch.optim's single-tensor Adadelta (1.13): `v = rho * v + (1 - rho) * g²`,
 * `delta = sqrt(u + eps) / sqrt(v + eps) * g`, `u = rho * u + (1 - rho) * delta²`,
 * `param -= lr * delta`. As in PyTorch, a parameter's state is created at its first update.
 */
export class Adadelta extends Optimizer<AdadeltaOptions, AdadeltaState> {
  constructor(params: Params<AdadeltaOptions>, ...args: OptimizerArgs<AdadeltaOptions>) {
    const options = optimizerArgs<AdadeltaOptions>(
      'Adadelta',
      args,
      ['lr', 'rho', 'eps', 'weightDecay'],
      ['maximize'],
    );
    const d: AdadeltaOptions = {
      lr: options.lr ?? 1.0,
      rho: options.rho ?? 0.9,
      eps: options.eps ?? 1e-6,
      weightDecay: options.weightDecay ?? 0,
      maximize: options.maximize ?? false,
    };
    if (!(d.lr >= 0)) throw new RangeError(`Invalid learning rate: ${d.lr}`);
    if (!(d.rho >= 0 && d.rho <= 1)) throw new RangeError(`Invalid rho value: ${d.rho}`);
    if (!(d.eps >= 0)) throw new RangeError(`Invalid epsilon value: ${d.eps}`);
    if (!(d.weightDecay >= 0)) throw new RangeError(`Invalid weight_decay value: ${d.weightDecay}`);
    super(params, d);
  }

  protected override updateGroup(group: ParamGroup<AdadeltaOptions>): void {
    const { lr, rho, eps } = group;
    for (const param of group.params) {
      const grad = param.grad;
      if (grad === null) continue;
      const state = this.stateFor(param, () => ({
        step: 0,
        squareAvg: zerosLike(param),
        accDelta: zerosLike(param),
      }));
      state.step += 1;

      const temps = new Temps();
      const g = effectiveGrad(param, grad, group, temps);
      const { squareAvg, accDelta } = state;
      addcmul_(squareAvg.mul_(rho), g, g, 1 - rho);
      const std = temps.own(squareAvg.add(eps)).sqrt_();
      const delta = temps.own(accDelta.add(eps)).sqrt_().div_(std).mul_(g);
      addcmul_(accDelta.mul_(rho), delta, delta, 1 - rho);
      param.add_(delta, { alpha: -lr });
      temps.dispose();
    }
  }
}
