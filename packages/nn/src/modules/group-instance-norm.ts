/** `GroupNorm` and `InstanceNorm2d` (PyTorch: `torch.nn.GroupNorm`, `torch.nn.InstanceNorm2d`). */
import { bindArgs, type DType, scope, type Tensor } from '@typetorch/tensor';
import { groupNorm, instanceNorm } from '../functional/group-instance-norm.js';
import { ones_, zeros_ } from '../init/init.js';
import { Module } from '../module.js';
import type { Parameter } from '../parameter.js';
import { BatchNormBase, type BatchNormOptions } from './batchnorm.js';
import { type FactoryOptions, factoryParameter } from './factory.js';
import { pyBool, pyFloat } from './python-repr.js';

/** Options of {@link GroupNorm}. */
export interface GroupNormOptions extends FactoryOptions {
  /** Added to the variance before the square root; default 1e-5. */
  eps?: number;
  /** Learn a per-channel scale (`weight`) and shift (`bias`); default true. */
  affine?: boolean;
}

/**
 * Group normalization of `[N, C, *]` inputs: `numChannels` split into `numGroups` groups, each
 * normalised per sample (PyTorch: `torch.nn.GroupNorm(num_groups, num_channels, eps=1e-05,
 * affine=True)`). `weight` and `bias` are `[C]`, as in PyTorch's state dict.
 */
export class GroupNorm extends Module {
  readonly numGroups: number;
  readonly numChannels: number;
  readonly eps: number;
  readonly affine: boolean;
  weight: Parameter | null;
  bias: Parameter | null;

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

  forward(input: Tensor): Tensor {
    return groupNorm(input, this.numGroups, { weight: this.weight, bias: this.bias, eps: this.eps });
  }

  override extraRepr(): string {
    return `${this.numGroups}, ${this.numChannels}, eps=${pyFloat(this.eps)}, affine=${pyBool(this.affine)}`;
  }
}

/**
 * Instance normalization of `[N, C, H, W]` (or unbatched `[C, H, W]`) inputs: each sample's channel
 * normalised over its pixels (PyTorch: `torch.nn.InstanceNorm2d(num_features, eps=1e-05,
 * momentum=0.1, affine=False, track_running_stats=False)`). With `trackRunningStats` it keeps
 * `running_mean`, `running_var` and `num_batches_tracked` buffers, as PyTorch's state dict does, and
 * normalises with them in evaluation.
 */
export class InstanceNorm2d extends BatchNormBase {
  constructor(
    numFeatures: number,
    ...args:
      | [options?: BatchNormOptions]
      | [
          eps?: number,
          momentum?: number | null,
          affine?: boolean,
          trackRunningStats?: boolean,
          device?: string,
          dtype?: DType,
          options?: BatchNormOptions,
        ]
  ) {
    const options: BatchNormOptions = bindArgs('InstanceNorm2d.__init__()', args, {
      leading: 1,
      positional: ['eps', 'momentum', 'affine', 'trackRunningStats', 'device', 'dtype'],
    });
    super(numFeatures, {
      ...options,
      affine: options.affine ?? false,
      trackRunningStats: options.trackRunningStats ?? false,
    });
  }

  protected checkInputDim(input: Tensor): void {
    if (input.ndim !== 3 && input.ndim !== 4) {
      throw new RangeError(`expected 3D or 4D input (got ${input.ndim}D input)`);
    }
  }

  override forward(input: Tensor): Tensor {
    this.checkInputDim(input);
    if (this.momentum === null) {
      // PyTorch 1.13 passes momentum=None on to instance_norm, which rejects it.
      throw new TypeError("instance_norm(): argument 'momentum' (position 7) must be float, not NoneType");
    }
    if (input.ndim === 3) {
      return scope(() => this.forward(input.unsqueeze(0)).squeeze(0));
    }
    // Unlike batch norm, num_batches_tracked stays 0 (PyTorch keeps the buffer for its state dict only).
    return instanceNorm(input, {
      runningMean: this.running_mean,
      runningVar: this.running_var,
      weight: this.weight,
      bias: this.bias,
      useInputStats: this.training || !this.trackRunningStats,
      momentum: this.momentum,
      eps: this.eps,
    });
  }
}
