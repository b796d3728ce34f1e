/**
 * 1-D pooling and adaptive 2-D max pooling (PyTorch: `torch.nn.functional.max_pool1d`, `avg_pool1d`,
 * `adaptive_max_pool2d`), composed from the 2-D ops of `@typetorch/tensor`: a `[N, C, L]` input is pooled
 * as `[N, C, 1, L]` with a `[1, k]` window, so values, indices and gradients are the 2-D op's.
 */
import { avgPool2d, formatShape, maxPool2d, scope, stack, type Tensor } from '@typetorch/tensor';
import type { Size1d } from './conv1d.js';

const one = (v: Size1d): number => (typeof v === 'number' ? v : v[0]);

/** Options of {@link maxPool1d} (PyTorch: `stride=None, padding=0, dilation=1, ceil_mode=False, return_indices=False`). */
export interface MaxPool1dOptions {
  /** Defaults to `kernelSize`. PyTorch: `stride`. */
  stride?: Size1d | null;
  /** Implicit negative-infinity padding on both sides; default 0. PyTorch: `padding`. */
  padding?: Size1d;
  /** Spacing between window elements; default 1. PyTorch: `dilation`. */
  dilation?: Size1d;
  /** Round the output length up instead of down; default false. PyTorch: `ceil_mode`. */
  ceilMode?: boolean;
  /** Also return the positions of the maxima along L, as `[output, indices]`. PyTorch: `return_indices`. */
  returnIndices?: boolean;
}

/** Options of {@link avgPool1d} (PyTorch: `stride=None, padding=0, ceil_mode=False, count_include_pad=True`). */
export interface AvgPool1dOptions {
  /** Defaults to `kernelSize`. PyTorch: `stride`. */
  stride?: Size1d | null;
  /** Implicit zero padding on both sides; default 0. PyTorch: `padding`. */
  padding?: Size1d;
  /** Round the output length up instead of down; default false. PyTorch: `ceil_mode`. */
  ceilMode?: boolean;
  /** Count the zero padding in the divisor; default true. PyTorch: `count_include_pad`. */
  countIncludePad?: boolean;
}

/** `fn` on `input` with a unit H dim inserted before L; the results without it. */
function asRow<R extends Tensor | [Tensor, Tensor]>(input: Tensor, fn: (x: Tensor) => R): R {
  const x = input.unsqueeze(-2);
  const out = fn(x);
  x.dispose();
  const squeeze = (t: Tensor) => {
    const s = t.squeeze(-2);
    t.dispose();
    return s;
  };
  return (Array.isArray(out) ? out.map(squeeze) : squeeze(out as Tensor)) as R;
}

/**
 * 1-D max pooling over `[N, C, L]` or `[C, L]` (PyTorch: `torch.nn.functional.max_pool1d(input,
 * kernel_size, stride=None, padding=0, dilation=1, ceil_mode=False, return_indices=False)`); with
 * `returnIndices`, returns `[output, indices]` (int32 positions along L; PyTorch: int64).
 */
export function maxPool1d(
  input: Tensor,
  kernelSize: Size1d,
  options: MaxPool1dOptions & { returnIndices: true },
): [Tensor, Tensor];
export function maxPool1d(input: Tensor, kernelSize: Size1d, options?: MaxPool1dOptions): Tensor;
export function maxPool1d(
  input: Tensor,
  kernelSize: Size1d,
  options: MaxPool1dOptions = {},
): Tensor | [Tensor, Tensor] {
  if (input.ndim !== 2 && input.ndim !== 3) {
    throw new RangeError(
      `max_pool1d: Expected 2D or 3D (batch mode) tensor with optional 0 dim batch size for input, but got:${formatShape(input.shape)}`,
    );
  }
  const k = one(kernelSize);
  const o = {
    stride: [1, one(options.stride ?? k)] as [number, number],
    padding: [0, one(options.padding ?? 0)] as [number, number],
    dilation: [1, one(options.dilation ?? 1)] as [number, number],
    ceilMode: options.ceilMode ?? false,
  };
  if (options.returnIndices) {
    return asRow(input, (x) => maxPool2d(x, [1, k], { ...o, returnIndices: true }));
  }
  return asRow(input, (x) => maxPool2d(x, [1, k], o));
}

/**
 * 1-D average pooling over `[N, C, L]` or `[C, L]` (PyTorch: `torch.nn.functional.avg_pool1d(input,
 * kernel_size, stride=None, padding=0, ceil_mode=False, count_include_pad=True)`).
 */
