/** `Conv2d` (PyTorch: `torch.nn.Conv2d`). */
import { bindArgs, conv2d, type DType, type Size2d, type Tensor } from '@typetorch/tensor';
import { Module } from '../module.js';
import type { Parameter } from '../parameter.js';
import {
  checkGroups,
  checkPaddingMode,
  checkPaddingString,
  convExtraRepr,
  convParameter,
  resetConvParameters,
} from './conv-common.js';

/** Options of {@link Conv2d} (PyTorch: `stride=1, padding=0, dilation=1, groups=1, bias=True, ...`). */
export interface Conv2dOptions {
  /** An int or `[sH, sW]` (PyTorch: `stride`, default 1). */
  stride?: Size2d;
  /** An int, `[pH, pW]`, or `'valid'` / `'same'` (stride 1 only) (PyTorch: `padding`, default 0). */
  padding?: Size2d | 'valid' | 'same';
  /** An int or `[dH, dW]` (PyTorch: `dilation`, default 1). */
  dilation?: Size2d;
  /** Number of blocked connections from input to output channels (PyTorch: `groups`, default 1). */
  groups?: number;
  /** Learn an additive bias per output channel (PyTorch: `bias`, default True). */
  bias?: boolean;
  /** Only `'zeros'` (the default) is supported so far (PyTorch: `padding_mode`). */
  paddingMode?: 'zeros' | 'reflect' | 'replicate' | 'circular';
  /** Device of the created parameters (PyTorch: `device`). */
  device?: string;
  /** Floating dtype of the created parameters (PyTorch: `dtype`). */
  dtype?: DType;
}

/** PyTorch's keyword-or-positional parameters of `Conv2d` after `kernel_size`, in order. */
const CONV2D_PARAMS = ['stride', 'padding', 'dilation', 'groups', 'bias', 'paddingMode', 'device', 'dtype'];

/** The padding modes `Conv2d` names; only `'zeros'` runs (PyTorch: `padding_mode`). */
export type PaddingMode = NonNullable<Conv2dOptions['paddingMode']>;

/** `[h, w]` from an int or a one/two-element list (PyTorch's `_pair`). */
function pair(v: Size2d, name: string): [number, number] {
  const list = typeof v === 'number' ? [v, v] : v.length === 1 ? [v[0], v[0]] : [...v];
  if (list.length !== 2 || !list.every(Number.isInteger)) {
    throw new TypeError(`Conv2d: ${name} must be an int or a pair of ints, got ${JSON.stringify(v)}`);
  }
  return list as [number, number];
}

/**
 * 2-D convolution over `[N, C, H, W]` (or unbatched `[C, H, W]`) inputs (PyTorch:
 * `torch.nn.Conv2d(in_channels, out_channels, kernel_size, stride=1, padding=0, dilation=1, groups=1,
 * bias=True, padding_mode='zeros')`). `weight` is `[out, in / groups, kH, kW]` and `bias` `[out]`, as in
 * PyTorch, so state dicts load either way. Initialised as PyTorch does: Kaiming-uniform with
 * `a = sqrt(5)` for the weight and U(-1/sqrt(fan_in), 1/sqrt(fan_in)) for the bias, where
 * `fan_in = in / groups * kH * kW` (both bounds are `1/sqrt(fan_in)`).
 */
