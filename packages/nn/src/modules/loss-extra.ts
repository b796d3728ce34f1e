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
  readonly reduction: Reduction | 'batchmean';
  readonly logTarget: boolean;

  constructor(options: KlDivOptions = {}) {
    super();
    const o: KlDivOptions = bindArgs('KLDivLoss.__init__()', [options], {
      positional: [],
      keywordOnly: ['reduction', 'logTarget'],
    });
    this.reduction = o.reduction === 'batchmean' ? 'batchmean' : reductionOf(o.reduction);
    this.logTarget = o.logTarget ?? false;
  }

  forward(input: Tensor, target: Tensor): Tensor {
    return klDiv(input, target, { reduction: this.reduction, logTarget: this.logTarget });
  }
}

/** What the two-input margin losses share: `margin` (positional, as in PyTorch) and `reduction`. */
abstract class MarginLoss extends Module {
  readonly margin: number;
  readonly reduction: Reduction;

  constructor(args: unknown[]) {
    super();
    const o: MarginOptions = bindArgs(`${new.target.name}.__init__()`, args, {
      positional: ['margin'],
      keywordOnly: ['reduction'],
    });
    this.margin = o.margin ?? 0;
    this.reduction = reductionOf(o.reduction);
  }

  abstract override forward(input1: Tensor, input2: Tensor, target: Tensor): Tensor;
}

/**
 * `max(0, -y * (x1 - x2) + margin)` (PyTorch: `torch.nn.MarginRankingLoss(margin=0.0,
 * reduction='mean')`).
 */
export class MarginRankingLoss extends MarginLoss {
  constructor(...args: [options?: MarginOptions] | [margin?: number, options?: MarginOptions]) {
    super(args);
  }

  forward(input1: Tensor, input2: Tensor, target: Tensor): Tensor {
    return marginRankingLoss(input1, input2, target, { margin: this.margin, reduction: this.reduction });
  }
}

/**
 * `1 - cos(x1, x2)` for targets 1, `max(0, cos(x1, x2) - margin)` for -1 (PyTorch:
 * `torch.nn.CosineEmbeddingLoss(margin=0.0, reduction='mean')`).
 */
export class CosineEmbeddingLoss extends MarginLoss {
  constructor(...args: [options?: MarginOptions] | [margin?: number, options?: MarginOptions]) {
    super(args);
  }

  forward(input1: Tensor, input2: Tensor, target: Tensor): Tensor {
    return cosineEmbeddingLoss(input1, input2, target, { margin: this.margin, reduction: this.reduction });
  }
}

/**
 * `max(d(a, p) - d(a, n) + margin, 0)` with the pairwise `p`-norm distance (PyTorch:
 * `torch.nn.TripletMarginLoss(margin=1.0, p=2.0, eps=1e-06, swap=False, reduction='mean')`).
 */
export class TripletMarginLoss extends Module {
  readonly margin: number;
  readonly p: number;
  readonly eps: number;
  readonly swap: boolean;
  readonly reduction: Reduction;

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

  forward(anchor: Tensor, positive: Tensor, negative: Tensor): Tensor {
    const { margin, p, eps, swap, reduction } = this;
    return tripletMarginLoss(anchor, positive, negative, { margin, p, eps, swap, reduction });
  }
}
