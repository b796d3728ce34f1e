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
  /** Defaults to `kernelSize`. */
  stride?: Size2d | null;
  padding?: Size2d;
  dilation?: Size2d;
  /** `forward` also returns the int32 positions of the maxima, as `[output, indices]`. */
  returnIndices?: WithIndices;
  ceilMode?: boolean;
}

/**
 * 2-D max pooling (PyTorch: `torch.nn.MaxPool2d(kernel_size, stride=None, padding=0, dilation=1,
 * return_indices=False, ceil_mode=False)`). With `returnIndices: true`, `forward` returns `[output,
 * indices]`.
 */
export class MaxPool2d<WithIndices extends boolean = false> extends Module {
  readonly kernelSize: Size2d;
  readonly stride: Size2d;
  readonly padding: Size2d;
  readonly dilation: Size2d;
  readonly returnIndices: WithIndices;
  readonly ceilMode: boolean;

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

  override extraRepr(): string {
    return `kernel_size=${pyValue(this.kernelSize)}, stride=${pyValue(this.stride)}, padding=${pyValue(this.padding)}, dilation=${pyValue(this.dilation)}, ceil_mode=${pyBool(this.ceilMode)}`;
  }
}

/** Options of {@link AvgPool2d} (PyTorch: `stride=None, padding=0, ceil_mode=False, count_include_pad=True, divisor_override=None`). */
export interface AvgPool2dOptions {
  /** Defaults to `kernelSize`. */
  stride?: Size2d | null;
  padding?: Size2d;
  ceilMode?: boolean;
  /** Count the zero padding in the divisor; default true. */
  countIncludePad?: boolean;
  /** Divide every window's sum by this instead. */
  divisorOverride?: number | null;
}

/**
 * 2-D average pooling (PyTorch: `torch.nn.AvgPool2d(kernel_size, stride=None, padding=0,
 * ceil_mode=False, count_include_pad=True, divisor_override=None)`).
 */
export class AvgPool2d extends Module {
  readonly kernelSize: Size2d;
  readonly stride: Size2d;
  readonly padding: Size2d;
  readonly ceilMode: boolean;
  readonly countIncludePad: boolean;
  readonly divisorOverride: number | null;

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
  readonly outputSize: number | readonly (number | null)[];

  constructor(outputSize: number | readonly (number | null)[]) {
    super();
    this.outputSize = typeof outputSize === 'number' ? outputSize : [...outputSize];
  }

  forward(input: Tensor): Tensor {
    return adaptiveAvgPool2d(input, this.outputSize);
  }

  override extraRepr(): string {
    return `output_size=${pyValue(this.outputSize)}`;
  }
}
