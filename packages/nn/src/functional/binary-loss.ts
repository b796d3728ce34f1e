/**
 * Binary classification losses (PyTorch: `torch.nn.functional.binary_cross_entropy` and
 * `binary_cross_entropy_with_logits`).
 */
import { Function as AutogradFunction, type FunctionCtx } from '@typetorch/autograd';
import { assertAsync, getBackend, scope, type Tensor } from '@typetorch/tensor';
import { applyReduction, type Reduction, reductionOf, torchSize } from './reduction.js';

/**
 * Options of {@link binaryCrossEntropy} (PyTorch: the keyword arguments of
 * `torch.nn.functional.binary_cross_entropy`).
 */
export interface BceOptions {
  /** Rescaling weight, broadcast against the target. PyTorch: `weight`. */
  weight?: Tensor | null;
  /** `'mean'` (default), `'sum'` or `'none'`. PyTorch: `reduction`. */
  reduction?: Reduction;
}

/**
 * Options of {@link binaryCrossEntropyWithLogits} (PyTorch: the keyword arguments of
 * `torch.nn.functional.binary_cross_entropy_with_logits`).
 */
export interface BceWithLogitsOptions extends BceOptions {
  /**
   * Weight of positive examples per class, broadcast against the target (e.g. `[C]`). PyTorch: `pos_weight`.
   */
  posWeight?: Tensor | null;
}

const sameShape = (a: Tensor, b: Tensor) => a.ndim === b.ndim && a.shape.every((s, i) => s === b.shape[i]);

/**
 * PyTorch's CPU kernel checks both operands' ranges (NaN is outside); here on every device: at once
 * where it reads synchronously, else at the next read from it.
 */
function checkProbabilities(t: Tensor, what: 'input' | 'target'): void {
  const message = `all elements of ${what} should be between 0 and 1`;
  if (!getBackend(t.device).capabilities.syncRead) {
    if (t.numel() > 0) scope(() => assertAsync(t.ge(0).logicalAnd(t.le(1)).all(), message));
    return;
  }
  const values = t.dataSync();
  for (let i = 0; i < values.length; i++) {
    if (!(values[i] >= 0 && values[i] <= 1)) throw new RangeError(message);
  }
}

/**
 * The elementwise loss with PyTorch's forward and backward formulas. A composition of log and clamp
 * would differentiate to `0 * (1 / x)`, NaN at x = 0 and for float32 denormals (what a saturated
 * sigmoid produces); PyTorch's gradient `(x - y) / max(x * (1 - x), 1e-12)` stays finite.
 */
class BinaryCrossEntropy extends AutogradFunction {
  static override forward(ctx: FunctionCtx, input: Tensor, target: Tensor): Tensor {
    ctx.saveForBackward(input, target);
    return scope(() => {
      // log is clamped at -100 as in PyTorch, so that 0 * log(0) is 0 rather than NaN.
      const logX = input.log().clamp(-100);
      const log1mX = input.neg().log1p().clamp(-100);
      return target.sub(1).mul(log1mX).sub(target.mul(logX));
    });
  }

  static override backward(ctx: FunctionCtx, grad: Tensor | null): (Tensor | null)[] {
    const [x, y] = ctx.savedTensors;
    const g = grad!;
    return scope(() => [
      ctx.needsInputGrad[0] ? g.mul(x.sub(y)).div(x.mul(x.neg().add(1)).clamp(1e-12)) : null,
      // d/dy = log(1 - x) - log(x), unclamped (PyTorch's binary_cross_entropy_target_backward).
      ctx.needsInputGrad[1] ? g.mul(x.neg().log1p().sub(x.log())) : null,
    ]);
  }
}

/**
 * Binary cross entropy between probabilities and targets in [0, 1],
 * `-w * (y * log(x) + (1 - y) * log(1 - x))` with each log clamped to >= -100 as PyTorch does (PyTorch:
 * `torch.nn.functional.binary_cross_entropy(input, target, weight=None, reduction='mean')`). Prefer
 * {@link binaryCrossEntropyWithLogits} on raw scores: it is numerically stable.
 */
export function binaryCrossEntropy(input: Tensor, target: Tensor, options: BceOptions = {}): Tensor {
  const reduction = reductionOf(options.reduction);
  if (!sameShape(input, target)) {
    throw new RangeError(
      `Using a target size (${torchSize(target.shape)}) that is different to the input size (${torchSize(input.shape)}) is deprecated. Please ensure they have the same size.`,
    );
  }
  checkProbabilities(input, 'input');
  checkProbabilities(target, 'target');
  return scope(() => {
    const loss = BinaryCrossEntropy.apply(input, target) as Tensor;
    return applyReduction(options.weight ? loss.mul(options.weight) : loss, reduction);
  });
}

/**
 * Binary cross entropy on logits, `sigmoid` folded in stably (PyTorch:
 * `torch.nn.functional.binary_cross_entropy_with_logits(input, target, weight=None, reduction='mean',
 * pos_weight=None)`): `(1 - y) * x + (1 + (posWeight - 1) * y) * softplus(-x)`, times `weight`, with
 * `softplus(-x) = log(exp(-m) + exp(-x - m)) + m`, `m = max(-x, 0)`, so no exp overflows and the gradient
 * is exact at x = 0.
 */
export function binaryCrossEntropyWithLogits(
  input: Tensor,
  target: Tensor,
  options: BceWithLogitsOptions = {},
): Tensor {
  const reduction = reductionOf(options.reduction);
  if (!sameShape(input, target)) {
    throw new RangeError(
      `Target size (${torchSize(target.shape)}) must be the same as input size (${torchSize(input.shape)})`,
    );
  }
  return scope(() => {
    const m = input.neg().clamp(0);
    const softplusNeg = m.neg().exp().add(input.neg().sub(m).exp()).log().add(m);
    const positive = options.posWeight
      ? options.posWeight.sub(1).mul(target).add(1).mul(softplusNeg)
      : softplusNeg;
    const loss = target.neg().add(1).mul(input).add(positive);
    return applyReduction(options.weight ? loss.mul(options.weight) : loss, reduction);
  });
}
