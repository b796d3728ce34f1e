/**
 * Regression losses (PyTorch: `torch.nn.functional.mse_loss`, `l1_loss`, `smooth_l1_loss`,
 * `huber_loss`). Input and target broadcast against each other, as in PyTorch.
 */
import { scope, type Tensor, where } from '@typetorch/tensor';
import { applyReduction, type Reduction, reductionOf } from './reduction.js';

/**
 * Options of the regression losses (PyTorch: the keyword arguments of `torch.nn.functional.mse_loss` and
 * `l1_loss`).
 */
export interface LossOptions {
  /** `'mean'` (default), `'sum'` or `'none'`. PyTorch: `reduction`. */
  reduction?: Reduction;
}

/** Mean squared error, `(x - y)^2` (PyTorch: `torch.nn.functional.mse_loss(input, target, reduction='mean')`). */
export function mseLoss(input: Tensor, target: Tensor, options: LossOptions = {}): Tensor {
  const reduction = reductionOf(options.reduction);
  return scope(() => applyReduction(input.sub(target).square(), reduction));
}

/** Mean absolute error, `|x - y|` (PyTorch: `torch.nn.functional.l1_loss(input, target, reduction='mean')`). */
export function l1Loss(input: Tensor, target: Tensor, options: LossOptions = {}): Tensor {
  const reduction = reductionOf(options.reduction);
  return scope(() => applyReduction(input.sub(target).abs(), reduction));
}

/**
 * Options of {@link smoothL1Loss} (PyTorch: the keyword arguments of `torch.nn.functional.smooth_l1_loss`).
 */
export interface SmoothL1Options extends LossOptions {
  /** Where the loss turns from quadratic to linear; default 1. 0 gives the L1 loss. PyTorch: `beta`. */
  beta?: number;
}

/**
 * Smooth L1 loss: quadratic for `|x - y| < beta`, linear beyond (PyTorch:
 * `torch.nn.functional.smooth_l1_loss(input, target, reduction='mean', beta=1.0)`).
 */
export function smoothL1Loss(input: Tensor, target: Tensor, options: SmoothL1Options = {}): Tensor {
  const reduction = reductionOf(options.reduction);
  const beta = options.beta ?? 1.0;
  if (beta < 0) throw new RangeError('smooth_l1_loss does not support negative values for beta.');
  if (beta === 0) return l1Loss(input, target, { reduction });
  return scope(() => {
    const z = input.sub(target).abs();
    const loss = where(z.lt(beta), z.square().mul(0.5 / beta), z.sub(0.5 * beta));
    return applyReduction(loss, reduction);
  });
}

/** Options of {@link huberLoss} (PyTorch: the keyword arguments of `torch.nn.functional.huber_loss`). */
export interface HuberOptions extends LossOptions {
  /** Where the loss turns from quadratic to linear; default 1. Must be positive. PyTorch: `delta`. */
  delta?: number;
}

/**
 * Huber loss: `0.5 * d^2` for `|d| < delta`, `delta * (|d| - 0.5 * delta)` beyond; equals
 * `delta * smoothL1Loss` with `beta = delta` (PyTorch:
 * `torch.nn.functional.huber_loss(input, target, reduction='mean', delta=1.0)`).
 */
export function huberLoss(input: Tensor, target: Tensor, options: HuberOptions = {}): Tensor {
  const reduction = reductionOf(options.reduction);
  const delta = options.delta ?? 1.0;
  if (!(delta > 0)) throw new RangeError('huber_loss does not support non-positive values for delta.');
  return scope(() => {
    const z = input.sub(target).abs();
    const loss = where(z.lt(delta), z.square().mul(0.5), z.sub(0.5 * delta).mul(delta));
    return applyReduction(loss, reduction);
  });
}
