/** The public functions of ops/linalg.ts with their positional arity checked (see arity.ts). */
import { positional } from '../arity.js';
import * as ops from './linalg.js';

export * from './linalg.js';
/**
 * `beta * input + alpha * (mat1 @ mat2)` for matrices `mat1` `[n, m]` and `mat2` `[m, p]`, with
 * `input` broadcastable to `[n, p]` (PyTorch: `torch.addmm(input, mat1, mat2, *, beta=1, alpha=1)`).
 * `nn.functional.linear` runs it for a 2-D input with a bias, so its node is `AddmmBackward0`.
 */
export const addmm = positional(ops.addmm, 'addmm', 3, 4);
/** Batched product of 3-D tensors with equal batch sizes (PyTorch: `torch.bmm`). */
export const bmm = positional(ops.bmm, 'bmm', 2, 2);
/** Dot product of two 1-D tensors (PyTorch: `torch.dot`). */
export const dot = positional(ops.dot, 'dot', 2, 2);
/** Matrix product with broadcasting (PyTorch: `torch.matmul`, the `@` operator). */
export const matmul = positional(ops.matmul, 'matmul', 2, 2);
/** Product of two matrices (PyTorch: `torch.mm`). */
export const mm = positional(ops.mm, 'mm', 2, 2);
/** Outer product of two 1-D tensors (PyTorch: `torch.outer`). */
export const outer = positional(ops.outer, 'outer', 2, 2);
