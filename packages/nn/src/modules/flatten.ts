/** `Flatten` and `Unflatten` (PyTorch: `torch.nn.Flatten`, `torch.nn.Unflatten`). */
import type { Tensor } from '@typetorch/tensor';
import { Module } from '../module.js';
import { pyTuple } from './python-repr.js';

/**
 * Flattens dims `startDim..endDim` into one (PyTorch: `torch.nn.Flatten(start_dim=1, end_dim=-1)`);
 * by default everything but the batch dim.
 */
export class Flatten extends Module {
  constructor(
    readonly startDim = 1,
    readonly endDim = -1,
  ) {
    super();
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
