/** `Flatten` and `Unflatten` (PyTorch: `torch.nn.Flatten`, `torch.nn.Unflatten`). */
import { bindArgs, type Tensor } from '@typetorch/tensor';
import { Module } from '../module.js';
import { pyTuple } from './python-repr.js';

/**
 * Flattens dims `startDim..endDim` into one (PyTorch: `torch.nn.Flatten(start_dim=1, end_dim=-1)`);
 * by default everything but the batch dim.
 */
export class Flatten extends Module {
  /** First dim to flatten (PyTorch: `start_dim`, default 1). */
  readonly startDim: number;
  /** Last dim to flatten (PyTorch: `end_dim`, default -1). */
  readonly endDim: number;

  /**
   * Takes `startDim` (default 1) and `endDim` (default -1), positionally or as one options object (PyTorch:
   * `torch.nn.Flatten.__init__`).
   */
  constructor(
    ...args:
      | [options?: { startDim?: number; endDim?: number }]
      | [startDim?: number, endDim?: number | { endDim?: number }]
  ) {
    super();
    const options = bindArgs('Flatten.__init__()', args, { positional: ['startDim', 'endDim'] });
    this.startDim = (options.startDim as number | undefined) ?? 1;
    this.endDim = (options.endDim as number | undefined) ?? -1;
  }

  /**
   * Input `[*before, d_start, ..., d_end, *after]`; output `[*before, d_start * ... * d_end, *after]`
   * (PyTorch: `torch.nn.Flatten.forward`).
   */
  forward(input: Tensor): Tensor {
    return input.flatten(this.startDim, this.endDim);
  }

  /** The settings that `toString()` prints for this layer (PyTorch: `extra_repr`). */
  override extraRepr(): string {
    return `start_dim=${this.startDim}, end_dim=${this.endDim}`;
  }
}

/** Splits dim `dim` into `unflattenedSize` (PyTorch: `torch.nn.Unflatten(dim, unflattened_size)`). */
export class Unflatten extends Module {
  /** The sizes the dim is split into (PyTorch: `unflattened_size`). */
  readonly unflattenedSize: readonly number[];

  /**
   * Takes the dim to split and the sizes it splits into (PyTorch: `torch.nn.Unflatten.__init__(dim,
   * unflattened_size)`).
   * @param dim - The dim that is split (PyTorch: `dim`).
   */
  constructor(
    readonly dim: number,
    unflattenedSize: readonly number[],
  ) {
    super();
    this.unflattenedSize = [...unflattenedSize];
  }

  /**
   * Input `[*before, d, *after]`; output `[*before, ...unflattenedSize, *after]`, the sizes multiplying to
   * `d` (PyTorch: `torch.nn.Unflatten.forward`).
   */
  forward(input: Tensor): Tensor {
    return input.unflatten(this.dim, this.unflattenedSize);
  }

  /** The settings that `toString()` prints for this layer (PyTorch: `extra_repr`). */
  override extraRepr(): string {
    return `dim=${this.dim}, unflattened_size=${pyTuple(this.unflattenedSize)}`;
  }
}
