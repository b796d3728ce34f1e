/** `Flatten` and `Unflatten` (PyTorch: `torch.nn.Flatten`, `torch.nn.Unflatten`). */
import { bindArgs, type Tensor } from '@typetorch/tensor';
import { Module } from '../module.js';
import { pyTuple } from './python-repr.js';

/**
 * Flattens dims `startDim..endDim` into one (PyTorch: `torch.nn.Flatten(start_dim=1, end_dim=-1)`);
 * by default everything but the batch dim.
 */
export class Flatten extends Module {
  readonly startDim: number;
  readonly endDim: number;

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

  forward(input: Tensor): Tensor {
    return input.flatten(this.startDim, this.endDim);
  }

  override extraRepr(): string {
    return `start_dim=${this.startDim}, end_dim=${this.endDim}`;
  }
}

/** Splits dim `dim` into `unflattenedSize` (PyTorch: `torch.nn.Unflatten(dim, unflattened_size)`). */
export class Unflatten extends Module {
  readonly unflattenedSize: readonly number[];

  constructor(
    readonly dim: number,
    unflattenedSize: readonly number[],
  ) {
    super();
    this.unflattenedSize = [...unflattenedSize];
  }

  forward(input: Tensor): Tensor {
    return input.unflatten(this.dim, this.unflattenedSize);
  }

  override extraRepr(): string {
    return `dim=${this.dim}, unflattened_size=${pyTuple(this.unflattenedSize)}`;
  }
}
