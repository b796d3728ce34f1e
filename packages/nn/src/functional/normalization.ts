/** Batch and layer normalization (PyTorch: `torch.nn.functional.batch_norm`, `layer_norm`). */
import { noGrad } from '@typetorch/autograd';
import { scope, type Tensor } from '@typetorch/tensor';
import { torchSize } from './reduction.js';

/**
 * Options of {@link batchNorm} (PyTorch: the arguments of `torch.nn.functional.batch_norm` after
 * `running_var`).
 */
export interface BatchNormOptions {
  /** Per-channel scale `[C]` (gamma). PyTorch: `weight`. */
  weight?: Tensor | null;
  /** Per-channel shift `[C]` (beta). PyTorch: `bias`. */
  bias?: Tensor | null;
  /**
   * Normalise with the batch's statistics and update the running ones (true), or use the running ones.
   * PyTorch: `training`.
   */
  training?: boolean;
  /**
   * Weight of the new batch in the running averages: `running = (1 - momentum) * running + momentum * batch`.
   * PyTorch: `momentum`.
   */
  momentum?: number;
  /** Added to the variance before the square root; default 1e-5. PyTorch: `eps`. */
  eps?: number;
}

const shapeText = (shape: readonly number[]) => `[${shape.join(', ')}]`;

function checkChannels(name: string, t: Tensor | null | undefined, channels: number): void {
  if (t && t.numel() !== channels) {
    throw new RangeError(`${name} should contain ${channels} elements not ${t.numel()}`);
  }
}

/**
 * Batch normalization over `[N, C, *]`: per channel, `(x - mean) / sqrt(var + eps) * weight + bias`
 * (PyTorch: `torch.nn.functional.batch_norm(input, running_mean, running_var, weight=None, bias=None,
 * training=False, momentum=0.1, eps=1e-05)`). In training the batch's mean and biased variance
 * normalise, and the running statistics (if given) move towards the batch's mean and *unbiased*
 * variance, in place and without gradient; otherwise the running statistics normalise.
 */
export function batchNorm(
  input: Tensor,
  runningMean: Tensor | null,
  runningVar: Tensor | null,
  options: BatchNormOptions = {},
): Tensor {
  const { weight, bias } = options;
  const training = options.training ?? false;
  const momentum = options.momentum ?? 0.1;
  const eps = options.eps ?? 1e-5;
  if (input.ndim < 2) {
    throw new RangeError(`batch_norm(): expected an input of shape [N, C, *], got ${shapeText(input.shape)}`);
  }
  const channels = input.shape[1];
  checkChannels('running_mean', runningMean, channels);
  checkChannels('running_var', runningVar, channels);
  checkChannels('weight', weight, channels);
  checkChannels('bias', bias, channels);
  // Every dim but the channel one is reduced; per-channel tensors broadcast as [1, C, 1, ...].
  const dims = [...input.shape.keys()].filter((d) => d !== 1);
  const perChannel = input.shape.map((s, d) => (d === 1 ? s : 1));
  const count = input.numel() / Math.max(channels, 1);
  if (training && count === 1) {
    throw new RangeError(
      `Expected more than 1 value per channel when training, got input size ${torchSize(input.shape)}`,
    );
  }
  if (!training && (runningMean === null || runningVar === null)) {
    throw new RangeError('running_mean and running_var must be defined in evaluation mode');
  }
  return scope(() => {
    let normalized: Tensor;
    if (training) {
      const mean = input.mean(dims, true);
      const centered = input.sub(mean);
      const variance = centered.square().mean(dims, true);
      normalized = centered.mul(variance.add(eps).rsqrt());
      noGrad(() => {
        // PyTorch tracks the unbiased variance even though it normalises with the biased one.
        if (runningMean) runningMean.mul_(1 - momentum).add_(mean.reshape([channels]), { alpha: momentum });
        if (runningVar) {
          const unbiased = variance.reshape([channels]).mul(count / (count - 1));
          runningVar.mul_(1 - momentum).add_(unbiased, { alpha: momentum });
        }
      });
    } else {
      const mean = runningMean!.reshape(perChannel);
      const invStd = runningVar!.reshape(perChannel).add(eps).rsqrt();
      normalized = input.sub(mean).mul(invStd);
    }
    if (weight) normalized = normalized.mul(weight.reshape(perChannel));
    if (bias) normalized = normalized.add(bias.reshape(perChannel));
    return normalized;
  });
}

/**
 * Options of {@link layerNorm} (PyTorch: the arguments of `torch.nn.functional.layer_norm` after
 * `normalized_shape`).
 */
export interface LayerNormOptions {
  /** Elementwise scale of the normalized shape. PyTorch: `weight`. */
  weight?: Tensor | null;
  /** Elementwise shift of the normalized shape. PyTorch: `bias`. */
  bias?: Tensor | null;
  /** Added to the variance before the square root; default 1e-5. PyTorch: `eps`. */
  eps?: number;
}

/**
 * Layer normalization over the trailing `normalizedShape` dims:
 * `(x - mean) / sqrt(var + eps) * weight + bias` with the biased variance (PyTorch:
 * `torch.nn.functional.layer_norm(input, normalized_shape, weight=None, bias=None, eps=1e-05)`).
 */
export function layerNorm(
  input: Tensor,
  normalizedShape: number | readonly number[],
  options: LayerNormOptions = {},
): Tensor {
  const shape = typeof normalizedShape === 'number' ? [normalizedShape] : [...normalizedShape];
  const eps = options.eps ?? 1e-5;
  const k = shape.length;
  const trailing = input.shape.slice(input.ndim - k);
  if (k === 0 || input.ndim < k || trailing.some((s, i) => s !== shape[i])) {
    throw new RangeError(
      `Given normalized_shape=${shapeText(shape)}, expected input with shape [*${shape.map((s) => `, ${s}`).join('')}], but got input of size${shapeText(input.shape)}`,
    );
  }
  for (const [name, t] of [
    ['weight', options.weight],
    ['bias', options.bias],
  ] as const) {
    if (t && (t.ndim !== k || t.shape.some((s, i) => s !== shape[i]))) {
      throw new RangeError(
        `Expected ${name} to be of same shape as normalized_shape, but got ${name} of shape ${shapeText(t.shape)} and normalized_shape = ${shapeText(shape)}`,
      );
    }
  }
  const dims = Array.from({ length: k }, (_, i) => input.ndim - k + i);
  return scope(() => {
    const centered = input.sub(input.mean(dims, true));
    let out = centered.mul(centered.square().mean(dims, true).add(eps).rsqrt());
    if (options.weight) out = out.mul(options.weight);
    if (options.bias) out = out.add(options.bias);
    return out;
  });
}
