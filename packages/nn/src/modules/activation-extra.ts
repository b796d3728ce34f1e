/**
 * The smaller activation layers of torch.nn (PyTorch 1.13): ReLU6, Hardtanh, Hardsigmoid, Hardswish,
 * Hardshrink, Softshrink, Tanhshrink, Softplus, Softsign, SELU, CELU, Mish, LogSigmoid, Softmin,
 * Threshold, PReLU and GLU: the functions of `F` with their settings held as fields, printed as PyTorch
 * prints them.
 */
import { bindArgs, type DType, type Tensor } from '@typetorch/tensor';
import * as act from '../functional/activation-extra.js';
import { constant_ } from '../init/init.js';
import { Module } from '../module.js';
import type { Parameter } from '../parameter.js';
import { factoryParameter } from './factory.js';
import { pyFloat } from './python-repr.js';

/** `, inplace=True` when set: PyTorch prints the flag only when it is on. */
const inplaceSuffix = (inplace: boolean, first = false) =>
  inplace ? `${first ? '' : ', '}inplace=True` : '';

/** A Python number as the user wrote it: `1`, `0.5` (PyTorch prints the int or float it was given). */
const pyNumber = (x: number) => String(x);

function bindInit(name: string, args: readonly unknown[], positional: string[]): Record<string, unknown> {
  return bindArgs(`${name}.__init__()`, args, { positional });
}

/**
 * Base of the layers whose only setting is `inplace` (PyTorch has no such class: each layer takes
 * `inplace=False`).
 */
abstract class InplaceActivation extends Module {
  /** Whether `forward` overwrites its input instead of allocating the output (PyTorch: `inplace`). */
  readonly inplace: boolean;

  /** Binds `inplace` from the positional or options form (PyTorch: `inplace=False`). */
  constructor(args: readonly unknown[]) {
    super();
    this.inplace = (bindInit(new.target.name, args, ['inplace']).inplace ?? false) as boolean;
  }
}

/** `min(max(0, x), 6)` (PyTorch: `torch.nn.ReLU6(inplace=False)`). */
export class ReLU6 extends InplaceActivation {
  /**
   * Takes the arguments of the PyTorch signature in the class description, positionally or as one
   * options object (PyTorch: `torch.nn.ReLU6.__init__`).
   */
  constructor(...args: [inplace?: boolean] | [options?: { inplace?: boolean }]) {
    super(args);
  }

  /**
   * Applies the function elementwise: input of any shape `(*)`, output of the same shape (PyTorch:
   * `torch.nn.ReLU6.forward`).
   */
  forward(input: Tensor): Tensor {
    return act.relu6(input, this.inplace);
  }

  /** The settings that `toString()` prints for this layer (PyTorch: `extra_repr`). */
  override extraRepr(): string {
    return inplaceSuffix(this.inplace, true);
  }
}

/** `min(max(x, minVal), maxVal)` (PyTorch: `torch.nn.Hardtanh(min_val=-1.0, max_val=1.0, inplace=False)`). */
export class Hardtanh extends Module {
  /** Lower end of the linear range (PyTorch: `min_val`, default -1.0). */
  readonly minVal: number;
  /** Upper end of the linear range (PyTorch: `max_val`, default 1.0). */
  readonly maxVal: number;
  /** Whether `forward` overwrites its input instead of allocating the output (PyTorch: `inplace`). */
  readonly inplace: boolean;

  /**
   * Takes the arguments of the PyTorch signature in the class description, positionally or as one
   * options object (PyTorch: `torch.nn.Hardtanh.__init__`).
   */
  constructor(
    ...args:
      | [minVal?: number, maxVal?: number, inplace?: boolean]
      | [options?: { minVal?: number; maxVal?: number; inplace?: boolean }]
  ) {
    super();
    const o = bindInit('Hardtanh', args, ['minVal', 'maxVal', 'inplace']);
    this.minVal = (o.minVal as number | undefined) ?? -1;
    this.maxVal = (o.maxVal as number | undefined) ?? 1;
    this.inplace = (o.inplace as boolean | undefined) ?? false;
    if (this.maxVal <= this.minVal) throw new RangeError('AssertionError: max_val must be > min_val');
  }

