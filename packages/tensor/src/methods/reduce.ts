/**
 * The reduction methods (`x.sum(1)`, `x.max(1)`, `x.var(1, false)`, `x.softmax(-1)`, ...): the op
 * functions of ops/reduce.ts and ops/softmax.ts as Tensor methods (see define.ts).
 */
import type { Dims, ReduceOptions, VarArgsList } from '../ops/reduce.js';
import * as red from '../ops/reduce.js';
import * as sm from '../ops/softmax.js';
import type { ValuesIndices } from '../ops/values-indices.js';
import type { Tensor } from '../tensor.js';
import { defineMethods } from './define.js';

declare module '../tensor.js' {
  interface Tensor {
    /** Sum over `dim` (all dims by default) (PyTorch: `Tensor.sum`). */
    sum(dim?: Dims | ReduceOptions, options?: boolean | ReduceOptions): Tensor;
    /** Mean over `dim` (PyTorch: `Tensor.mean`). */
    mean(dim?: Dims | ReduceOptions, options?: boolean | ReduceOptions): Tensor;
    /** Product over one dim or all (PyTorch: `Tensor.prod`). */
    prod(dim?: number | null | ReduceOptions, options?: boolean | ReduceOptions): Tensor;
    /** `max()` is the 0-d maximum; `max(dim)` returns `[values, indices]`, also `.values`/`.indices` (PyTorch: `Tensor.max`). */
    max(): Tensor;
    max(dim: number | ReduceOptions, keepdim?: boolean | ReduceOptions): ValuesIndices;
    /** `min()` is the 0-d minimum; `min(dim)` returns `[values, indices]` (PyTorch: `Tensor.min`). */
    min(): Tensor;
    min(dim: number | ReduceOptions, keepdim?: boolean | ReduceOptions): ValuesIndices;
    /** Maximum over dims, without indices (PyTorch: `Tensor.amax`). */
    amax(dim?: Dims | ReduceOptions, options?: boolean | ReduceOptions): Tensor;
    /** Minimum over dims, without indices (PyTorch: `Tensor.amin`). */
    amin(dim?: Dims | ReduceOptions, options?: boolean | ReduceOptions): Tensor;
    /** Index of the maximum (PyTorch: `Tensor.argmax`). */
    argmax(dim?: number | null | ReduceOptions, options?: boolean | ReduceOptions): Tensor;
    /** Index of the minimum (PyTorch: `Tensor.argmin`). */
    argmin(dim?: number | null | ReduceOptions, options?: boolean | ReduceOptions): Tensor;
    /** Whether all elements are true (PyTorch: `Tensor.all`). */
    all(dim?: Dims | ReduceOptions, options?: boolean | ReduceOptions): Tensor;
    /** Whether any element is true (PyTorch: `Tensor.any`). */
    any(dim?: Dims | ReduceOptions, options?: boolean | ReduceOptions): Tensor;
    /** Variance, Bessel-corrected by default (PyTorch: `Tensor.var(dim, unbiased=True, keepdim=False)`). */
    var(...args: VarArgsList): Tensor;
    /** Standard deviation (PyTorch: `Tensor.std`). */
    std(...args: VarArgsList): Tensor;
    /** `log(sum(exp(x)))` over `dim`, computed stably (PyTorch: `Tensor.logsumexp`). */
    logsumexp(dim: Dims | ReduceOptions, options?: boolean | ReduceOptions): Tensor;
    /** Softmax over `dim` (PyTorch: `Tensor.softmax`). */
    softmax(dim: number | { dim: number }): Tensor;
    /** Log-softmax over `dim` (PyTorch: `Tensor.log_softmax`). */
    logSoftmax(dim: number | { dim: number }): Tensor;
  }
}

export function installReduceMethods(proto: Tensor): void {
  defineMethods(proto, {
    sum(this: Tensor, dim?: Dims | ReduceOptions, options?: boolean | ReduceOptions) {
      return red.sum(this, dim, options);
    },
    mean(this: Tensor, dim?: Dims | ReduceOptions, options?: boolean | ReduceOptions) {
      return red.mean(this, dim, options);
    },
    prod(this: Tensor, dim?: number | null | ReduceOptions, options?: boolean | ReduceOptions) {
      return red.prod(this, dim, options);
    },
    max(this: Tensor, dim?: number | ReduceOptions, keepdim?: boolean | ReduceOptions) {
      return dim === undefined ? red.max(this) : red.max(this, dim, keepdim);
    },
    min(this: Tensor, dim?: number | ReduceOptions, keepdim?: boolean | ReduceOptions) {
      return dim === undefined ? red.min(this) : red.min(this, dim, keepdim);
    },
    amax(this: Tensor, dim?: Dims | ReduceOptions, options?: boolean | ReduceOptions) {
      return red.amax(this, dim, options);
    },
    amin(this: Tensor, dim?: Dims | ReduceOptions, options?: boolean | ReduceOptions) {
      return red.amin(this, dim, options);
    },
    argmax(this: Tensor, dim?: number | null | ReduceOptions, options?: boolean | ReduceOptions) {
      return red.argmax(this, dim, options);
    },
    argmin(this: Tensor, dim?: number | null | ReduceOptions, options?: boolean | ReduceOptions) {
      return red.argmin(this, dim, options);
    },
    all(this: Tensor, dim?: Dims | ReduceOptions, options?: boolean | ReduceOptions) {
      return red.all(this, dim, options);
    },
    any(this: Tensor, dim?: Dims | ReduceOptions, options?: boolean | ReduceOptions) {
      return red.any(this, dim, options);
    },
    var(this: Tensor, ...args: VarArgsList) {
      return red.variance(this, ...args);
    },
    std(this: Tensor, ...args: VarArgsList) {
      return red.std(this, ...args);
    },
    logsumexp(this: Tensor, dim: Dims | ReduceOptions, options?: boolean | ReduceOptions) {
      return red.logsumexp(this, dim, options);
    },
    softmax(this: Tensor, dim: number | { dim: number }) {
      return sm.softmax(this, dim);
    },
    logSoftmax(this: Tensor, dim: number | { dim: number }) {
      return sm.logSoftmax(this, dim);
    },
  });
}
