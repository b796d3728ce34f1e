/**
 * Channel-wise dropout of 1-D and 3-D feature maps and alpha dropout (PyTorch:
 * `torch.nn.functional.dropout1d`, `dropout3d`, `alpha_dropout`, `feature_alpha_dropout`), built on
 * {@link dropoutWithMask}'s Bernoulli draws from the generator's Philox stream.
 */
import { bernoulli, full, scope, type Tensor } from '@typetorch/tensor';
import { type DropoutArgs, type DropoutOptions, dropoutArgs, dropoutWithMask, warnOnce } from './dropout.js';

/**
 * The mask shape of PyTorch's `feature_dropout` on a batched input (`[N, C, ...]` -> `[N, C, 1, ...]`),
 * or on an unbatched one (read as `[C, ...]` -> `[C, 1, ...]`).
 */
function featureMask(input: Tensor, batched: boolean): number[] {
  const keep = batched ? 2 : 1;
  if (input.ndim + (batched ? 0 : 1) < 2) {
    throw new RangeError('Feature dropout requires at least 2 dimensions in the input');
  }
  return input.shape.map((s, d) => (d < keep ? s : 1));
}

/**
 * Zeroes whole channels of `[N, C, L]` (or unbatched `[C, L]`) input with probability `p`, scaling the
 * rest by `1 / (1 - p)` (PyTorch: `torch.nn.functional.dropout1d(input, p=0.5, training=True,
 * inplace=False)`).
 */
export function dropout1d(input: Tensor, ...args: DropoutArgs): Tensor {
  const options = dropoutArgs('dropout1d', args);
  const dims = input.ndim;
  if (dims !== 2 && dims !== 3) {
    throw new RangeError(
      `dropout1d: Expected 2D or 3D input, but received a ${dims}D input. Note that dropout1d exists to provide channel-wise dropout on inputs with 1 spatial dimension, a channel dimension, and an optional batch dimension (i.e. 2D or 3D inputs).`,
    );
  }
  return dropoutWithMask(input, featureMask(input, dims === 3), options);
}

/**
 * Zeroes whole channels of `[N, C, D, H, W]` (or unbatched `[C, D, H, W]`) input with probability `p`,
 * scaling the rest by `1 / (1 - p)` (PyTorch: `torch.nn.functional.dropout3d(input, p=0.5,
 * training=True, inplace=False)`). Other ranks are read as unbatched, with PyTorch's deprecation warning.
 */
export function dropout3d(input: Tensor, ...args: DropoutArgs): Tensor {
  const options = dropoutArgs('dropout3d', args);
  const dims = input.ndim;
  if (dims !== 4 && dims !== 5) {
    warnOnce(
      `dropout3d: Received a ${dims}-D input to dropout3d, which is deprecated and will result in an error in a future release. To retain the behavior and silence this warning, please use dropout instead. Note that dropout3d exists to provide channel-wise dropout on inputs with 3 spatial dimensions, a channel dimension, and an optional batch dimension (i.e. 4D or 5D inputs).`,
    );
  }
  return dropoutWithMask(input, featureMask(input, dims === 5), options);
}

/** SELU's negative saturation `-scale * alpha` (PyTorch's alpha-dropout constant). */
const ALPHA = 1.7580993408473766;

/** PyTorch's `_dropout_impl` with `alpha_dropout`: kept `a * x + alpha * a * p`, dropped `-alpha * a * (1 - p)`. */
function alphaDropoutWithMask(
  input: Tensor,
  maskShape: readonly number[],
  options: DropoutOptions & { p: number },
): Tensor {
  const { p } = options;
  if (!(options.training ?? false) || p === 0 || input.numel() === 0) return input;
  const inplace = options.inplace ?? false;
  return scope(() => {
    if (p === 1) return inplace ? input.mul_(0) : input.mul(0);
    const a = 1 / Math.sqrt((ALPHA * ALPHA * p + 1) * (1 - p));
    const keep = full(maskShape, 1 - p, { dtype: input.dtype, device: input.device });
    const noise = bernoulli(keep, { generator: options.generator });
    const b = noise
      .sub(1)
      .mul(ALPHA * a)
      .add(ALPHA * a * p);
    const scaled = noise.mul(a);
    if (!inplace) return input.mul(scaled).add(b);
    return input.mul_(scaled).add_(b);
  });
}

/**
 * Alpha dropout: keeps SELU activations at zero mean and unit variance by setting dropped elements to
 * SELU's negative saturation and applying an affine correction (PyTorch:
 * `torch.nn.functional.alpha_dropout(input, p=0.5, training=False, inplace=False)`; note `training`
 * defaults to false, as in PyTorch).
 */
export function alphaDropout(input: Tensor, ...args: DropoutArgs): Tensor {
  const options = dropoutArgs('alpha_dropout', args);
  return alphaDropoutWithMask(input, input.shape, options);
}

/**
 * {@link alphaDropout} of whole channels (`input[n, c]`) (PyTorch:
 * `torch.nn.functional.feature_alpha_dropout(input, p=0.5, training=False, inplace=False)`).
 */
export function featureAlphaDropout(input: Tensor, ...args: DropoutArgs): Tensor {
  const options = dropoutArgs('feature_alpha_dropout', args);
  const training = options.training ?? false;
  if (training && options.p !== 0 && input.numel() !== 0 && input.ndim < 2) {
    throw new RangeError('Feature dropout requires at least 2 dimensions in the input');
  }
  return alphaDropoutWithMask(
    input,
    input.shape.map((s, d) => (d < 2 ? s : 1)),
    options,
  );
}
