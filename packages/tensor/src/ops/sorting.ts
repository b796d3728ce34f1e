/**
 * Sorting and searching (PyTorch: `torch.sort`, `torch.argsort`, `torch.topk`, `torch.kthvalue`,
 * `torch.searchsorted`). Sorting runs the backend's `sort` fast path along the last dim (a contiguous
 * copy with the sorted dim moved last), or its reference composition (`sortComposite`). Indices are
 * int32 (PyTorch's int64).
 *
 * The order is total, so results agree across backends: NaN is the largest value, -0 equals 0, and
 * equal values keep their index order (a stable sort whether or not `stable` is asked for; PyTorch
 * only promises that with `stable: true`). `topk` and `kthvalue` pick from that order, so among
 * equal values they return the lowest indices (PyTorch leaves the choice unspecified).
 */
import type { Backend } from '../backend/contract.js';
import { dispatch } from '../dispatch.js';
import { checkOptions } from '../options.js';
import { formatShape, normalizeDim } from '../shape.js';
import { Tensor } from '../tensor.js';
import { full, zeros } from './creation.js';
import { binary, unary, where } from './elementwise.js';
import { gather } from './indexing.js';
import { disposeTemps, newTensor, viewOf } from './internal.js';
import { sortComposite } from './sort-composite.js';
import { type ValuesIndices, valuesIndices } from './values-indices.js';
import { clone, contiguous, narrow, squeeze, transpose } from './views.js';

/** Keyword options of `sort` and `argsort` (PyTorch: `torch.sort(input, dim=-1, descending=False, stable=False)`). */
export interface SortOptions {
  /** Largest first; default false (PyTorch: `descending`). */
  descending?: boolean;
  /** Keep equal elements in their order. Sorting here is always stable; accepted for PyTorch's API. */
  stable?: boolean;
}

function sortOptions(options: boolean | SortOptions | undefined): Required<SortOptions> {
  if (typeof options === 'boolean') return { descending: options, stable: false };
  return { descending: options?.descending ?? false, stable: options?.stable ?? false };
}

/** The dim of a sort-like op: a 0-d tensor accepts 0 and -1. */
function sortDim(x: Tensor, dim: number, op: string): number {
  return normalizeDim(dim, x.ndim, op);
}

/**
 * `x` sorted along `d`: values and int32 indices, contiguous in `x`'s shape. Runs inside an op's
 * dispatch (it records nothing).
 */
export function sortAlong(backend: Backend, x: Tensor, d: number, descending: boolean): [Tensor, Tensor] {
  if (x.ndim === 0) return [clone(x), zeros([], { dtype: 'int64', device: x.device })];
  const last = x.ndim - 1;
  const moved = d === last ? x : transpose(x, d, last);
  const input = contiguous(moved);
  let values: Tensor;
  let indices: Tensor;
  const kernel = backend.fast?.sort;
  if (kernel !== undefined && input.numel() > 0) {
    values = newTensor(backend, input.shape, x.dtype);
    indices = newTensor(backend, input.shape, 'int64');
    kernel.call(backend.fast, viewOf(input), viewOf(values), viewOf(indices), descending);
  } else {
    [values, indices] = sortComposite(input, descending);
  }
  disposeTemps([moved, input], [x]);
  if (d === last) return [values, indices];
  const back = [values, indices].map((t) => {
    const view = transpose(t, d, last);
    const out = contiguous(view);
    disposeTemps([t, view], [out]);
    return out;
  });
  return [back[0], back[1]];
}

/**
 * Sorts along `dim` (PyTorch: `torch.sort(input, dim=-1, descending=False, stable=False)`): the sorted
 * values and their int32 indices, as `[values, indices]` with `.values` and `.indices`. The third
 * argument is `descending` or the options. NaN sorts as the largest value; ties keep index order.
 */
export function sort(x: Tensor, dim = -1, options?: boolean | SortOptions): ValuesIndices {
  const { descending, stable } = sortOptions(options);
  const d = sortDim(x, dim, 'sort');
  const [values, indices] = dispatch('sort', [x], { dim: d, descending, stable }, (backend) =>
    sortAlong(backend, x, d, descending),
  );
  return valuesIndices(values, indices);
}

/**
 * The int32 indices that sort `x` along `dim` (PyTorch: `torch.argsort(input, dim=-1,
 * descending=False, stable=False)`), those of {@link sort}.
 */
export function argsort(x: Tensor, dim = -1, options?: boolean | SortOptions): Tensor {
  const { descending, stable } = sortOptions(options);
  const d = sortDim(x, dim, 'argsort');
  return dispatch('argsort', [x], { dim: d, descending, stable }, (backend) => {
    const [values, indices] = sortAlong(backend, x, d, descending);
    values.dispose();
    return indices;
  });
}

