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
  stride?: Size1d;
  /** An int, `[p]`, or `'valid'` / `'same'` (stride 1 only). */
  padding?: Size1d | 'valid' | 'same';
  dilation?: Size1d;
  groups?: number;
  /** Learn an additive bias per output channel; default true. */
  bias?: boolean;
  /** Only `'zeros'` (the default) is supported so far. */
  paddingMode?: 'zeros' | 'reflect' | 'replicate' | 'circular';
  device?: string;
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
  readonly inChannels: number;
  readonly outChannels: number;
  readonly kernelSize: [number];
  readonly stride: [number];
  readonly padding: [number] | 'valid' | 'same';
  readonly dilation: [number];
  readonly groups: number;
  readonly paddingMode: 'zeros';
  weight: Parameter;
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
