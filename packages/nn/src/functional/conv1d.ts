/**
 * 1-D convolution (PyTorch: `torch.nn.functional.conv1d`), run as the 2-D convolution of
 * `@typetorch/tensor` over `[N, C, L, 1]`, so every device and the gradients come with it.
 */
import { conv2d, scope, type Tensor } from '@typetorch/tensor';

/** An int or a one-element list (PyTorch's `_single`). */
export type Size1d = number | readonly [number];

/** Options of {@link conv1d} (PyTorch: `stride=1, padding=0, dilation=1, groups=1`). */
export interface Conv1dOptions {
  /** An int or `[s]`; default 1. PyTorch: `stride`. */
  stride?: Size1d;
  /** An int, `[p]`, or `'valid'` / `'same'` (stride 1 only). PyTorch: `padding`. */
  padding?: Size1d | 'valid' | 'same';
  /** An int or `[d]`; default 1. PyTorch: `dilation`. */
  dilation?: Size1d;
  /** Blocked connections from input to output channels; default 1. PyTorch: `groups`. */
  groups?: number;
}

/** The int of an int or one-element list (PyTorch's `_single`); throws on anything else. */
export function single(v: Size1d, name: string): number {
  const n = typeof v === 'number' ? v : v.length === 1 ? v[0] : Number.NaN;
  if (!Number.isInteger(n)) {
    throw new TypeError(
      `conv1d: ${name} must be an int or a one-element list of ints, got ${JSON.stringify(v)}`,
    );
  }
  return n;
}

/**
 * 1-D convolution over `[N, C, L]` (or unbatched `[C, L]`) with `weight` `[out, C / groups, k]`
 * (PyTorch: `torch.nn.functional.conv1d(input, weight, bias=None, stride=1, padding=0, dilation=1,
 * groups=1)`).
 */
export function conv1d(
  input: Tensor,
  weight: Tensor,
  bias?: Tensor | null,
  options: Conv1dOptions = {},
): Tensor {
  if (input.ndim !== 2 && input.ndim !== 3) {
    throw new RangeError(
      `Expected 2D (unbatched) or 3D (batched) input to conv1d, but got input of size: [${input.shape.join(', ')}]`,
    );
  }
  if (weight.ndim !== 3) {
    throw new RangeError(
      `Expected ${weight.ndim}-dimensional input for ${weight.ndim}-dimensional weight [${weight.shape.join(', ')}], but got 3-dimensional input of size [${input.shape.join(', ')}] instead`,
    );
  }
  const groups = options.groups ?? 1;
  const channels = input.shape[input.ndim - 2];
  if (Number.isInteger(groups) && groups > 0 && channels !== weight.shape[1] * groups) {
    const batched = input.ndim === 3 ? input.shape : [1, ...input.shape];
    throw new RangeError(
      `Given groups=${groups}, weight of size [${weight.shape.join(', ')}], expected input[${batched.join(', ')}] to have ${weight.shape[1] * groups} channels, but got ${channels} channels instead`,
    );
  }
  const padding = options.padding ?? 0;
  const stride = single(options.stride ?? 1, 'stride');
  if (padding === 'same' && stride !== 1) {
    throw new RangeError("padding='same' is not supported for strided convolutions");
  }
  return scope(() => {
    const out = conv2d(input.unsqueeze(-1), weight.unsqueeze(-1), bias ?? null, {
      stride: [stride, 1],
      padding: typeof padding === 'string' ? padding : [single(padding, 'padding'), 0],
      dilation: [single(options.dilation ?? 1, 'dilation'), 1],
      groups,
    });
    return out.squeeze(-1);
  });
}