export function avgPool1d(input: Tensor, kernelSize: Size1d, options: AvgPool1dOptions = {}): Tensor {
  if (input.ndim !== 2 && input.ndim !== 3) {
    throw new RangeError(
      `Expected 2 to 3 dimensions, but got ${input.ndim}-dimensional tensor for argument #1 'self' (while checking arguments for avg_pool1d)`,
    );
  }
  const k = one(kernelSize);
  return asRow(input, (x) =>
    avgPool2d(x, [1, k], {
      stride: [1, one(options.stride ?? k)],
      padding: [0, one(options.padding ?? 0)],
      ceilMode: options.ceilMode ?? false,
      countIncludePad: options.countIncludePad ?? true,
    }),
  );
}

/**
 * Options of {@link adaptiveMaxPool2d} (PyTorch: the arguments of `torch.nn.functional.adaptive_max_pool2d`
 * after `output_size`).
 */
export interface AdaptiveMaxPool2dOptions {
  /**
   * Also return the flat positions `row * W + col` of the maxima, as `[output, indices]`. PyTorch:
   * `return_indices`.
   */
  returnIndices?: boolean;
}

/** PyTorch's adaptive window along one dim: `[floor(o * in / out), ceil((o + 1) * in / out))`. */
function window(o: number, size: number, outSize: number): [number, number] {
  return [Math.floor((o * size) / outSize), Math.ceil(((o + 1) * size) / outSize)];
}

/** Adaptive max pooling of a 4-D `x`, one window at a time (windows may overlap or differ in size). */
function adaptiveWindows(x: Tensor, oH: number, oW: number): [Tensor, Tensor] {
  const [N, C, H, W] = x.shape;
  const values: Tensor[] = [];
  const indices: Tensor[] = [];
  for (let i = 0; i < oH; i++) {
    const [h0, h1] = window(i, H, oH);
    for (let j = 0; j < oW; j++) {
      const [w0, w1] = window(j, W, oW);
      const w = w1 - w0;
      const [v, a] = x
        .narrow(2, h0, h1 - h0)
        .narrow(3, w0, w)
        .reshape(N, C, -1)
        .max(-1);
      values.push(v);
      // The position in the window, as a position in the input plane.
      indices.push(a.floorDivide(w).add(h0).mul(W).add(a.remainder(w)).add(w0).to({ dtype: 'int32' }));
    }
  }
  return [stack(values, -1).reshape(N, C, oH, oW), stack(indices, -1).reshape(N, C, oH, oW)];
}

/**
 * Adaptive 2-D max pooling to `outputSize` (an int, or `[oH, oW]` where `null` keeps the input's size)
 * over `[N, C, H, W]` or `[C, H, W]`, with PyTorch's windows `[floor(o * H / oH), ceil((o + 1) * H /
 * oH))` (PyTorch: `torch.nn.functional.adaptive_max_pool2d(input, output_size, return_indices=False)`).
 * Sizes that divide the input use `maxPool2d`; others take each window's maximum in turn. Indices are
 * int32 (PyTorch: int64), as `maxPool2d`'s.
 */
export function adaptiveMaxPool2d(
  input: Tensor,
  outputSize: number | readonly (number | null)[],
  options: AdaptiveMaxPool2dOptions & { returnIndices: true },
): [Tensor, Tensor];
export function adaptiveMaxPool2d(
  input: Tensor,
  outputSize: number | readonly (number | null)[],
  options?: AdaptiveMaxPool2dOptions,
): Tensor;
export function adaptiveMaxPool2d(
  input: Tensor,
  outputSize: number | readonly (number | null)[],
  options: AdaptiveMaxPool2dOptions = {},
): Tensor | [Tensor, Tensor] {
  if (input.ndim !== 3 && input.ndim !== 4) {
    throw new RangeError(
      `adaptive_max_pool2d(): Expected 3D or 4D tensor, but got: ${formatShape(input.shape)}`,
    );
  }
  const sizes = typeof outputSize === 'number' ? [outputSize, outputSize] : [...outputSize];
  if (sizes.length !== 2) throw new RangeError('adaptive_max_pool2d: output_size must be 2');
  const [H, W] = input.shape.slice(-2);
  const oH = sizes[0] ?? H;
  const oW = sizes[1] ?? W;
  const [values, indices] = scope(() => {
    if (H % oH === 0 && W % oW === 0) {
      return maxPool2d(input, [H / oH, W / oW], { returnIndices: true });
    }
    const x = input.ndim === 3 ? input.unsqueeze(0) : input;
    const out = adaptiveWindows(x, oH, oW);
    return input.ndim === 3 ? (out.map((t) => t.squeeze(0)) as [Tensor, Tensor]) : out;
  });
  if (options.returnIndices) return [values, indices];
  indices.dispose();
  return values;
}
