/** Softmax over the channels of every spatial location (PyTorch: `torch.nn.Softmax2d`). */
import type { Tensor } from '@typetorch/tensor';
import * as act from '../functional/activation.js';
import { Module } from '../module.js';

/**
 * Softmax over dimension -3 (the channels) of a `[C, H, W]` or `[N, C, H, W]` input (PyTorch:
 * `torch.nn.Softmax2d()`); other ranks throw PyTorch's message.
 */
export class Softmax2d extends Module {
  /**
   * Input `[N, C, H, W]` or `[C, H, W]`; output of the same shape, softmax over the channels (dim -3)
   * (PyTorch: `torch.nn.Softmax2d.forward`).
   */
  forward(input: Tensor): Tensor {
    if (input.ndim !== 3 && input.ndim !== 4)
      throw new Error('Softmax2d requires a 3D or 4D tensor as input');
    return act.softmax(input, -3);
  }
}
