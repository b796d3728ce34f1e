/**
 * Loss layers (PyTorch: `torch.nn.MSELoss`, `L1Loss`, `SmoothL1Loss`, `HuberLoss`, `CrossEntropyLoss`,
 * `NLLLoss`, `BCELoss`, `BCEWithLogitsLoss`): the losses of `F` with their options held as fields.
 * Class weights are buffers named as in PyTorch (`weight`, `pos_weight`), so they follow `to()` and
 * appear in the state dict.
 */
import { bindArgs, type Tensor } from '@typetorch/tensor';
import { binaryCrossEntropy, binaryCrossEntropyWithLogits } from '../functional/binary-loss.js';
import { crossEntropy, nllLoss } from '../functional/classification-loss.js';
import { type Reduction, reductionOf } from '../functional/reduction.js';
import { huberLoss, l1Loss, mseLoss, smoothL1Loss } from '../functional/regression-loss.js';
import { Module } from '../module.js';

/** The `reduction` option every loss takes. */
export interface LossModuleOptions {
  /** `'mean'` (default), `'sum'` or `'none'`. */
  reduction?: Reduction;
}

/** A loss with a reduction (PyTorch: `torch.nn.modules.loss._Loss`). */
export abstract class Loss extends Module {
  /** The option keys the layer accepts (an unknown key is a TypeError). */
  static readonly optionKeys: readonly string[] = ['reduction'];
  /** PyTorch's leading keyword-or-positional parameters the layer accepts positionally. */
  static readonly positionalKeys: readonly string[] = [];
  readonly reduction: Reduction;
  /** The constructor's arguments, bound by name (positional forms included). */
  protected readonly boundOptions: Record<string, unknown>;

  constructor(...args: unknown[]) {
    super();
    const cls = new.target as unknown as typeof Loss;
    const options = bindArgs(`${new.target.name}.__init__()`, args, {
      positional: cls.positionalKeys,
      keywordOnly: cls.optionKeys.filter((k) => !cls.positionalKeys.includes(k)),
    });
    this.boundOptions = options;
    this.reduction = reductionOf((options as LossModuleOptions).reduction);
  }

  abstract override forward(input: Tensor, target: Tensor): Tensor;
}

/** A loss with an optional per-class `weight` buffer (PyTorch: `torch.nn.modules.loss._WeightedLoss`). */
export abstract class WeightedLoss extends Loss {
  static override readonly optionKeys: readonly string[] = ['weight', 'reduction'];
  static override readonly positionalKeys: readonly string[] = ['weight'];
  declare weight: Tensor | null;

  /** `weight` may be passed positionally, as in PyTorch: `new CrossEntropyLoss(classWeights)`. */
  constructor(
    ...args:
      | [options?: LossModuleOptions & { weight?: Tensor | null }]
      | [weight: Tensor | null, options?: LossModuleOptions]
  ) {
    super(...args);
    this.registerBuffer('weight', (this.boundOptions.weight as Tensor | null | undefined) ?? null);
  }
}

/** Mean squared error (PyTorch: `torch.nn.MSELoss(reduction='mean')`). */
export class MSELoss extends Loss {
  forward(input: Tensor, target: Tensor): Tensor {
    return mseLoss(input, target, { reduction: this.reduction });
  }
}

/** Mean absolute error (PyTorch: `torch.nn.L1Loss(reduction='mean')`). */
export class L1Loss extends Loss {
  forward(input: Tensor, target: Tensor): Tensor {
    return l1Loss(input, target, { reduction: this.reduction });
  }
}

/** Smooth L1 loss (PyTorch: `torch.nn.SmoothL1Loss(reduction='mean', beta=1.0)`). */
export class SmoothL1Loss extends Loss {
  readonly beta: number;

  static override readonly optionKeys: readonly string[] = ['reduction', 'beta'];

  constructor(options: LossModuleOptions & { beta?: number } = {}) {
    super(options);
    this.beta = options.beta ?? 1.0;
  }

  forward(input: Tensor, target: Tensor): Tensor {
    return smoothL1Loss(input, target, { reduction: this.reduction, beta: this.beta });
  }
}

/** Huber loss (PyTorch: `torch.nn.HuberLoss(reduction='mean', delta=1.0)`). */
export class HuberLoss extends Loss {
  readonly delta: number;

  static override readonly optionKeys: readonly string[] = ['reduction', 'delta'];

  constructor(options: LossModuleOptions & { delta?: number } = {}) {
    super(options);
    this.delta = options.delta ?? 1.0;
  }

