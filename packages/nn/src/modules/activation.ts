/**
 * Activation layers (PyTorch: `torch.nn.ReLU`, `LeakyReLU`, `ELU`, `GELU`, `SiLU`, `Sigmoid`, `Tanh`,
 * `Softmax`, `LogSoftmax`): the functions of `F` with their settings held as fields.
 */
import { bindArgs, type Tensor } from '@typetorch/tensor';
import * as act from '../functional/activation.js';
import { Module } from '../module.js';
import { pyFloat } from './python-repr.js';

/** `, inplace=True` when set: PyTorch prints the flag only when it is on. */
const inplaceSuffix = (inplace: boolean, first = false) =>
  inplace ? `${first ? '' : ', '}inplace=True` : '';

/** `max(0, x)` (PyTorch: `torch.nn.ReLU(inplace=False)`). */
export class ReLU extends Module {
  /** Whether `forward` overwrites its input instead of allocating the output (PyTorch: `inplace`). */
  readonly inplace: boolean;

  /**
   * Takes the arguments of the PyTorch signature in the class description, positionally or as one
   * options object (PyTorch: `torch.nn.ReLU.__init__`).
   */
  constructor(...args: [options?: act.InplaceOptions] | [inplace?: boolean]) {
    super();
    this.inplace = (bindArgs(`${new.target.name}.__init__()`, args, { positional: ['inplace'] }).inplace ??
      false) as boolean;
  }

  /**
   * Applies the function elementwise: input of any shape `(*)`, output of the same shape (PyTorch:
   * `torch.nn.ReLU.forward`).
   */
  forward(input: Tensor): Tensor {
    return act.relu(input, { inplace: this.inplace });
  }

  /** The settings that `toString()` prints for this layer (PyTorch: `extra_repr`). */
  override extraRepr(): string {
    return inplaceSuffix(this.inplace, true);
  }
}

/** `x` if positive, else `negativeSlope * x` (PyTorch: `torch.nn.LeakyReLU(negative_slope=0.01, inplace=False)`). */
export class LeakyReLU extends Module {
  /** Whether `forward` overwrites its input instead of allocating the output (PyTorch: `inplace`). */
  readonly inplace: boolean;

  /** Slope for negative inputs (PyTorch: `negative_slope`, default 0.01). */
  readonly negativeSlope: number;

  /**
   * Takes the arguments of the PyTorch signature in the class description, positionally or as one
   * options object (PyTorch: `torch.nn.LeakyReLU.__init__`).
   */
  constructor(
    ...args:
      | [options?: act.InplaceOptions & { negativeSlope?: number }]
      | [negativeSlope?: number, inplace?: boolean | act.InplaceOptions]
  ) {
    super();
    const options = bindArgs('LeakyReLU.__init__()', args, { positional: ['negativeSlope', 'inplace'] });
    this.negativeSlope = (options.negativeSlope as number | undefined) ?? 0.01;
    this.inplace = (options.inplace as boolean | undefined) ?? false;
  }

  /**
   * Applies the function elementwise: input of any shape `(*)`, output of the same shape (PyTorch:
   * `torch.nn.LeakyReLU.forward`).
   */
  forward(input: Tensor): Tensor {
    return act.leakyRelu(input, this.negativeSlope, { inplace: this.inplace });
  }

  /** The settings that `toString()` prints for this layer (PyTorch: `extra_repr`). */
  override extraRepr(): string {
    return `negative_slope=${pyFloat(this.negativeSlope)}${inplaceSuffix(this.inplace)}`;
  }
}

/** `x` if positive, else `alpha * (exp(x) - 1)` (PyTorch: `torch.nn.ELU(alpha=1.0, inplace=False)`). */
export class ELU extends Module {
  /** Whether `forward` overwrites its input instead of allocating the output (PyTorch: `inplace`). */
  readonly inplace: boolean;

  /** The `alpha` of `alpha * (exp(x) - 1)` for negative inputs (PyTorch: `alpha`, default 1.0). */
  readonly alpha: number;

  /**
   * Takes the arguments of the PyTorch signature in the class description, positionally or as one
   * options object (PyTorch: `torch.nn.ELU.__init__`).
   */
  constructor(
    ...args:
      | [options?: act.InplaceOptions & { alpha?: number }]
      | [alpha?: number, inplace?: boolean | act.InplaceOptions]
  ) {
    super();
    const options = bindArgs('ELU.__init__()', args, { positional: ['alpha', 'inplace'] });
    this.alpha = (options.alpha as number | undefined) ?? 1.0;
    this.inplace = (options.inplace as boolean | undefined) ?? false;
  }

  /**
   * Applies the function elementwise: input of any shape `(*)`, output of the same shape (PyTorch:
   * `torch.nn.ELU.forward`).
   */
  forward(input: Tensor): Tensor {
    return act.elu(input, this.alpha, { inplace: this.inplace });
  }

  /** The settings that `toString()` prints for this layer (PyTorch: `extra_repr`). */
  override extraRepr(): string {
    return `alpha=${pyFloat(this.alpha)}${inplaceSuffix(this.inplace)}`;
  }
}

/** `x * Phi(x)` (PyTorch: `torch.nn.GELU(approximate='none')`); `{ approximate: 'tanh' }` for the tanh form. */
export class GELU extends Module {
  /** `'none'` for the exact GELU, `'tanh'` for the tanh approximation (PyTorch: `approximate`). */
  readonly approximate: 'none' | 'tanh';

