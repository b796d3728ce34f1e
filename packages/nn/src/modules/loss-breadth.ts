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

/** The `reduction` option of these losses (PyTorch: `reduction='mean'`). */
export type R = { reduction?: Reduction };

/** `log(1 + exp(-y * x))` (PyTorch: `torch.nn.SoftMarginLoss(reduction='mean')`). */
export class SoftMarginLoss extends Loss {
  /** Takes `{ reduction }` (PyTorch: `torch.nn.SoftMarginLoss.__init__`). */
  constructor(options: R = {}) {
    super(options);
  }

  /**
   * Input `(*)`; target of the same shape, of 1 or -1; returns a scalar, or the per-element losses with
   * `reduction: 'none'` (PyTorch: `torch.nn.SoftMarginLoss.forward`).
   */
  forward(input: Tensor, target: Tensor): Tensor {
    return softMarginLoss(input, target, { reduction: this.reduction });
  }
}

/** `x` for targets 1, `max(0, margin - x)` for -1 (PyTorch: `torch.nn.HingeEmbeddingLoss(margin=1.0, reduction='mean')`). */
export class HingeEmbeddingLoss extends Loss {
  /**
   * The option names this loss accepts, an unknown one being a TypeError (argument binding; PyTorch has none:
   * Python checks keyword arguments itself).
   */
  static override readonly optionKeys: readonly string[] = ['margin', 'reduction'];
  /**
   * The leading PyTorch parameters this loss also accepts positionally (argument binding; PyTorch has none).
   */
  static override readonly positionalKeys: readonly string[] = ['margin'];
  /** The margin for targets of -1 (PyTorch: `margin`, default 1.0). */
  readonly margin: number;

  /**
   * Takes the arguments of the PyTorch signature in the class description, as one options object; PyTorch's
   * positional parameters may also be passed positionally (PyTorch: `torch.nn.HingeEmbeddingLoss.__init__`).
   */
  constructor(...args: [options?: R & { margin?: number }] | [margin?: number, options?: R]) {
    super(...args);
    this.margin = (this.boundOptions.margin as number | undefined) ?? 1;
  }

  /**
   * Input `(*)`; target of the same shape, of 1 or -1; returns a scalar, or the per-element losses with
   * `reduction: 'none'` (PyTorch: `torch.nn.HingeEmbeddingLoss.forward`).
   */
  forward(input: Tensor, target: Tensor): Tensor {
    return hingeEmbeddingLoss(input, target, { margin: this.margin, reduction: this.reduction });
  }
}

/**
 * Per-class binary cross-entropy averaged over classes (PyTorch: `torch.nn.MultiLabelSoftMarginLoss(
 * weight=None, reduction='mean')`).
 */
export class MultiLabelSoftMarginLoss extends WeightedLoss {
  /**
   * Input `(N, C)` or `(C)`; target of the same shape, of 0 or 1; returns a scalar, or `(N)` with `reduction:
   * 'none'` (PyTorch: `torch.nn.MultiLabelSoftMarginLoss.forward`).
   */
  forward(input: Tensor, target: Tensor): Tensor {
    return multilabelSoftMarginLoss(input, target, { weight: this.weight, reduction: this.reduction });
  }
}

/**
 * Multi-class hinge loss (PyTorch: `torch.nn.MultiMarginLoss(p=1, margin=1.0, weight=None,
 * reduction='mean')`).
 */
export class MultiMarginLoss extends WeightedLoss {
  /**
   * The option names this loss accepts, an unknown one being a TypeError (argument binding; PyTorch has none:
   * Python checks keyword arguments itself).
   */
  static override readonly optionKeys: readonly string[] = ['p', 'margin', 'weight', 'reduction'];
  /**
   * The leading PyTorch parameters this loss also accepts positionally (argument binding; PyTorch has none).
   */
  static override readonly positionalKeys: readonly string[] = ['p', 'margin', 'weight'];
  /** The exponent of the hinge, 1 or 2 (PyTorch: `p`, default 1). */
  readonly p: number;
  /** The margin (PyTorch: `margin`, default 1.0). */
  readonly margin: number;

  /**
   * Takes the arguments of the PyTorch signature in the class description, as one options object; PyTorch's
   * positional parameters may also be passed positionally (PyTorch: `torch.nn.MultiMarginLoss.__init__`).
   */
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

  /**
   * Input `(N, C)` or `(C)`; target: class indices `(N)` or `()`; returns a scalar, or `(N)` with `reduction:
   * 'none'` (PyTorch: `torch.nn.MultiMarginLoss.forward`).
   */
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
  /**
   * The option names this loss accepts, an unknown one being a TypeError (argument binding; PyTorch has none:
   * Python checks keyword arguments itself).
   */
  static override readonly optionKeys: readonly string[] = ['logInput', 'full', 'eps', 'reduction'];
  /**
   * The leading PyTorch parameters this loss also accepts positionally (argument binding; PyTorch has none).
   */
  static override readonly positionalKeys: readonly string[] = ['logInput', 'full'];
  /**
   * Whether the input is the log of the rate: `exp(input) - target * input`; else `input - target * log(input
   * + eps)` (PyTorch: `log_input`, default True).
   */
  readonly logInput: boolean;
  /**
   * Whether to add the constant term of the likelihood (Stirling's term for Poisson, `0.5 * log(2 * pi)` for
   * Gaussian) (PyTorch: `full`, default False).
   */
  readonly full: boolean;
  /** Added to the input in `log(input + eps)` when `logInput` is false (PyTorch: `eps`, default 1e-8). */
  readonly eps: number;

  /**
   * Takes the arguments of the PyTorch signature in the class description, as one options object; PyTorch's
   * positional parameters may also be passed positionally (PyTorch: `torch.nn.PoissonNLLLoss.__init__`).
   */
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

  /**
   * Input `(*)` (the log of the rate when `logInput`); target of the same shape; returns a scalar, or the
   * per-element losses with `reduction: 'none'` (PyTorch: `torch.nn.PoissonNLLLoss.forward`).
   */
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
  /**
   * The option names this loss accepts, an unknown one being a TypeError (argument binding; PyTorch has none:
   * Python checks keyword arguments itself).
   */
  static override readonly optionKeys: readonly string[] = ['full', 'eps', 'reduction'];
  /**
   * Whether to add the constant term of the likelihood (Stirling's term for Poisson, `0.5 * log(2 * pi)` for
   * Gaussian) (PyTorch: `full`, default False).
   */
  readonly full: boolean;
  /** Lower clamp of the variance, for stability (PyTorch: `eps`, default 1e-6). */
  readonly eps: number;

  /**
   * Takes `{ full, eps, reduction }`, all keyword-only as in PyTorch (PyTorch:
   * `torch.nn.GaussianNLLLoss.__init__`).
   */
  constructor(options: R & { full?: boolean; eps?: number } = {}) {
    super(options);
    this.full = (this.boundOptions.full as boolean | undefined) ?? false;
    this.eps = (this.boundOptions.eps as number | undefined) ?? 1e-6;
  }

  /**
   * Input (means) `(N, *)` or `(*)`; target of the same shape; `variance` of the same shape, or with the last
   * dim 1 or dropped. Returns a scalar, or per-sample losses with `reduction: 'none'` (PyTorch:
   * `torch.nn.GaussianNLLLoss.forward(input, target, var)`).
   */
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
