/** `Dropout1d`, `Dropout3d`, `AlphaDropout`, `FeatureAlphaDropout` (PyTorch's `_DropoutNd` subclasses). */
import type { Tensor } from '@typetorch/tensor';
import { alphaDropout, dropout1d, dropout3d, featureAlphaDropout } from '../functional/dropout-extra.js';
import { type DropoutModuleArgs, DropoutNd } from './dropout.js';

/** Zeroes whole channels of `[N, C, L]` / `[C, L]` input in training mode (PyTorch: `torch.nn.Dropout1d(p=0.5, inplace=False)`). */
export class Dropout1d extends DropoutNd {
  /**
   * Takes `p` (default 0.5) and `inplace` (default false), positionally or as one options object; `p` outside
   * [0, 1] throws (PyTorch: `torch.nn.Dropout1d.__init__`).
   */
  constructor(...args: DropoutModuleArgs) {
    super('Dropout1d', args);
  }

  /**
   * In training mode, zeroes whole channels of `[N, C, L]` or `[C, L]` input with probability `p` and scales
   * the rest by `1 / (1 - p)`; in eval mode returns the input (PyTorch: `torch.nn.Dropout1d.forward`).
   */
  forward(input: Tensor): Tensor {
    return dropout1d(input, { p: this.p, training: this.training, inplace: this.inplace });
  }
}

/** Zeroes whole channels of `[N, C, D, H, W]` / `[C, D, H, W]` input in training mode (PyTorch: `torch.nn.Dropout3d(p=0.5, inplace=False)`). */
export class Dropout3d extends DropoutNd {
  /**
   * Takes `p` (default 0.5) and `inplace` (default false), positionally or as one options object; `p` outside
   * [0, 1] throws (PyTorch: `torch.nn.Dropout3d.__init__`).
   */
  constructor(...args: DropoutModuleArgs) {
    super('Dropout3d', args);
  }

  /**
   * In training mode, zeroes whole channels of `[N, C, D, H, W]` or `[C, D, H, W]` input with probability `p`
   * and scales the rest by `1 / (1 - p)`; in eval mode returns the input (PyTorch:
   * `torch.nn.Dropout3d.forward`).
   */
  forward(input: Tensor): Tensor {
    return dropout3d(input, { p: this.p, training: this.training, inplace: this.inplace });
  }
}

/** Alpha dropout for SELU networks in training mode (PyTorch: `torch.nn.AlphaDropout(p=0.5, inplace=False)`). */
export class AlphaDropout extends DropoutNd {
  /**
   * Takes `p` (default 0.5) and `inplace` (default false), positionally or as one options object; `p` outside
   * [0, 1] throws (PyTorch: `torch.nn.AlphaDropout.__init__`).
   */
  constructor(...args: DropoutModuleArgs) {
    super('AlphaDropout', args);
  }

  /**
   * In training mode, applies {@link F.alphaDropout} with `p`; in eval mode returns the input. Output of the
   * input's shape (PyTorch: `torch.nn.AlphaDropout.forward`).
   */
  forward(input: Tensor): Tensor {
    // PyTorch's AlphaDropout.forward passes no inplace flag.
    return alphaDropout(input, { p: this.p, training: this.training });
  }
}

/** Channel-wise alpha dropout in training mode (PyTorch: `torch.nn.FeatureAlphaDropout(p=0.5, inplace=False)`). */
export class FeatureAlphaDropout extends DropoutNd {
  /**
   * Takes `p` (default 0.5) and `inplace` (default false), positionally or as one options object; `p` outside
   * [0, 1] throws (PyTorch: `torch.nn.FeatureAlphaDropout.__init__`).
   */
  constructor(...args: DropoutModuleArgs) {
    super('FeatureAlphaDropout', args);
  }

  /**
   * In training mode, applies {@link F.featureAlphaDropout} with `p` to whole channels; in eval mode returns
   * the input. Output of the input's shape (PyTorch: `torch.nn.FeatureAlphaDropout.forward`).
   */
  forward(input: Tensor): Tensor {
    return featureAlphaDropout(input, { p: this.p, training: this.training });
  }
}
