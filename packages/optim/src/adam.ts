/** Adam and AdamW (PyTorch: `torch.optim.Adam`, `torch.optim.AdamW`). */
import { dispatch, getBackend, type Tensor, viewOf, zerosLike } from '@typetorch/tensor';
import { addcdiv_, addcmul_, effectiveGrad, Temps } from './ops.js';
import { Optimizer, type OptimizerOptions, type ParamGroup, type Params } from './optimizer.js';

export interface AdamOptions extends OptimizerOptions {
  /** Coefficients of the running averages of the gradient and its square (default `[0.9, 0.999]`). */
  betas: [number, number];
  /** Term added to the denominator for numerical stability (default 1e-8). */
  eps: number;
  /** Adam: L2 penalty added to the gradient (default 0). AdamW: decoupled decay rate (default 1e-2). */
  weightDecay: number;
  /** The AMSGrad variant (default false). */
  amsgrad: boolean;
  /** Maximize the objective instead of minimizing it (default false). */
  maximize: boolean;
}

/**
 * Per-parameter state of Adam and AdamW. `step` counts this parameter's updates; PyTorch keeps it in a
 * 0-d tensor, typetorch in a number, so that a step never reads from the device.
 */
export type AdamState = { step: number; expAvg: Tensor; expAvgSq: Tensor; maxExpAvgSq?: Tensor };

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
 * The update as tensor ops, in the order of torch.optim's single-tensor Adam/AdamW (1.13): the
 * reference the fused kernel is checked against, and the path on backends without it.
 */
function composedAdam(
  param: Tensor,
  grad: Tensor,
  state: AdamState,
  group: ParamGroup<AdamOptions>,
  decoupled: boolean,
): void {
  const { lr, eps, weightDecay, amsgrad, maximize } = group;
  const [beta1, beta2] = group.betas;
  const temps = new Temps();
  const g = effectiveGrad(param, grad, { maximize, weightDecay: decoupled ? 0 : weightDecay }, temps);
  if (decoupled) param.mul_(1 - lr * weightDecay);
  state.expAvg.mul_(beta1).add_(g, { alpha: 1 - beta1 });
  addcmul_(state.expAvgSq.mul_(beta2), g, g, 1 - beta2);
  const biasCorrection1 = 1 - beta1 ** state.step;
  const biasCorrection2 = 1 - beta2 ** state.step;
  const stepSize = lr / biasCorrection1;
  const biasCorrection2Sqrt = Math.sqrt(biasCorrection2);
  let second = state.expAvgSq;
  if (amsgrad) second = state.maxExpAvgSq!.maximum_(state.expAvgSq);
  const denom = temps.own(second.sqrt());
  denom.div_(biasCorrection2Sqrt).add_(eps);
  addcdiv_(param, state.expAvg, denom, -stepSize);
  temps.dispose();
}

/** Runs the backend's fused `adamStep` when it has one and every tensor qualifies; false otherwise. */
function fusedAdam(
  param: Tensor,
  grad: Tensor,
  state: AdamState,
  group: ParamGroup<AdamOptions>,
  decoupled: boolean,
): boolean {
  const kernel = getBackend(param.device).fast?.adamStep;
  if (kernel === undefined) return false;
  const max = group.amsgrad ? state.maxExpAvgSq! : null;
  const tensors =
    max === null
      ? [param, grad, state.expAvg, state.expAvgSq]
      : [param, grad, state.expAvg, state.expAvgSq, max];
  const dtype = param.dtype;
  if (dtype !== 'float32' && dtype !== 'float64') return false;
  if (!tensors.every((t) => t.dtype === dtype && t.isContiguous() && t.device === param.device)) return false;
  const [beta1, beta2] = group.betas;
  dispatch('adamStep_', tensors, {}, (backend) => {
    backend.fast!.adamStep!(
      viewOf(param),
      viewOf(grad),
      viewOf(state.expAvg),
      viewOf(state.expAvgSq),
      max === null ? null : viewOf(max),
      {
        lr: group.lr,
        beta1,
        beta2,
        eps: group.eps,
        weightDecay: group.weightDecay,
        decoupled,
        amsgrad: group.amsgrad,
        maximize: group.maximize,
        step: state.step,
      },
    );
    for (const t of tensors) if (t !== grad) t.storage.version++;
    return param;
  });
  return true;
}

/**
 * What Adam and AdamW share: the state, the fused/composed dispatch. `decoupled` selects AdamW's
 * weight decay. (In PyTorch neither class derives from the other; here neither does either.)
 */
export abstract class AdamBase extends Optimizer<AdamOptions, AdamState> {
  /** Whether to use the backend's fused `adamStep` kernel when it has one (default true). */
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
      if (!this.fused || !fusedAdam(param, grad, state, group, this.decoupled)) {
        composedAdam(param, grad, state, group, this.decoupled);
      }
    }
  }
}

/**
 * Adam (PyTorch: `torch.optim.Adam`): `new Adam(model.parameters(), { lr: 1e-3 })`. `weightDecay` is
 * an L2 penalty added to the gradient. Uses the backend's fused `adamStep` kernel when it has one and
 * the tensors are contiguous, else the composition of tensor ops.
 */
export class Adam extends AdamBase {
  protected readonly decoupled = false;

  constructor(params: Params<AdamOptions>, options: Partial<AdamOptions> = {}) {
    super(params, adamDefaults(options, 0));
  }
}

/**
 * AdamW, Adam with decoupled weight decay (PyTorch: `torch.optim.AdamW`; `weightDecay` defaults to
 * 1e-2 and multiplies the parameter by `1 - lr * weightDecay` each step). Uses the backend's fused
 * `adamStep` kernel when it has one.
 */
export class AdamW extends AdamBase {
  protected readonly decoupled = true;

  constructor(params: Params<AdamOptions>, options: Partial<AdamOptions> = {}) {
    super(params, adamDefaults(options, 1e-2));
  }
}
