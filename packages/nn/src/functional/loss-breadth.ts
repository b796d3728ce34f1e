/**
 * Margin, multi-label and likelihood losses of `torch.nn.functional` (PyTorch 1.13): soft_margin_loss,
 * hinge_embedding_loss, multilabel_soft_margin_loss, multi_margin_loss, poisson_nll_loss and
 * gaussian_nll_loss, composed of differentiable tensor ops. As the other losses of `F`, settings go in a
 * trailing options object (PyTorch's deprecated `size_average` / `reduce` are not accepted).
 */
import { assertAsync, bindArgs, getBackend, oneHot, scope, type Tensor, where } from '@typetorch/tensor';
import { logsigmoid } from './activation-extra.js';
import { applyReduction, type Reduction, reductionOf } from './reduction.js';

/** The `reduction` option alone (PyTorch: `reduction='mean'`). */
export interface ReductionOptions {
  /** `'mean'` (default), `'sum'` or `'none'`. PyTorch: `reduction`. */
  reduction?: Reduction;
}

function options<T extends ReductionOptions>(fn: string, leading: number, o: unknown, keys: string[]): T {
  return bindArgs(`${fn}()`, [o], { leading, positional: [], keywordOnly: [...keys, 'reduction'] }) as T;
}

/**
 * `log(1 + exp(-y * x))` for targets of 1 or -1 (PyTorch: `torch.nn.functional.soft_margin_loss(input,
 * target, reduction='mean')`).
 */
export function softMarginLoss(input: Tensor, target: Tensor, o: ReductionOptions = {}): Tensor {
  const reduction = reductionOf(options<ReductionOptions>('soft_margin_loss', 2, o, []).reduction);
  return scope(() => applyReduction(logsigmoid(target.mul(input)).neg(), reduction));
}

/**
 * Options of {@link hingeEmbeddingLoss} (PyTorch: the keyword arguments of
 * `torch.nn.functional.hinge_embedding_loss`).
 */
export interface HingeEmbeddingOptions extends ReductionOptions {
  /** Default 1. PyTorch: `margin`. */
  margin?: number;
}

/**
 * `x` where the target is 1, `max(0, margin - x)` where it is -1 (PyTorch:
 * `torch.nn.functional.hinge_embedding_loss(input, target, margin=1.0, reduction='mean')`).
 */
export function hingeEmbeddingLoss(input: Tensor, target: Tensor, o: HingeEmbeddingOptions = {}): Tensor {
  const bound = options<HingeEmbeddingOptions>('hinge_embedding_loss', 2, o, ['margin']);
  const reduction = reductionOf(bound.reduction);
  const margin = bound.margin ?? 1;
  return scope(() => {
    const hinge = where(target.ne(1), input.neg().add(margin).clampMin(0), 0);
    return applyReduction(hinge.add(where(target.ne(-1), input, 0)), reduction);
  });
}

/**
 * Options of {@link multilabelSoftMarginLoss} (PyTorch: the keyword arguments of
 * `torch.nn.functional.multilabel_soft_margin_loss`).
 */
export interface WeightedReductionOptions extends ReductionOptions {
  /** Per-class weight, broadcast over the last dim. PyTorch: `weight`. */
  weight?: Tensor | null;
}

/**
 * Binary cross-entropy of every class against a 0/1 target, averaged over the classes (the last dim)
 * (PyTorch: `torch.nn.functional.multilabel_soft_margin_loss(input, target, weight=None,
 * reduction='mean')`).
 */
export function multilabelSoftMarginLoss(
  input: Tensor,
  target: Tensor,
  o: WeightedReductionOptions = {},
): Tensor {
  const bound = options<WeightedReductionOptions>('multilabel_soft_margin_loss', 2, o, ['weight']);
  const reduction = reductionOf(bound.reduction);
  return scope(() => {
    let loss = target
      .mul(logsigmoid(input))
      .add(target.neg().add(1).mul(logsigmoid(input.neg())))
      .neg();
    if (bound.weight) loss = loss.mul(bound.weight);
    const classDim = input.ndim - 1;
    return applyReduction(loss.sum(classDim).div(input.shape[classDim]), reduction);
  });
}

/**
 * Options of {@link multiMarginLoss} (PyTorch: the keyword arguments of
 * `torch.nn.functional.multi_margin_loss`).
 */
export interface MultiMarginOptions extends WeightedReductionOptions {
  /** 1 (default) or 2. PyTorch: `p`. */
  p?: number;
  /** Default 1. PyTorch: `margin`. */
  margin?: number;
}

/**
 * Multi-class hinge loss: `sum_{j != y} max(0, margin - x[y] + x[j])^p / C` per sample, the term of
 * class `y` weighted by `weight[y]` (PyTorch: `torch.nn.functional.multi_margin_loss(input, target, p=1,
 * margin=1.0, weight=None, reduction='mean')`). `input` is `[N, C]` (or `[C]`), `target` int64 class
 * indices.
 */
