/** The public functions of ops/unique.ts with their positional arity checked (see arity.ts). */
import { positional } from '../arity.js';
import * as ops from './unique.js';

export * from './unique.js';
/**
 * The number of occurrences of each non-negative integer in the 1-D integer `x` (PyTorch:
 * `torch.bincount(input, weights=None, minlength=0)`): `max(x) + 1` bins (at least `minlength`),
 * int64 counts, or the sums of `weights`. Reads `x` on the host: on devices without synchronous
 * reads (WebGPU) use {@link bincountAsync}.
 */
export const bincount = positional(ops.bincount, 'bincount', 1, 2);
/** {@link bincount} on every device: awaits the read of `x`, then counts on the device (PyTorch: `torch.bincount`). */
export const bincountAsync = positional(ops.bincountAsync, 'bincountAsync', 1, 2);
/**
 * The unique elements of `x` in ascending order (PyTorch: `torch.unique(input, sorted=True,
 * return_inverse=False, return_counts=False, dim=None)`); with `returnInverse` and/or `returnCounts`,
 * PyTorch's tuple `[output, inverse, counts]` (int64). With `dim`, the unique slices along it.
 * Reads `x` on the host: on devices without synchronous reads (WebGPU) use {@link uniqueAsync}.
 */
export const unique = positional(ops.unique, 'unique', 1, 2);
/** {@link unique} on every device: awaits the read of `x`, then builds the outputs (PyTorch: `torch.unique`). */
export const uniqueAsync = positional(ops.uniqueAsync, 'uniqueAsync', 1, 2);
