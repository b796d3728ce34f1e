/**
 * Distribution, ranking and embedding losses (PyTorch: `torch.nn.functional.kl_div`,
 * `margin_ranking_loss`, `cosine_embedding_loss`, `triplet_margin_loss`), composed of tensor ops.
 */
import { scope, type Tensor, where } from '@typetorch/tensor';
import { applyReduction, type Reduction, reductionOf, torchSize } from './reduction.js';

/** Options of {@link klDiv} (PyTorch: the keyword arguments of `torch.nn.functional.kl_div`). */
export interface KlDivOptions {
  /** `'mean'` (default; PyTorch warns it is not the KL divergence), `'batchmean'`, `'sum'` or `'none'`. */
  reduction?: Reduction | 'batchmean';
  /** `target` holds log-probabilities too; default false. PyTorch: `log_target`. */
  logTarget?: boolean;
}

/**
 * Kullback-Leibler divergence of `target` from the log-probabilities `input`: pointwise
 * `target * (log(target) - input)` (0 where the target is 0), or `exp(target) * (target - input)` with
 * `logTarget` (PyTorch: `torch.nn.functional.kl_div(input, target, reduction='mean', log_target=False)`).
 * `'batchmean'` divides the sum by the batch size, which is the divergence per sample.
 */
export function klDiv(input: Tensor, target: Tensor, options: KlDivOptions = {}): Tensor {
  const batchmean = options.reduction === 'batchmean';
  const reduction = batchmean ? 'sum' : reductionOf(options.reduction);
  return scope(() => {
    let loss: Tensor;
    if (options.logTarget) loss = target.exp().mul(target.sub(input));
    else {
      // xlogy(t, t): 0 at t = 0, with a finite gradient there (log of 1, not of 0).
      const positive = target.gt(0);
      const xlogx = where(positive, target.mul(where(positive, target, 1).log()), 0);
      loss = xlogx.sub(target.mul(input));
    }
    const out = applyReduction(loss, reduction);
    return batchmean && input.ndim !== 0 ? out.div(input.shape[0]) : out;
  });
}

/**
 * Options of the margin losses (PyTorch: the keyword arguments of `torch.nn.functional.margin_ranking_loss`
 * and `cosine_embedding_loss`).
 */
export interface MarginOptions {
  /** Default 0 (1 for the triplet loss). PyTorch: `margin`. */
  margin?: number;
  /** `'mean'` (default), `'sum'` or `'none'`. PyTorch: `reduction`. */
  reduction?: Reduction;
}

/**
 * `max(0, -target * (input1 - input2) + margin)` for targets of 1 or -1 (PyTorch:
 * `torch.nn.functional.margin_ranking_loss(input1, input2, target, margin=0, reduction='mean')`).
 */
export function marginRankingLoss(
  input1: Tensor,
  input2: Tensor,
  target: Tensor,
  options: MarginOptions = {},
): Tensor {
  const reduction = reductionOf(options.reduction);
  if (input1.ndim !== input2.ndim || input1.ndim !== target.ndim) {
    throw new RangeError(
      `margin_ranking_loss : All input tensors should have same dimension but got sizes: input1: ${torchSize(input1.shape)}, input2: ${torchSize(input2.shape)}, target: ${torchSize(target.shape)} `,
    );
  }
  const margin = options.margin ?? 0;
  return scope(() => applyReduction(target.neg().mul(input1.sub(input2)).add(margin).clampMin(0), reduction));
}

const dims = (t: Tensor) => `[${t.shape.join(', ')}]`;

/**
 * `1 - cos(x1, x2)` where the target is 1, `max(0, cos(x1, x2) - margin)` where it is -1, with the
 * cosine over the last dim (PyTorch: `torch.nn.functional.cosine_embedding_loss(input1, input2, target,
 * margin=0, reduction='mean')`).
 */
export function cosineEmbeddingLoss(
  input1: Tensor,
  input2: Tensor,
  target: Tensor,
  options: MarginOptions = {},
): Tensor {
  const reduction = reductionOf(options.reduction);
  if (target.ndim > 1) throw new RangeError('0D or 1D target tensor expected, multi-target not supported');
  const want = target.ndim + 1;
  if (input1.ndim !== want || input2.ndim !== want) {
    throw new RangeError(
      `${target.ndim}D target tensor expects ${want}D input tensors, but found inputs with sizes ${dims(input1)} and ${dims(input2)}.`,
    );
  }
  const margin = options.margin ?? 0;
  const EPSILON = 1e-12;
  return scope(() => {
    const d = input1.ndim - 1;
    const dot = input1.mul(input2).sum(d);
    const mag1 = input1.mul(input1).sum(d).add(EPSILON);
    const mag2 = input2.mul(input2).sum(d).add(EPSILON);
    const cos = dot.div(mag1.mul(mag2).sqrt());
    const pos = where(target.eq(1), cos.neg().add(1), 0);
    const neg = where(target.eq(-1), cos.sub(margin).clampMin(0), 0);
    return applyReduction(pos.add(neg), reduction);
  });
}

/**
 * Options of {@link tripletMarginLoss} (PyTorch: the keyword arguments of
 * `torch.nn.functional.triplet_margin_loss`).
 */
export interface TripletMarginOptions extends MarginOptions {
  /** The norm of the distances; default 2. PyTorch: `p`. */
  p?: number;
  /** Added to the differences before the norm; default 1e-6. PyTorch: `eps`. */
  eps?: number;
  /**
   * Use the positive-negative distance when it is smaller (the distance swap); default false. PyTorch:
   * `swap`.
   */
  swap?: boolean;
}

/** PyTorch's `pairwise_distance`: the `p`-norm of `x1 - x2 + eps` over the last dim. */
function pairwiseDistance(x1: Tensor, x2: Tensor, p: number, eps: number): Tensor {
  const d = x1.sub(x2).add(eps);
  const last = Math.max(d.ndim - 1, 0);
  if (p === 2) return d.square().sum(last).sqrt();
  if (p === 1) return d.abs().sum(last);
  return d
    .abs()
    .pow(p)
    .sum(last)
    .pow(1 / p);
}

/**
 * `max(d(a, p) - d(a, n) + margin, 0)` with the pairwise `p`-norm distance (PyTorch:
 * `torch.nn.functional.triplet_margin_loss(anchor, positive, negative, margin=1.0, p=2, eps=1e-06,
 * swap=False, reduction='mean')`).
 */
export function tripletMarginLoss(
  anchor: Tensor,
  positive: Tensor,
  negative: Tensor,
  options: TripletMarginOptions = {},
): Tensor {
  const reduction = reductionOf(options.reduction);
  if (anchor.ndim !== positive.ndim || anchor.ndim !== negative.ndim) {
    throw new RangeError(
      `All inputs should have same dimension but got ${anchor.ndim}D, ${positive.ndim}D and ${negative.ndim}D inputs.`,
    );
  }
  const margin = options.margin ?? 1.0;
  const p = options.p ?? 2;
  const eps = options.eps ?? 1e-6;
  return scope(() => {
    const dPos = pairwiseDistance(anchor, positive, p, eps);
    let dNeg = pairwiseDistance(anchor, negative, p, eps);
    if (options.swap) dNeg = dNeg.minimum(pairwiseDistance(positive, negative, p, eps));
    return applyReduction(dPos.sub(dNeg).add(margin).clampMin(0), reduction);
  });
}
