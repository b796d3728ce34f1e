/**
 * Losses over class scores (PyTorch: `torch.nn.functional.nll_loss` and `cross_entropy`). Inputs are
 * `[C]`, `[N, C]` or `[N, C, d1, ...]` (classes along dim 1); class-index targets are int32 tensors of
 * the input's shape without the class dim.
 *
 * `crossEntropy` with class indices wraps `crossEntropyPerSample` of `@typetorch/tensor`, which owns
 * the per-sample loss and its argument checks; this file adds what is nn's own (reductions, probability
 * targets, `[C]` and `[N, C, d1, ...]` inputs brought to `[N, C]`) and checks only what that op does
 * not see. `nllLoss`, and cross entropy on the paths that do not use the op, check everything here.
 */
import {
  checkClassTargets,
  crossEntropyPerSample,
  isFloating,
  scope,
  type Tensor,
  where,
} from '@typetorch/tensor';
import { type Reduction, reductionOf } from './reduction.js';

/** Options of {@link nllLoss} (PyTorch: the keyword arguments of `torch.nn.functional.nll_loss`). */
export interface NllLossOptions {
  /** A rescaling weight per class, `[C]`. PyTorch: `weight`. */
  weight?: Tensor | null;
  /**
   * Target value that contributes nothing to the loss or its gradient; default -100. PyTorch: `ignore_index`.
   */
  ignoreIndex?: number;
  /**
   * `'mean'` (default: weighted mean over non-ignored targets), `'sum'` or `'none'`. PyTorch: `reduction`.
   */
  reduction?: Reduction;
}

/**
 * Options of {@link crossEntropy} (PyTorch: the keyword arguments of `torch.nn.functional.cross_entropy`).
 */
export interface CrossEntropyOptions extends NllLossOptions {
  /**
   * Mixes the target with the uniform distribution: `(1 - s) * target + s / C`; default 0. PyTorch:
   * `label_smoothing`.
   */
  labelSmoothing?: number;
}

const shapeText = (shape: readonly number[]) => `[${shape.join(', ')}]`;

/** The class dim: 0 for an unbatched `[C]` input, else 1. */
const classDimOf = (input: Tensor) => (input.ndim === 1 ? 0 : 1);

/**
 * Checks a class-index target against the input, in PyTorch's order and words (`nll_loss_nd`). With
 * `perSampleOp`, the input goes to tensor's `crossEntropyPerSample`, which checks the target's dtype
 * and, for `[N, C]` inputs, the whole target: only the shapes it does not see once the input is
 * brought to `[N, C]` (unbatched, `[N, C, d1, ...]`) are checked here.
 */
function checkClassTarget(op: string, input: Tensor, target: Tensor, perSampleOp = false): void {
  if (input.ndim < 1) throw new RangeError(`Expected 1 or more dimensions (got ${input.ndim})`);
  if (perSampleOp && input.ndim === 2) return;
  if (input.ndim !== 1 && target.ndim > 0 && input.shape[0] !== target.shape[0]) {
    throw new RangeError(
      `Expected input batch_size (${input.shape[0]}) to match target batch_size (${target.shape[0]}).`,
    );
  }
  if (!perSampleOp && target.dtype !== 'int64' && target.dtype !== 'int32') {
    throw new TypeError(
      `${op}(): expected scalar type Long but found ${target.dtype} (a target of class indices)`,
    );
  }
  if (input.ndim === 1) {
    if (target.ndim !== 0) {
      throw new RangeError(
        `size mismatch (got input: ${shapeText(input.shape)}, target: ${shapeText(target.shape)})`,
      );
    }
  } else if (input.ndim === 2) {
    if (target.ndim !== 1)
      throw new RangeError('0D or 1D target tensor expected, multi-target not supported');
  } else {
    const expected = [input.shape[0], ...input.shape.slice(2)];
    if (target.ndim !== expected.length || target.shape.some((s, i) => s !== expected[i])) {
      throw new RangeError(`Expected target size ${shapeText(expected)}, got ${shapeText(target.shape)}`);
    }
  }
}

function checkLabelSmoothing(smoothing: number): void {
  if (!(smoothing >= 0 && smoothing <= 1)) {
    throw new RangeError(`label_smoothing must be between 0.0 and 1.0. Got: ${smoothing}`);
  }
}

