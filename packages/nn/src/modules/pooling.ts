/** Pooling layers (PyTorch: `torch.nn.MaxPool2d`, `AvgPool2d`, `AdaptiveAvgPool2d`). */
import {
  adaptiveAvgPool2d,
  avgPool2d,
  bindArgs,
  maxPool2d,
  type Size2d,
  type Tensor,
} from '@typetorch/tensor';
import { Module } from '../module.js';

/** An int as Python prints it, a list as a tuple: `2`, `(2, 3)`, `(None, 7)`. */
function pyValue(v: number | null | readonly (number | null)[]): string {
  if (v === null) return 'None';
  if (typeof v === 'number') return String(v);
  return v.length === 1 ? `(${pyValue(v[0])},)` : `(${v.map(pyValue).join(', ')})`;
}

const pyBool = (b: boolean) => (b ? 'True' : 'False');

/** Options of {@link MaxPool2d} (PyTorch: `stride=None, padding=0, dilation=1, return_indices=False, ceil_mode=False`). */
export interface MaxPool2dOptions<WithIndices extends boolean = boolean> {
  /** Stride of the window; defaults to `kernelSize` (PyTorch: `stride`, default None). */
  stride?: Size2d | null;
  /** Implicit negative-infinity padding on both sides (PyTorch: `padding`, default 0). */
  padding?: Size2d;
  /** Spacing between window elements (PyTorch: `dilation`, default 1). */
  dilation?: Size2d;
  /**
   * `forward` also returns the int32 positions of the maxima, as `[output, indices]` (PyTorch:
   * `return_indices`, default False).
   */
  returnIndices?: WithIndices;
  /** Round the output size up instead of down (PyTorch: `ceil_mode`, default False). */
  ceilMode?: boolean;
}

/**
 * 2-D max pooling (PyTorch: `torch.nn.MaxPool2d(kernel_size, stride=None, padding=0, dilation=1,
 * return_indices=False, ceil_mode=False)`). With `returnIndices: true`, `forward` returns `[output,
 * indices]`.
 */
export class MaxPool2d<WithIndices extends boolean = false> extends Module {
  /** Size of the window (PyTorch: `kernel_size`). */
  readonly kernelSize: Size2d;
  /** Stride of the window; defaults to `kernelSize` (PyTorch: `stride`, default None = `kernel_size`). */
  readonly stride: Size2d;
  /**
   * Implicit padding on both sides (negative infinity for max pooling, zeros for average pooling) (PyTorch:
   * `padding`, default 0).
   */
  readonly padding: Size2d;
  /** Spacing between window elements (PyTorch: `dilation`, default 1). */
  readonly dilation: Size2d;
  /**
   * `forward` also returns the positions of the maxima, as `[output, indices]` (PyTorch: `return_indices`,
   * default False).
   */
  readonly returnIndices: WithIndices;
  /** Round the output size up instead of down (PyTorch: `ceil_mode`, default False). */
  readonly ceilMode: boolean;

  /**
   * Takes `kernelSize`, then the other arguments of the PyTorch signature in the class description,
   * positionally or as one options object (PyTorch: `torch.nn.MaxPool2d.__init__`).
   */
  constructor(
    kernelSize: Size2d,
    ...args:
      | [options?: MaxPool2dOptions<WithIndices>]
      | [
          stride?: Size2d | null,
          padding?: Size2d,
          dilation?: Size2d,
          returnIndices?: WithIndices,
          ceilMode?: boolean,
          options?: MaxPool2dOptions<WithIndices>,
        ]
  ) {
    super();
    const options: MaxPool2dOptions<WithIndices> = bindArgs('MaxPool2d.__init__()', args, {
      leading: 1,
      positional: ['stride', 'padding', 'dilation', 'returnIndices', 'ceilMode'],
    });
    this.kernelSize = kernelSize;
    this.stride = options.stride ?? kernelSize;
    this.padding = options.padding ?? 0;
    this.dilation = options.dilation ?? 1;
    this.returnIndices = (options.returnIndices ?? false) as WithIndices;
    this.ceilMode = options.ceilMode ?? false;
  }

  /**
   * Input `[N, C, H, W]` or `[C, H, W]`; output `[N, C, H_out, W_out]` (or unbatched) with `H_out = floor((H
   * + 2 * padding - dilation * (kH - 1) - 1) / stride + 1)` (rounded up with `ceilMode`), likewise `W_out`;
   * with `returnIndices`, `[output, indices]` (int32 flat positions in each `H * W` plane; PyTorch: int64)
   * (PyTorch: `torch.nn.MaxPool2d.forward`).
   */
  forward(input: Tensor): WithIndices extends true ? [Tensor, Tensor] : Tensor {
    const options = {
      stride: this.stride,
      padding: this.padding,
      dilation: this.dilation,
      ceilMode: this.ceilMode,
    };
    const out = this.returnIndices
      ? maxPool2d(input, this.kernelSize, { ...options, returnIndices: true })
      : maxPool2d(input, this.kernelSize, options);
    return out as WithIndices extends true ? [Tensor, Tensor] : Tensor;
  }

  /** The settings that `toString()` prints for this layer (PyTorch: `extra_repr`). */
  override extraRepr(): string {
    return `kernel_size=${pyValue(this.kernelSize)}, stride=${pyValue(this.stride)}, padding=${pyValue(this.padding)}, dilation=${pyValue(this.dilation)}, ceil_mode=${pyBool(this.ceilMode)}`;
  }
}

