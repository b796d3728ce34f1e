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

/** The `reduction` option every loss takes (PyTorch: the `reduction` argument of every `torch.nn` loss). */
export interface LossModuleOptions {
  /** `'mean'` (default), `'sum'` or `'none'` (PyTorch: `reduction`). */
  reduction?: Reduction;
}

/** A loss with a reduction (PyTorch: `torch.nn.modules.loss._Loss`). */
export abstract class Loss extends Module {
  /**
   * The option names this loss accepts, an unknown one being a TypeError; a subclass with more options
   * overrides it (argument binding; PyTorch has none: Python checks keyword arguments itself).
   */
  static readonly optionKeys: readonly string[] = ['reduction'];
  /**
   * The leading PyTorch parameters a subclass also accepts positionally (argument binding; PyTorch has none).
   */
  static readonly positionalKeys: readonly string[] = [];
  /** `'mean'` (default), `'sum'` or `'none'` (PyTorch: `reduction`). */
  readonly reduction: Reduction;
  /**
   * The constructor's arguments, bound by name (positional forms included); subclasses read their options
   * from it (PyTorch has none: Python binds arguments itself).
   */
  protected readonly boundOptions: Record<string, unknown>;

  /**
   * Binds the arguments by the subclass's `positionalKeys` and `optionKeys` and reads `reduction` (PyTorch:
   * `_Loss.__init__`).
   */
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

  /** The loss of `input` against `target` (PyTorch: `_Loss.forward`, called as `loss_fn(input, target)`). */
  abstract override forward(input: Tensor, target: Tensor): Tensor;
}

/** A loss with an optional per-class `weight` buffer (PyTorch: `torch.nn.modules.loss._WeightedLoss`). */
export abstract class WeightedLoss extends Loss {
  /**
   * The option names this loss accepts, an unknown one being a TypeError (argument binding; PyTorch has none:
   * Python checks keyword arguments itself).
   */
  static override readonly optionKeys: readonly string[] = ['weight', 'reduction'];
  /**
   * The leading PyTorch parameters this loss also accepts positionally (argument binding; PyTorch has none).
   */
  static override readonly positionalKeys: readonly string[] = ['weight'];
  /**
   * The weight buffer, or `null`: one per class (NLL, cross entropy) or broadcast against the target (BCE)
   * (PyTorch: `weight`).
   */
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
  /**
   * Input `(*)`, target of the same shape; returns a scalar, or the per-element losses with `reduction:
   * 'none'` (PyTorch: `torch.nn.MSELoss.forward`).
   */
  forward(input: Tensor, target: Tensor): Tensor {
    return mseLoss(input, target, { reduction: this.reduction });
  }
}

/** Mean absolute error (PyTorch: `torch.nn.L1Loss(reduction='mean')`). */
export class L1Loss extends Loss {
  /**
   * Input `(*)`, target of the same shape; returns a scalar, or the per-element losses with `reduction:
   * 'none'` (PyTorch: `torch.nn.L1Loss.forward`).
   */
  forward(input: Tensor, target: Tensor): Tensor {
    return l1Loss(input, target, { reduction: this.reduction });
  }
}

/** Smooth L1 loss (PyTorch: `torch.nn.SmoothL1Loss(reduction='mean', beta=1.0)`). */
export class SmoothL1Loss extends Loss {
  /** The distance below which the loss is quadratic (PyTorch: `beta`, default 1.0). */
  readonly beta: number;

  /**
   * The option names this loss accepts, an unknown one being a TypeError (argument binding; PyTorch has none:
   * Python checks keyword arguments itself).
   */
  static override readonly optionKeys: readonly string[] = ['reduction', 'beta'];

  /** Takes `{ reduction, beta }` (PyTorch: `torch.nn.SmoothL1Loss.__init__`). */
  constructor(options: LossModuleOptions & { beta?: number } = {}) {
    super(options);
    this.beta = options.beta ?? 1.0;
  }

  /**
   * Input `(*)`, target of the same shape; returns a scalar, or the per-element losses with `reduction:
   * 'none'` (PyTorch: `torch.nn.SmoothL1Loss.forward`).
   */
  forward(input: Tensor, target: Tensor): Tensor {
    return smoothL1Loss(input, target, { reduction: this.reduction, beta: this.beta });
  }
}

