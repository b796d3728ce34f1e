/**
 * What `InstanceNorm1d`, `InstanceNorm2d` and `InstanceNorm3d` share (PyTorch:
 * `torch.nn.modules.instancenorm._InstanceNorm`): the arguments, the buffers and state-dict names of
 * {@link BatchNormBase}, and a forward pass over `[N, C, *]` inputs (or unbatched `[C, *]`).
 */
import { bindArgs, type DType, scope, type Tensor } from '@typetorch/tensor';
import { instanceNorm } from '../functional/group-instance-norm.js';
import { BatchNormBase, type BatchNormOptions } from './batchnorm.js';

/**
 * The arguments after `numFeatures` of InstanceNorm1d / 2d / 3d, positional or as options (PyTorch:
 * `eps=1e-05, momentum=0.1, affine=False, track_running_stats=False, device=None, dtype=None`).
 */
export type InstanceNormArgs =
  | [options?: BatchNormOptions]
  | [
      eps?: number,
      momentum?: number | null,
      affine?: boolean,
      trackRunningStats?: boolean,
      device?: string,
      dtype?: DType,
      options?: BatchNormOptions,
    ];

/**
 * Instance normalization over `numDims` spatial dimensions (PyTorch: `_InstanceNorm`): each
 * sample's channel normalised over its own elements; `affine` and `trackRunningStats` default to
 * false. With `trackRunningStats` it keeps `running_mean`, `running_var` and `num_batches_tracked`
 * buffers, as PyTorch's state dict does, and normalises with them in evaluation.
 */
export abstract class InstanceNormBase extends BatchNormBase {
  /** Dims of a batched input: `numDims + 2` (3 for 1d, 4 for 2d, 5 for 3d). */
  private readonly batchedDims: number;

  /**
   * Binds the arguments after `numFeatures`; `affine` and `trackRunningStats` default to false (PyTorch:
   * `_InstanceNorm.__init__`).
   */
  constructor(numDims: 1 | 2 | 3, numFeatures: number, args: InstanceNormArgs) {
    const options: BatchNormOptions = bindArgs(`InstanceNorm${numDims}d.__init__()`, args, {
      leading: 1,
      positional: ['eps', 'momentum', 'affine', 'trackRunningStats', 'device', 'dtype'],
    });
    super(numFeatures, {
      ...options,
      affine: options.affine ?? false,
      trackRunningStats: options.trackRunningStats ?? false,
    });
    this.batchedDims = numDims + 2;
  }

  protected checkInputDim(input: Tensor): void {
    const d = this.batchedDims;
    if (input.ndim !== d - 1 && input.ndim !== d) {
      throw new RangeError(`expected ${d - 1}D or ${d}D input (got ${input.ndim}D input)`);
    }
  }

  /**
   * Input `[N, C, *]` or unbatched `[C, *]`; output of the same shape, each sample's channel normalised over
   * its own elements (with the running statistics in evaluation when `trackRunningStats`) (PyTorch:
   * `_InstanceNorm.forward`).
   */
  override forward(input: Tensor): Tensor {
    this.checkInputDim(input);
    if (this.momentum === null) {
      // PyTorch 1.13 passes momentum=None on to instance_norm, which rejects it.
      throw new TypeError("instance_norm(): argument 'momentum' (position 7) must be float, not NoneType");
    }
    if (input.ndim === this.batchedDims - 1) return scope(() => this.forward(input.unsqueeze(0)).squeeze(0));
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
