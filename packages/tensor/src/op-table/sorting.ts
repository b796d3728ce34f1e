/**
 * The sorting ops (ops/sorting.ts): sort, argsort, topk, kthvalue, searchsorted, unique, bincount.
 * sort, topk and kthvalue differentiate their values (the gradient scatters back to the indices);
 * indices, positions, unique values and counts are integer or data-dependent outputs, as in PyTorch.
 */
import { row } from './row.js';

/** The dim sorted along (normalised), and the order. */
export interface SortAttrs {
  readonly dim: number;
  readonly descending: boolean;
  readonly stable: boolean;
}

export interface TopkAttrs {
  readonly k: number;
  readonly dim: number;
  readonly largest: boolean;
  readonly sorted: boolean;
}

export interface KthvalueAttrs {
  readonly k: number;
  readonly dim: number;
  readonly keepdim: boolean;
}

export const SORTING_OPS = {
  sort: row<SortAttrs>()({ group: 'sorting', differentiable: true, fastPath: 'sort' }),
  argsort: row<SortAttrs>()({ group: 'sorting', differentiable: false, fastPath: 'sort' }),
  topk: row<TopkAttrs>()({ group: 'sorting', differentiable: true, fastPath: 'sort' }),
  kthvalue: row<KthvalueAttrs>()({ group: 'sorting', differentiable: true, fastPath: 'sort' }),
  searchsorted: row<{ readonly right: boolean }>()({ group: 'sorting', differentiable: false }),
  /** Computed on the host from the input's values (its output size depends on them). */
  unique: row<{
    readonly sorted: boolean;
    readonly returnInverse: boolean;
    readonly returnCounts: boolean;
    readonly dim: number | null;
  }>()({ group: 'sorting', differentiable: false }),
  bincount: row<{ readonly minlength: number }>()({ group: 'sorting', differentiable: false }),
};