/** Huber loss (PyTorch: `torch.nn.HuberLoss(reduction='mean', delta=1.0)`). */
export class HuberLoss extends Loss {
  /** The distance below which the loss is quadratic (PyTorch: `delta`, default 1.0). */
  readonly delta: number;

  /**
   * The option names this loss accepts, an unknown one being a TypeError (argument binding; PyTorch has none:
   * Python checks keyword arguments itself).
   */
  static override readonly optionKeys: readonly string[] = ['reduction', 'delta'];

  /** Takes `{ reduction, delta }` (PyTorch: `torch.nn.HuberLoss.__init__`). */
  constructor(options: LossModuleOptions & { delta?: number } = {}) {
    super(options);
    this.delta = options.delta ?? 1.0;
  }

  /**
   * Input `(*)`, target of the same shape; returns a scalar, or the per-element losses with `reduction:
   * 'none'` (PyTorch: `torch.nn.HuberLoss.forward`).
   */
  forward(input: Tensor, target: Tensor): Tensor {
    return huberLoss(input, target, { reduction: this.reduction, delta: this.delta });
  }
}

/** Constructor options of {@link NLLLoss} (PyTorch: the arguments of `torch.nn.NLLLoss`). */
export interface NLLLossOptions extends LossModuleOptions {
  /** Per-class weight `[C]`, or `null` (PyTorch: `weight`, default None). */
  weight?: Tensor | null;
  /** Target value that is ignored and adds no gradient (PyTorch: `ignore_index`, default -100). */
  ignoreIndex?: number;
}

/**
 * Negative log-likelihood of class-index targets, given log-probabilities (PyTorch:
 * `torch.nn.NLLLoss(weight=None, ignore_index=-100, reduction='mean')`).
 */
export class NLLLoss extends WeightedLoss {
  /** Target value that is ignored and adds no gradient (PyTorch: `ignore_index`, default -100). */
  readonly ignoreIndex: number;

  /**
   * The option names this loss accepts, an unknown one being a TypeError (argument binding; PyTorch has none:
   * Python checks keyword arguments itself).
   */
  static override readonly optionKeys: readonly string[] = ['weight', 'ignoreIndex', 'reduction'];

  /**
   * Takes the arguments of the PyTorch signature in the class description, as one options object; PyTorch's
   * positional parameters may also be passed positionally (PyTorch: `torch.nn.NLLLoss.__init__`).
   */
  constructor(...args: [options?: NLLLossOptions] | [weight: Tensor | null, options?: NLLLossOptions]) {
    super(...args);
    this.ignoreIndex = (this.boundOptions as NLLLossOptions).ignoreIndex ?? -100;
  }

  /**
   * Input: log-probabilities `(N, C)`, `(C)` or `(N, C, d1, ...)`; target: class indices `(N)`, `()` or `(N,
   * d1, ...)`. Returns a scalar, or the target's shape with `reduction: 'none'` (PyTorch:
   * `torch.nn.NLLLoss.forward`).
   */
  forward(input: Tensor, target: Tensor): Tensor {
    return nllLoss(input, target, {
      weight: this.weight,
      ignoreIndex: this.ignoreIndex,
      reduction: this.reduction,
    });
  }
}

/**
 * Constructor options of {@link CrossEntropyLoss} (PyTorch: the arguments of `torch.nn.CrossEntropyLoss`).
 */
export interface CrossEntropyLossOptions extends NLLLossOptions {
  /**
   * Amount in [0, 1] of the uniform distribution mixed into the target (PyTorch: `label_smoothing`, default
   * 0.0).
   */
  labelSmoothing?: number;
}

/**
 * Cross entropy of raw scores against class indices or class probabilities (PyTorch:
 * `torch.nn.CrossEntropyLoss(weight=None, ignore_index=-100, reduction='mean', label_smoothing=0.0)`).
 */
export class CrossEntropyLoss extends WeightedLoss {
  /** Target value that is ignored and adds no gradient (PyTorch: `ignore_index`, default -100). */
  readonly ignoreIndex: number;
  /**
   * Amount in [0, 1] of the uniform distribution mixed into the target (PyTorch: `label_smoothing`, default
   * 0.0).
   */
  readonly labelSmoothing: number;

