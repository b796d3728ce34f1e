/**
 * Distribution, ranking and embedding loss layers (PyTorch: `torch.nn.KLDivLoss`,
 * `MarginRankingLoss`, `CosineEmbeddingLoss`, `TripletMarginLoss`): the losses of `F` with their
 * options held as fields. They print as PyTorch's do, with no settings (`KLDivLoss()`).
 */
import { bindArgs, type Tensor } from '@typetorch/tensor';
import {
  cosineEmbeddingLoss,
  type KlDivOptions,
  klDiv,
  type MarginOptions,
  marginRankingLoss,
  type TripletMarginOptions,
  tripletMarginLoss,
} from '../functional/embedding-loss.js';
import { type Reduction, reductionOf } from '../functional/reduction.js';
import { Module } from '../module.js';

/**
 * Kullback-Leibler divergence of the target from log-probabilities (PyTorch:
 * `torch.nn.KLDivLoss(reduction='mean', log_target=False)`); `reduction: 'batchmean'` gives the
 * divergence per sample.
 */
export class KLDivLoss extends Module {
  /**
   * `'mean'` (default, over elements), `'batchmean'` (sum over the batch size), `'sum'` or `'none'` (PyTorch:
   * `reduction`).
   */
  readonly reduction: Reduction | 'batchmean';
  /** Whether the target is given as log-probabilities (PyTorch: `log_target`, default False). */
  readonly logTarget: boolean;

  /** Takes `{ reduction, logTarget }` (PyTorch: `torch.nn.KLDivLoss.__init__`). */
  constructor(options: KlDivOptions = {}) {
    super();
    const o: KlDivOptions = bindArgs('KLDivLoss.__init__()', [options], {
      positional: [],
      keywordOnly: ['reduction', 'logTarget'],
    });
    this.reduction = o.reduction === 'batchmean' ? 'batchmean' : reductionOf(o.reduction);
    this.logTarget = o.logTarget ?? false;
  }

  /**
   * Input: log-probabilities `(*)`; target of the same shape (log-probabilities with `logTarget`); returns a
   * scalar, or the per-element losses with `reduction: 'none'` (PyTorch: `torch.nn.KLDivLoss.forward`).
   */
  forward(input: Tensor, target: Tensor): Tensor {
    return klDiv(input, target, { reduction: this.reduction, logTarget: this.logTarget });
  }
}

/**
 * What the two-input margin losses share: `margin` (positional, as in PyTorch) and `reduction` (PyTorch: the
 * arguments of `torch.nn.MarginRankingLoss` and `CosineEmbeddingLoss`).
 */
abstract class MarginLoss extends Module {
  /** The margin (PyTorch: `margin`, default 0.0). */
  readonly margin: number;
  /** `'mean'` (default), `'sum'` or `'none'` (PyTorch: `reduction`). */
  readonly reduction: Reduction;

  /**
   * Binds `margin` (positional or in the options) and the keyword-only `reduction` (PyTorch: `margin=0.0,
   * reduction='mean'`).
   */
  constructor(args: unknown[]) {
    super();
    const o: MarginOptions = bindArgs(`${new.target.name}.__init__()`, args, {
      positional: ['margin'],
      keywordOnly: ['reduction'],
    });
    this.margin = o.margin ?? 0;
    this.reduction = reductionOf(o.reduction);
  }

  /** The loss of `input1` and `input2` against `target` (PyTorch: `forward(input1, input2, target)`). */
  abstract override forward(input1: Tensor, input2: Tensor, target: Tensor): Tensor;
}

/**
 * `max(0, -y * (x1 - x2) + margin)` (PyTorch: `torch.nn.MarginRankingLoss(margin=0.0,
 * reduction='mean')`).
 */
export class MarginRankingLoss extends MarginLoss {
  /**
   * Takes the arguments of the PyTorch signature in the class description, as one options object; PyTorch's
   * positional parameters may also be passed positionally (PyTorch: `torch.nn.MarginRankingLoss.__init__`).
   */
  constructor(...args: [options?: MarginOptions] | [margin?: number, options?: MarginOptions]) {
    super(args);
  }

