/** The public functions of ops/pooling.ts with their positional arity checked (see arity.ts). */
import { positional } from '../arity.js';
import * as ops from './pooling.js';

export * from './pooling.js';
/**
 * Adaptive 2-D average pooling (PyTorch: `torch.nn.functional.adaptive_avg_pool2d`): averages
 * PyTorch's windows `[floor(o * H / oH), ceil((o + 1) * H / oH))` to an `outputSize` of an int,
 * `[oH, oW]`, or with `null` entries that keep the input's size.
 */
export const adaptiveAvgPool2d = positional(ops.adaptiveAvgPool2d, 'adaptiveAvgPool2d', 2, 2);
/**
 * 2-D average pooling (PyTorch: `torch.nn.functional.avg_pool2d`) over `[N, C, H, W]` or
 * `[C, H, W]`, with PyTorch's divisor rules for `countIncludePad`, `ceilMode` and `divisorOverride`.
 */
export const avgPool2d = positional(ops.avgPool2d, 'avgPool2d', 2, 3);
/**
 * 2-D max pooling (PyTorch: `torch.nn.functional.max_pool2d`) over `[N, C, H, W]` or `[C, H, W]`.
 * Padding is implicit `-Infinity`. With `returnIndices`, returns `[output, indices]`: int32 flat
 * positions `row * W + col` within each input plane (PyTorch: int64). Ties go to the first tap in
 * row-major order, as in PyTorch; in a window holding several NaNs the first NaN's position is
 * returned (PyTorch's CPU kernel returns the last one's).
 */
export const maxPool2d = positional(ops.maxPool2d, 'maxPool2d', 2, 3);