  /**
   * The option names this loss accepts, an unknown one being a TypeError (argument binding; PyTorch has none:
   * Python checks keyword arguments itself).
   */
  static override readonly optionKeys: readonly string[] = [
    'weight',
    'ignoreIndex',
    'reduction',
    'labelSmoothing',
  ];

  /**
   * Takes the arguments of the PyTorch signature in the class description, as one options object; PyTorch's
   * positional parameters may also be passed positionally (PyTorch: `torch.nn.CrossEntropyLoss.__init__`).
   */
  constructor(
    ...args: [options?: CrossEntropyLossOptions] | [weight: Tensor | null, options?: CrossEntropyLossOptions]
  ) {
    super(...args);
    const options = this.boundOptions as CrossEntropyLossOptions;
    this.ignoreIndex = options.ignoreIndex ?? -100;
    this.labelSmoothing = options.labelSmoothing ?? 0.0;
  }

  /**
   * Input: raw scores `(N, C)`, `(C)` or `(N, C, d1, ...)`; target: class indices `(N)`, `()` or `(N, d1,
   * ...)`, or class probabilities of the input's shape. Returns a scalar, or one loss per sample with
   * `reduction: 'none'` (PyTorch: `torch.nn.CrossEntropyLoss.forward`).
   */
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
  /**
   * Input: probabilities `(*)`; target of the same shape, in [0, 1]; returns a scalar, or the per-element
   * losses with `reduction: 'none'` (PyTorch: `torch.nn.BCELoss.forward`).
   */
  forward(input: Tensor, target: Tensor): Tensor {
    return binaryCrossEntropy(input, target, { weight: this.weight, reduction: this.reduction });
  }
}

/**
 * Constructor options of {@link BCEWithLogitsLoss} (PyTorch: the arguments of `torch.nn.BCEWithLogitsLoss`).
 */
export interface BCEWithLogitsLossOptions extends LossModuleOptions {
  /**
   * Weight of each element's loss, broadcast against the target, or `null` (PyTorch: `weight`, default None).
   */
  weight?: Tensor | null;
  /**
   * Weight of positive examples, broadcast against the target (e.g. one per class) (PyTorch: `pos_weight`,
   * default None).
   */
  posWeight?: Tensor | null;
}

/**
 * Binary cross entropy on logits, numerically stable (PyTorch:
 * `torch.nn.BCEWithLogitsLoss(weight=None, reduction='mean', pos_weight=None)`). `pos_weight` is a
 * buffer under PyTorch's name; `posWeight` reads it.
 */
export class BCEWithLogitsLoss extends WeightedLoss {
  /** The positive-example weight buffer, broadcast against the target, or `null` (PyTorch: `pos_weight`). */
  declare pos_weight: Tensor | null;

  /**
   * The option names this loss accepts, an unknown one being a TypeError (argument binding; PyTorch has none:
   * Python checks keyword arguments itself).
   */
  static override readonly optionKeys: readonly string[] = ['weight', 'reduction', 'posWeight'];

  /**
   * Takes the arguments of the PyTorch signature in the class description, as one options object; PyTorch's
   * positional parameters may also be passed positionally (PyTorch: `torch.nn.BCEWithLogitsLoss.__init__`).
   */
  constructor(
    ...args:
      | [options?: BCEWithLogitsLossOptions]
      | [weight: Tensor | null, options?: BCEWithLogitsLossOptions]
  ) {
    super(...args);
    this.registerBuffer('pos_weight', (this.boundOptions as BCEWithLogitsLossOptions).posWeight ?? null);
  }

  /**
   * The positive-example weight: PyTorch's `pos_weight` buffer under its camelCase name (PyTorch:
   * `pos_weight`).
   */
  get posWeight(): Tensor | null {
    return this.pos_weight;
  }
  /** Replaces the `pos_weight` buffer (PyTorch: assigning `pos_weight`). */
  set posWeight(t: Tensor | null) {
    this.pos_weight = t;
  }

  /**
   * Input: logits `(*)`; target of the same shape, in [0, 1]; returns a scalar, or the per-element losses
   * with `reduction: 'none'` (PyTorch: `torch.nn.BCEWithLogitsLoss.forward`).
   */
  forward(input: Tensor, target: Tensor): Tensor {
    return binaryCrossEntropyWithLogits(input, target, {
      weight: this.weight,
      posWeight: this.pos_weight,
      reduction: this.reduction,
    });
  }
}