function checkWeight(prefix: string, weight: Tensor | null | undefined, classes: number): void {
  if (weight && !(weight.ndim === 1 && weight.numel() === classes)) {
    throw new RangeError(
      `${prefix}weight tensor should be defined either for all ${classes} classes or no classes but got weight tensor of shape: ${shapeText(weight.shape)}`,
    );
  }
}

/** Per-element terms of a class-index loss: the picked log-probabilities and their weights. */
interface Picked {
  /** `-w[y] * input[.., y, ..]` (0 at ignored targets), of the target's shape. */
  loss: Tensor;
  /** `w[y]` (1 without weights), 0 at ignored targets: the mean's denominator terms. */
  weights: Tensor;
  /** Where the target is `ignoreIndex`. */
  ignored: Tensor;
}

/** Picks `input[n, target[n], ...]` along the class dim (inside a scope: temporaries die with it). */
function pick(input: Tensor, target: Tensor, weight: Tensor | null | undefined, ignoreIndex: number): Picked {
  const dim = classDimOf(input);
  const ignored = target.eq(ignoreIndex);
  // Ignored entries may hold any value (-100): gather class 0 there and weigh it 0.
  const safe = where(ignored, 0, target);
  const picked = input.gather(dim, safe.unsqueeze(dim)).squeeze(dim);
  const kept = ignored.logicalNot().to(input.dtype);
  const w = weight ? weight.indexSelect(0, safe.reshape([-1])).reshape([...target.shape]) : null;
  // where() rather than a product with the mask: an ignored row's scores may be infinite.
  const loss = where(ignored, 0, (w ? picked.mul(w) : picked).neg());
  return { loss, weights: w ? w.mul(kept) : kept, ignored };
}

/** Reduces class-index losses with PyTorch's weighted mean: sum of losses over sum of target weights. */
function reduceWeighted(loss: Tensor, weights: Tensor, reduction: Reduction): Tensor {
  if (reduction === 'none') return loss;
  if (reduction === 'sum') return loss.sum();
  return loss.sum().div(weights.sum());
}

/**
 * Negative log-likelihood of class-index targets, `-weight[y] * input[y]`, given log-probabilities
 * (PyTorch: `torch.nn.functional.nll_loss(input, target, weight=None, ignore_index=-100, reduction='mean')`).
 * The mean divides by the summed weights of the non-ignored targets (NaN when all are ignored).
 */
export function nllLoss(input: Tensor, target: Tensor, options: NllLossOptions = {}): Tensor {
  const reduction = reductionOf(options.reduction);
  const ignoreIndex = options.ignoreIndex ?? -100;
  checkClassTarget('nll_loss', input, target);
  const classes = input.shape[classDimOf(input)];
  checkWeight('', options.weight, classes);
  checkClassTargets(target, classes, ignoreIndex);
  return scope(() => {
    const { loss, weights } = pick(input, target, options.weight, ignoreIndex);
    return reduceWeighted(loss, weights, reduction);
  });
}

/**
 * Cross entropy between softmax(input) and the target (PyTorch: `torch.nn.functional.cross_entropy(input,
 * target, weight=None, ignore_index=-100, reduction='mean', label_smoothing=0.0)`), computed through
 * log-softmax so large scores do not overflow. The target is either class indices (int32, the input's
 * shape without the class dim) or class probabilities (floating, the input's shape). With probabilities,
 * `'mean'` divides by the number of samples; with indices, by the summed weights of non-ignored targets.
 * Class indices with floating scores go through the fused per-sample op of `@typetorch/tensor`
 * (`crossEntropyPerSample`: one kernel forward and one backward on backends that have them), the input
 * brought to `[N, C]`; a class weight that requires grad (or integer scores) takes the composition.
 */
