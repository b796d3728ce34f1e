/** `Dropout2d` (PyTorch: `torch.nn.Dropout2d`). */
import { bindArgs, type Tensor } from '@typetorch/tensor';
import { checkDropoutProbability } from '../functional/dropout.js';
import { dropout2d } from '../functional/dropout2d.js';
import { Module } from '../module.js';
import { pyBool, pyFloat } from './python-repr.js';

/**
 * Zeroes whole channels with probability `p` in training mode and scales the rest by `1 / (1 - p)`;
 * the identity in eval mode (PyTorch: `torch.nn.Dropout2d(p=0.5, inplace=False)`). See
 * {@link dropout2d} for inputs of other ranks.
 */
export class Dropout2d extends Module {
  readonly inplace: boolean;

  readonly p: number;

  constructor(
    ...args:
      | [options?: { p?: number; inplace?: boolean }]
      | [p?: number, inplace?: boolean | { inplace?: boolean }]
  ) {
    super();
    const options: { p?: number; inplace?: boolean } = bindArgs('Dropout2d.__init__()', args, {
      positional: ['p', 'inplace'],
    });
    const p = options.p ?? 0.5;
    checkDropoutProbability(p);
    this.p = p;
    this.inplace = options.inplace ?? false;
  }

  forward(input: Tensor): Tensor {
    return dropout2d(input, { p: this.p, training: this.training, inplace: this.inplace });
  }

  override extraRepr(): string {
    return `p=${pyFloat(this.p)}, inplace=${pyBool(this.inplace)}`;
  }
}
