/** The public functions of ops/conv.ts with their positional arity checked (see arity.ts). */
import { positional } from '../arity.js';
import * as ops from './conv.js';

export * from './conv.js';
/**
 * 2-D convolution, strictly a cross-correlation (PyTorch: `torch.nn.functional.conv2d`): `input`
 * `[N, C, H, W]` or unbatched `[C, H, W]`, `weight` `[O, C / groups, kH, kW]`, optional `bias` `[O]`.
 * Returns `[N, O, oH, oW]` (or `[O, oH, oW]`) with `oH = floor((H + 2 * padding - dilation * (kH - 1)
 * - 1) / stride) + 1`. Floating dtypes; all operands share one.
 */
export const conv2d = positional(ops.conv2d, 'conv2d', 2, 4);
/**
 * Combines sliding local blocks into a tensor, summing overlaps (PyTorch:
 * `torch.nn.functional.fold`, col2im; the adjoint of {@link unfold}): `[N, C * kH * kW, L]` (or
 * `[C * kH * kW, L]`) to `[N, C, H, W]` (or `[C, H, W]`) for `outputSize = [H, W]`.
 */
export const fold = positional(ops.fold, 'fold', 3, 4);
/**
 * Extracts sliding local blocks (PyTorch: `torch.nn.functional.unfold`, im2col): `[N, C, H, W]` (or
 * unbatched `[C, H, W]`) to `[N, C * kH * kW, L]` (or `[C * kH * kW, L]`), where column `l` holds the
 * window at `(l / oW, l % oW)` with channel-major rows `c * kH * kW + i * kW + j`. Floating dtypes.
 */
export const unfold = positional(ops.unfold, 'unfold', 2, 3);
