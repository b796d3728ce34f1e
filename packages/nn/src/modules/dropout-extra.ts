/** `Dropout1d`, `Dropout3d`, `AlphaDropout`, `FeatureAlphaDropout` (PyTorch's `_DropoutNd` subclasses). */
import type { Tensor } from '@typetorch/tensor';
import { alphaDropout, dropout1d, dropout3d, featureAlphaDropout } from '../functional/dropout-extra.js';
import { type DropoutModuleArgs, DropoutNd } from './dropout.js';

/** Zeroes whole channels of `[N, C, L]` / `[C, L]` input in training mode (PyTorch: `torch.nn.Dropout1d(p=0.5, inplace=False)`). */
export class Dropout1d extends DropoutNd {
  constructor(...args: DropoutModuleArgs) {
    super('Dropout1d', args);
  }

  forward(input: Tensor): Tensor {
    return dropout1d(input, { p: this.p, training: this.training, inplace: this.inplace });
  }
}

/** Zeroes whole channels of `[N, C, D, H, W]` / `[C, D, H, W]` input in training mode (PyTorch: `torch.nn.Dropout3d(p=0.5, inplace=False)`). */
export class Dropout3d extends DropoutNd {
  constructor(...args: DropoutModuleArgs) {
    super('Dropout3d', args);
  }

  forward(input: Tensor): Tensor {
    return dropout3d(input, { p: this.p, training: this.training, inplace: this.inplace });
  }
}

/** Alpha dropout for SELU networks in training mode (PyTorch: `torch.nn.AlphaDropout(p=0.5, inplace=False)`). */
export class AlphaDropout extends DropoutNd {
  constructor(...args: DropoutModuleArgs) {
    super('AlphaDropout', args);
  }

  forward(input: Tensor): Tensor {
    // PyTorch's AlphaDropout.forward passes no inplace flag.
    return alphaDropout(input, { p: this.p, training: this.training });
  }
}

/** Channel-wise alpha dropout in training mode (PyTorch: `torch.nn.FeatureAlphaDropout(p=0.5, inplace=False)`). */
export class FeatureAlphaDropout extends DropoutNd {
  constructor(...args: DropoutModuleArgs) {
    super('FeatureAlphaDropout', args);
  }

  forward(input: Tensor): Tensor {
    return featureAlphaDropout(input, { p: this.p, training: this.training });
  }
}
