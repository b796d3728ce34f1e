/** The public functions of ops/reduce.ts with their positional arity checked (see arity.ts). */
import { positional } from '../arity.js';
import * as ops from './reduce.js';

export * from './reduce.js';
/** Whether all elements are true (PyTorch: `torch.all`). */
export const all = positional(ops.all, 'all', 1, 3);
/** Maximum over dims without indices (PyTorch: `torch.amax`). */
export const amax = positional(ops.amax, 'amax', 1, 3);
/** Minimum over dims without indices (PyTorch: `torch.amin`). */
export const amin = positional(ops.amin, 'amin', 1, 3);
/** Whether any element is true (PyTorch: `torch.any`). */
export const any = positional(ops.any, 'any', 1, 3);
/** Index of the maximum (PyTorch: `torch.argmax`), int32; over the flattened tensor without `dim`. */
export const argmax = positional(ops.argmax, 'argmax', 1, 3);
/** Index of the minimum (PyTorch: `torch.argmin`). */
export const argmin = positional(ops.argmin, 'argmin', 1, 3);
/**
 * `log(sum(exp(x), dim))` computed stably by subtracting the maximum (PyTorch: `torch.logsumexp`).
 */
export const logsumexp = positional(ops.logsumexp, 'logsumexp', 2, 3);
/**
 * Maximum (PyTorch: `torch.max`): `max(x)` is the 0-d maximum; `max(x, dim)` returns
 * `[values, indices]`, also read as `.values` / `.indices` (PyTorch's named tuple). For the
 * elementwise maximum of two tensors use `maximum`.
 */
export const max = positional(ops.max, 'max', 1, 3);
/** Mean (PyTorch: `torch.mean`); floating dtypes only, as PyTorch. */
export const mean = positional(ops.mean, 'mean', 1, 3);
/** Minimum (PyTorch: `torch.min`), as {@link max}. */
export const min = positional(ops.min, 'min', 1, 3);
/** Product (PyTorch: `torch.prod`). */
export const prod = positional(ops.prod, 'prod', 1, 3);
/** Sum (PyTorch: `torch.sum`). bool and int32 sum to int32. */
export const sum = positional(ops.sum, 'sum', 1, 3);