  /**
   * Applies the function elementwise: input of any shape `(*)`, output of the same shape (PyTorch:
   * `torch.nn.Hardtanh.forward`).
   */
  forward(input: Tensor): Tensor {
    return act.hardtanh(input, this.minVal, this.maxVal, this.inplace);
  }

  /** The settings that `toString()` prints for this layer (PyTorch: `extra_repr`). */
  override extraRepr(): string {
    return `min_val=${pyFloat(this.minVal)}, max_val=${pyFloat(this.maxVal)}${inplaceSuffix(this.inplace)}`;
  }
}

/** `relu6(x + 3) / 6` (PyTorch: `torch.nn.Hardsigmoid(inplace=False)`; prints no settings). */
export class Hardsigmoid extends InplaceActivation {
  /**
   * Takes the arguments of the PyTorch signature in the class description, positionally or as one
   * options object (PyTorch: `torch.nn.Hardsigmoid.__init__`).
   */
  constructor(...args: [inplace?: boolean] | [options?: { inplace?: boolean }]) {
    super(args);
  }

  /**
   * Applies the function elementwise: input of any shape `(*)`, output of the same shape (PyTorch:
   * `torch.nn.Hardsigmoid.forward`).
   */
  forward(input: Tensor): Tensor {
    return act.hardsigmoid(input, this.inplace);
  }
}

/** `x * relu6(x + 3) / 6` (PyTorch: `torch.nn.Hardswish(inplace=False)`; prints no settings). */
export class Hardswish extends InplaceActivation {
  /**
   * Takes the arguments of the PyTorch signature in the class description, positionally or as one
   * options object (PyTorch: `torch.nn.Hardswish.__init__`).
   */
  constructor(...args: [inplace?: boolean] | [options?: { inplace?: boolean }]) {
    super(args);
  }

  /**
   * Applies the function elementwise: input of any shape `(*)`, output of the same shape (PyTorch:
   * `torch.nn.Hardswish.forward`).
   */
  forward(input: Tensor): Tensor {
    return act.hardswish(input, this.inplace);
  }
}

/**
 * Base of Hardshrink and Softshrink: one `lambd`, printed bare (PyTorch has no such class: both take
 * `lambd=0.5`).
 */
abstract class Shrink extends Module {
  /** The threshold `lambd` of the shrinkage (PyTorch: `lambd`, default 0.5). */
  readonly lambd: number;

  /** Binds `lambd` from the positional or options form (PyTorch: `lambd=0.5`). */
  constructor(args: readonly unknown[]) {
    super();
    this.lambd = (bindInit(new.target.name, args, ['lambd']).lambd ?? 0.5) as number;
  }

  /** The settings that `toString()` prints for this layer (PyTorch: `extra_repr`). */
  override extraRepr(): string {
    return pyFloat(this.lambd);
  }
}

/** `x` where `|x| > lambd`, else 0 (PyTorch: `torch.nn.Hardshrink(lambd=0.5)`). */
export class Hardshrink extends Shrink {
  /**
   * Takes the arguments of the PyTorch signature in the class description, positionally or as one
   * options object (PyTorch: `torch.nn.Hardshrink.__init__`).
   */
  constructor(...args: [lambd?: number] | [options?: { lambd?: number }]) {
    super(args);
  }

  /**
   * Applies the function elementwise: input of any shape `(*)`, output of the same shape (PyTorch:
   * `torch.nn.Hardshrink.forward`).
   */
  forward(input: Tensor): Tensor {
    return act.hardshrink(input, this.lambd);
  }
}

/** `x` shrunk towards 0 by `lambd` (PyTorch: `torch.nn.Softshrink(lambd=0.5)`). */
export class Softshrink extends Shrink {
  /**
   * Takes the arguments of the PyTorch signature in the class description, positionally or as one
   * options object (PyTorch: `torch.nn.Softshrink.__init__`).
   */
  constructor(...args: [lambd?: number] | [options?: { lambd?: number }]) {
    super(args);
  }

  /**
   * Applies the function elementwise: input of any shape `(*)`, output of the same shape (PyTorch:
   * `torch.nn.Softshrink.forward`).
   */
  forward(input: Tensor): Tensor {
    return act.softshrink(input, this.lambd);
  }
}

