/** Rprop (PyTorch: `torch.optim.Rprop`). */
import { type Tensor, zerosLike } from '@typetorch/tensor';
import { type OptimizerArgs, optimizerArgs } from './args.js';
import { checkCommon, pair } from './checks.js';
import { addcmul_, Temps } from './ops.js';
import { Optimizer, type OptimizerOptions, type ParamGroup, type Params } from './optimizer.js';

/** Options of {@link Rprop} (PyTorch: the keyword arguments of `torch.optim.Rprop`). */
export interface RpropOptions extends OptimizerOptions {
  /**
   * Multiplicative decrease and increase factors `[etaminus, etaplus]` (default `[0.5, 1.2]`) (PyTorch:
   * `etas`).
   */
  etas: [number, number];
  /** Minimal and maximal step sizes (default `[1e-6, 50]`) (PyTorch: `step_sizes`). */
  stepSizes: [number, number];
  /** Maximize the objective instead of minimizing it (default false; PyTorch: `maximize`). */
  maximize: boolean;
}

/**
 * Per-parameter state of Rprop: the step count, the previous (masked) gradient (PyTorch: `prev`) and
 * the per-element step sizes (PyTorch: `step_size`, initialised to `lr`).
 */
export type RpropState = { step: number; prev: Tensor; stepSize: Tensor };

/**
 * Rprop, resilient backpropagation (PyTorch: `torch.optim.Rprop`):
 * `new Rprop(model.parameters(), { lr: 1e-2 })`. Each step follows torch.optim's single-tensor Rprop
 * (1.13): where the gradient keeps its sign the step size grows by `etaplus`, where it flips it shrinks
 * by `etaminus` (clamped to `stepSizes`) and that element is not moved; `param -= sign(g) * stepSize`.
 * In PyTorch 1.13 `maximize` follows the positional `foreach`; here it is an option only.
 */
export class Rprop extends Optimizer<RpropOptions, RpropState> {
  constructor(params: Params<RpropOptions>, ...args: OptimizerArgs<RpropOptions>) {
    const options = optimizerArgs<RpropOptions>('Rprop', args, ['lr', 'etas', 'stepSizes'], ['maximize']);
    const d: RpropOptions = {
      lr: options.lr ?? 1e-2,
      etas: pair(options.etas, [0.5, 1.2]),
      stepSizes: pair(options.stepSizes, [1e-6, 50]),
      maximize: options.maximize ?? false,
    };
    checkCommon(d);
    const [etaminus, etaplus] = d.etas;
    if (!(etaminus > 0 && etaminus < 1 && etaplus > 1)) {
      throw new RangeError(`Invalid eta values: ${etaminus}, ${etaplus}`);
    }
    super(params, d);
  }

  protected override updateGroup(group: ParamGroup<RpropOptions>): void {
    const [etaminus, etaplus] = group.etas;
    const [stepSizeMin, stepSizeMax] = group.stepSizes;
    for (const param of group.params) {
      const grad = param.grad;
      if (grad === null) continue;
      const state = this.stateFor(param, () => ({
        step: 0,
        prev: zerosLike(param),
        stepSize: zerosLike(grad).fill_(group.lr),
      }));
      state.step += 1;

      const temps = new Temps();
      const { prev, stepSize } = state;
      const g = temps.own(group.maximize ? grad.neg() : grad.clone());
      const sign = temps.own(temps.own(g.mul(prev)).sign());
      const increase = temps.own(sign.gt(0));
      const decrease = temps.own(sign.lt(0));
      const keep = temps.own(sign.eq(0));
      sign.maskedFill_(increase, etaplus).maskedFill_(decrease, etaminus).maskedFill_(keep, 1);
      stepSize.mul_(sign).clamp_(stepSizeMin, stepSizeMax);
      // Where the gradient changed sign, the element does not move and `prev` forgets the gradient.
      g.maskedFill_(decrease, 0);
      addcmul_(param, temps.own(g.sign()), stepSize, -1);
      prev.copy_(g);
      temps.dispose();
    }
  }
}
