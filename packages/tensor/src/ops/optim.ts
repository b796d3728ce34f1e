/**
 * Fused optimizer steps: one parameter's update as a single op, so that optimizers (`@typetorch/optim`)
 * call tensor ops only. `adamStep_` runs the backend's `FastPaths.adamStep` kernel when it has one and
 * every tensor qualifies, else {@link adamStepComposite}, the reference composition of tensor ops that
 * every backend runs and the kernel is checked against.
 */
import type { AdamStepKernelOptions } from '../backend/contract.js';
import { dispatch } from '../dispatch.js';
import { scope } from '../memory/index.js';
import { formatShape } from '../shape.js';
import type { Tensor } from '../tensor.js';
import { bumpVersion, viewOf } from './internal.js';

/** Options of {@link adamStep_}: the step's hyperparameters, and whether to use the fused kernel (PyTorch: `torch.optim.Adam(..., fused=None)`). */
export interface AdamStepOptions extends AdamStepKernelOptions {
  /**
   * Use the backend's fused `adamStep` kernel when it has one and the tensors are contiguous, of one
   * dtype (float32 or float64) and on distinct storages (default true); false always runs the
   * composition of tensor ops.
   * (PyTorch: `fused`, which there defaults to false.)
   */
  fused?: boolean;
}

/** `self += value * t1 * t2` with PyTorch's CPU rounding (`(value * t1) * t2`, then added). */
function addcmul_(self: Tensor, t1: Tensor, t2: Tensor, value: number): void {
  self.add_(value === 1 ? t1.mul(t2) : t1.mul(value).mul_(t2));
}

/** `self += value * t1 / t2` with PyTorch's CPU rounding (`(value * t1) / t2`, then added). */
function addcdiv_(self: Tensor, t1: Tensor, t2: Tensor, value: number): void {
  self.add_(value === 1 ? t1.div(t2) : t1.mul(value).div_(t2));
}

/**
 * The reference composition of `FastPaths.adamStep`: one Adam/AdamW update of `param`, `expAvg`,
 * `expAvgSq` and (with `amsgrad`) `maxExpAvgSq` in place, as tensor ops in the order of PyTorch
 * 1.13's `torch.optim.adam._single_tensor_adam` (AdamW: `torch.optim.adamw._single_tensor_adamw`).
 * Runs on every backend and with any layout; its in-place ops bump the versions they write.
 */
export function adamStepComposite(
  param: Tensor,
  grad: Tensor,
  expAvg: Tensor,
  expAvgSq: Tensor,
  maxExpAvgSq: Tensor | null,
  options: AdamStepKernelOptions,
): void {
  const { lr, beta1, beta2, eps, weightDecay, decoupled, amsgrad, maximize, step } = options;
  scope(() => {
    let g = maximize ? grad.neg() : grad;
    if (!decoupled && weightDecay !== 0) g = g.add(param, { alpha: weightDecay });
    if (decoupled) param.mul_(1 - lr * weightDecay);
    expAvg.mul_(beta1).add_(g, { alpha: 1 - beta1 });
    addcmul_(expAvgSq.mul_(beta2), g, g, 1 - beta2);
    const stepSize = lr / (1 - beta1 ** step);
    const biasCorrection2Sqrt = Math.sqrt(1 - beta2 ** step);
    const second = amsgrad ? maxExpAvgSq!.maximum_(expAvgSq) : expAvgSq;
    const denom = second.sqrt().div_(biasCorrection2Sqrt).add_(eps);
    addcdiv_(param, expAvg, denom, -stepSize);
  });
}

/** Whether the fused kernel may take these tensors (the contract's preconditions). */
function fusable(tensors: readonly Tensor[]): boolean {
  const [param] = tensors;
  if (param.dtype !== 'float32' && param.dtype !== 'float64') return false;
  if (new Set(tensors.map((t) => t.storage)).size !== tensors.length) return false;
  return tensors.every((t) => t.dtype === param.dtype && t.isContiguous());
}

