/** `Conv1d` (PyTorch: `torch.nn.Conv1d`). */
import { bindArgs, type DType, type Tensor } from '@typetorch/tensor';
import { conv1d, type Size1d, single } from '../functional/conv1d.js';
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

/** Options of {@link Conv1d} (PyTorch: `stride=1, padding=0, dilation=1, groups=1, bias=True, ...`). */
export interface Conv1dOptions {
  /** An int or `[s]` (PyTorch: `stride`, default 1). */
  stride?: Size1d;
  /** An int, `[p]`, or `'valid'` / `'same'` (stride 1 only) (PyTorch: `padding`, default 0). */
  padding?: Size1d | 'valid' | 'same';
  /** An int or `[d]` (PyTorch: `dilation`, default 1). */
  dilation?: Size1d;
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

/**
 * 1-D convolution over `[N, C, L]` (or unbatched `[C, L]`) inputs (PyTorch:
 * `torch.nn.Conv1d(in_channels, out_channels, kernel_size, stride=1, padding=0, dilation=1, groups=1,
 * bias=True, padding_mode='zeros')`). `weight` is `[out, in / groups, k]` and `bias` `[out]`, as in
 * PyTorch; initialised as PyTorch does (Kaiming-uniform with `a = sqrt(5)`, bias U(-1/sqrt(fan_in),
 * 1/sqrt(fan_in)), `fan_in = in / groups * k`).
 */
export class Conv1d extends Module {
  /** Channels of the input, `C_in` (PyTorch: `in_channels`). */
  readonly inChannels: number;
  /** Channels of the output, `C_out` (PyTorch: `out_channels`). */
  readonly outChannels: number;
  /** Size of the kernel, one entry per spatial dim (PyTorch: `kernel_size`). */
  readonly kernelSize: [number];
  /** Stride of the kernel, one entry per spatial dim (PyTorch: `stride`, default 1). */
  readonly stride: [number];
  /**
   * Implicit zero padding on both sides, one entry per spatial dim, or `'valid'` / `'same'` (PyTorch:
   * `padding`, default 0).
   */
  readonly padding: [number] | 'valid' | 'same';
  /** Spacing between kernel elements, one entry per spatial dim (PyTorch: `dilation`, default 1). */
  readonly dilation: [number];
  /**
   * Number of blocked connections from input to output channels; both channel counts must divide by it
   * (PyTorch: `groups`, default 1).
   */
  readonly groups: number;
  /** How the input is padded; only `'zeros'` is supported (PyTorch: `padding_mode`). */
  readonly paddingMode: 'zeros';
  /** The learnable kernel, `[C_out, C_in / groups, k]` (PyTorch: `Conv1d.weight`). */
  weight: Parameter;
  /** The learnable bias `[C_out]`, or `null` when created with `bias: false` (PyTorch: `bias`). */
  bias: Parameter | null;

  constructor(inChannels: number, outChannels: number, kernelSize: Size1d, options?: Conv1dOptions);
  /** PyTorch's positional form: `new Conv1d(1, 4, 3, 2)` has stride 2. */
  constructor(
    inChannels: number,
    outChannels: number,
    kernelSize: Size1d,
    stride?: Size1d,
    padding?: Size1d | 'valid' | 'same',
    dilation?: Size1d,
    groups?: number,
    bias?: boolean,
    paddingMode?: Conv1dOptions['paddingMode'],
    device?: string,
    dtype?: DType,
  );
  constructor(inChannels: number, outChannels: number, kernelSize: Size1d, ...args: unknown[]) {
    super();
    const options: Conv1dOptions = bindArgs('Conv1d.__init__()', args, {
      leading: 3,
      positional: ['stride', 'padding', 'dilation', 'groups', 'bias', 'paddingMode', 'device', 'dtype'],
    });
    const groups = checkGroups(inChannels, outChannels, options.groups);
    const stride = single(options.stride ?? 1, 'stride');
    const padding = options.padding ?? 0;
    checkPaddingString(padding, stride !== 1);
    const mode = checkPaddingMode('Conv1d', options.paddingMode);
    this.inChannels = inChannels;
    this.outChannels = outChannels;
    this.kernelSize = [single(kernelSize, 'kernel_size')];
    this.stride = [stride];
    this.padding = typeof padding === 'string' ? padding : [single(padding, 'padding')];
    this.dilation = [single(options.dilation ?? 1, 'dilation')];
    this.groups = groups;
    this.paddingMode = mode;
    this.weight = convParameter([outChannels, inChannels / groups, this.kernelSize[0]], options);
    this.bias = (options.bias ?? true) ? convParameter([outChannels], options) : null;
    this.resetParameters();
  }

  /** PyTorch's default initialisation (`reset_parameters`), as {@link Conv2d}'s. */
  resetParameters(): void {
    resetConvParameters(this.weight, this.bias, (this.inChannels / this.groups) * this.kernelSize[0]);
  }

  /**
   * Input `[N, C_in, L]` or `[C_in, L]`; output `[N, C_out, L_out]` (or unbatched) with `L_out = floor((L + 2
   * * padding - dilation * (k - 1) - 1) / stride + 1)` (PyTorch: `torch.nn.Conv1d.forward`).
   */
  forward(input: Tensor): Tensor {
    return conv1d(input, this.weight, this.bias, {
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
