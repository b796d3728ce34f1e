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
  stride?: Size2d;
  /** An int, `[height, width]`, or `'valid'` / `'same'` (stride 1 only). */
  padding?: Size2d | 'valid' | 'same';
  dilation?: Size2d;
  groups?: number;
  /** Learn an additive bias per output channel; default true. */
  bias?: boolean;
  /** Only `'zeros'` (the default) is supported so far. */
  paddingMode?: 'zeros' | 'reflect' | 'replicate' | 'circular';
  device?: string;
  dtype?: DType;
}

/** PyTorch's keyword-or-positional parameters of `Conv2d` after `kernel_size`, in order. */
const CONV2D_PARAMS = ['stride', 'padding', 'dilation', 'groups', 'bias', 'paddingMode', 'device', 'dtype'];

type PaddingMode = NonNullable<Conv2dOptions['paddingMode']>;

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
  readonly inChannels: number;
  readonly outChannels: number;
  readonly kernelSize: [number, number];
  readonly stride: [number, number];
  readonly padding: [number, number] | 'valid' | 'same';
  readonly dilation: [number, number];
  readonly groups: number;
  readonly paddingMode: 'zeros';
  weight: Parameter;
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