  /**
   * Takes the arguments of the PyTorch signature in the class description, positionally or as one
   * options object (PyTorch: `torch.nn.GELU.__init__`).
   */
  constructor(...args: [options?: act.GeluOptions] | [approximate?: 'none' | 'tanh']) {
    super();
    const options: act.GeluOptions = bindArgs('GELU.__init__()', args, { positional: ['approximate'] });
    this.approximate = options.approximate ?? 'none';
  }

  /**
   * Applies the function elementwise: input of any shape `(*)`, output of the same shape (PyTorch:
   * `torch.nn.GELU.forward`).
   */
  forward(input: Tensor): Tensor {
    return act.gelu(input, { approximate: this.approximate });
  }

  /** The settings that `toString()` prints for this layer (PyTorch: `extra_repr`). */
  override extraRepr(): string {
    return `approximate='${this.approximate}'`;
  }
}

/** `x * sigmoid(x)` (PyTorch: `torch.nn.SiLU(inplace=False)`). */
export class SiLU extends Module {
  /** Whether `forward` overwrites its input instead of allocating the output (PyTorch: `inplace`). */
  readonly inplace: boolean;

  /**
   * Takes the arguments of the PyTorch signature in the class description, positionally or as one
   * options object (PyTorch: `torch.nn.SiLU.__init__`).
   */
  constructor(...args: [options?: act.InplaceOptions] | [inplace?: boolean]) {
    super();
    this.inplace = (bindArgs(`${new.target.name}.__init__()`, args, { positional: ['inplace'] }).inplace ??
      false) as boolean;
  }

  /**
   * Applies the function elementwise: input of any shape `(*)`, output of the same shape (PyTorch:
   * `torch.nn.SiLU.forward`).
   */
  forward(input: Tensor): Tensor {
    return act.silu(input, { inplace: this.inplace });
  }

  /** The settings that `toString()` prints for this layer (PyTorch: `extra_repr`). */
  override extraRepr(): string {
    return inplaceSuffix(this.inplace, true);
  }
}

/** Logistic function (PyTorch: `torch.nn.Sigmoid`). */
export class Sigmoid extends Module {
  /**
   * Applies the function elementwise: input of any shape `(*)`, output of the same shape (PyTorch:
   * `torch.nn.Sigmoid.forward`).
   */
  forward(input: Tensor): Tensor {
    return input.sigmoid();
  }
}

/** Hyperbolic tangent (PyTorch: `torch.nn.Tanh`). */
export class Tanh extends Module {
  /**
   * Applies the function elementwise: input of any shape `(*)`, output of the same shape (PyTorch:
   * `torch.nn.Tanh.forward`).
   */
  forward(input: Tensor): Tensor {
    return input.tanh();
  }
}

/** PyTorch's legacy implicit softmax dim (`_get_softmax_dim`): 0 for 0-, 1- and 3-d inputs, else 1. */
function implicitDim(ndim: number): number {
  return ndim === 0 || ndim === 1 || ndim === 3 ? 0 : 1;
}

/** Softmax along `dim` (PyTorch: `torch.nn.Softmax(dim=None)`). */
export class Softmax extends Module {
  /** The dimension the function runs along; `null` picks PyTorch's legacy implicit dim (PyTorch: `dim`). */
  readonly dim: number | null;

  /**
   * Takes the arguments of the PyTorch signature in the class description, positionally or as one
   * options object (PyTorch: `torch.nn.Softmax.__init__`).
   */
  constructor(...args: [dim?: number | null] | [options: { dim?: number | null }]) {
    super();
    this.dim = (bindArgs('Softmax.__init__()', args, { positional: ['dim'] }).dim ?? null) as number | null;
  }

  /**
   * Softmax along `dim` (PyTorch's implicit dim when `null`: 0 for 0-, 1- and 3-d inputs, else 1): output of
   * the input's shape, summing to 1 along `dim` (PyTorch: `torch.nn.Softmax.forward`).
   */
  forward(input: Tensor): Tensor {
    return act.softmax(input, this.dim ?? implicitDim(input.ndim));
  }

  /** The settings that `toString()` prints for this layer (PyTorch: `extra_repr`). */
  override extraRepr(): string {
    return `dim=${this.dim ?? 'None'}`;
  }
}

/** Log-softmax along `dim` (PyTorch: `torch.nn.LogSoftmax(dim=None)`). */
export class LogSoftmax extends Module {
  /** The dimension the function runs along; `null` picks PyTorch's legacy implicit dim (PyTorch: `dim`). */
  readonly dim: number | null;

  /**
   * Takes the arguments of the PyTorch signature in the class description, positionally or as one
   * options object (PyTorch: `torch.nn.LogSoftmax.__init__`).
   */
  constructor(...args: [dim?: number | null] | [options: { dim?: number | null }]) {
    super();
    this.dim = (bindArgs('LogSoftmax.__init__()', args, { positional: ['dim'] }).dim ?? null) as
      | number
      | null;
  }

  /**
   * Log-softmax along `dim` (PyTorch's implicit dim when `null`: 0 for 0-, 1- and 3-d inputs, else 1): output
   * of the input's shape (PyTorch: `torch.nn.LogSoftmax.forward`).
   */
  forward(input: Tensor): Tensor {
    return act.logSoftmax(input, this.dim ?? implicitDim(input.ndim));
  }

  /** The settings that `toString()` prints for this layer (PyTorch: `extra_repr`). */
  override extraRepr(): string {
    return `dim=${this.dim ?? 'None'}`;
  }
}
