/** 1-D pooling and adaptive 2-D max pooling layers (PyTorch: `torch.nn.MaxPool1d`, `AvgPool1d`, `AdaptiveMaxPool2d`). */
import { bindArgs, type Tensor } from '@typetorch/tensor';
import type { Size1d } from '../functional/conv1d.js';
import {
  type AvgPool1dOptions,
  adaptiveMaxPool2d,
  avgPool1d,
  type MaxPool1dOptions,
  maxPool1d,
} from '../functional/pooling1d.js';
import { Module } from '../module.js';

/** An int as Python prints it, a list as a tuple: `2`, `(2,)`, `(None, 7)`. */
function pyValue(v: number | null | readonly (number | null)[]): string {
  if (v === null) return 'None';
  if (typeof v === 'number') return String(v);
  return v.length === 1 ? `(${pyValue(v[0])},)` : `(${v.map(pyValue).join(', ')})`;
}

/** As a one-element tuple, as `AvgPool1d` stores its sizes: `(3,)`. */
const tuple1 = (v: Size1d): readonly [number] => (typeof v === 'number' ? [v] : v);

/**
 * 1-D max pooling (PyTorch: `torch.nn.MaxPool1d(kernel_size, stride=None, padding=0, dilation=1,
 * return_indices=False, ceil_mode=False)`). With `returnIndices: true`, `forward` returns `[output,
 * indices]`.
 */
export class MaxPool1d<WithIndices extends boolean = false> extends Module {
  /** Size of the window (PyTorch: `kernel_size`). */
  readonly kernelSize: Size1d;
  /** Stride of the window; defaults to `kernelSize` (PyTorch: `stride`, default None = `kernel_size`). */
  readonly stride: Size1d;
  /**
   * Implicit padding on both sides (negative infinity for max pooling, zeros for average pooling) (PyTorch:
   * `padding`, default 0).
   */
  readonly padding: Size1d;
  /** Spacing between window elements (PyTorch: `dilation`, default 1). */
  readonly dilation: Size1d;
  /**
   * `forward` also returns the positions of the maxima, as `[output, indices]` (PyTorch: `return_indices`,
   * default False).
   */
  readonly returnIndices: WithIndices;
  /** Round the output size up instead of down (PyTorch: `ceil_mode`, default False). */
  readonly ceilMode: boolean;

  /**
   * Takes `kernelSize`, then the other arguments of the PyTorch signature in the class description,
   * positionally or as one options object (PyTorch: `torch.nn.MaxPool1d.__init__`).
   */
  constructor(
    kernelSize: Size1d,
    ...args:
      | [options?: Omit<MaxPool1dOptions, 'returnIndices'> & { returnIndices?: WithIndices }]
      | [
          stride?: Size1d | null,
          padding?: Size1d,
          dilation?: Size1d,
          returnIndices?: WithIndices,
          ceilMode?: boolean,
          options?: MaxPool1dOptions,
        ]
  ) {
    super();
    const o: MaxPool1dOptions = bindArgs('MaxPool1d.__init__()', args, {
      leading: 1,
      positional: ['stride', 'padding', 'dilation', 'returnIndices', 'ceilMode'],
    });
    this.kernelSize = kernelSize;
    this.stride = o.stride ?? kernelSize;
    this.padding = o.padding ?? 0;
    this.dilation = o.dilation ?? 1;
    this.returnIndices = (o.returnIndices ?? false) as WithIndices;
    this.ceilMode = o.ceilMode ?? false;
  }

  /**
   * Input `[N, C, L]` or `[C, L]`; output `[N, C, L_out]` (or unbatched) with `L_out = floor((L + 2 * padding
   * - dilation * (k - 1) - 1) / stride + 1)` (rounded up with `ceilMode`); with `returnIndices`, `[output,
   * indices]` (int32 positions along L; PyTorch: int64) (PyTorch: `torch.nn.MaxPool1d.forward`).
   */
  forward(input: Tensor): WithIndices extends true ? [Tensor, Tensor] : Tensor {
    const o = {
      stride: this.stride,
      padding: this.padding,
      dilation: this.dilation,
      ceilMode: this.ceilMode,
    };
    const out = this.returnIndices
      ? maxPool1d(input, this.kernelSize, { ...o, returnIndices: true })
      : maxPool1d(input, this.kernelSize, o);
    return out as WithIndices extends true ? [Tensor, Tensor] : Tensor;
  }

  /** The settings that `toString()` prints for this layer (PyTorch: `extra_repr`). */
  override extraRepr(): string {
    return `kernel_size=${pyValue(this.kernelSize)}, stride=${pyValue(this.stride)}, padding=${pyValue(this.padding)}, dilation=${pyValue(this.dilation)}, ceil_mode=${this.ceilMode ? 'True' : 'False'}`;
  }
}

/**
 * 1-D average pooling (PyTorch: `torch.nn.AvgPool1d(kernel_size, stride=None, padding=0,
 * ceil_mode=False, count_include_pad=True)`). Sizes are kept as one-element arrays and print as
 * PyTorch's tuples (`kernel_size=(3,)`).
 */