/** `x - tanh(x)` (PyTorch: `torch.nn.Tanhshrink()`). */
export class Tanhshrink extends Module {
  /**
   * Applies the function elementwise: input of any shape `(*)`, output of the same shape (PyTorch:
   * `torch.nn.Tanhshrink.forward`).
   */
  forward(input: Tensor): Tensor {
    return act.tanhshrink(input);
  }
}

/** `log(1 + exp(beta * x)) / beta` (PyTorch: `torch.nn.Softplus(beta=1, threshold=20)`). */
export class Softplus extends Module {
  /** The `beta` of `log(1 + exp(beta * x)) / beta` (PyTorch: `beta`, default 1). */
  readonly beta: number;
  /** Above `beta * x > threshold` the output is `x` (PyTorch: `threshold`, default 20). */
  readonly threshold: number;

  /**
   * Takes the arguments of the PyTorch signature in the class description, positionally or as one
   * options object (PyTorch: `torch.nn.Softplus.__init__`).
   */
  constructor(
    ...args: [beta?: number, threshold?: number] | [options?: { beta?: number; threshold?: number }]
  ) {
    super();
    const o = bindInit('Softplus', args, ['beta', 'threshold']);
    this.beta = (o.beta as number | undefined) ?? 1;
    this.threshold = (o.threshold as number | undefined) ?? 20;
  }

  /**
   * Applies the function elementwise: input of any shape `(*)`, output of the same shape (PyTorch:
   * `torch.nn.Softplus.forward`).
   */
  forward(input: Tensor): Tensor {
    return act.softplus(input, this.beta, this.threshold);
  }

  /** The settings that `toString()` prints for this layer (PyTorch: `extra_repr`). */
  override extraRepr(): string {
    return `beta=${pyNumber(this.beta)}, threshold=${pyNumber(this.threshold)}`;
  }
}

/** `x / (1 + |x|)` (PyTorch: `torch.nn.Softsign()`). */
export class Softsign extends Module {
  /**
   * Applies the function elementwise: input of any shape `(*)`, output of the same shape (PyTorch:
   * `torch.nn.Softsign.forward`).
   */
  forward(input: Tensor): Tensor {
    return act.softsign(input);
  }
}

/** Scaled ELU with SELU's constants (PyTorch: `torch.nn.SELU(inplace=False)`). */
export class SELU extends InplaceActivation {
  /**
   * Takes the arguments of the PyTorch signature in the class description, positionally or as one
   * options object (PyTorch: `torch.nn.SELU.__init__`).
   */
  constructor(...args: [inplace?: boolean] | [options?: { inplace?: boolean }]) {
    super(args);
  }

  /**
   * Applies the function elementwise: input of any shape `(*)`, output of the same shape (PyTorch:
   * `torch.nn.SELU.forward`).
   */
  forward(input: Tensor): Tensor {
    return act.selu(input, this.inplace);
  }

  /** The settings that `toString()` prints for this layer (PyTorch: `extra_repr`). */
  override extraRepr(): string {
    return inplaceSuffix(this.inplace, true);
  }
}

/** `max(0, x) + min(0, alpha * (exp(x / alpha) - 1))` (PyTorch: `torch.nn.CELU(alpha=1.0, inplace=False)`). */
export class CELU extends Module {
  /** The `alpha` of `alpha * (exp(x / alpha) - 1)` for negative inputs (PyTorch: `alpha`, default 1.0). */
  readonly alpha: number;
  /** Whether `forward` overwrites its input instead of allocating the output (PyTorch: `inplace`). */
  readonly inplace: boolean;

  /**
   * Takes the arguments of the PyTorch signature in the class description, positionally or as one
   * options object (PyTorch: `torch.nn.CELU.__init__`).
   */
  constructor(
    ...args: [alpha?: number, inplace?: boolean] | [options?: { alpha?: number; inplace?: boolean }]
  ) {
    super();
    const o = bindInit('CELU', args, ['alpha', 'inplace']);
    this.alpha = (o.alpha as number | undefined) ?? 1;
    this.inplace = (o.inplace as boolean | undefined) ?? false;
  }

  /**
   * Applies the function elementwise: input of any shape `(*)`, output of the same shape (PyTorch:
   * `torch.nn.CELU.forward`).
   */
  forward(input: Tensor): Tensor {
    return act.celu(input, this.alpha, this.inplace);
  }

