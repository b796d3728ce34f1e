/**
 * `InstanceNorm1d`, `InstanceNorm3d`, `AdaptiveAvgPool1d` and `Bilinear` (PyTorch names, arguments,
 * state-dict names and printing), composed of existing tensor ops.
 */
import { bindArgs, type DType, type Tensor } from '@typetorch/tensor';
import { adaptiveAvgPool1d, bilinear } from '../functional/layers-breadth.js';
import { uniform_ } from '../init/init.js';
import { Module } from '../module.js';
import type { Parameter } from '../parameter.js';
import { type FactoryOptions, factoryParameter } from './factory.js';
import { type InstanceNormArgs, InstanceNormBase } from './instance-norm.js';
import { pyBool } from './python-repr.js';

/**
 * Instance normalization of `[N, C, L]` (or `[C, L]`) inputs (PyTorch: `torch.nn.InstanceNorm1d(
 * num_features, eps=1e-05, momentum=0.1, affine=False, track_running_stats=False, device=None,
 * dtype=None)`).
 */
export class InstanceNorm1d extends InstanceNormBase {
  /**
   * Takes `numFeatures`, then `eps`, `momentum`, `affine`, `trackRunningStats`, `device`, `dtype`
   * positionally or as one options object (PyTorch: `torch.nn.InstanceNorm1d.__init__`).
   */
  constructor(numFeatures: number, ...args: InstanceNormArgs) {
    super(1, numFeatures, args);
  }
}

/**
 * Instance normalization of `[N, C, D, H, W]` (or `[C, D, H, W]`) inputs (PyTorch:
 * `torch.nn.InstanceNorm3d(num_features, eps=1e-05, momentum=0.1, affine=False,
 * track_running_stats=False, device=None, dtype=None)`).
 */
export class InstanceNorm3d extends InstanceNormBase {
  /**
   * Takes `numFeatures`, then `eps`, `momentum`, `affine`, `trackRunningStats`, `device`, `dtype`
   * positionally or as one options object (PyTorch: `torch.nn.InstanceNorm3d.__init__`).
   */
  constructor(numFeatures: number, ...args: InstanceNormArgs) {
    super(3, numFeatures, args);
  }
}

/** Average pooling of `[N, C, L]` / `[C, L]` to `outputSize` (PyTorch: `torch.nn.AdaptiveAvgPool1d(output_size)`). */
export class AdaptiveAvgPool1d extends Module {
  /** The output length (PyTorch: `output_size`). */
  readonly outputSize: number;

  /** Takes the output length (PyTorch: `torch.nn.AdaptiveAvgPool1d.__init__`). */
  constructor(outputSize: number) {
    super();
    this.outputSize = outputSize;
  }

  /**
   * Input `[N, C, L]` or `[C, L]`; output `[N, C, outputSize]` (or unbatched) (PyTorch:
   * `torch.nn.AdaptiveAvgPool1d.forward`).
   */
  forward(input: Tensor): Tensor {
    return adaptiveAvgPool1d(input, this.outputSize);
  }

  /** The settings that `toString()` prints for this layer (PyTorch: `extra_repr`). */
  override extraRepr(): string {
    return `output_size=${this.outputSize}`;
  }
}

/** Options of {@link Bilinear} (PyTorch: the arguments of `torch.nn.Bilinear` after `out_features`). */
export interface BilinearOptions extends FactoryOptions {
  /** Learn an additive `bias` (PyTorch: `bias`, default True). */
  bias?: boolean;
}

/**
 * `y = x1^T A x2 + b` (PyTorch: `torch.nn.Bilinear(in1_features, in2_features, out_features, bias=True,
 * device=None, dtype=None)`), `weight` `[out, in1, in2]` and `bias` `[out]` drawn from
 * U(-1/sqrt(in1), 1/sqrt(in1)) as PyTorch does.
 */
export class Bilinear extends Module {
  /** Size of each first input sample (PyTorch: `in1_features`). */
  readonly in1Features: number;
  /** Size of each second input sample (PyTorch: `in2_features`). */
  readonly in2Features: number;
  /** Size of each output sample (PyTorch: `out_features`). */
  readonly outFeatures: number;
  /** The learnable weight `[outFeatures, in1Features, in2Features]` (PyTorch: `weight`). */
  weight: Parameter;
  /** The learnable bias `[outFeatures]`, or `null` (PyTorch: `bias`). */
  bias: Parameter | null;

  /**
   * Takes `in1Features`, `in2Features`, `outFeatures`, then `bias`, `device`, `dtype` positionally or as one
   * options object (PyTorch: `torch.nn.Bilinear.__init__`).
   */
  constructor(
    in1Features: number,
    in2Features: number,
    outFeatures: number,
    ...args:
      | [options?: BilinearOptions]
      | [bias?: boolean, device?: string, dtype?: DType, options?: BilinearOptions]
  ) {
    super();
    const options: BilinearOptions = bindArgs('Bilinear.__init__()', args, {
      leading: 3,
      positional: ['bias', 'device', 'dtype'],
    });
    this.in1Features = in1Features;
    this.in2Features = in2Features;
    this.outFeatures = outFeatures;
    this.weight = factoryParameter('empty', [outFeatures, in1Features, in2Features], options);
    this.bias = (options.bias ?? true) ? factoryParameter('empty', [outFeatures], options) : null;
    this.resetParameters();
  }

  /** Re-draws the parameters from U(-1/sqrt(in1), 1/sqrt(in1)) (PyTorch: `reset_parameters`). */
  resetParameters(): void {
    const bound = 1 / Math.sqrt(this.weight.shape[1]);
    uniform_(this.weight, -bound, bound);
    if (this.bias) uniform_(this.bias, -bound, bound);
  }

  /**
   * Inputs `[*, in1Features]` and `[*, in2Features]`; output `[*, outFeatures]` (PyTorch:
   * `torch.nn.Bilinear.forward`).
   */
  forward(input1: Tensor, input2: Tensor): Tensor {
    return bilinear(input1, input2, this.weight, this.bias);
  }

  /** The settings that `toString()` prints for this layer (PyTorch: `extra_repr`). */
  override extraRepr(): string {
    return `in1_features=${this.in1Features}, in2_features=${this.in2Features}, out_features=${this.outFeatures}, bias=${pyBool(this.bias !== null)}`;
  }
}