/** Keyword options of `topk` (PyTorch: `torch.topk(input, k, dim=-1, largest=True, sorted=True)`). */
export interface TopkOptions {
  /** The largest elements (default), or the smallest (PyTorch: `largest`). */
  largest?: boolean;
  /** Return them in sorted order. They always are here; accepted for PyTorch's API. */
  sorted?: boolean;
}

/**
 * The `k` largest (or smallest) elements along `dim` and their int32 indices (PyTorch:
 * `torch.topk(input, k, dim=-1, largest=True, sorted=True)`), as `[values, indices]` with `.values`
 * and `.indices`, in sorted order. NaN counts as the largest value.
 */
export function topk(x: Tensor, k: number, dim = -1, options?: TopkOptions): ValuesIndices {
  checkOptions('topk()', options, ['largest', 'sorted']); // a positional `largest` is rejected, not ignored
  const largest = options?.largest ?? true;
  const sorted = options?.sorted ?? true;
  const d = sortDim(x, dim, 'topk');
  const size = x.ndim === 0 ? 1 : x.shape[d];
  if (!Number.isInteger(k) || k < 0 || k > size) throw new RangeError('selected index k out of range');
  if (x.dtype === 'bool') throw new TypeError(`"topk_cpu" not implemented for 'Bool'`);
  const [values, indices] = dispatch('topk', [x], { k, dim: d, largest, sorted }, (backend) => {
    const all = sortAlong(backend, x, d, largest);
    if (x.ndim === 0) return all;
    return all.map((t) => {
      const part = narrow(t, d, 0, k);
      const out = contiguous(part);
      disposeTemps([t, part], [out]);
      return out;
    }) as [Tensor, Tensor];
  });
  return valuesIndices(values, indices);
}

/** Keyword options of `kthvalue` (PyTorch: `torch.kthvalue(input, k, dim=-1, keepdim=False)`). */
export interface KthvalueOptions {
  /** Keep the reduced dim as size 1; default false (PyTorch: `keepdim`). */
  keepdim?: boolean;
}

/**
 * The `k`-th smallest element along `dim` (1-based) and its int32 index (PyTorch:
 * `torch.kthvalue(input, k, dim=-1, keepdim=False)`), as `[values, indices]` with `.values` and
 * `.indices`. NaN counts as the largest value. The fourth argument is `keepdim` or the options.
 */
export function kthvalue(x: Tensor, k: number, dim = -1, options?: boolean | KthvalueOptions): ValuesIndices {
  const keepdim = typeof options === 'boolean' ? options : (options?.keepdim ?? false);
  const d = sortDim(x, dim, 'kthvalue');
  const size = x.ndim === 0 ? 1 : x.shape[d];
  if (!Number.isInteger(k) || k < 1 || k > size) {
    throw new RangeError(`kthvalue(): selected number k out of range for dimension ${d}`);
  }
  const [values, indices] = dispatch('kthvalue', [x], { k, dim: d, keepdim }, (backend) => {
    const all = sortAlong(backend, x, d, false);
    if (x.ndim === 0) return all;
    return all.map((t) => {
      const part = narrow(t, d, k - 1, 1);
      const kept = contiguous(part);
      const out = keepdim ? kept : squeeze(kept, d);
      disposeTemps([t, part, kept], [out]);
      return out;
    }) as [Tensor, Tensor];
  });
  return valuesIndices(values, indices);
}

/** Keyword options of `searchsorted` (PyTorch: `torch.searchsorted(sorted_sequence, values, *, out_int32=False, right=False, side=None, sorter=None)`). */
export interface SearchsortedOptions {
  /** The last suitable position (`>`), not the first (`>=`) (PyTorch: `right`). */
  right?: boolean;
  /** `'left'` or `'right'`, as `right`; the two must not contradict each other (PyTorch: `side`). */
  side?: 'left' | 'right' | null;
  /** int32 positions instead of int64 (PyTorch: `out_int32=True`). */
  outInt32?: boolean;
  /** Indices (int64 or int32) that sort `sortedSequence` along its last dim, when it is not sorted itself (PyTorch: `sorter`). */
  sorter?: Tensor | null;
}

