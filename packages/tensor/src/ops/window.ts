/** Sliding-window arithmetic shared by convolution (`conv.ts`) and pooling (`pooling.ts`). */

/**
 * Number of windows along one dim (PyTorch's `conv_output_size` and `pooling_output_shape`):
 * `floor((size + padBefore + padAfter - dilation * (k - 1) - 1) / stride) + 1`.
 *
 * With `ceilMode` (pooling's `ceil_mode=True`) the division rounds up, but the last window must start
 * inside the input or its leading padding (`(out - 1) * stride < size + padBefore`), else it is dropped.
 * No argument checks: callers validate with their op's messages first.
 */
export function windowCount(
  size: number,
  padBefore: number,
  padAfter: number,
  k: number,
  d: number,
  s: number,
  ceilMode = false,
): number {
  let out = Math.floor((size + padBefore + padAfter - d * (k - 1) - 1 + (ceilMode ? s - 1 : 0)) / s) + 1;
  if (ceilMode && (out - 1) * s >= size + padBefore) out--;
  return out;
}
