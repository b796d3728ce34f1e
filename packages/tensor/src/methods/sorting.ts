/**
 * Tensor methods of the sorting ops (ops/sorting.ts, ops/unique.ts): `x.sort()`, `x.argsort()`,
 * `x.topk(k)`, `x.kthvalue(k)`, `x.unique()` / `x.uniqueAsync()`, `x.bincount()` /
 * `x.bincountAsync()`. (See define.ts for how a group of methods is added.)
 */
import {
  argsort,
  type KthvalueOptions,
  kthvalue,
  type SortOptions,
  sort,
  type TopkOptions,
  topk,
} from '../ops/sorting.js';
import {
  type BincountOptions,
  bincount,
  bincountAsync,
  type UniqueOptions,
  type UniqueResult,
  unique,
  uniqueAsync,
} from '../ops/unique.js';
import type { ValuesIndices } from '../ops/values-indices.js';
import type { Tensor } from '../tensor.js';
import { defineMethods } from './define.js';

declare module '../tensor.js' {
  interface Tensor {
    /** Sorted values and int32 indices along `dim` (PyTorch: `Tensor.sort`); see `sort`. */
    sort(dim?: number, options?: boolean | SortOptions): ValuesIndices;
    /** The int32 indices that sort along `dim` (PyTorch: `Tensor.argsort`). */
    argsort(dim?: number, options?: boolean | SortOptions): Tensor;
    /** The `k` largest (or smallest) values and their indices (PyTorch: `Tensor.topk`). */
    topk(k: number, dim?: number, options?: TopkOptions): ValuesIndices;
    /** The `k`-th smallest value and its index along `dim` (PyTorch: `Tensor.kthvalue`). */
    kthvalue(k: number, dim?: number, options?: boolean | KthvalueOptions): ValuesIndices;
    /** Unique values (PyTorch: `Tensor.unique`); needs synchronous reads, else `uniqueAsync`. */
    unique<const O extends UniqueOptions = Record<never, never>>(options?: O): UniqueResult<O>;
    /** {@link unique} on every device (PyTorch: `Tensor.unique`). */
    uniqueAsync<const O extends UniqueOptions = Record<never, never>>(options?: O): Promise<UniqueResult<O>>;
    /** Counts of each non-negative int (PyTorch: `Tensor.bincount`); needs synchronous reads, else `bincountAsync`. */
    bincount(options?: BincountOptions): Tensor;
    /** {@link bincount} on every device (PyTorch: `Tensor.bincount`). */
    bincountAsync(options?: BincountOptions): Promise<Tensor>;
  }
}

export function installSortingMethods(proto: Tensor): void {
  defineMethods(proto, {
    sort(this: Tensor, dim?: number, options?: boolean | SortOptions) {
      return sort(this, dim, options);
    },
    argsort(this: Tensor, dim?: number, options?: boolean | SortOptions) {
      return argsort(this, dim, options);
    },
    topk(this: Tensor, k: number, dim?: number, options?: TopkOptions) {
      return topk(this, k, dim, options);
    },
    kthvalue(this: Tensor, k: number, dim?: number, options?: boolean | KthvalueOptions) {
      return kthvalue(this, k, dim, options);
    },
    unique(this: Tensor, options?: UniqueOptions) {
      return unique(this, options);
    },
    uniqueAsync(this: Tensor, options?: UniqueOptions) {
      return uniqueAsync(this, options);
    },
    bincount(this: Tensor, options?: BincountOptions) {
      return bincount(this, options);
    },
    bincountAsync(this: Tensor, options?: BincountOptions) {
      return bincountAsync(this, options);
    },
  });
}