function checkArguments(tensors: readonly Tensor[], maxExpAvgSq: Tensor | null, amsgrad: boolean): void {
  if (amsgrad !== (maxExpAvgSq !== null)) {
    throw new TypeError(
      `adamStep_(): maxExpAvgSq must be a tensor exactly when amsgrad is true (amsgrad=${amsgrad}, maxExpAvgSq ${maxExpAvgSq === null ? 'null' : 'given'})`,
    );
  }
  const [param] = tensors;
  const names = ['param', 'grad', 'expAvg', 'expAvgSq', 'maxExpAvgSq'];
  tensors.forEach((t, i) => {
    if (t.ndim !== param.ndim || t.shape.some((d, j) => d !== param.shape[j])) {
      throw new RangeError(
        `adamStep_(): ${names[i]} must have the parameter's shape ${formatShape(param.shape)}, got ${formatShape(t.shape)}`,
      );
    }
  });
}

/**
 * One Adam or AdamW step of a parameter, in place (PyTorch: the body of `torch.optim.Adam.step` /
 * `torch.optim.AdamW.step` for one parameter, `torch.optim.adam._single_tensor_adam` in 1.13; its
 * `fused=True` form is this op with a backend kernel). Updates `param`, `expAvg`, `expAvgSq` and,
 * with `amsgrad`, `maxExpAvgSq` (given exactly then, else null); `grad` is only read. All have the
 * parameter's shape. `step` counts this parameter's updates including this one (1 on the first).
 * Per element: `g = maximize ? -grad : grad`; AdamW (`decoupled`): `param *= 1 - lr * weightDecay`,
 * Adam: `g += weightDecay * param`; `expAvg = beta1 * expAvg + (1 - beta1) * g`;
 * `expAvgSq = beta2 * expAvgSq + (1 - beta2) * g * g`; amsgrad: `maxExpAvgSq = max(maxExpAvgSq,
 * expAvgSq)`; `param -= lr / (1 - beta1^step) * expAvg / (sqrt(second) / sqrt(1 - beta2^step) + eps)`.
 *
 * Uses the backend's fused `adamStep` kernel when it has one (see {@link AdamStepOptions.fused}),
 * else `adamStepComposite`; both bump the version counters of what they write. Not
 * differentiable: optimizers call it under `noGrad`. Returns `param`.
 */
export function adamStep_(
  param: Tensor,
  grad: Tensor,
  expAvg: Tensor,
  expAvgSq: Tensor,
  maxExpAvgSq: Tensor | null,
  options: AdamStepOptions,
): Tensor {
  const { lr, beta1, beta2, eps, weightDecay, decoupled, amsgrad, maximize, step } = options;
  const attrs: AdamStepKernelOptions = {
    lr,
    beta1,
    beta2,
    eps,
    weightDecay,
    decoupled,
    amsgrad,
    maximize,
    step,
  };
  const tensors =
    maxExpAvgSq === null ? [param, grad, expAvg, expAvgSq] : [param, grad, expAvg, expAvgSq, maxExpAvgSq];
  checkArguments(tensors, maxExpAvgSq, amsgrad);
  return dispatch('adamStep_', tensors, attrs, (backend) => {
    const kernel = options.fused === false ? undefined : backend.fast?.adamStep;
    if (kernel === undefined || !fusable(tensors)) {
      adamStepComposite(param, grad, expAvg, expAvgSq, maxExpAvgSq, attrs);
      return param;
    }
    if (param.numel() > 0) {
      kernel.call(
        backend.fast,
        viewOf(param),
        viewOf(grad),
        viewOf(expAvg),
        viewOf(expAvgSq),
        maxExpAvgSq === null ? null : viewOf(maxExpAvgSq),
        attrs,
      );
    }
    for (const t of tensors) if (t !== grad) bumpVersion(t);
    return param;
  });
}
