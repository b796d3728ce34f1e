/** `GroupNorm` and `InstanceNorm2d` (PyTorch: `torch.nn.GroupNorm`, `torch.nn.InstanceNorm2d`). */
import { bindArgs, type DType, type Tensor } from '@typetorch/tensor';
import { groupNorm } from '../functional/group-instance-norm.js';
import { ones_, zeros_ } from '../init/init.js';
import { Module } from '../module.js';
import type { Parameter } from '../parameter.js';
import { type FactoryOptions, factoryParameter } from './factory.js';
import { type InstanceNormArgs, InstanceNormBase } from './instance-norm.js';
import { pyBool, pyFloat } from './python-repr.js';

/** Options of {@link GroupNorm} (PyTorch: the arguments of `torch.nn.GroupNorm` after `num_channels`). */
export interface GroupNormOptions extends FactoryOptions {
  /** Added to the variance before the square root (PyTorch: `eps`, default 1e-5). */
  eps?: number;
  /** Learn a per-channel scale (`weight`) and shift (`bias`) (PyTorch: `affine`, default True). */
  affine?: boolean;
}

/**
 * Group normalization of `[N, C, *]` inputs: `numChannels` split into `numGroups` groups, each
 * normalised per sample (PyTorch: `torch.nn.GroupNorm(num_groups, num_channels, eps=1e-05,
 * affine=True)`). `weight` and `bias` are `[C]`, as in PyTorch's state dict.
 */
export class GroupNorm extends Module {
  /** Number of groups the channels are split into (PyTorch: `num_groups`). */
  readonly numGroups: number;
  /** Number of channels `C` of the input (PyTorch: `num_channels`). */
  readonly numChannels: number;
  /** Added to the variance before the square root (PyTorch: `eps`, default 1e-5). */
  readonly eps: number;
  /** Whether the layer learns a per-channel scale `weight` and shift `bias` (PyTorch: `affine`). */
  readonly affine: boolean;
  /** The learnable scale `[C]` (ones at first), or `null` without `affine` (PyTorch: `weight`). */
  weight: Parameter | null;
  /** The learnable shift `[C]` (zeros at first), or `null` without `affine` (PyTorch: `bias`). */
  bias: Parameter | null;

  /**
   * Takes `numGroups`, `numChannels` (divisible by `numGroups`), then `eps`, `affine`, `device`, `dtype`
   * positionally or as one options object (PyTorch: `torch.nn.GroupNorm.__init__`).
   */
  constructor(
    numGroups: number,
    numChannels: number,
    ...args:
      | [options?: GroupNormOptions]
      | [eps?: number, affine?: boolean, device?: string, dtype?: DType, options?: GroupNormOptions]
  ) {
    super();
    const options: GroupNormOptions = bindArgs('GroupNorm.__init__()', args, {
      leading: 2,
      positional: ['eps', 'affine', 'device', 'dtype'],
    });
    if (numChannels % numGroups !== 0) throw new RangeError('num_channels must be divisible by num_groups');
    this.numGroups = numGroups;
    this.numChannels = numChannels;
    this.eps = options.eps ?? 1e-5;
    this.affine = options.affine ?? true;
    this.weight = this.affine ? factoryParameter('ones', [numChannels], options) : null;
    this.bias = this.affine ? factoryParameter('zeros', [numChannels], options) : null;
  }

  /** Scale 1, shift 0 (PyTorch: `reset_parameters`). */
  resetParameters(): void {
    if (this.weight !== null) ones_(this.weight);
    if (this.bias !== null) zeros_(this.bias);
  }

  /** Input `[N, C, *]`; output of the same shape (PyTorch: `torch.nn.GroupNorm.forward`). */
  forward(input: Tensor): Tensor {
    return groupNorm(input, this.numGroups, { weight: this.weight, bias: this.bias, eps: this.eps });
  }

  /** The settings that `toString()` prints for this layer (PyTorch: `extra_repr`). */
  override extraRepr(): string {
    return `${this.numGroups}, ${this.numChannels}, eps=${pyFloat(this.eps)}, affine=${pyBool(this.affine)}`;
  }
}

/**
 * Instance normalization of `[N, C, H, W]` (or unbatched `[C, H, W]`) inputs: each sample's channel
 * normalised over its pixels (PyTorch: `torch.nn.InstanceNorm2d(num_features, eps=1e-05,
 * momentum=0.1, affine=False, track_running_stats=False)`). With `trackRunningStats` it keeps
 * `running_mean`, `running_var` and `num_batches_tracked` buffers, as PyTorch's state dict does, and
 * normalises with them in evaluation (the behaviour InstanceNorm1d and InstanceNorm3d share).
 */
export class InstanceNorm2d extends InstanceNormBase {
  /**
   * Takes `numFeatures`, then `eps`, `momentum`, `affine`, `trackRunningStats`, `device`, `dtype`
   * positionally or as one options object (PyTorch: `torch.nn.InstanceNorm2d.__init__`).
   */
  constructor(numFeatures: number, ...args: InstanceNormArgs) {
    super(2, numFeatures, args);
  }
}
