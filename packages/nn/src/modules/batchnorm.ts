/** Batch normalization layers (PyTorch: `torch.nn.BatchNorm1d`, `BatchNorm2d`, `BatchNorm3d`). */
import { noGrad } from '@typetorch/autograd';
import { bindArgs, type DType, type Tensor, tensor } from '@typetorch/tensor';
import { batchNorm } from '../functional/normalization.js';
import { ones_, zeros_ } from '../init/init.js';
import { Module } from '../module.js';
import type { Parameter } from '../parameter.js';
import { type FactoryOptions, factoryParameter, factoryTensor } from './factory.js';
import { pyBool, pyFloat } from './python-repr.js';

/**
 * Options of the batch and instance normalization layers (PyTorch: the arguments of `torch.nn.BatchNorm1d`
 * and `InstanceNorm1d` after `num_features`).
 */
export interface BatchNormOptions extends FactoryOptions {
  /** Added to the variance before the square root (PyTorch: `eps`, default 1e-5). */
  eps?: number;
  /**
   * Weight of each batch in the running statistics (PyTorch: `momentum`, default 0.1). `null` keeps a
   * cumulative average, which reads the batch count back each training step (a device with synchronous
   * reads).
   */
  momentum?: number | null;
  /**
   * Learn a per-channel scale and shift (PyTorch: `affine`; default True for batch norm, False for instance
   * norm).
   */
  affine?: boolean;
  /**
   * Keep running statistics for evaluation (PyTorch: `track_running_stats`; default True for batch norm,
   * False for instance norm).
   */
  trackRunningStats?: boolean;
}

/**
 * What the batch normalization layers share (PyTorch: `torch.nn.modules.batchnorm._BatchNorm`).
 * Running statistics are buffers under PyTorch's names (`running_mean`, `running_var`,
 * `num_batches_tracked`), so PyTorch state dicts load; `runningMean`, `runningVar` and
 * `numBatchesTracked` are camelCase accessors of the same tensors.
 */
export abstract class BatchNormBase extends Module {
  /** Added to the variance before the square root (PyTorch: `eps`, default 1e-5). */
  readonly eps: number;
  /**
   * Weight of each batch in the running statistics, or `null` for a cumulative average (PyTorch: `momentum`,
   * default 0.1).
   */
  readonly momentum: number | null;
  /** Whether the layer learns a per-channel scale `weight` and shift `bias` (PyTorch: `affine`). */
  readonly affine: boolean;
  /** Whether the layer keeps running statistics for evaluation (PyTorch: `track_running_stats`). */
  readonly trackRunningStats: boolean;
  /** The learnable scale `[C]` (ones at first), or `null` without `affine` (PyTorch: `weight`). */
  weight: Parameter | null;
  /** The learnable shift `[C]` (zeros at first), or `null` without `affine` (PyTorch: `bias`). */
  bias: Parameter | null;
  /** The running mean buffer `[C]`, or `null` without `trackRunningStats` (PyTorch: `running_mean`). */
  declare running_mean: Tensor | null;
  /**
   * The running (unbiased) variance buffer `[C]`, or `null` without `trackRunningStats` (PyTorch:
   * `running_var`).
   */
  declare running_var: Tensor | null;
  /**
   * The int64 count of training batches seen, or `null` without `trackRunningStats` (PyTorch:
   * `num_batches_tracked`).
   */
  declare num_batches_tracked: Tensor | null;

  /**
   * Takes `numFeatures`, then `eps`, `momentum`, `affine`, `trackRunningStats`, `device`, `dtype`
   * positionally or as one options object (PyTorch: `_BatchNorm.__init__(num_features, eps=1e-05,
   * momentum=0.1, affine=True, track_running_stats=True, device=None, dtype=None)`).
   * @param numFeatures - `C`, the number of channels (PyTorch: `num_features`).
   */
  constructor(
    readonly numFeatures: number,
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
    super();
    const options: BatchNormOptions = bindArgs(`${new.target.name}.__init__()`, args, {
      leading: 1,
      positional: ['eps', 'momentum', 'affine', 'trackRunningStats', 'device', 'dtype'],
    });
    this.eps = options.eps ?? 1e-5;
    this.momentum = options.momentum === undefined ? 0.1 : options.momentum;
    this.affine = options.affine ?? true;
    this.trackRunningStats = options.trackRunningStats ?? true;
    this.weight = this.affine ? factoryParameter('ones', [numFeatures], options) : null;
    this.bias = this.affine ? factoryParameter('zeros', [numFeatures], options) : null;
    const track = this.trackRunningStats;
    this.registerBuffer('running_mean', track ? factoryTensor('zeros', [numFeatures], options) : null);
    this.registerBuffer('running_var', track ? factoryTensor('ones', [numFeatures], options) : null);
    this.registerBuffer(
      'num_batches_tracked',
      track ? tensor(0, { dtype: 'int64', device: options.device }) : null,
    );
  }

