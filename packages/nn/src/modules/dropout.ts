/** `Dropout` (PyTorch: `torch.nn.Dropout`). */
import { bindArgs, type Tensor } from '@typetorch/tensor';
import { checkDropoutProbability, dropout } from '../functional/dropout.js';
import { Module } from '../module.js';
import { pyBool, pyFloat } from './python-repr.js';

/**
 * The arguments of every dropout module: `p` and `inplace`, positionally or in an options object (PyTorch:
 * `torch.nn.Dropout(p=0.5, inplace=False)`).
 */
export type DropoutModuleArgs =
  | [options?: { p?: number; inplace?: boolean }]
  | [p?: number, inplace?: boolean | { inplace?: boolean }];

/** What the dropout modules share (PyTorch's `_DropoutNd`): `p` and `inplace`, checked and printed. */
export abstract class DropoutNd extends Module {
  /** Whether `forward` overwrites its input instead of allocating the output (PyTorch: `inplace`). */
  readonly inplace: boolean;

  /** Probability of an element (or channel) being zeroed (PyTorch: `p`, default 0.5). */
  readonly p: number;

  protected constructor(name: string, args: DropoutModuleArgs) {
    super();
    const options: { p?: number; inplace?: boolean } = bindArgs(`${name}.__init__()`, args, {
      positional: ['p', 'inplace'],
    });
    const p = options.p ?? 0.5;
    checkDropoutProbability(p);
    this.p = p;
    this.inplace = options.inplace ?? false;
  }

  /** The settings that `toString()` prints for this layer (PyTorch: `extra_repr`). */
  override extraRepr(): string {
    return `p=${pyFloat(this.p)}, inplace=${pyBool(this.inplace)}`;
  }
}

/**
 * Zeroes elements with probability `p` in training mode and scales the rest by `1 / (1 - p)`; the
 * identity in eval mode (PyTorch: `torch.nn.Dropout(p=0.5, inplace=False)`). The mask comes from the
 * global generator (seed it with `manualSeed`).
 */
export class Dropout extends DropoutNd {
  /**
   * Takes `p` (default 0.5) and `inplace` (default false), positionally or as one options object; `p` outside
   * [0, 1] throws (PyTorch: `torch.nn.Dropout.__init__`).
   */
  constructor(...args: DropoutModuleArgs) {
    super('Dropout', args);
  }

  /**
   * In training mode, zeroes each element with probability `p` and scales the rest by `1 / (1 - p)`; in eval
   * mode returns the input. Output of the input's shape (PyTorch: `torch.nn.Dropout.forward`).
   */
  forward(input: Tensor): Tensor {
    return dropout(input, { p: this.p, training: this.training, inplace: this.inplace });
  }
}
