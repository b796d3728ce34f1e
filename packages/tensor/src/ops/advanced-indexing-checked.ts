/** The public functions of ops/advanced-indexing.ts with their positional arity checked (see arity.ts). */
import { positional } from '../arity.js';
import * as ops from './advanced-indexing.js';

export * from './advanced-indexing.js';
/** The indices of the non-zero elements as a `[count, ndim]` table (PyTorch: `torch.argwhere`). */
export const argwhere = positional(ops.argwhere, 'argwhere', 1, 1);
/** {@link argwhere} on every device: reads `x` asynchronously first (PyTorch: `torch.argwhere`). */
export const argwhereAsync = positional(ops.argwhereAsync, 'argwhereAsync', 1, 1);
/**
 * The elements of `x` where the bool `mask` is true, as a 1-D tensor; `x` and `mask` broadcast
 * (PyTorch: `torch.masked_select`). Its size depends on the mask, read synchronously: on devices that
 * cannot (WebGPU) use {@link maskedSelectAsync}.
 */
export const maskedSelect = positional(ops.maskedSelect, 'maskedSelect', 2, 2);
/** {@link maskedSelect} on every device: reads the mask asynchronously first (PyTorch: `torch.masked_select`). */
export const maskedSelectAsync = positional(ops.maskedSelectAsync, 'maskedSelectAsync', 2, 2);
/**
 * The indices of the non-zero elements (PyTorch: `torch.nonzero`): a `[count, ndim]` int32 tensor in
 * row-major order, or with `asTuple` one 1-D tensor per dim (a 0-d input counts as 1-D). Not
 * differentiable. Its size depends on the values, read synchronously: on devices that cannot (WebGPU)
 * use {@link nonzeroAsync}.
 */
export const nonzero = positional(ops.nonzero, 'nonzero', 1, 2);
/** {@link nonzero} on every device: reads `x` asynchronously first (PyTorch: `torch.nonzero`). */
export const nonzeroAsync = positional(ops.nonzeroAsync, 'nonzeroAsync', 1, 2);