export class Conv2d extends Module {
  /** Channels of the input, `C_in` (PyTorch: `in_channels`). */
  readonly inChannels: number;
  /** Channels of the output, `C_out` (PyTorch: `out_channels`). */
  readonly outChannels: number;
  /** Size of the kernel, one entry per spatial dim (PyTorch: `kernel_size`). */
  readonly kernelSize: [number, number];
  /** Stride of the kernel, one entry per spatial dim (PyTorch: `stride`, default 1). */
  readonly stride: [number, number];
  /**
   * Implicit zero padding on both sides, one entry per spatial dim, or `'valid'` / `'same'` (PyTorch:
   * `padding`, default 0).
   */
  readonly padding: [number, number] | 'valid' | 'same';
  /** Spacing between kernel elements, one entry per spatial dim (PyTorch: `dilation`, default 1). */
  readonly dilation: [number, number];
  /**
   * Number of blocked connections from input to output channels; both channel counts must divide by it
   * (PyTorch: `groups`, default 1).
   */
  readonly groups: number;
  /** How the input is padded; only `'zeros'` is supported (PyTorch: `padding_mode`). */
  readonly paddingMode: 'zeros';
  /** The learnable kernel, `[C_out, C_in / groups, kH, kW]` (PyTorch: `Conv2d.weight`). */
  weight: Parameter;
  /** The learnable bias `[C_out]`, or `null` when created with `bias: false` (PyTorch: `bias`). */
  bias: Parameter | null;

  constructor(inChannels: number, outChannels: number, kernelSize: Size2d, options?: Conv2dOptions);
  /** PyTorch's positional form: `new Conv2d(1, 4, 3, 2)` has stride 2, `(1, 4, 3, 1, 1)` padding 1. */
  constructor(
    inChannels: number,
    outChannels: number,
    kernelSize: Size2d,
    stride?: Size2d,
    padding?: Size2d | 'valid' | 'same',
    dilation?: Size2d,
    groups?: number,
    bias?: boolean,
    paddingMode?: PaddingMode,
    device?: string,
    dtype?: DType,
  );
  constructor(inChannels: number, outChannels: number, kernelSize: Size2d, ...args: unknown[]) {
    super();
    const options: Conv2dOptions = bindArgs('Conv2d.__init__()', args, {
      leading: 3,
      positional: CONV2D_PARAMS,
    });
    const groups = checkGroups(inChannels, outChannels, options.groups);
    const stride = pair(options.stride ?? 1, 'stride');
    const padding = options.padding ?? 0;
    checkPaddingString(padding, stride[0] !== 1 || stride[1] !== 1);
    const mode = checkPaddingMode('Conv2d', options.paddingMode);
    this.inChannels = inChannels;
    this.outChannels = outChannels;
    this.kernelSize = pair(kernelSize, 'kernel_size');
    this.stride = stride;
    this.padding = typeof padding === 'string' ? padding : pair(padding, 'padding');
    this.dilation = pair(options.dilation ?? 1, 'dilation');
    this.groups = groups;
    this.paddingMode = mode;
    this.weight = convParameter([outChannels, inChannels / groups, ...this.kernelSize], options);
    this.bias = (options.bias ?? true) ? convParameter([outChannels], options) : null;
    this.resetParameters();
  }

  /**
   * Re-draws the parameters with PyTorch's default initialisation (PyTorch: `reset_parameters`):
   * `kaiming_uniform_(weight, a=sqrt(5))`, i.e. U(-b, b) with `b = gain * sqrt(3 / fan_in)` and
   * `gain = sqrt(2 / (1 + 5))`, which is `1/sqrt(fan_in)`; the bias from the same bound.
   */
  resetParameters(): void {
    const fanIn = (this.inChannels / this.groups) * this.kernelSize[0] * this.kernelSize[1];
    resetConvParameters(this.weight, this.bias, fanIn);
  }

  /**
   * Input `[N, C_in, H, W]` or `[C_in, H, W]`; output `[N, C_out, H_out, W_out]` (or unbatched) with `H_out =
   * floor((H + 2 * padding - dilation * (kH - 1) - 1) / stride + 1)`, likewise `W_out` (PyTorch:
   * `torch.nn.Conv2d.forward`).
   */
  forward(input: Tensor): Tensor {
    return conv2d(input, this.weight, this.bias, {
      stride: this.stride,
      padding: this.padding,
      dilation: this.dilation,
      groups: this.groups,
    });
  }

  /** PyTorch's `_ConvNd.extra_repr`: non-default settings only, after kernel size and stride. */
  override extraRepr(): string {
    return convExtraRepr(this);
  }
}