  /** The settings that `toString()` prints for this layer (PyTorch: `extra_repr`). */
  override extraRepr(): string {
    return `alpha=${pyFloat(this.alpha)}${inplaceSuffix(this.inplace)}`;
  }
}

/** `x * tanh(softplus(x))` (PyTorch: `torch.nn.Mish(inplace=False)`). */
export class Mish extends InplaceActivation {
  /**
   * Takes the arguments of the PyTorch signature in the class description, positionally or as one
   * options object (PyTorch: `torch.nn.Mish.__init__`).
   */
  constructor(...args: [inplace?: boolean] | [options?: { inplace?: boolean }]) {
    super(args);
  }

  /**
   * Applies the function elementwise: input of any shape `(*)`, output of the same shape (PyTorch:
   * `torch.nn.Mish.forward`).
   */
  forward(input: Tensor): Tensor {
    return act.mish(input, this.inplace);
  }

  /** The settings that `toString()` prints for this layer (PyTorch: `extra_repr`). */
  override extraRepr(): string {
    return inplaceSuffix(this.inplace, true);
  }
}

/** `log(sigmoid(x))` (PyTorch: `torch.nn.LogSigmoid()`). */
export class LogSigmoid extends Module {
  /**
   * Applies the function elementwise: input of any shape `(*)`, output of the same shape (PyTorch:
   * `torch.nn.LogSigmoid.forward`).
   */
  forward(input: Tensor): Tensor {
    return act.logsigmoid(input);
  }
}

/** PyTorch's legacy implicit softmax dim (`_get_softmax_dim`): 0 for 0-, 1- and 3-d inputs, else 1. */
const implicitDim = (ndim: number) => (ndim === 0 || ndim === 1 || ndim === 3 ? 0 : 1);

/** Softmax of `-x` along `dim` (PyTorch: `torch.nn.Softmin(dim=None)`). */
export class Softmin extends Module {
  /** The dimension the function runs along; `null` picks PyTorch's legacy implicit dim (PyTorch: `dim`). */
  readonly dim: number | null;

  /**
   * Takes the arguments of the PyTorch signature in the class description, positionally or as one
   * options object (PyTorch: `torch.nn.Softmin.__init__`).
   */
  constructor(...args: [dim?: number | null] | [options: { dim?: number | null }]) {
    super();
    this.dim = (bindInit('Softmin', args, ['dim']).dim ?? null) as number | null;
  }

  /**
   * Softmin along `dim` (PyTorch's implicit dim when `null`: 0 for 0-, 1- and 3-d inputs, else 1): output of
   * the input's shape (PyTorch: `torch.nn.Softmin.forward`).
   */
  forward(input: Tensor): Tensor {
    return act.softmin(input, this.dim ?? implicitDim(input.ndim));
  }

  /** The settings that `toString()` prints for this layer (PyTorch: `extra_repr`). */
  override extraRepr(): string {
    return `dim=${this.dim ?? 'None'}`;
  }
}

/** `x` where `x > threshold`, else `value` (PyTorch: `torch.nn.Threshold(threshold, value, inplace=False)`). */
export class Threshold extends Module {
  /** Inputs at or below it are replaced (PyTorch: `threshold`). */
  readonly threshold: number;
  /** The value that replaces inputs at or below `threshold` (PyTorch: `value`). */
  readonly value: number;
  /** Whether `forward` overwrites its input instead of allocating the output (PyTorch: `inplace`). */
  readonly inplace: boolean;

  /**
   * Takes the arguments of the PyTorch signature in the class description, positionally or as one
   * options object (PyTorch: `torch.nn.Threshold.__init__`).
   */
  constructor(
    ...args:
      | [threshold: number, value: number, inplace?: boolean]
      | [options: { threshold: number; value: number; inplace?: boolean }]
  ) {
    super();
    const o = bindInit('Threshold', args, ['threshold', 'value', 'inplace']);
    if (typeof o.threshold !== 'number' || typeof o.value !== 'number') {
      throw new TypeError("Threshold.__init__() missing required arguments: 'threshold' and 'value'");
    }
    this.threshold = o.threshold;
    this.value = o.value;
    this.inplace = (o.inplace as boolean | undefined) ?? false;
  }

