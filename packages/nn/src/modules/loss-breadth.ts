/**
 * Loss layers (PyTorch: `torch.nn.SoftMarginLoss`, `HingeEmbeddingLoss`, `MultiLabelSoftMarginLoss`,
 * `MultiMarginLoss`, `PoissonNLLLoss`, `GaussianNLLLoss`): the losses of `F` with their options held as
 * fields, PyTorch's positional parameters accepted positionally. They print with no settings, as
 * PyTorch's do; a `weight` is a buffer named `weight`, as in PyTorch's state dict.
 */
import type { Tensor } from '@typetorch/tensor';
import {
  gaussianNllLoss,
  hingeEmbeddingLoss,
  multilabelSoftMarginLoss,
  multiMarginLoss,
  poissonNllLoss,
  softMarginLoss,
} from '../functional/loss-breadth.js';
import type { Reduction } from '../functional/reduction.js';
import { Loss, WeightedLoss } from './loss.js';

type R = { reduction?: Reduction };

/** `log(1 + exp(-y * x))` (PyTorch: `torch.nn.SoftMarginLoss(reduction='mean')`). */
export class SoftMarginLoss extends Loss {
  constructor(options: R = {}) {
    super(options);
  }

  forward(input: Tensor, target: Tensor): Tensor {
    return softMarginLoss(input, target, { reduction: this.reduction });
  }
}

/** `x` for targets 1, `max(0, margin - x)` for -1 (PyTorch: `torch.nn.HingeEmbeddingLoss(margin=1.0, reduction='mean')`). */
export class HingeEmbeddingLoss extends Loss {
  static override readonly optionKeys: readonly string[] = ['margin', 'reduction'];
  static override readonly positionalKeys: readonly string[] = ['margin'];
  readonly margin: number;

  constructor(...args: [options?: R & { margin?: number }] | [margin?: number, options?: R]) {
    super(...args);
    this.margin = (this.boundOptions.margin as number | undefined) ?? 1;
  }

  forward(input: Tensor, target: Tensor): Tensor {
    return hingeEmbeddingLoss(input, target, { margin: this.margin, reduction: this.reduction });
  }
}

/**
 * Per-class binary cross-entropy averaged over classes (PyTorch: `torch.nn.MultiLabelSoftMarginLoss(
 * weight=None, reduction='mean')`).
 */
export class MultiLabelSoftMarginLoss extends WeightedLoss {
  forward(input: Tensor, target: Tensor): Tensor {
    return multilabelSoftMarginLoss(input, target, { weight: this.weight, reduction: this.reduction });
  }
}

/**
 * Multi-class hinge loss (PyTorch: `torch.nn.MultiMarginLoss(p=1, margin=1.0, weight=None,
 * reduction='mean')`).
 */
export class MultiMarginLoss extends WeightedLoss {
  static override readonly optionKeys: readonly string[] = ['p', 'margin', 'weight', 'reduction'];
  static override readonly positionalKeys: readonly string[] = ['p', 'margin', 'weight'];
  readonly p: number;
  readonly margin: number;

  constructor(
    ...args:
      | [options?: R & { p?: number; margin?: number; weight?: Tensor | null }]
      | [p?: number, margin?: number, weight?: Tensor | null, options?: R]
  ) {
    super(...(args as []));
    this.p = (this.boundOptions.p as number | undefined) ?? 1;
    this.margin = (this.boundOptions.margin as number | undefined) ?? 1;
    if (this.p !== 1 && this.p !== 2) throw new RangeError('only p == 1 and p == 2 supported');
  }

  forward(input: Tensor, target: Tensor): Tensor {
    return multiMarginLoss(input, target, {
      p: this.p,
      margin: this.margin,
      weight: this.weight,
      reduction: this.reduction,
    });
  }
}

/**
 * Poisson negative log-likelihood (PyTorch: `torch.nn.PoissonNLLLoss(log_input=True, full=False,
 * eps=1e-08, reduction='mean')`; `eps` is keyword-only here, PyTorch's deprecated `size_average` sitting
 * between).
 */
export class PoissonNLLLoss extends Loss {
  static override readonly optionKeys: readonly string[] = ['logInput', 'full', 'eps', 'reduction'];
  static override readonly positionalKeys: readonly string[] = ['logInput', 'full'];
  readonly logInput: boolean;
  readonly full: boolean;
  readonly eps: number;

  constructor(
    ...args:
      | [options?: R & { logInput?: boolean; full?: boolean; eps?: number }]
      | [logInput?: boolean, full?: boolean, options?: R & { eps?: number }]
  ) {
    super(...args);
    this.logInput = (this.boundOptions.logInput as boolean | undefined) ?? true;
    this.full = (this.boundOptions.full as boolean | undefined) ?? false;
    this.eps = (this.boundOptions.eps as number | undefined) ?? 1e-8;
  }

  forward(logInput: Tensor, target: Tensor): Tensor {
    return poissonNllLoss(logInput, target, {
      logInput: this.logInput,
      full: this.full,
      eps: this.eps,
      reduction: this.reduction,
    });
  }
}

/** Gaussian negative log-likelihood (PyTorch: `torch.nn.GaussianNLLLoss(*, full=False, eps=1e-06, reduction='mean')`). */
export class GaussianNLLLoss extends Loss {
  static override readonly optionKeys: readonly string[] = ['full', 'eps', 'reduction'];
  readonly full: boolean;
  readonly eps: number;

  constructor(options: R & { full?: boolean; eps?: number } = {}) {
    super(options);
    this.full = (this.boundOptions.full as boolean | undefined) ?? false;
    this.eps = (this.boundOptions.eps as number | undefined) ?? 1e-6;
  }

  override forward(input: Tensor, target: Tensor, variance?: Tensor): Tensor {
    if (variance === undefined)
      throw new TypeError("forward() missing 1 required positional argument: 'var'");
    return gaussianNllLoss(input, target, variance, {
      full: this.full,
      eps: this.eps,
      reduction: this.reduction,
    });
  }
}
