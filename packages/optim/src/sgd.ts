/** Stochastic gradient descent with momentum (PyTorch: `torch.optim.SGD`). */
import type { Tensor } from '@typetorch/tensor';
import { type OptimizerArgs, optimizerArgs } from './args.js';
import { effectiveGrad, Temps } from './ops.js';
import { Optimizer, type OptimizerOptions, type ParamGroup, type Params } from './optimizer.js';

/** Options of {@link SGD} (PyTorch: the keyword arguments of `torch.optim.SGD`). */
export interface SGDOptions extends OptimizerOptions {
  /** Momentum factor (default 0; PyTorch: `momentum`). */
  momentum: number;
  /** Dampening for momentum (default 0; PyTorch: `dampening`). */
  dampening: number;
  /** L2 penalty added to the gradient (default 0; PyTorch: `weight_decay`). */
  weightDecay: number;
  /** Nesterov momentum (default false; PyTorch: `nesterov`). */
  nesterov: boolean;
  /** Maximize the objective instead of minimizing it (default false; PyTorch: `maximize`). */
  maximize: boolean;
}

/**
 * Per-parameter state of SGD: the momentum buffer, null until momentum is used (PyTorch:
 * `optimizer.state[p]['momentum_buffer']`).
 */
export type SGDState = { momentumBuffer: Tensor | null };

/**
 * Stochastic gradient descent, optionally with momentum (PyTorch: `torch.optim.SGD`):
 * `new SGD(model.parameters(), { lr: 0.1, momentum: 0.9 })`. `lr` is required, in the options or in
 * every parameter group.
 */
export class SGD extends Optimizer<SGDOptions, SGDState> {
  constructor(params: Params<SGDOptions>, ...args: OptimizerArgs<SGDOptions>) {
    const options = optimizerArgs<SGDOptions>(
      'SGD',
      args,
      ['lr', 'momentum', 'dampening', 'weightDecay', 'nesterov'],
      ['maximize'],
    );
    const defaults: SGDOptions = {
      lr: options.lr as number, // required: undefined makes addParamGroup insist on a per-group lr
      momentum: options.momentum ?? 0,
      dampening: options.dampening ?? 0,
      weightDecay: options.weightDecay ?? 0,
      nesterov: options.nesterov ?? false,
      maximize: options.maximize ?? false,
    };
    if (defaults.lr !== undefined && defaults.lr < 0)
      throw new RangeError(`Invalid learning rate: ${defaults.lr}`);
    if (defaults.momentum < 0) throw new RangeError(`Invalid momentum value: ${defaults.momentum}`);
    if (defaults.weightDecay < 0) throw new RangeError(`Invalid weight_decay value: ${defaults.weightDecay}`);
    if (defaults.nesterov && (defaults.momentum <= 0 || defaults.dampening !== 0)) {
      throw new RangeError('Nesterov momentum requires a momentum and zero dampening');
    }
    super(params, defaults);
  }

  protected override updateGroup(group: ParamGroup<SGDOptions>): void {
    const { lr, momentum, dampening, nesterov } = group;
    for (const param of group.params) {
      const grad = param.grad;
      if (grad === null) continue;
      const state = this.stateFor(param, () => ({ momentumBuffer: null }));
      const temps = new Temps();
      let dp = effectiveGrad(param, grad, group, temps);
      if (momentum !== 0) {
        let buf = state.momentumBuffer;
        if (buf === null) {
          buf = this.own(dp.clone());
          state.momentumBuffer = buf;
        } else {
          buf.mul_(momentum).add_(dp, { alpha: 1 - dampening });
        }
        dp = nesterov ? temps.own(dp.add(buf, { alpha: momentum })) : buf;
      }
      param.add_(dp, { alpha: -lr });
      temps.dispose();
    }
  }
}