export function crossEntropy(input: Tensor, target: Tensor, options: CrossEntropyOptions = {}): Tensor {
  const reduction = reductionOf(options.reduction);
  const ignoreIndex = options.ignoreIndex ?? -100;
  const smoothing = options.labelSmoothing ?? 0;
  const sameShape = input.ndim === target.ndim && input.shape.every((s, i) => s === target.shape[i]);
  if (sameShape && input.ndim > 0) return probabilityTargets(input, target, options, reduction, smoothing);
  // The per-sample op takes floating logits and gives the class weight no gradient.
  const weight = options.weight ?? null;
  const perSample = isFloating(input.dtype) && !weight?.requiresGrad;
  if (!perSample) checkLabelSmoothing(smoothing);
  if (isFloating(target.dtype)) {
    throw new TypeError(
      `cross_entropy(): a floating target holds class probabilities and must have the input's shape ${shapeText(input.shape)}, got ${shapeText(target.shape)}; class indices must be int64 or int32`,
    );
  }
  checkClassTarget('cross_entropy', input, target, perSample);
  if (perSample) return perSampleLosses(input, target, weight, ignoreIndex, smoothing, reduction);
  const dim = classDimOf(input);
  const classes = input.shape[dim];
  checkWeight('', weight, classes);
  checkClassTargets(target, classes, ignoreIndex);
  return scope(() => {
    const logp = input.logSoftmax(dim);
    const { loss, weights, ignored } = pick(logp, target, options.weight, ignoreIndex);
    if (smoothing === 0) return reduceWeighted(loss, weights, reduction);
    // The uniform part: -sum_c w_c * logp_c per element, 0 where ignored (PyTorch's
    // cross_entropy_loss_label_smoothing). It shares nll's weighted-mean denominator.
    const weighted = options.weight ? logp.mul(classWeightView(options.weight, input.ndim, dim)) : logp;
    const uniform = where(ignored, 0, weighted.sum(dim).neg());
    const mixed = loss.mul(1 - smoothing).add(uniform.mul(smoothing / classes));
    return reduceWeighted(mixed, weights, reduction);
  });
}

/**
 * Floating scores with class-index targets: tensor's `crossEntropyPerSample` (the backend's fused
 * kernel when it has one) gives the per-sample losses and the weighted mean's denominator terms, on
 * the input brought to `[N, C]`: `[C]` as one row, `[N, C, d1, ...]` with the classes moved last and
 * one row per position. That op checks the target's dtype, `[N, C]` targets, the weight, the label
 * smoothing and the target range; nothing of it is checked again here.
 */
function perSampleLosses(
  input: Tensor,
  target: Tensor,
  weight: Tensor | null,
  ignoreIndex: number,
  labelSmoothing: number,
  reduction: Reduction,
): Tensor {
  return scope(() => {
    let logits = input;
    let targets = target;
    if (input.ndim !== 2) {
      // [C] as one row; [N, C, d1, ...] as a row per (n, d1, ...), the classes moved last.
      const classes = input.shape[classDimOf(input)];
      const others = input.shape.map((_, d) => d).filter((d) => d !== 1);
      const rows = input.ndim === 1 ? input : input.permute([...others, 1]);
      logits = rows.reshape([target.numel(), classes]);
      targets = target.reshape([-1]);
    }
    const [loss, weights] = crossEntropyPerSample(logits, targets, { weight, ignoreIndex, labelSmoothing });
    if (reduction === 'none') return targets === target ? loss : loss.reshape([...target.shape]);
    return reduceWeighted(loss, weights, reduction);
  });
}

/** `weight` `[C]` shaped to broadcast along the class dim of an `ndim`-d input. */
function classWeightView(weight: Tensor, ndim: number, dim: number): Tensor {
  return weight.reshape(Array.from({ length: ndim }, (_, i) => (i === dim ? -1 : 1)));
}

/** Cross entropy against class probabilities (PyTorch's `cross_entropy_loss_prob_target`). */
function probabilityTargets(
  input: Tensor,
  target: Tensor,
  options: CrossEntropyOptions,
  reduction: Reduction,
  smoothing: number,
): Tensor {
  checkLabelSmoothing(smoothing);
  if (!isFloating(target.dtype)) {
    throw new TypeError(
      `Expected floating point type for target with class probabilities, got ${target.dtype}`,
    );
  }
  if ((options.ignoreIndex ?? -100) >= 0) {
    throw new RangeError('ignore_index is not supported for floating point target');
  }
  const dim = classDimOf(input);
  const classes = input.shape[dim];
  checkWeight('cross_entropy: ', options.weight, classes);
  return scope(() => {
    const logp = input.logSoftmax(dim);
    const q = smoothing > 0 ? target.mul(1 - smoothing).add(smoothing / classes) : target;
    let terms = logp.mul(q);
    if (options.weight) terms = terms.mul(classWeightView(options.weight, input.ndim, dim));
    if (reduction === 'none') return terms.sum(dim).neg();
    const total = terms.sum().neg();
    // PyTorch divides by the number of samples (numel / C); an empty batch gives NaN.
    return reduction === 'sum' ? total : total.div(input.numel() / classes);
  });
}
