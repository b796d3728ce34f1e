/** RMSprop (PyTorch: `torch.optim.RMSprop`). */
import { type Tensor, zerosLike } from '@typetorch/tensor';
import { type OptimizerArgs, optimizerArgs } from './args.js';
import { addcdiv_, addcmul, addcmul_, effectiveGrad, Temps } from './ops.js';
import { Optimizer, type OptimizerOptions, type ParamGroup, type Params } from './optimizer.js';

/** Options of {@link RMSprop} (PyTorch: the keyword arguments of `torch.optim.RMSprop`). */
export interface RMSpropOptions extends OptimizerOptions {
  /** Smoothing constant of the running average of squared gradients (default 0.99; PyTorch: `alpha`). */
  alpha: number;
  /** Term added to the denominator for numerical stability (default 1e-8; PyTorch: `eps`). */
  eps: number;
  /** L2 penalty added to the gradient (default 0; PyTorch: `weight_decay`). */
  weightDecay: number;
  /** Momentum factor (default 0; PyTorch: `momentum`). */
  momentum: number;
  /**
   * Normalize by an estimate of the gradient's variance instead of its second moment (default false;
   * PyTorch: `centered`).
   */
  centered: boolean;
  /** Maximize the objective instead of minimizing it (default false; PyTorch: `maximize`). */
  maximize: boolean;
}

/** Per-parameter state of RMSprop (PyTorch: `optimizer.state[p]`). */
export type RMSpropState = { step: number; squareAvg: Tensor; momentumBuffer?: Tensor; gradAvg?: Tensor };

/** RMSprop (PyTorch: `torch.optim.RMSprop`): `new RMSprop(model.parameters(), { lr: 0.01 })`. */
export class RMSprop extends Optimizer<RMSpropOptions, RMSpropState> {
  constructor(params: Params<RMSpropOptions>, ...args: OptimizerArgs<RMSpropOptions>) {
    const options = optimizerArgs<RMSpropOptions>(
      'RMSprop',
      args,
      ['lr', 'alpha', 'eps', 'weightDecay', 'momentum', 'centered'],
      ['maximize'],
    );
    const d: RMSpropOptions = {
      lr: options.lr ?? 1e-2,
      alpha: options.alpha ?? 0.99,
      eps: options.eps ?? 1e-8,
      weightDecay: options.weightDecay ?? 0,
      momentum: options.momentum ?? 0,
      centered: options.centered ?? false,
      maximize: options.maximize ?? false,
    };
    if (!(d.lr >= 0)) throw new RangeError(`Invalid learning rate: ${d.lr}`);
    if (!(d.eps >= 0)) throw new RangeError(`Invalid epsilon value: ${d.eps}`);
    if (!(d.momentum >= 0)) throw new RangeError(`Invalid momentum value: ${d.momentum}`);
    if (!(d.weightDecay >= 0)) throw new RangeError(`Invalid weight_decay value: ${d.weightDecay}`);
    if (!(d.alpha >= 0)) throw new RangeError(`Invalid alpha value: ${d.alpha}`);
    super(params, d);
  }

  protected override updateGroup(group: ParamGroup<RMSpropOptions>): void {
    const { lr, alpha, eps, momentum, centered } = group;
    for (const param of group.params) {
      const grad = param.grad;
      if (grad === null) continue;
      const state = this.stateFor(param, () => ({
        step: 0,
        squareAvg: zerosLike(param),
        ...(momentum > 0 ? { momentumBuffer: zerosLike(param) } : {}),
        ...(centered ? { gradAvg: zerosLike(param) } : {}),
      }));
      if (momentum > 0 && state.momentumBuffer === undefined)
        state.momentumBuffer = this.own(zerosLike(param));
      if (centered && state.gradAvg === undefined) state.gradAvg = this.own(zerosLike(param));
      state.step += 1;

      const temps = new Temps();
      const g = effectiveGrad(param, grad, group, temps);
      const squareAvg = state.squareAvg;
      addcmul_(squareAvg.mul_(alpha), g, g, 1 - alpha);
      let avg: Tensor;
      if (centered) {
        const gradAvg = state.gradAvg!;
        gradAvg.mul_(alpha).add_(g, { alpha: 1 - alpha });
        avg = temps.own(addcmul(squareAvg, gradAvg, gradAvg, -1)).sqrt_();
      } else {
        avg = temps.own(squareAvg.sqrt());
      }
      avg.add_(eps);
      if (momentum > 0) {
        const buf = state.momentumBuffer!;
        addcdiv_(buf.mul_(momentum), g, avg, 1);
        param.add_(buf, { alpha: -lr });
      } else {
        addcdiv_(param, g, avg, -lr);
      }
      temps.dispose();
    }
  }
}