  forward(input: Tensor, target: Tensor): Tensor {
    return huberLoss(input, target, { reduction: this.reduction, delta: this.delta });
  }
}

/** Options of {@link NLLLoss}. */
export interface NLLLossOptions extends LossModuleOptions {
  weight?: Tensor | null;
  /** Target value ignored by the loss; default -100. */
  ignoreIndex?: number;
}

/**
 * Negative log-likelihood of class-index targets, given log-probabilities (PyTorch:
 * `torch.nn.NLLLoss(weight=None, ignore_index=-100, reduction='mean')`).
 */
export class NLLLoss extends WeightedLoss {
  readonly ignoreIndex: number;

  static override readonly optionKeys: readonly string[] = ['weight', 'ignoreIndex', 'reduction'];

  constructor(...args: [options?: NLLLossOptions] | [weight: Tensor | null, options?: NLLLossOptions]) {
    super(...args);
    this.ignoreIndex = (this.boundOptions as NLLLossOptions).ignoreIndex ?? -100;
  }

  forward(input: Tensor, target: Tensor): Tensor {
    return nllLoss(input, target, {
      weight: this.weight,
      ignoreIndex: this.ignoreIndex,
      reduction: this.reduction,
    });
  }
}

/** Options of {@link CrossEntropyLoss}. */
export interface CrossEntropyLossOptions extends NLLLossOptions {
  /** Mixes the target with the uniform distribution; default 0. */
  labelSmoothing?: number;
}

/**
 * Cross entropy of raw scores against class indices or class probabilities (PyTorch:
 * `torch.nn.CrossEntropyLoss(weight=None, ignore_index=-100, reduction='mean', label_smoothing=0.0)`).
 */
export class CrossEntropyLoss extends WeightedLoss {
  readonly ignoreIndex: number;
  readonly labelSmoothing: number;

  static override readonly optionKeys: readonly string[] = [
    'weight',
    'ignoreIndex',
    'reduction',
    'labelSmoothing',
  ];

  constructor(
    ...args: [options?: CrossEntropyLossOptions] | [weight: Tensor | null, options?: CrossEntropyLossOptions]
  ) {
    super(...args);
    const options = this.boundOptions as CrossEntropyLossOptions;
    this.ignoreIndex = options.ignoreIndex ?? -100;
    this.labelSmoothing = options.labelSmoothing ?? 0.0;
  }

  forward(input: Tensor, target: Tensor): Tensor {
    return crossEntropy(input, target, {
      weight: this.weight,
      ignoreIndex: this.ignoreIndex,
      reduction: this.reduction,
      labelSmoothing: this.labelSmoothing,
    });
  }
}

/** Binary cross entropy of probabilities (PyTorch: `torch.nn.BCELoss(weight=None, reduction='mean')`). */
export class BCELoss extends WeightedLoss {
  forward(input: Tensor, target: Tensor): Tensor {
    return binaryCrossEntropy(input, target, { weight: this.weight, reduction: this.reduction });
  }
}

/** Options of {@link BCEWithLogitsLoss}. */
export interface BCEWithLogitsLossOptions extends LossModuleOptions {
  weight?: Tensor | null;
  /** Weight of positive examples, broadcast against the target (e.g. one per class). */
  posWeight?: Tensor | null;
}

/**
 * Binary cross entropy on logits, numerically stable (PyTorch:
 * `torch.nn.BCEWithLogitsLoss(weight=None, reduction='mean', pos_weight=None)`). `pos_weight` is a
 * buffer under PyTorch's name; `posWeight` reads it.
 */
export class BCEWithLogitsLoss extends WeightedLoss {
  declare pos_weight: Tensor | null;

  static override readonly optionKeys: readonly string[] = ['weight', 'reduction', 'posWeight'];

  constructor(
    ...args:
      | [options?: BCEWithLogitsLossOptions]
      | [weight: Tensor | null, options?: BCEWithLogitsLossOptions]
  ) {
    super(...args);
    this.registerBuffer('pos_weight', (this.boundOptions as BCEWithLogitsLossOptions).posWeight ?? null);
  }

  get posWeight(): Tensor | null {
    return this.pos_weight;
  }
  set posWeight(t: Tensor | null) {
    this.pos_weight = t;
  }

  forward(input: Tensor, target: Tensor): Tensor {
    return binaryCrossEntropyWithLogits(input, target, {
      weight: this.weight,
      posWeight: this.pos_weight,
      reduction: this.reduction,
    });
  }
}
