/** The public functions of ops/index-specs.ts with their positional arity checked (see arity.ts). */
import { positional } from '../arity.js';
import * as ops from './index-specs.js';

export * from './index-specs.js';
/** Out of place {@link indexPut_} (PyTorch: `torch.index_put`). */
export const indexPut = positional(ops.indexPut, 'indexPut', 3, 4);
/**
 * In place: writes `values` into `self` at `indices` (PyTorch: `Tensor.index_put_(indices, values,
 * accumulate)`): one int32 or bool tensor per leading dim (null for a whole dim), broadcast together;
 * `values` broadcasts to the indexed result; with `accumulate` duplicates add up. Bool masks are read
 * on the host (except a mask with one value, written as a masked fill): on devices without
 * synchronous reads use {@link indexPutAsync_}.
 */
export const indexPut_ = positional(ops.indexPut_, 'indexPut_', 3, 4);
/** {@link indexPut} on every device: reads the index tensors asynchronously first (PyTorch: `Tensor.index_put`). */
export const indexPutAsync = positional(ops.indexPutAsync, 'indexPutAsync', 3, 4);
/** {@link indexPut_} on every device: reads the index tensors asynchronously first (PyTorch: `Tensor.index_put_`). */
export const indexPutAsync_ = positional(ops.indexPutAsync_, 'indexPutAsync_', 3, 4);
/**
 * Assignment as Python's `x[specs] = value` (PyTorch: `Tensor.__setitem__`), in place; returns `x`.
 * `x.indexSet(['...', 1], 0)` is `x[..., 1] = 0`, `x.indexSet([mask], v)` is `x[mask] = v`,
 * `x.indexSet([idx], src)` is `x[idx] = src`. The specs are those of {@link index}; `value` broadcasts
 * to the indexed result. A mask with a single value is written without reading the mask (PyTorch's
 * masked fill); other masks are read on the host: on devices without synchronous reads use
 * {@link indexSetAsync}.
 */
export const indexSet = positional(ops.indexSet, 'indexSet', 3, 3);
/** {@link indexSet} on every device: reads the index tensors asynchronously first (PyTorch: `Tensor.__setitem__`). */
export const indexSetAsync = positional(ops.indexSetAsync, 'indexSetAsync', 3, 3);
/** `sl(1, 3)` is Python's `1:3`, `sl(null, null, 2)` is `::2` (PyTorch: a `slice` in `x[...]`). */
export const sl = positional(ops.sl, 'sl', 0, 3);