export class AvgPool1d extends Module {
  /** Size of the window (PyTorch: `kernel_size`). */
  readonly kernelSize: readonly [number];
  /** Stride of the window; defaults to `kernelSize` (PyTorch: `stride`, default None = `kernel_size`). */
  readonly stride: readonly [number];
  /**
   * Implicit padding on both sides (negative infinity for max pooling, zeros for average pooling) (PyTorch:
   * `padding`, default 0).
   */
  readonly padding: readonly [number];
  /** Round the output size up instead of down (PyTorch: `ceil_mode`, default False). */
  readonly ceilMode: boolean;
  /** Count the zero padding in the divisor (PyTorch: `count_include_pad`, default True). */
  readonly countIncludePad: boolean;

  /**
   * Takes `kernelSize`, then the other arguments of the PyTorch signature in the class description,
   * positionally or as one options object (PyTorch: `torch.nn.AvgPool1d.__init__`).
   */
  constructor(
    kernelSize: Size1d,
    ...args:
      | [options?: AvgPool1dOptions]
      | [
          stride?: Size1d | null,
          padding?: Size1d,
          ceilMode?: boolean,
          countIncludePad?: boolean,
          options?: AvgPool1dOptions,
        ]
  ) {
    super();
    const o: AvgPool1dOptions = bindArgs('AvgPool1d.__init__()', args, {
      leading: 1,
      positional: ['stride', 'padding', 'ceilMode', 'countIncludePad'],
    });
    this.kernelSize = tuple1(kernelSize);
    this.stride = tuple1(o.stride ?? kernelSize);
    this.padding = tuple1(o.padding ?? 0);
    this.ceilMode = o.ceilMode ?? false;
    this.countIncludePad = o.countIncludePad ?? true;
  }

  /**
   * Input `[N, C, L]` or `[C, L]`; output `[N, C, L_out]` (or unbatched) with `L_out = floor((L + 2 * padding
   * - k) / stride + 1)` (rounded up with `ceilMode`) (PyTorch: `torch.nn.AvgPool1d.forward`).
   */
  forward(input: Tensor): Tensor {
    return avgPool1d(input, this.kernelSize, {
      stride: this.stride,
      padding: this.padding,
      ceilMode: this.ceilMode,
      countIncludePad: this.countIncludePad,
    });
  }

  /** As PyTorch, which prints only these three. */
  override extraRepr(): string {
    return `kernel_size=${pyValue(this.kernelSize)}, stride=${pyValue(this.stride)}, padding=${pyValue(this.padding)}`;
  }
}

/**
 * Adaptive 2-D max pooling to a fixed output size (PyTorch: `torch.nn.AdaptiveMaxPool2d(output_size,
 * return_indices=False)`): an int, or `[oH, oW]` where `null` keeps the input's size.
 */
export class AdaptiveMaxPool2d<WithIndices extends boolean = false> extends Module {
  /**
   * The output size: an int, or one per spatial dim where `null` keeps the input's size (PyTorch:
   * `output_size`).
   */
  readonly outputSize: number | readonly (number | null)[];
  /**
   * `forward` also returns the positions of the maxima, as `[output, indices]` (PyTorch: `return_indices`,
   * default False).
   */
  readonly returnIndices: WithIndices;

  /**
   * Takes the output size, then `returnIndices` positionally or as an options object (PyTorch:
   * `torch.nn.AdaptiveMaxPool2d.__init__`).
   */
  constructor(
    outputSize: number | readonly (number | null)[],
    ...args: [options?: { returnIndices?: WithIndices }] | [returnIndices?: WithIndices]
  ) {
    super();
    const o = bindArgs('AdaptiveMaxPool2d.__init__()', args, { leading: 1, positional: ['returnIndices'] });
    this.outputSize = typeof outputSize === 'number' ? outputSize : [...outputSize];
    this.returnIndices = ((o.returnIndices as boolean | undefined) ?? false) as WithIndices;
  }

  /**
   * Input `[N, C, H, W]` or `[C, H, W]`; output `[N, C, oH, oW]` (or unbatched), each output the maximum of
   * its adaptive window; with `returnIndices`, `[output, indices]` (int32; PyTorch: int64) (PyTorch:
   * `torch.nn.AdaptiveMaxPool2d.forward`).
   */
  forward(input: Tensor): WithIndices extends true ? [Tensor, Tensor] : Tensor {
    const out = this.returnIndices
      ? adaptiveMaxPool2d(input, this.outputSize, { returnIndices: true })
      : adaptiveMaxPool2d(input, this.outputSize);
    return out as WithIndices extends true ? [Tensor, Tensor] : Tensor;
  }

  /** The settings that `toString()` prints for this layer (PyTorch: `extra_repr`). */
  override extraRepr(): string {
    return `output_size=${pyValue(this.outputSize)}`;
  }
}
