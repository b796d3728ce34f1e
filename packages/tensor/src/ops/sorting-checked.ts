/** The public functions of ops/sorting.ts with their positional arity checked (see arity.ts). */
import { positional } from '../arity.js';
import * as ops from './sorting.js';

export * from './sorting.js';
/**
 * The int32 indices that sort `x` along `dim` (PyTorch: `torch.argsort(input, dim=-1,
 * descending=False, stable=False)`), those of {@link sort}.
 */
export const argsort = positional(ops.argsort, 'argsort', 1, 3);
/**
 * The `k`-th smallest element along `dim` (1-based) and its int32 index (PyTorch:
 * `torch.kthvalue(input, k, dim=-1, keepdim=False)`), as `[values, indices]` with `.values` and
 * `.indices`. NaN counts as the largest value. The fourth argument is `keepdim` or the options.
 */
export const kthvalue = positional(ops.kthvalue, 'kthvalue', 2, 4);
/**
 * For each value, the index at which inserting it into the last dim of `sortedSequence` keeps that
 * sorted (PyTorch: `torch.searchsorted(sorted_sequence, input, *, out_int32=False, right=False,
 * side=None, sorter=None)`): the first position whose element is `>=` the value, or `>` with `right`.
 * int64 positions (int32 with `outInt32`) of `values`' shape (0-d for a number). A 1-D sequence serves every value; an N-D
 * one has `values`' leading dims. Runs PyTorch's binary search (NaN sequence elements compare as in
 * its kernel), vectorised over the values with `gather`.
 */
export const searchsorted = positional(ops.searchsorted, 'searchsorted', 2, 3);
/**
 * Sorts along `dim` (PyTorch: `torch.sort(input, dim=-1, descending=False, stable=False)`): the sorted
 * values and their int32 indices, as `[values, indices]` with `.values` and `.indices`. The third
 * argument is `descending` or the options. NaN sorts as the largest value; ties keep index order.
 */
export const sort = positional(ops.sort, 'sort', 1, 3);
/**
 * The `k` largest (or smallest) elements along `dim` and their int32 indices (PyTorch:
 * `torch.topk(input, k, dim=-1, largest=True, sorted=True)`), as `[values, indices]` with `.values`
 * and `.indices`, in sorted order. NaN counts as the largest value.
 */
export const topk = positional(ops.topk, 'topk', 2, 4);