  /**
   * Inputs `(N)` or `()`, target of the same shape, of 1 or -1; returns a scalar, or the per-element losses
   * with `reduction: 'none'` (PyTorch: `torch.nn.MarginRankingLoss.forward`).
   */
  forward(input1: Tensor, input2: Tensor, target: Tensor): Tensor {
    return marginRankingLoss(input1, input2, target, { margin: this.margin, reduction: this.reduction });
  }
}

/**
 * `1 - cos(x1, x2)` for targets 1, `max(0, cos(x1, x2) - margin)` for -1 (PyTorch:
 * `torch.nn.CosineEmbeddingLoss(margin=0.0, reduction='mean')`).
 */
export class CosineEmbeddingLoss extends MarginLoss {
  /**
   * Takes the arguments of the PyTorch signature in the class description, as one options object; PyTorch's
   * positional parameters may also be passed positionally (PyTorch: `torch.nn.CosineEmbeddingLoss.__init__`).
   */
  constructor(...args: [options?: MarginOptions] | [margin?: number, options?: MarginOptions]) {
    super(args);
  }

  /**
   * Inputs `(N, D)` or `(D)`; target `(N)` or `()`, of 1 or -1; returns a scalar, or `(N)` with `reduction:
   * 'none'` (PyTorch: `torch.nn.CosineEmbeddingLoss.forward`).
   */
  forward(input1: Tensor, input2: Tensor, target: Tensor): Tensor {
    return cosineEmbeddingLoss(input1, input2, target, { margin: this.margin, reduction: this.reduction });
  }
}

/**
 * `max(d(a, p) - d(a, n) + margin, 0)` with the pairwise `p`-norm distance (PyTorch:
 * `torch.nn.TripletMarginLoss(margin=1.0, p=2.0, eps=1e-06, swap=False, reduction='mean')`).
 */
export class TripletMarginLoss extends Module {
  /** The margin (PyTorch: `margin`, default 1.0). */
  readonly margin: number;
  /** The norm degree of the pairwise distance (PyTorch: `p`, default 2.0). */
  readonly p: number;
  /** Added in the pairwise distance for stability (PyTorch: `eps`, default 1e-6). */
  readonly eps: number;
  /** Use the smaller of `d(a, n)` and `d(p, n)`, the distance swap (PyTorch: `swap`, default False). */
  readonly swap: boolean;
  /** `'mean'` (default), `'sum'` or `'none'` (PyTorch: `reduction`). */
  readonly reduction: Reduction;

  /**
   * Takes the arguments of the PyTorch signature in the class description, as one options object; PyTorch's
   * positional parameters may also be passed positionally (PyTorch: `torch.nn.TripletMarginLoss.__init__`).
   */
  constructor(
    ...args:
      | [options?: TripletMarginOptions]
      | [margin?: number, p?: number, eps?: number, swap?: boolean, options?: TripletMarginOptions]
  ) {
    super();
    const o: TripletMarginOptions = bindArgs('TripletMarginLoss.__init__()', args, {
      positional: ['margin', 'p', 'eps', 'swap'],
      keywordOnly: ['reduction'],
    });
    this.margin = o.margin ?? 1.0;
    this.p = o.p ?? 2;
    this.eps = o.eps ?? 1e-6;
    this.swap = o.swap ?? false;
    this.reduction = reductionOf(o.reduction);
  }

  /**
   * Anchor, positive and negative `(N, D)` or `(D)`; returns a scalar, or `(N)` with `reduction: 'none'`
   * (PyTorch: `torch.nn.TripletMarginLoss.forward`).
   */
  forward(anchor: Tensor, positive: Tensor, negative: Tensor): Tensor {
    const { margin, p, eps, swap, reduction } = this;
    return tripletMarginLoss(anchor, positive, negative, { margin, p, eps, swap, reduction });
  }
}
