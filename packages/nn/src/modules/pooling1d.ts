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
  readonly kernelSize: Size1d;
  readonly stride: Size1d;
  readonly padding: Size1d;
  readonly dilation: Size1d;
  readonly returnIndices: WithIndices;
  readonly ceilMode: boolean;

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
  readonly kernelSize: readonly [number];
  readonly stride: readonly [number];
  readonly padding: readonly [number];
  readonly ceilMode: boolean;
  readonly countIncludePad: boolean;

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
  readonly outputSize: number | readonly (number | null)[];
  readonly returnIndices: WithIndices;

  constructor(
    outputSize: number | readonly (number | null)[],
    ...args: [options?: { returnIndices?: WithIndices }] | [returnIndices?: WithIndices]
  ) {
    super();
    const o = bindArgs('AdaptiveMaxPool2d.__init__()', args, { leading: 1, positional: ['returnIndices'] });
    this.outputSize = typeof outputSize === 'number' ? outputSize : [...outputSize];
    this.returnIndices = ((o.returnIndices as boolean | undefined) ?? false) as WithIndices;
  }

  forward(input: Tensor): WithIndices extends true ? [Tensor, Tensor] : Tensor {
    const out = this.returnIndices
      ? adaptiveMaxPool2d(input, this.outputSize, { returnIndices: true })
      : adaptiveMaxPool2d(input, this.outputSize);
    return out as WithIndices extends true ? [Tensor, Tensor] : Tensor;
  }

  override extraRepr(): string {
    return `output_size=${pyValue(this.outputSize)}`;
  }
}