export function multiMarginLoss(input: Tensor, target: Tensor, o: MultiMarginOptions = {}): Tensor {
  const bound = options<MultiMarginOptions>('multi_margin_loss', 2, o, ['p', 'margin', 'weight']);
  const reduction = reductionOf(bound.reduction);
  const p = bound.p ?? 1;
  if (p !== 1 && p !== 2) throw new RangeError('only p == 1 and p == 2 supported');
  if (bound.weight && bound.weight.ndim !== 1) throw new RangeError('weight must be one-dimensional');
  if (input.ndim > 2 || input.ndim === 0) {
    throw new RangeError(
      `Expected non-empty vector or matrix with optional 0-dim batch size, but got: [${input.shape.join(', ')}]`,
    );
  }
  const classes = input.shape[input.ndim - 1];
  const x = input.ndim === 1 ? input.unsqueeze(0) : input;
  if (target.numel() !== x.shape[0]) {
    throw new RangeError(
      `inconsistent target size, expected ${x.shape[0]} but got [${target.shape.join(', ')}]`,
    );
  }
  return scope(() => {
    const t = target.reshape([-1]).to('int64');
    const xy = x.gather(1, t.unsqueeze(1));
    let margins = x
      .sub(xy)
      .add(bound.margin ?? 1)
      .clampMin(0);
    if (p === 2) margins = margins.mul(margins);
    if (bound.weight) margins = margins.mul(bound.weight.indexSelect(0, t).unsqueeze(1));
    const own = oneHot(t, classes).bool();
    const loss = where(own, 0, margins).sum(1).div(classes);
    const shaped = input.ndim === 1 ? loss.reshape(target.shape) : loss;
    return applyReduction(shaped, reduction);
  });
}

/**
 * Options of {@link poissonNllLoss} (PyTorch: the keyword arguments of
 * `torch.nn.functional.poisson_nll_loss`).
 */
export interface PoissonNllOptions extends ReductionOptions {
  /** `input` is the log of the rate (default true); else the rate itself. PyTorch: `log_input`. */
  logInput?: boolean;
  /** Add Stirling's approximation of `log(target!)` (for targets above 1); default false. PyTorch: `full`. */
  full?: boolean;
  /** Added to the rate before its log when `logInput` is false; default 1e-8. PyTorch: `eps`. */
  eps?: number;
}

/**
 * Negative log-likelihood of a Poisson target: `exp(input) - target * input` (PyTorch:
 * `torch.nn.functional.poisson_nll_loss(input, target, log_input=True, full=False, eps=1e-08,
 * reduction='mean')`).
 */
export function poissonNllLoss(input: Tensor, target: Tensor, o: PoissonNllOptions = {}): Tensor {
  const bound = options<PoissonNllOptions>('poisson_nll_loss', 2, o, ['logInput', 'full', 'eps']);
  const reduction = reductionOf(bound.reduction);
  return scope(() => {
    let loss =
      (bound.logInput ?? true)
        ? input.exp().sub(target.mul(input))
        : input.sub(target.mul(input.add(bound.eps ?? 1e-8).log()));
    if (bound.full) {
      const big = target.gt(1);
      const t = where(big, target, 2);
      const stirling = t
        .mul(t.log())
        .sub(t)
        .add(
          t
            .mul(2 * Math.PI)
            .log()
            .mul(0.5),
        );
      loss = loss.add(where(big, stirling, 0));
    }
    return applyReduction(loss, reduction);
  });
}

/**
 * Options of {@link gaussianNllLoss} (PyTorch: the keyword arguments of
 * `torch.nn.functional.gaussian_nll_loss`).
 */
export interface GaussianNllOptions extends ReductionOptions {
  /** Add the constant `0.5 * log(2 * pi)`; default false. PyTorch: `full`. */
  full?: boolean;
  /**
   * The variance is clamped to at least this (without stopping its gradient); default 1e-6. PyTorch: `eps`.
   */
  eps?: number;
}

/**
 * Negative log-likelihood of `target` under a Gaussian of mean `input` and variance `var`:
 * `0.5 * (log(var) + (input - target)^2 / var)` (PyTorch: `torch.nn.functional.gaussian_nll_loss(input,
 * target, var, full=False, eps=1e-06, reduction='mean')`). `var` has `input`'s shape, or it without the
 * last dim, or with a last dim of 1. A negative variance raises PyTorch's error on every device: at once
 * where the device reads synchronously, at the next read on WebGPU.
 */
export function gaussianNllLoss(
  input: Tensor,
  target: Tensor,
  variance: Tensor,
  o: GaussianNllOptions = {},
): Tensor {
  const bound = options<GaussianNllOptions>('gaussian_nll_loss', 3, o, ['full', 'eps']);
  const reduction = reductionOf(bound.reduction);
  const same = (a: readonly number[], b: readonly number[]) =>
    a.length === b.length && a.every((s, i) => s === b[i]);
  const v0 = variance;
  const unsqueeze = !same(v0.shape, input.shape) && same(input.shape.slice(0, -1), v0.shape);
  const heteroscedastic =
    same(input.shape.slice(0, -1), v0.shape.slice(0, -1)) && v0.shape[v0.ndim - 1] === 1;
  if (!same(v0.shape, input.shape) && !unsqueeze && !heteroscedastic)
    throw new RangeError('var is of incorrect size');
  const eps = bound.eps ?? 1e-6;
  return scope(() => {
    const v = unsqueeze ? v0.unsqueeze(-1) : v0;
    // On every device: at once where it reads synchronously, else at the next read from it.
    if (getBackend(v.device).capabilities.syncRead) {
      if (v.lt(0).any().itemSync()) throw new RangeError('var has negative entry/entries');
    } else if (v.numel() > 0) assertAsync(v.lt(0).any().logicalNot(), 'var has negative entry/entries');
    // PyTorch clamps under no_grad: the clamped value, with the gradient of the identity.
    const clamped = v.add(v.clamp(eps, null).sub(v).detach());
    let loss = clamped.log().add(input.sub(target).square().div(clamped)).mul(0.5);
    if (bound.full) loss = loss.add(0.5 * Math.log(2 * Math.PI));
    return applyReduction(loss, reduction);
  });
}