/** Options of {@link AvgPool2d} (PyTorch: `stride=None, padding=0, ceil_mode=False, count_include_pad=True, divisor_override=None`). */
export interface AvgPool2dOptions {
  /** Stride of the window; defaults to `kernelSize` (PyTorch: `stride`, default None). */
  stride?: Size2d | null;
  /** Implicit zero padding on both sides (PyTorch: `padding`, default 0). */
  padding?: Size2d;
  /** Round the output size up instead of down (PyTorch: `ceil_mode`, default False). */
  ceilMode?: boolean;
  /** Count the zero padding in the divisor (PyTorch: `count_include_pad`, default True). */
  countIncludePad?: boolean;
  /**
   * Divide every window's sum by this instead of the window size (PyTorch: `divisor_override`, default None).
   */
  divisorOverride?: number | null;
}

/**
 * 2-D average pooling (PyTorch: `torch.nn.AvgPool2d(kernel_size, stride=None, padding=0,
 * ceil_mode=False, count_include_pad=True, divisor_override=None)`).
 */
export class AvgPool2d extends Module {
  /** Size of the window (PyTorch: `kernel_size`). */
  readonly kernelSize: Size2d;
  /** Stride of the window; defaults to `kernelSize` (PyTorch: `stride`, default None = `kernel_size`). */
  readonly stride: Size2d;
  /**
   * Implicit padding on both sides (negative infinity for max pooling, zeros for average pooling) (PyTorch:
   * `padding`, default 0).
   */
  readonly padding: Size2d;
  /** Round the output size up instead of down (PyTorch: `ceil_mode`, default False). */
  readonly ceilMode: boolean;
  /** Count the zero padding in the divisor (PyTorch: `count_include_pad`, default True). */
  readonly countIncludePad: boolean;
  /**
   * Divide every window's sum by this instead of the window size, or `null` (PyTorch: `divisor_override`,
   * default None).
   */
  readonly divisorOverride: number | null;

  /**
   * Takes `kernelSize`, then the other arguments of the PyTorch signature in the class description,
   * positionally or as one options object (PyTorch: `torch.nn.AvgPool2d.__init__`).
   */
  constructor(
    kernelSize: Size2d,
    ...args:
      | [options?: AvgPool2dOptions]
      | [
          stride?: Size2d | null,
          padding?: Size2d,
          ceilMode?: boolean,
          countIncludePad?: boolean,
          divisorOverride?: number | null,
          options?: AvgPool2dOptions,
        ]
  ) {
    super();
    const options: AvgPool2dOptions = bindArgs('AvgPool2d.__init__()', args, {
      leading: 1,
      positional: ['stride', 'padding', 'ceilMode', 'countIncludePad', 'divisorOverride'],
    });
    this.kernelSize = kernelSize;
    this.stride = options.stride ?? kernelSize;
    this.padding = options.padding ?? 0;
    this.ceilMode = options.ceilMode ?? false;
    this.countIncludePad = options.countIncludePad ?? true;
    this.divisorOverride = options.divisorOverride ?? null;
  }

  /**
   * Input `[N, C, H, W]` or `[C, H, W]`; output `[N, C, H_out, W_out]` (or unbatched) with `H_out = floor((H
   * + 2 * padding - kH) / stride + 1)` (rounded up with `ceilMode`), likewise `W_out` (PyTorch:
   * `torch.nn.AvgPool2d.forward`).
   */
  forward(input: Tensor): Tensor {
    return avgPool2d(input, this.kernelSize, {
      stride: this.stride,
      padding: this.padding,
      ceilMode: this.ceilMode,
      countIncludePad: this.countIncludePad,
      divisorOverride: this.divisorOverride,
    });
  }

  /** As PyTorch, which prints only these three. */
  override extraRepr(): string {
    return `kernel_size=${pyValue(this.kernelSize)}, stride=${pyValue(this.stride)}, padding=${pyValue(this.padding)}`;
  }
}

/**
 * Adaptive 2-D average pooling to a fixed output size (PyTorch: `torch.nn.AdaptiveAvgPool2d(output_size)`):
 * an int, or `[oH, oW]` where `null` keeps the input's size.
 */
export class AdaptiveAvgPool2d extends Module {
  /**
   * The output size: an int, or one per spatial dim where `null` keeps the input's size (PyTorch:
   * `output_size`).
   */
  readonly outputSize: number | readonly (number | null)[];

  /** Takes the output size (PyTorch: `torch.nn.AdaptiveAvgPool2d.__init__`). */
  constructor(outputSize: number | readonly (number | null)[]) {
    super();
    this.outputSize = typeof outputSize === 'number' ? outputSize : [...outputSize];
  }

  /**
   * Input `[N, C, H, W]` or `[C, H, W]`; output `[N, C, oH, oW]` (or unbatched), each output the mean of its
   * adaptive window (PyTorch: `torch.nn.AdaptiveAvgPool2d.forward`).
   */
  forward(input: Tensor): Tensor {
    return adaptiveAvgPool2d(input, this.outputSize);
  }

  /** The settings that `toString()` prints for this layer (PyTorch: `extra_repr`). */
  override extraRepr(): string {
    return `output_size=${pyValue(this.outputSize)}`;
  }
}
