/** `Dropout2d` (PyTorch: `torch.nn.Dropout2d`). */
import type { Tensor } from '@typetorch/tensor';
import { dropout2d } from '../functional/dropout2d.js';
import { type DropoutModuleArgs, DropoutNd } from './dropout.js';

/**
 * Zeroes whole channels with probability `p` in training mode and scales the rest by `1 / (1 - p)`;
 * the identity in eval mode (PyTorch: `torch.nn.Dropout2d(p=0.5, inplace=False)`). See
 * {@link dropout2d} for inputs of other ranks.
 */
export class Dropout2d extends DropoutNd {
  /**
   * Takes `p` (default 0.5) and `inplace` (default false), positionally or as one options object; `p` outside
   * [0, 1] throws (PyTorch: `torch.nn.Dropout2d.__init__`).
   */
  constructor(...args: DropoutModuleArgs) {
    super('Dropout2d', args);
  }

  /**
   * In training mode, zeroes whole channels of `[N, C, H, W]` or `[C, H, W]` input with probability `p` and
   * scales the rest by `1 / (1 - p)`; in eval mode returns the input (PyTorch: `torch.nn.Dropout2d.forward`).
   */
  forward(input: Tensor): Tensor {
    return dropout2d(input, { p: this.p, training: this.training, inplace: this.inplace });
  }
}
