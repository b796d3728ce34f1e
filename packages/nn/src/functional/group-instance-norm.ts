/** Group and instance normalization (PyTorch: `torch.nn.functional.group_norm`, `instance_norm`). */
import { noGrad } from '@typetorch/autograd';
import { scope, type Tensor } from '@typetorch/tensor';
import { torchSize } from './reduction.js';

/** Options of {@link groupNorm} (PyTorch: the keyword arguments of `torch.nn.functional.group_norm`). */
export interface GroupNormOptions {
  /** Per-channel scale `[C]`. PyTorch: `weight`. */
  weight?: Tensor | null;
  /** Per-channel shift `[C]`. PyTorch: `bias`. */
  bias?: Tensor | null;
  /** Added to the variance before the square root; default 1e-5. PyTorch: `eps`. */
  eps?: number;
}

const shapeText = (shape: readonly number[]) => `[${shape.join(', ')}]`;

/** `[1, C, 1, ...]`: how a per-channel tensor broadcasts over `input`. */
const perChannel = (input: Tensor) => input.shape.map((s, d) => (d === 1 ? s : 1));

/**
 * Group normalization over `[N, C, *]`: the channels are split into `numGroups` groups, and each
 * sample's group is normalised with its own mean and biased variance, then scaled and shifted per
 * channel (PyTorch: `torch.nn.functional.group_norm(input, num_groups, weight=None, bias=None,
 * eps=1e-05)`).
 */
export function groupNorm(input: Tensor, numGroups: number, options: GroupNormOptions = {}): Tensor {
  const eps = options.eps ?? 1e-5;
  if (input.ndim < 2) {
    const r = Math.max(input.ndim, 1);
    throw new RangeError(`Dimension out of range (expected to be in range of [${-r}, ${r - 1}], but got 1)`);
  }
  const [n, channels] = input.shape;
  if (!Number.isInteger(numGroups) || numGroups <= 0 || channels % numGroups !== 0) {
    throw new RangeError(
      `Expected number of channels in input to be divisible by num_groups, but got input of shape ${shapeText(input.shape)} and num_groups=${numGroups}`,
    );
  }
  for (const [name, t] of [
    ['weight', options.weight],
    ['bias', options.bias],
  ] as const) {
    if (t && (t.ndim !== 1 || t.numel() !== channels)) {
      throw new RangeError(
        `Expected ${name} to be a vector of size equal to the number of channels in input, but got ${name} of shape ${shapeText(t.shape)} and input of shape ${shapeText(input.shape)}`,
      );
    }
  }
  return scope(() => {
    const grouped = input.reshape([n, numGroups, -1]);
    const centered = grouped.sub(grouped.mean(2, true));
    const normalized = centered.mul(centered.square().mean(2, true).add(eps).rsqrt());
    let out = normalized.reshape(input.shape);
    if (options.weight) out = out.mul(options.weight.reshape(perChannel(input)));
    if (options.bias) out = out.add(options.bias.reshape(perChannel(input)));
    return out;
  });
}

/**
 * Options of {@link instanceNorm} (PyTorch: the keyword arguments of `torch.nn.functional.instance_norm`).
 */
export interface InstanceNormOptions {
  /**
   * Running mean `[C]`, updated in place when `useInputStats` (else used to normalise). PyTorch:
   * `running_mean`.
   */
  runningMean?: Tensor | null;
  /** Running variance `[C]` (of the unbiased per-instance variances). PyTorch: `running_var`. */
  runningVar?: Tensor | null;
  /** Per-channel scale `[C]`. PyTorch: `weight`. */
  weight?: Tensor | null;
  /** Per-channel shift `[C]`. PyTorch: `bias`. */
  bias?: Tensor | null;
  /**
   * Normalise with each instance's own statistics (default true), or with the running ones. PyTorch:
   * `use_input_stats`.
   */
  useInputStats?: boolean;
  /** Weight of the new statistics in the running averages; default 0.1. PyTorch: `momentum`. */
  momentum?: number;
  /** Added to the variance before the square root; default 1e-5. PyTorch: `eps`. */
  eps?: number;
}

/** PyTorch's check, worded for the `[1, N * C, *]` batch norm it runs (each tensor repeated `n` times). */
function checkChannels(name: string, t: Tensor | null | undefined, n: number, channels: number): void {
  if (t && t.numel() !== channels) {
    throw new RangeError(`${name} should contain ${n * channels} elements not ${n * t.numel()}`);
  }
}

/**
 * Instance normalization over `[N, C, *]`: each sample's channel is normalised over its spatial dims
 * (PyTorch: `torch.nn.functional.instance_norm(input, running_mean=None, running_var=None,
 * weight=None, bias=None, use_input_stats=True, momentum=0.1, eps=1e-05)`). With running statistics
 * and `useInputStats`, they move towards the batch's average of the instances' mean and unbiased
 * variance, in place and without gradient.
 */
export function instanceNorm(input: Tensor, options: InstanceNormOptions = {}): Tensor {
  const { runningMean = null, runningVar = null, weight, bias } = options;
  const useInputStats = options.useInputStats ?? true;
  const momentum = options.momentum ?? 0.1;
  const eps = options.eps ?? 1e-5;
  if (input.ndim < 2) {
    throw new RangeError(
      `instance_norm(): expected an input of shape [N, C, *], got ${shapeText(input.shape)}`,
    );
  }
  const [n, channels] = input.shape;
  const spatial = input.numel() / Math.max(n * channels, 1);
  if (useInputStats && spatial <= 1) {
    throw new RangeError(
      `Expected more than 1 spatial element when training, got input size ${torchSize(input.shape)}`,
    );
  }
  // PyTorch runs batch_norm over [1, N * C, *] with the per-channel tensors repeated N times.
  checkChannels('running_mean', runningMean, n, channels);
  checkChannels('running_var', runningVar, n, channels);
  checkChannels('weight', weight, n, channels);
  checkChannels('bias', bias, n, channels);
  if (!useInputStats && (runningMean === null || runningVar === null)) {
    throw new RangeError('Expected running_mean and running_var to be defined when use_input_stats is false');
  }
  const dims = Array.from({ length: input.ndim - 2 }, (_, i) => i + 2);
  const shape = perChannel(input);
  return scope(() => {
    let normalized: Tensor;
    if (useInputStats) {
      const mean = input.mean(dims, true);
      const centered = input.sub(mean);
      const variance = centered.square().mean(dims, true);
      normalized = centered.mul(variance.add(eps).rsqrt());
      noGrad(() => {
        if (runningMean) {
          runningMean.mul_(1 - momentum).add_(mean.reshape([n, channels]).mean(0), { alpha: momentum });
        }
        if (runningVar) {
          const unbiased = variance
            .reshape([n, channels])
            .mean(0)
            .mul(spatial / (spatial - 1));
          runningVar.mul_(1 - momentum).add_(unbiased, { alpha: momentum });
        }
      });
    } else {
      const invStd = runningVar!.reshape(shape).add(eps).rsqrt();
      normalized = input.sub(runningMean!.reshape(shape)).mul(invStd);
    }
    if (weight) normalized = normalized.mul(weight.reshape(shape));
    if (bias) normalized = normalized.add(bias.reshape(shape));
    return normalized;
  });
}