  /**
   * Applies the function elementwise: input of any shape `(*)`, output of the same shape (PyTorch:
   * `torch.nn.Threshold.forward`).
   */
  forward(input: Tensor): Tensor {
    return act.threshold(input, this.threshold, this.value, this.inplace);
  }

  /** The settings that `toString()` prints for this layer (PyTorch: `extra_repr`). */
  override extraRepr(): string {
    return `threshold=${pyNumber(this.threshold)}, value=${pyNumber(this.value)}${inplaceSuffix(this.inplace)}`;
  }
}

/** Constructor options of {@link PReLU} (PyTorch: the arguments of `torch.nn.PReLU`). */
export interface PReLUOptions {
  /** Number of learned slopes: 1, or the number of input channels (PyTorch: `num_parameters`, default 1). */
  numParameters?: number;
  /** Initial value of every slope (PyTorch: `init`, default 0.25). */
  init?: number;
  /** Device of the created parameters (PyTorch: `device`). */
  device?: string;
  /** Floating dtype of the created parameters (PyTorch: `dtype`). */
  dtype?: DType;
}

/**
 * `x` where positive, `weight * x` elsewhere, with a learned slope `weight` (one, or one per channel)
 * (PyTorch: `torch.nn.PReLU(num_parameters=1, init=0.25, device=None, dtype=None)`).
 */
export class PReLU extends Module {
  /** Number of learned slopes: 1, or the number of input channels (PyTorch: `num_parameters`, default 1). */
  readonly numParameters: number;
  /** Initial value of every slope (PyTorch: `init`, default 0.25). */
  readonly init: number;
  /** The learned slopes, shape `[numParameters]` (PyTorch: `PReLU.weight`). */
  weight: Parameter;

  /**
   * Takes `numParameters`, `init`, `device`, `dtype`, positionally or as one options object, and fills
   * `weight` with `init` (PyTorch: `torch.nn.PReLU.__init__`).
   */
  constructor(
    ...args:
      | [numParameters?: number, init?: number, device?: string, dtype?: DType]
      | [options?: PReLUOptions]
  ) {
    super();
    const o: PReLUOptions = bindInit('PReLU', args, ['numParameters', 'init', 'device', 'dtype']);
    this.numParameters = o.numParameters ?? 1;
    this.init = o.init ?? 0.25;
    this.weight = factoryParameter('empty', [this.numParameters], o);
    this.resetParameters();
  }

  /** Fills `weight` with `init` (PyTorch: `reset_parameters`). */
  resetParameters(): void {
    constant_(this.weight, this.init);
  }

  /**
   * Applies PReLU elementwise with the learned slope(s), one per channel (dim 1) when `numParameters > 1`:
   * output of the input's shape (PyTorch: `torch.nn.PReLU.forward`).
   */
  forward(input: Tensor): Tensor {
    return act.prelu(input, this.weight);
  }

  /** The settings that `toString()` prints for this layer (PyTorch: `extra_repr`). */
  override extraRepr(): string {
    return `num_parameters=${this.numParameters}`;
  }
}

/** `a * sigmoid(b)` of the halves of `dim` (PyTorch: `torch.nn.GLU(dim=-1)`). */
export class GLU extends Module {
  /** The dimension split in halves (PyTorch: `dim`, default -1). */
  readonly dim: number;

  /**
   * Takes the arguments of the PyTorch signature in the class description, positionally or as one
   * options object (PyTorch: `torch.nn.GLU.__init__`).
   */
  constructor(...args: [dim?: number] | [options?: { dim?: number }]) {
    super();
    this.dim = (bindInit('GLU', args, ['dim']).dim ?? -1) as number;
  }

  /**
   * Splits `dim` in halves `a`, `b` and returns `a * sigmoid(b)`: input `(*1, N, *2)`, output `(*1, N / 2,
   * *2)` (PyTorch: `torch.nn.GLU.forward`).
   */
  forward(input: Tensor): Tensor {
    return act.glu(input, this.dim);
  }

  /** The settings that `toString()` prints for this layer (PyTorch: `extra_repr`). */
  override extraRepr(): string {
    return `dim=${this.dim}`;
  }
}
