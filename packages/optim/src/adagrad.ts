/** Adagrad (PyTorch: `torch.optim.Adagrad`). */
import { fullLike, type Tensor } from '@typetorch/tensor';
import { type OptimizerArgs, optimizerArgs } from './args.js';
import { addcdiv_, addcmul_, effectiveGrad, Temps } from './ops.js';
import { Optimizer, type OptimizerOptions, type ParamGroup, type Params } from './optimizer.js';

/** Options of {@link Adagrad} (PyTorch: the keyword arguments of `torch.optim.Adagrad`). */
export interface AdagradOptions extends OptimizerOptions {
  /** Learning-rate decay: step `t` uses `lr / (1 + (t - 1) * lrDecay)` (default 0; PyTorch: `lr_decay`). */
  lrDecay: number;
  /** L2 penalty added to the gradient (default 0; PyTorch: `weight_decay`). */
  weightDecay: number;
  /** Starting value of the sum of squared gradients (default 0; PyTorch: `initial_accumulator_value`). */
  initialAccumulatorValue: number;
  /** Term added to the denominator for numerical stability (default 1e-10; PyTorch: `eps`). */
  eps: number;
  /** Maximize the objective instead of minimizing it (default false; PyTorch: `maximize`). */
  maximize: boolean;
}

/**
 * Per-parameter state of Adagrad: the step count and the running sum of squared gradients (PyTorch:
 * `optimizer.state[p]` holds `step` and `sum`).
 */
export type AdagradState = { step: number; sum: Tensor };

/**
 * Adagrad (PyTorch: `torch.optim.Adagrad`): `new Adagrad(model.parameters(), { lr: 0.01 })`. As in
 * PyTorch, the state of every parameter exists from construction on.
 */
export class Adagrad extends Optimizer<AdagradOptions, AdagradState> {
  constructor(params: Params<AdagradOptions>, ...args: OptimizerArgs<AdagradOptions>) {
    const options = optimizerArgs<AdagradOptions>(
      'Adagrad',
      args,
      ['lr', 'lrDecay', 'weightDecay', 'initialAccumulatorValue', 'eps'],
      ['maximize'],
    );
    const d: AdagradOptions = {
      lr: options.lr ?? 1e-2,
      lrDecay: options.lrDecay ?? 0,
      weightDecay: options.weightDecay ?? 0,
      initialAccumulatorValue: options.initialAccumulatorValue ?? 0,
      eps: options.eps ?? 1e-10,
      maximize: options.maximize ?? false,
    };
    if (!(d.lr >= 0)) throw new RangeError(`Invalid learning rate: ${d.lr}`);
    if (!(d.lrDecay >= 0)) throw new RangeError(`Invalid lr_decay value: ${d.lrDecay}`);
    if (!(d.weightDecay >= 0)) throw new RangeError(`Invalid weight_decay value: ${d.weightDecay}`);
    if (!(d.initialAccumulatorValue >= 0)) {
      throw new RangeError(`Invalid initial_accumulator_value value: ${d.initialAccumulatorValue}`);
    }
    if (!(d.eps >= 0)) throw new RangeError(`Invalid epsilon value: ${d.eps}`);
    super(params, d);
    for (const group of this.paramGroups) for (const p of group.params) this.initState(p, group);
  }

  private initState(param: Tensor, group: ParamGroup<AdagradOptions>): AdagradState {
    return this.stateFor(param, () => ({ step: 0, sum: fullLike(param, group.initialAccumulatorValue) }));
  }

  protected override updateGroup(group: ParamGroup<AdagradOptions>): void {
    const { lr, lrDecay, eps } = group;
    for (const param of group.params) {
      const grad = param.grad;
      if (grad === null) continue;
      const state = this.initState(param, group);
      state.step += 1;
      const temps = new Temps();
      const g = effectiveGrad(param, grad, group, temps);
      const clr = lr / (1 + (state.step - 1) * lrDecay);
      addcmul_(state.sum, g, g, 1);
      const std = temps.own(state.sum.sqrt()).add_(eps);
      addcdiv_(param, g, std, -clr);
      temps.dispose();
    }
  }
}