function searchSide(options: SearchsortedOptions | undefined): boolean {
  const right = options?.right ?? false;
  const side = options?.side ?? null;
  if (side !== null && side !== 'left' && side !== 'right') {
    throw new RangeError(`torch.searchsorted(): side can only be 'left' or 'right' but got ${side}`);
  }
  if (side !== null && (side === 'right') !== right && right) {
    throw new RangeError(
      `torch.searchsorted(): side and right can't be set to opposites, got side of ${side} while right was True`,
    );
  }
  return right || side === 'right';
}

function checkSearchShapes(seq: Tensor, values: Tensor | number): void {
  if (typeof values === 'number') {
    if (seq.ndim !== 1) {
      throw new RangeError(
        `torch.searchsorted(): input value can be a scalar only when boundaries tensor dimension is 1, but we got boundaries tensor dim(${seq.ndim}) and input value's dim(0) numel(1)`,
      );
    }
    return;
  }
  const lead = (t: Tensor) => formatShape(t.shape.slice(0, -1));
  if (seq.ndim !== 1 && (seq.ndim !== values.ndim || lead(seq) !== lead(values))) {
    throw new RangeError(
      `torch.searchsorted(): boundaries tensor should be 1 dimension or the first N-1 dimensions of boundaries tensor and input value tensor must match, but we got boundaries tensor ${formatShape(seq.shape)} and input value tensor ${formatShape(values.shape)}`,
    );
  }
}

/**
 * For each value, the index at which inserting it into the last dim of `sortedSequence` keeps that
 * sorted (PyTorch: `torch.searchsorted(sorted_sequence, input, *, out_int32=False, right=False,
 * side=None, sorter=None)`): the first position whose element is `>=` the value, or `>` with `right`.
 * int64 positions (int32 with `outInt32`) of `values`' shape (0-d for a number). A 1-D sequence serves every value; an N-D
 * one has `values`' leading dims. Runs PyTorch's binary search (NaN sequence elements compare as in
 * its kernel), vectorised over the values with `gather`.
 */
export function searchsorted(
  sortedSequence: Tensor,
  values: Tensor | number,
  options?: SearchsortedOptions,
): Tensor {
  const right = searchSide(options);
  checkSearchShapes(sortedSequence, values);
  const sorter = options?.sorter ?? null;
  const inputs = [sortedSequence, ...(values instanceof Tensor ? [values] : []), ...(sorter ? [sorter] : [])];
  return dispatch('searchsorted', inputs, { right }, () => {
    const device = sortedSequence.device;
    const v = values instanceof Tensor ? values : full([], values, { device });
    const seq = sorter === null ? sortedSequence : gather(sortedSequence, -1, sorter);
    const out = binarySearch(seq, v, right, options?.outInt32 === true ? 'int32' : 'int64');
    disposeTemps([v, seq], [sortedSequence, values as Tensor, out]);
    return out;
  });
}

/** Positions of `v` in the last dim of `seq` by PyTorch's lower/upper-bound loop, for all at once. */
function binarySearch(seq: Tensor, v: Tensor, right: boolean, dtype: 'int32' | 'int64'): Tensor {
  const length = seq.ndim === 0 ? 1 : seq.shape[seq.ndim - 1];
  const rows = seq.shape.slice(0, -1).reduce((a, b) => a * b, 1);
  const temps: Tensor[] = [];
  const keep = <T extends Tensor>(t: T): T => {
    temps.push(t);
    return t;
  };
  const s = keep(seq.reshape([rows, length]));
  const vs = keep(v.reshape([rows, rows === 0 ? 0 : v.numel() / rows]));
  // int32 while searching (positions within one row need no int64 overflow checks); int64 at the end.
  let lo = keep(zeros(vs.shape, { dtype: 'int32', device: v.device }));
  let hi = keep(full(vs.shape, length, { dtype: 'int32', device: v.device }));
  for (let steps = length; steps > 0; steps = Math.floor(steps / 2)) {
    const active = keep(binary('lt', lo, hi));
    const mid = keep(binary('floorDivide', keep(binary('add', lo, hi)), 2));
    const probe = keep(gather(s, 1, keep(binary('minimum', mid, Math.max(length - 1, 0)))));
    // left: `!(mid_val >= val)` moves right; right: `!(mid_val > val)` (so NaN probes move right).
    const onward = keep(unary('logicalNot', keep(binary(right ? 'gt' : 'ge', probe, vs))));
    const goRight = keep(binary('logicalAnd', active, onward));
    lo = keep(where(goRight, keep(binary('add', mid, 1)), lo));
    hi = keep(where(keep(binary('logicalAnd', active, keep(unary('logicalNot', onward)))), mid, hi));
  }
  const out = keep(lo.reshape([...v.shape])).to(dtype);
  disposeTemps(temps, [out, seq, v]);
  return out;
}
