/** The public functions of ops/math.ts with their positional arity checked (see arity.ts). */
import { positional } from '../arity.js';
import * as ops from './math.js';

export * from './math.js';
/**
 * Whether `isclose(a, b)` holds everywhere (PyTorch: `torch.allclose`); asynchronous, as every read
 * (`await allclose(a, b)`). See {@link allcloseSync}.
 */
export const allclose = positional(ops.allclose, 'allclose', 2, 3);
/** Synchronous {@link allclose}, where the device reads synchronously (PyTorch: `torch.allclose`). */
export const allcloseSync = positional(ops.allcloseSync, 'allcloseSync', 2, 3);
/** `min(x, max)` elementwise (PyTorch: `torch.clamp_max`); `clamp` with an upper bound only. */
export const clampMax = positional(ops.clampMax, 'clampMax', 2, 2);
/** `max(x, min)` elementwise (PyTorch: `torch.clamp_min`); `clamp` with a lower bound only. */
export const clampMin = positional(ops.clampMin, 'clampMin', 2, 2);
/** Another name of {@link clamp} (PyTorch: `torch.clip`). */
export const clip = positional(ops.clip, 'clip', 1, 3);
/**
 * Whether `a` and `b` have the same shape and elements (PyTorch: `torch.equal`; dtypes may differ;
 * NaN is not equal to itself); asynchronous (`await equal(a, b)`). See {@link equalSync}.
 */
export const equal = positional(ops.equal, 'equal', 2, 2);
/** Synchronous {@link equal}, where the device reads synchronously (PyTorch: `torch.equal`). */
export const equalSync = positional(ops.equalSync, 'equalSync', 2, 2);
/**
 * Elementwise `|a - b| <= atol + rtol * |b|`, or equal (infinities of one sign), or both NaN with
 * `equalNan` (PyTorch: `torch.isclose(input, other, rtol=1e-05, atol=1e-08, equal_nan=False)`).
 * Both tensors must have the same dtype; they broadcast. A bool tensor.
 */
export const isclose = positional(ops.isclose, 'isclose', 2, 3);
/**
 * The norm of `x` (PyTorch: `torch.norm(input, p='fro', dim=None, keepdim=False, dtype=None)`): as in
 * PyTorch 1.13, `'fro'` over at most two dims and every number `p` run `linalg.vectorNorm` (with
 * `ord` 2 for `'fro'`). The nuclear norm (`'nuc'`) is not implemented.
 */
export const norm = positional(ops.norm, 'norm', 1, 4);
