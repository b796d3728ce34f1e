/** Channel-wise dropout (PyTorch: `torch.nn.functional.dropout2d`). */
import type { Tensor } from '@typetorch/tensor';
import { type DropoutArgs, dropoutArgs, dropoutWithMask, warnOnce } from './dropout.js';

/**
 * Zeroes whole channels (`input[n, c]`, every element of it) with probability `p` and scales the rest
 * by `1 / (1 - p)` (PyTorch: `torch.nn.functional.dropout2d(input, p=0.5, training=True,
 * inplace=False)`). Made for `[N, C, H, W]` input. As PyTorch 1.13 does, other ranks work with a
 * deprecation warning: a 3-D input is read as `[N, C, L]` (channel-wise 1-D dropout), and a 2-D input
 * `[N, C]` drops single elements (its channels have one element).
 */
export function dropout2d(input: Tensor, ...args: DropoutArgs): Tensor {
  const options = dropoutArgs('dropout2d', args);
  const dims = input.ndim;
  if (dims !== 3 && dims !== 4) {
    warnOnce(
      `dropout2d: Received a ${dims}-D input to dropout2d, which is deprecated and will result in an error in a future release. To retain the behavior and silence this warning, please use dropout instead. Note that dropout2d exists to provide channel-wise dropout on inputs with 2 spatial dimensions, a channel dimension, and an optional batch dimension (i.e. 3D or 4D inputs).`,
    );
  }
  if (dims === 3) {
    warnOnce(
      'dropout2d: Received a 3D input to dropout2d and assuming that channel-wise 1D dropout behavior is desired - input is interpreted as shape (N, C, L), where C is the channel dim. This behavior will change in a future release to interpret the input as one without a batch dimension, i.e. shape (C, H, W). To maintain the 1D channel-wise dropout behavior, please switch to using dropout1d instead.',
    );
  }
  if (dims < 2) throw new RangeError('Feature dropout requires at least 2 dimensions in the input');
  // One draw per channel, broadcast over the channel's elements (PyTorch's feature_dropout).
  return dropoutWithMask(
    input,
    input.shape.map((s, d) => (d < 2 ? s : 1)),
    options,
  );
}
