/** Adam and AdamW (PyTorch: `torch.optim.Adam`, `torch.optim.AdamW`). */
import { adamStep_, type Tensor, zerosLike } from '@typetorch/tensor';
import { type OptimizerArgs, optimizerArgs } from './args.js';
import { Optimizer, type OptimizerOptions, type ParamGroup, type Params } from './optimizer.js';

/** Options of {@link Adam} and {@link AdamW} (PyTorch: the keyword arguments of `torch.optim.Adam`). */
export interface AdamOptions extends OptimizerOptions {
  /**
   * Coefficients of the running averages of the gradient and its square (default `[0.9, 0.999]`) (PyTorch:
   * `betas`).
   */
  betas: [number, number];
  /** Term added to the denominator for numerical stability (default 1e-8; PyTorch: `eps`). */
  eps: number;
  /**
   * Adam: L2 penalty added to the gradient (default 0). AdamW: decoupled decay rate (default 1e-2; PyTorch:
   * `weight_decay`).
   */
  weightDecay: number;
  /** The AMSGrad variant (default false; PyTorch: `amsgrad`). */
  amsgrad: boolean;
  /** Maximize the objective instead of minimizing it (default false; PyTorch: `maximize`). */
  maximize: boolean;
}

/**
 * Per-parameter state of Adam and AdamW. `step` counts this parameter's updates; PyTorch keeps it in a
 * 0-d tensor, typetorch in a number, so that a step never reads from the device.
 */
export type AdamState = { step: number; expAvg: Tensor; expAvgSq: Tensor; maxExpAvgSq?: Tensor };

/** Adam's and AdamW's keyword-or-positional options, in PyTorch's order. */
const ADAM_ARGS = ['lr', 'betas', 'eps', 'weightDecay', 'amsgrad'] as const;

function adamDefaults(options: Partial<AdamOptions>, weightDecay: number): AdamOptions {
  const d: AdamOptions = {
    lr: options.lr ?? 1e-3,
    betas: options.betas ? [options.betas[0], options.betas[1]] : [0.9, 0.999],
    eps: options.eps ?? 1e-8,
    weightDecay: options.weightDecay ?? weightDecay,
    amsgrad: options.amsgrad ?? false,
    maximize: options.maximize ?? false,
  };
  if (!(d.lr >= 0)) throw new RangeError(`Invalid learning rate: ${d.lr}`);
  if (!(d.eps >= 0)) throw new RangeError(`Invalid epsilon value: ${d.eps}`);
  if (!(d.betas[0] >= 0 && d.betas[0] < 1))
    throw new RangeError(`Invalid beta parameter at index 0: ${d.betas[0]}`);
  if (!(d.betas[1] >= 0 && d.betas[1] < 1))
    throw new RangeError(`Invalid beta parameter at index 1: ${d.betas[1]}`);
  if (!(d.weightDecay >= 0)) throw new RangeError(`Invalid weight_decay value: ${d.weightDecay}`);
  return d;
}

/**
 * What Adam and AdamW share: the state, and the update of each parameter by the tensor op `adamStep_`
 * (the backend's fused kernel when it has one, else its composition of tensor ops). `decoupled`
 * selects AdamW's weight decay. (In PyTorch neither class derives from the other; here neither does
 * either.)
 */
export abstract class AdamBase extends Optimizer<AdamOptions, AdamState> {
  /**
   * Whether to use the backend's fused `adamStep` kernel when it has one (default true); false runs
   * the composition of tensor ops (`adamStep_`'s `fused` option; PyTorch: `fused`).
   */
  fused = true;

  protected abstract readonly decoupled: boolean;

  protected override updateGroup(group: ParamGroup<AdamOptions>): void {
    for (const param of group.params) {
      const grad = param.grad;
      if (grad === null) continue;
      const state = this.stateFor(param, () => ({
        step: 0,
        expAvg: zerosLike(param),
        expAvgSq: zerosLike(param),
        ...(group.amsgrad ? { maxExpAvgSq: zerosLike(param) } : {}),
      }));
      if (group.amsgrad && state.maxExpAvgSq === undefined) state.maxExpAvgSq = this.own(zerosLike(param));
      state.step += 1;
      adamStep_(param, grad, state.expAvg, state.expAvgSq, group.amsgrad ? state.maxExpAvgSq! : null, {
        lr: group.lr,
        beta1: group.betas[0],
        beta2: group.betas[1],
        eps: group.eps,
        weightDecay: group.weightDecay,
        decoupled: this.decoupled,
        amsgrad: group.amsgrad,
        maximize: group.maximize,
        step: state.step,
        fused: this.fused,
      });
    }
  }
}

/**
 * Adam (PyTorch: `torch.optim.Adam`): `new Adam(model.parameters(), { lr: 1e-3 })`. `weightDecay` is
 * an L2 penalty added to the gradient. Uses the backend's fused `adamStep` kernel when it has one and
 * the tensors are contiguous, else the composition of tensor ops.
 */
export class Adam extends AdamBase {
  /**
   * False: `weightDecay` is an L2 penalty added to the gradient (PyTorch: `torch.optim.Adam`'s
   * `weight_decay`).
   */
  protected readonly decoupled = false;

  constructor(params: Params<AdamOptions>, ...args: OptimizerArgs<AdamOptions>) {
    super(params, adamDefaults(optimizerArgs<AdamOptions>('Adam', args, ADAM_ARGS, ['maximize']), 0));
  }
}

/**
 * AdamW, Adam with decoupled weight decay (PyTorch: `torch.optim.AdamW`; `weightDecay` defaults to
 * 1e-2 and multiplies the parameter by `1 - lr * weightDecay` each step). Uses the backend's fused
 * `adamStep` kernel when it has one.
 */
export class AdamW extends AdamBase {
  /** True: decoupled weight decay (PyTorch: `torch.optim.AdamW`'s `weight_decay`). */
  protected readonly decoupled = true;

  constructor(params: Params<AdamOptions>, ...args: OptimizerArgs<AdamOptions>) {
    super(params, adamDefaults(optimizerArgs<AdamOptions>('AdamW', args, ADAM_ARGS, ['maximize']), 1e-2));
  }
}
