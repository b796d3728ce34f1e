/** `Linear` and `Identity` (PyTorch: `torch.nn.Linear`, `torch.nn.Identity`). */
import { bindArgs, type DType, type Tensor } from '@typetorch/tensor';
import { linear } from '../functional/linear.js';
import { calculateFanInAndFanOut } from '../init/fan.js';
import { kaimingUniform_, uniform_ } from '../init/init.js';
import { Module } from '../module.js';
import type { Parameter } from '../parameter.js';
import { type FactoryOptions, factoryParameter } from './factory.js';
import { pyBool } from './python-repr.js';

/** Returns its input unchanged; a placeholder layer (PyTorch: `torch.nn.Identity`). Arguments are ignored. */
export class Identity extends Module {
  /**
   * Accepts and ignores any arguments, as PyTorch's does (PyTorch: `torch.nn.Identity.__init__(*args,
   * **kwargs)`).
   */
  constructor(..._args: unknown[]) {
    super();
  }

  /** Returns `input` itself (PyTorch: `torch.nn.Identity.forward`). */
  forward(input: Tensor): Tensor {
    return input;
  }
}

/** Options of {@link Linear} (PyTorch: the arguments of `torch.nn.Linear` after `out_features`). */
export interface LinearOptions extends FactoryOptions {
  /** Learn an additive bias (PyTorch: `bias`, default True). */
  bias?: boolean;
}

/**
 * `y = x W^T + b` (PyTorch: `torch.nn.Linear(in_features, out_features, bias=True)`), with `weight`
 * `[out, in]` and `bias` `[out]` as in PyTorch, so state dicts load either way. Initialised as PyTorch
 * does: `weight` by Kaiming-uniform with `a = sqrt(5)` (U(-1/sqrt(in), 1/sqrt(in))) and `bias` from
 * U(-1/sqrt(in), 1/sqrt(in)).
 */
export class Linear extends Module {
  /** Size of each input sample (PyTorch: `in_features`). */
  readonly inFeatures: number;
  /** Size of each output sample (PyTorch: `out_features`). */
  readonly outFeatures: number;
  /** The learnable weight `[outFeatures, inFeatures]` (PyTorch: `weight`). */
  weight: Parameter;
  /** The learnable bias `[outFeatures]`, or `null` when created with `bias: false` (PyTorch: `bias`). */
  bias: Parameter | null;

  /**
   * Takes `inFeatures`, `outFeatures`, then `bias`, `device`, `dtype` positionally or as one options object
   * (PyTorch: `torch.nn.Linear.__init__`).
   */
  constructor(
    inFeatures: number,
    outFeatures: number,
    ...args:
      | [options?: LinearOptions]
      | [bias?: boolean, device?: string, dtype?: DType, options?: LinearOptions]
  ) {
    super();
    const options: LinearOptions = bindArgs('Linear.__init__()', args, {
      leading: 2,
      positional: ['bias', 'device', 'dtype'],
    });
    this.inFeatures = inFeatures;
    this.outFeatures = outFeatures;
    this.weight = factoryParameter('empty', [outFeatures, inFeatures], options);
    this.bias = (options.bias ?? true) ? factoryParameter('empty', [outFeatures], options) : null;
    this.resetParameters();
  }

  /** Re-draws the parameters with PyTorch's default initialisation (PyTorch: `reset_parameters`). */
  resetParameters(): void {
    kaimingUniform_(this.weight, { a: Math.sqrt(5) });
    if (this.bias !== null) {
      const [fanIn] = calculateFanInAndFanOut(this.weight);
      const bound = fanIn > 0 ? 1 / Math.sqrt(fanIn) : 0;
      uniform_(this.bias, -bound, bound);
    }
  }

  /** Input `[*, inFeatures]`; output `[*, outFeatures]` (PyTorch: `torch.nn.Linear.forward`). */
  forward(input: Tensor): Tensor {
    return linear(input, this.weight, this.bias);
  }

  /** The settings that `toString()` prints for this layer (PyTorch: `extra_repr`). */
  override extraRepr(): string {
    return `in_features=${this.inFeatures}, out_features=${this.outFeatures}, bias=${pyBool(this.bias !== null)}`;
  }
}
