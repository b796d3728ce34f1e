/**
 * Tensor methods of the shape ops, views, splits and index gathers/scatters (ops/views.ts, ops/join.ts,
 * ops/indexing.ts): `x.view(2, 3)`, `x.permute(1, 0)`, `x.split(2)`, `x.gather(1, idx)`... They live
 * here rather than in tensor.ts so that the class stays within the size budget with its TSDoc. (See
 * define.ts for how a group of methods is added.)
 */
import * as idx from '../ops/indexing.js';
import * as join from '../ops/join.js';
import * as views from '../ops/views.js';
import type { Tensor } from '../tensor.js';
import { defineMethods } from './define.js';

declare module '../tensor.js' {
  interface Tensor {
    /**
     * A view of the same elements with a new shape, `x.view(2, 3)` or `x.view([2, 3])`; one size may be
     * -1 (inferred). Throws when the strides cannot express it (use {@link Tensor.reshape}) (PyTorch:
     * `Tensor.view`).
     */
    view(...shape: (number | readonly number[])[]): Tensor;
    /** A tensor with a new shape: a view when the strides allow, else a copy; one size may be -1 (PyTorch: `Tensor.reshape`). */
    reshape(...shape: (number | readonly number[])[]): Tensor;
    /** `x.view(other.shape)` (PyTorch: `Tensor.view_as`). */
    viewAs(other: Tensor): Tensor;
    /** `x.reshape(other.shape)` (PyTorch: `Tensor.reshape_as`). */
    reshapeAs(other: Tensor): Tensor;
    /** Flattens dims `startDim..endDim` (default all) into one; a view when possible (PyTorch: `Tensor.flatten`). */
    flatten(startDim?: number, endDim?: number): Tensor;
    /** Expands dim `dim` into `sizes` (one may be -1), a view (PyTorch: `Tensor.unflatten`). */
    unflatten(dim: number, sizes: readonly number[]): Tensor;
    /** Removes size-1 dims: all of them, or those among `dim`; a view (PyTorch: `Tensor.squeeze`). */
    squeeze(dim?: number | readonly number[]): Tensor;
    /** Inserts a size-1 dim at `dim` (negative counts from the end of the result), a view (PyTorch: `Tensor.unsqueeze`). */
    unsqueeze(dim: number): Tensor;
    /** Reorders the dims, `x.permute(2, 0, 1)` or `x.permute([2, 0, 1])`, a view (PyTorch: `Tensor.permute`). */
    permute(...dims: (number | readonly number[])[]): Tensor;
    /** Swaps dims `dim0` and `dim1`, a view (PyTorch: `Tensor.transpose`). */
    transpose(dim0: number, dim1: number): Tensor;
    /**
     * Broadcasts size-1 dims to `sizes` without copying (stride 0), adding leading dims as needed; -1
     * keeps a size (PyTorch: `Tensor.expand`). Writing to the result writes shared elements.
     */
    expand(...sizes: (number | readonly number[])[]): Tensor;
    /** `x.expand(other.shape)` (PyTorch: `Tensor.expand_as`). */
    expandAs(other: Tensor): Tensor;
    /** `length` elements of `dim` from `start`, a view (PyTorch: `Tensor.narrow`). */
    narrow(dim: number, start: number, length: number): Tensor;
    /** The slice at `index` along `dim`, which is removed; a view (PyTorch: `Tensor.select`, Python's `x[:, i]`). */
    select(dim: number, index: number): Tensor;
    /**
     * Python's `x[start:end:step]` along `dim`, as a view: bounds are clamped and may be negative,
     * `step` must be positive (PyTorch: `Tensor.__getitem__` with a slice).
     */
    slice(dim: number, start?: number | null, end?: number | null, step?: number): Tensor;
    /**
     * Views of `splitSize` elements along `dim` (the last may be smaller), or pieces of the listed
     * sizes (PyTorch: `Tensor.split(split_size, dim=0)`).
     */
    split(splitSize: number | readonly number[], dim?: number | { dim?: number }): Tensor[];
    /** Splits into `chunks` nearly equal views along `dim` (PyTorch: `Tensor.chunk(chunks, dim=0)`). */
    chunk(chunks: number, dim?: number | { dim?: number }): Tensor[];
    /** The entries along `dim` at the 1-D integer `index`, a copy (PyTorch: `Tensor.index_select`). */
    indexSelect(dim: number, index: Tensor): Tensor;
    /**
     * `out[i][j] = x[index[i][j]][j]` for `dim` 0 (and so on): values along `dim` at the integer
     * `index`, which has this tensor's number of dims; indices must be in `[0, size)` (PyTorch: `Tensor.gather`).
     */
    gather(dim: number, index: Tensor): Tensor;
    /** A copy with `src` (a tensor or a number) written at `index` along `dim` (PyTorch: `Tensor.scatter`). */
    scatter(dim: number, index: Tensor, src: Tensor | number): Tensor;
    /** A copy with `src` added at `index` along `dim`; repeated indices accumulate (PyTorch: `Tensor.scatter_add`). */
    scatterAdd(dim: number, index: Tensor, src: Tensor): Tensor;
    /** The lower triangle of the last two dims, zero above `diagonal` (default 0) (PyTorch: `Tensor.tril`). */
    tril(diagonal?: number): Tensor;
    /** The upper triangle of the last two dims, zero below `diagonal` (default 0) (PyTorch: `Tensor.triu`). */
    triu(diagonal?: number): Tensor;
  }
}