  /** The `running_mean` buffer under its camelCase name (PyTorch: `running_mean`). */
  get runningMean(): Tensor | null {
    return this.running_mean;
  }
  /** Replaces the `running_mean` buffer (PyTorch: assigning `running_mean`). */
  set runningMean(t: Tensor | null) {
    this.running_mean = t;
  }
  /** The `running_var` buffer under its camelCase name (PyTorch: `running_var`). */
  get runningVar(): Tensor | null {
    return this.running_var;
  }
  /** Replaces the `running_var` buffer (PyTorch: assigning `running_var`). */
  set runningVar(t: Tensor | null) {
    this.running_var = t;
  }
  /** The `num_batches_tracked` buffer under its camelCase name (PyTorch: `num_batches_tracked`). */
  get numBatchesTracked(): Tensor | null {
    return this.num_batches_tracked;
  }
  /** Replaces the `num_batches_tracked` buffer (PyTorch: assigning `num_batches_tracked`). */
  set numBatchesTracked(t: Tensor | null) {
    this.num_batches_tracked = t;
  }

  /** Running mean 0, running variance 1, no batches seen (PyTorch: `reset_running_stats`). */
  resetRunningStats(): void {
    noGrad(() => {
      this.running_mean?.zero_();
      this.running_var?.fill_(1);
      this.num_batches_tracked?.zero_();
    });
  }

  /** Also resets the scale to 1 and the shift to 0 (PyTorch: `reset_parameters`). */
  resetParameters(): void {
    this.resetRunningStats();
    if (this.weight !== null) ones_(this.weight);
    if (this.bias !== null) zeros_(this.bias);
  }

  /** Throws PyTorch's message when `input` has the wrong number of dims for this layer. */
  protected abstract checkInputDim(input: Tensor): void;

  /**
   * Normalizes each channel of `[N, C, *]` input: in training with the batch's mean and biased variance (and
   * updates the running statistics), in evaluation with the running statistics; output of the input's shape
   * (PyTorch: `_BatchNorm.forward`).
   */
  forward(input: Tensor): Tensor {
    this.checkInputDim(input);
    let factor = this.momentum ?? 0;
    if (this.training && this.trackRunningStats && this.num_batches_tracked !== null) {
      const tracked = this.num_batches_tracked;
      noGrad(() => tracked.add_(1));
      // momentum null: a cumulative moving average, each batch weighted 1 / batches seen.
      factor = this.momentum ?? 1 / Number(tracked.itemSync());
    }
    // Out of training, layers without running statistics still normalise with the batch's.
    const useBatchStats = this.training || (this.running_mean === null && this.running_var === null);
    const useRunning = !this.training || this.trackRunningStats;
    return batchNorm(input, useRunning ? this.running_mean : null, useRunning ? this.running_var : null, {
      weight: this.weight,
      bias: this.bias,
      training: useBatchStats,
      momentum: factor,
      eps: this.eps,
    });
  }

  /** The settings that `toString()` prints for this layer (PyTorch: `extra_repr`). */
  override extraRepr(): string {
    const momentum = this.momentum === null ? 'None' : pyFloat(this.momentum);
    return `${this.numFeatures}, eps=${pyFloat(this.eps)}, momentum=${momentum}, affine=${pyBool(this.affine)}, track_running_stats=${pyBool(this.trackRunningStats)}`;
  }
}

/** Batch normalization of `[N, C]` or `[N, C, L]` inputs (PyTorch: `torch.nn.BatchNorm1d(num_features)`). */
export class BatchNorm1d extends BatchNormBase {
  protected checkInputDim(input: Tensor): void {
    if (input.ndim !== 2 && input.ndim !== 3) {
      throw new RangeError(`expected 2D or 3D input (got ${input.ndim}D input)`);
    }
  }
}

/** Batch normalization of `[N, C, H, W]` inputs (PyTorch: `torch.nn.BatchNorm2d(num_features)`). */
export class BatchNorm2d extends BatchNormBase {
  protected checkInputDim(input: Tensor): void {
    if (input.ndim !== 4) throw new RangeError(`expected 4D input (got ${input.ndim}D input)`);
  }
}

/** Batch normalization of `[N, C, D, H, W]` inputs (PyTorch: `torch.nn.BatchNorm3d(num_features)`). */
export class BatchNorm3d extends BatchNormBase {
  protected checkInputDim(input: Tensor): void {
    if (input.ndim !== 5) throw new RangeError(`expected 5D input (got ${input.ndim}D input)`);
  }
}
