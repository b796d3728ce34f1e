/**
 * Tensor methods of the scans and shape copies (PyTorch: `Tensor.cumsum`, `cumprod`, `flip`, `roll`,
 * `repeat`, `tile`, `unbind`, `diag`, `diagonal`). See define.ts for how a group of methods is added.
 */
import * as ops from '../ops/scan-shape.js';
import type { Tensor } from '../tensor.js';
import { defineMethods } from './define.js';

declare module '../tensor.js' {
  interface Tensor {
    /** Cumulative sum along `dim` (PyTorch: `Tensor.cumsum(dim, *, dtype=None)`). */
    cumsum(dim: number, options?: ops.ScanOptions): Tensor;
    /** Cumulative product along `dim` (PyTorch: `Tensor.cumprod(dim, *, dtype=None)`). */
    cumprod(dim: number, options?: ops.ScanOptions): Tensor;
    /** A copy reversed along `dims` (PyTorch: `Tensor.flip(dims)`); `x.flip(0, 1)` or `x.flip([0, 1])`. */
    flip(...dims: (number | readonly number[])[]): Tensor;
    /** Rotates elements along `dims` (PyTorch: `Tensor.roll(shifts, dims=None)`). */
    roll(shifts: number | readonly number[], dims?: number | readonly number[]): Tensor;
    /** Tiles the tensor `sizes[i]` times along each dim (PyTorch: `Tensor.repeat(*sizes)`). */
    repeat(...sizes: (number | readonly number[])[]): Tensor;
    /** Tiles the tensor; `dims` is padded with leading 1s (PyTorch: `Tensor.tile(dims)`). */
    tile(dims: readonly number[]): Tensor;
    /** Views of every slice along `dim` (PyTorch: `Tensor.unbind(dim=0)`). */
    unbind(dim?: number): Tensor[];
    /** Vector to diagonal matrix, or a matrix's diagonal (PyTorch: `Tensor.diag(diagonal=0)`). */
    diag(diagonal?: number): Tensor;
    /** A view of a diagonal (PyTorch: `Tensor.diagonal(offset=0, dim1=0, dim2=1)`). */
    diagonal(offset?: number, dim1?: number, dim2?: number): Tensor;
  }
}

export function installScanShapeMethods(proto: Tensor): void {
  defineMethods(proto, {
    cumsum(this: Tensor, dim: number, options?: ops.ScanOptions) {
      return ops.cumsum(this, dim, options);
    },
    cumprod(this: Tensor, dim: number, options?: ops.ScanOptions) {
      return ops.cumprod(this, dim, options);
    },
    flip(this: Tensor, ...dims: (number | readonly number[])[]) {
      return ops.flip(this, ...dims);
    },
    roll(this: Tensor, shifts: number | readonly number[], dims?: number | readonly number[]) {
      return ops.roll(this, shifts, dims);
    },
    repeat(this: Tensor, ...sizes: (number | readonly number[])[]) {
      return ops.repeat(this, ...sizes);
    },
    tile(this: Tensor, dims: readonly number[]) {
      return ops.tile(this, dims);
    },
    unbind(this: Tensor, dim?: number) {
      return ops.unbind(this, dim);
    },
    diag(this: Tensor, diagonal?: number) {
      return ops.diag(this, diagonal);
    },
    diagonal(this: Tensor, offset?: number, dim1?: number, dim2?: number) {
      return ops.diagonal(this, offset, dim1, dim2);
    },
  });
}