export function installViewMethods(proto: Tensor): void {
  defineMethods(proto, {
    view(this: Tensor, ...shape: (number | readonly number[])[]) {
      return views.view(this, ...shape);
    },
    reshape(this: Tensor, ...shape: (number | readonly number[])[]) {
      return views.reshape(this, ...shape);
    },
    viewAs(this: Tensor, other: Tensor) {
      return views.view(this, other.shape);
    },
    reshapeAs(this: Tensor, other: Tensor) {
      return views.reshape(this, other.shape);
    },
    flatten(this: Tensor, startDim = 0, endDim = -1) {
      return views.flatten(this, startDim, endDim);
    },
    unflatten(this: Tensor, dim: number, sizes: readonly number[]) {
      return views.unflatten(this, dim, sizes);
    },
    squeeze(this: Tensor, dim?: number | readonly number[]) {
      return views.squeeze(this, dim);
    },
    unsqueeze(this: Tensor, dim: number) {
      return views.unsqueeze(this, dim);
    },
    permute(this: Tensor, ...dims: (number | readonly number[])[]) {
      return views.permute(this, ...dims);
    },
    transpose(this: Tensor, dim0: number, dim1: number) {
      return views.transpose(this, dim0, dim1);
    },
    expand(this: Tensor, ...sizes: (number | readonly number[])[]) {
      return views.expand(this, ...sizes);
    },
    expandAs(this: Tensor, other: Tensor) {
      return views.expand(this, other.shape);
    },
    narrow(this: Tensor, dim: number, start: number, length: number) {
      return views.narrow(this, dim, start, length);
    },
    select(this: Tensor, dim: number, index: number) {
      return views.select(this, dim, index);
    },
    slice(this: Tensor, dim: number, start?: number | null, end?: number | null, step = 1) {
      return views.slice(this, dim, start, end, step);
    },
    split(this: Tensor, splitSize: number | readonly number[], dim: number | { dim?: number } = 0) {
      return join.split(this, splitSize, dim);
    },
    chunk(this: Tensor, chunks: number, dim: number | { dim?: number } = 0) {
      return join.chunk(this, chunks, dim);
    },
    indexSelect(this: Tensor, dim: number, index: Tensor) {
      return idx.indexSelect(this, dim, index);
    },
    gather(this: Tensor, dim: number, index: Tensor) {
      return idx.gather(this, dim, index);
    },
    scatter(this: Tensor, dim: number, index: Tensor, src: Tensor | number) {
      return idx.scatter(this, dim, index, src);
    },
    scatterAdd(this: Tensor, dim: number, index: Tensor, src: Tensor) {
      return idx.scatterAdd(this, dim, index, src);
    },
    tril(this: Tensor, diagonal = 0) {
      return idx.tril(this, diagonal);
    },
    triu(this: Tensor, diagonal = 0) {
      return idx.triu(this, diagonal);
    },
  });
}
