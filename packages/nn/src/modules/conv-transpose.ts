/** `ConvTranspose2d` and `ConvTranspose1d` (PyTorch: `torch.nn.ConvTranspose2d`, `torch.nn.ConvTranspose1d`). */
import { bindArgs, type DType, type Tensor } from '@typetorch/tensor';
import { convTranspose1d, convTranspose2d, pairOf, singleOf } from '../functional/conv-transpose.js';
import { Module } from '../module.js';
import type { Parameter } from '../parameter.js';
import { checkGroups, convExtraRepr, convParameter, resetConvParameters } from './conv-common.js';

/** Options of {@link ConvTranspose2d} (PyTorch: `stride=1, padding=0, output_padding=0, groups=1, bias=True, dilation=1, padding_mode='zeros'`). */
export interface ConvTranspose2dOptions {
  /** An int or one per spatial dim (PyTorch: `stride`, default 1). */
  stride?: number | readonly number[];
  /**
   * An int or one per spatial dim: `dilation * (kernel_size - 1) - padding` zeros pad both sides of the input
   * (PyTorch: `padding`, default 0).
   */
  padding?: number | readonly number[];
  /**
   * An int or one per spatial dim, added to one side of the output (PyTorch: `output_padding`, default 0).
   */
  outputPadding?: number | readonly number[];
  /** Number of blocked connections from input to output channels (PyTorch: `groups`, default 1). */
  groups?: number;
  /** Learn an additive bias per output channel (PyTorch: `bias`, default True). */
  bias?: boolean;
  /** An int or one per spatial dim (PyTorch: `dilation`, default 1). */
  dilation?: number | readonly number[];
  /** Only `'zeros'`, as in PyTorch. */
  paddingMode?: 'zeros';
  /** Device of the created parameters (PyTorch: `device`). */
  device?: string;
  /** Floating dtype of the created parameters (PyTorch: `dtype`). */
  dtype?: DType;
}

const POSITIONAL = [
  'stride',
  'padding',
  'outputPadding',
  'groups',
  'bias',
  'dilation',
  'paddingMode',
  'device',
  'dtype',
];

/** The shared part of the transposed convolutions (PyTorch's `_ConvTransposeNd`). */
abstract class ConvTransposeNd extends Module {
  /** Channels of the input, `C_in` (PyTorch: `in_channels`). */
  readonly inChannels: number;
  /** Channels of the output, `C_out` (PyTorch: `out_channels`). */
  readonly outChannels: number;
  /** Size of the kernel, one entry per spatial dim (PyTorch: `kernel_size`). */
  abstract readonly kernelSize: number[];
  /** Stride of the kernel, one entry per spatial dim (PyTorch: `stride`, default 1). */
  abstract readonly stride: number[];
  /**
   * Implicit padding `dilation * (kernel_size - 1) - padding` added to both sides, one entry per spatial dim
   * (PyTorch: `padding`, default 0).
   */
  abstract readonly padding: number[];
  /** Size added to one side of each output spatial dim (PyTorch: `output_padding`, default 0). */
  abstract readonly outputPadding: number[];
  /** Spacing between kernel elements, one entry per spatial dim (PyTorch: `dilation`, default 1). */
  abstract readonly dilation: number[];
  /**
   * Number of blocked connections from input to output channels; both channel counts must divide by it
   * (PyTorch: `groups`, default 1).
   */
  readonly groups: number;
  /** How the input is padded; only `'zeros'` is supported (PyTorch: `padding_mode`). */
  readonly paddingMode = 'zeros' as const;
  /** The learnable kernel, `[C_in, C_out / groups, *kernelSize]` (PyTorch: `ConvTranspose2d.weight`). */
  weight!: Parameter;
  /** The learnable bias `[C_out]`, or `null` when created with `bias: false` (PyTorch: `bias`). */
  bias!: Parameter | null;

  protected constructor(
    name: string,
    inChannels: number,
    outChannels: number,
    options: ConvTranspose2dOptions,
  ) {
    super();
    const groups = checkGroups(inChannels, outChannels, options.groups);
    if ((options.paddingMode ?? 'zeros') !== 'zeros') {
      throw new RangeError(`Only "zeros" padding mode is supported for ${name}`);
    }
    this.inChannels = inChannels;
    this.outChannels = outChannels;
    this.groups = groups;
  }

  /**
   * Creates `weight` `[in, out / groups, *kernel]` and `bias` `[out]`, then initialises them (PyTorch:
   * `_ConvNd.__init__` and `reset_parameters`).
   */
  protected init(options: ConvTranspose2dOptions): void {
    const shape = [this.inChannels, this.outChannels / this.groups, ...this.kernelSize];
    this.weight = convParameter(shape, options);
    this.bias = (options.bias ?? true) ? convParameter([this.outChannels], options) : null;
    this.resetParameters();
  }

  /**
   * PyTorch's default initialisation (`reset_parameters`): Kaiming-uniform with `a = sqrt(5)` and the
   * bias, both U(-1/sqrt(fan_in), 1/sqrt(fan_in)) with `fan_in = out / groups * prod(kernel)` (the
   * weight's dimension 1, as PyTorch computes it).
   */
  resetParameters(): void {
    const fanIn = (this.outChannels / this.groups) * this.kernelSize.reduce((a, b) => a * b, 1);
    resetConvParameters(this.weight, this.bias, fanIn);
  }

  /**
   * PyTorch's `_output_padding`: the output padding that makes the spatial output size `outputSize`
   * (the trailing `k` entries of it), checked against the sizes reachable from `input`.
   */
  protected outputPaddingFor(input: Tensor, outputSize: readonly number[] | undefined): number[] {
    if (outputSize === undefined) return this.outputPadding;
    const k = this.kernelSize.length;
    const size =
      outputSize.length === k + 2 || outputSize.length === k + 1 ? outputSize.slice(-k) : outputSize;
    if (size.length !== k) {
      throw new RangeError(
        `ConvTranspose${k}D: for ${input.ndim}D input, output_size must have ${k} or ${k + 2} elements (got ${outputSize.length})`,
      );
    }
    const spatial = input.shape.slice(-k);
    const min = spatial.map(
      (n, i) =>
        (n - 1) * this.stride[i] - 2 * this.padding[i] + this.dilation[i] * (this.kernelSize[i] - 1) + 1,
    );
    const max = min.map((m, i) => m + this.stride[i] - 1);
    if (size.some((s, i) => s < min[i] || s > max[i])) {
      throw new RangeError(
        `requested an output size of [${size.join(', ')}], but valid sizes range from [${min.join(', ')}] to [${max.join(', ')}] (for an input of [${spatial.join(', ')}])`,
      );
    }
    return size.map((s, i) => s - min[i]);
  }

  /** PyTorch's `_ConvNd.extra_repr`: non-default settings only, after kernel size and stride. */
  override extraRepr(): string {
    return convExtraRepr(this);
  }
}

/**
 * 2-D transposed convolution over `[N, C, H, W]` (or unbatched `[C, H, W]`) inputs (PyTorch:
 * `torch.nn.ConvTranspose2d(in_channels, out_channels, kernel_size, stride=1, padding=0, output_padding=0,
 * groups=1, bias=True, dilation=1, padding_mode='zeros')`). `weight` is `[in, out / groups, kH, kW]` and
 * `bias` `[out]`, as in PyTorch; `forward(input, outputSize?)` picks the output padding for a requested
 * size as PyTorch's `output_size` does.
 */
export class ConvTranspose2d extends ConvTransposeNd {
  /** Size of the kernel, one entry per spatial dim (PyTorch: `kernel_size`). */
  readonly kernelSize: [number, number];
  /** Stride of the kernel, one entry per spatial dim (PyTorch: `stride`, default 1). */
  readonly stride: [number, number];
  /**
   * Implicit padding `dilation * (kernel_size - 1) - padding` added to both sides, per spatial dim (PyTorch:
   * `padding`, default 0).
   */
  readonly padding: [number, number];
  /** Size added to one side of each output spatial dim (PyTorch: `output_padding`, default 0). */
  readonly outputPadding: [number, number];
  /** Spacing between kernel elements, one entry per spatial dim (PyTorch: `dilation`, default 1). */
  readonly dilation: [number, number];

  constructor(
    inChannels: number,
    outChannels: number,
    kernelSize: number | readonly number[],
    options?: ConvTranspose2dOptions,
  );
  /** PyTorch's positional form: `new ConvTranspose2d(1, 4, 3, 2)` has stride 2. */
  constructor(
    inChannels: number,
    outChannels: number,
    kernelSize: number | readonly number[],
    stride?: number | readonly number[],
    padding?: number | readonly number[],
    outputPadding?: number | readonly number[],
    groups?: number,
    bias?: boolean,
    dilation?: number | readonly number[],
    paddingMode?: 'zeros',
    device?: string,
    dtype?: DType,
  );
  constructor(
    inChannels: number,
    outChannels: number,
    kernelSize: number | readonly number[],
    ...args: unknown[]
  ) {
    const options: ConvTranspose2dOptions = bindArgs('ConvTranspose2d.__init__()', args, {
      leading: 3,
      positional: POSITIONAL,
    });
    super('ConvTranspose2d', inChannels, outChannels, options);
    const op = 'ConvTranspose2d';
    this.kernelSize = pairOf(kernelSize, 'kernel_size', op);
    this.stride = pairOf(options.stride ?? 1, 'stride', op);
    this.padding = pairOf(options.padding ?? 0, 'padding', op);
    this.outputPadding = pairOf(options.outputPadding ?? 0, 'output_padding', op);
    this.dilation = pairOf(options.dilation ?? 1, 'dilation', op);
    this.init(options);
  }

  /** PyTorch: `forward(input, output_size=None)`. */
  forward(input: Tensor, outputSize?: readonly number[]): Tensor {
    return convTranspose2d(input, this.weight, this.bias, {
      stride: this.stride,
      padding: this.padding,
      outputPadding: this.outputPaddingFor(input, outputSize),
      groups: this.groups,
      dilation: this.dilation,
    });
  }
}

/**
 * 1-D transposed convolution over `[N, C, L]` (or unbatched `[C, L]`) inputs (PyTorch:
 * `torch.nn.ConvTranspose1d(in_channels, out_channels, kernel_size, stride=1, padding=0, output_padding=0,
 * groups=1, bias=True, dilation=1, padding_mode='zeros')`). `weight` is `[in, out / groups, k]`.
 */
export class ConvTranspose1d extends ConvTransposeNd {
  /** Size of the kernel, one entry per spatial dim (PyTorch: `kernel_size`). */
  readonly kernelSize: [number];
  /** Stride of the kernel, one entry per spatial dim (PyTorch: `stride`, default 1). */
  readonly stride: [number];
  /**
   * Implicit padding `dilation * (kernel_size - 1) - padding` added to both sides (PyTorch: `padding`,
   * default 0).
   */
  readonly padding: [number];
  /** Size added to one side of each output spatial dim (PyTorch: `output_padding`, default 0). */
  readonly outputPadding: [number];
  /** Spacing between kernel elements, one entry per spatial dim (PyTorch: `dilation`, default 1). */
  readonly dilation: [number];

  constructor(
    inChannels: number,
    outChannels: number,
    kernelSize: number | readonly [number],
    options?: ConvTranspose2dOptions,
  );
  /** PyTorch's positional form: `new ConvTranspose1d(1, 4, 3, 2)` has stride 2. */
  constructor(
    inChannels: number,
    outChannels: number,
    kernelSize: number | readonly [number],
    stride?: number | readonly [number],
    padding?: number | readonly [number],
    outputPadding?: number | readonly [number],
    groups?: number,
    bias?: boolean,
    dilation?: number | readonly [number],
    paddingMode?: 'zeros',
    device?: string,
    dtype?: DType,
  );
  constructor(
    inChannels: number,
    outChannels: number,
    kernelSize: number | readonly [number],
    ...args: unknown[]
  ) {
    const options: ConvTranspose2dOptions = bindArgs('ConvTranspose1d.__init__()', args, {
      leading: 3,
      positional: POSITIONAL,
    });
    super('ConvTranspose1d', inChannels, outChannels, options);
    this.kernelSize = [singleOf(kernelSize, 'kernel_size')];
    this.stride = [singleOf(options.stride ?? 1, 'stride')];
    this.padding = [singleOf(options.padding ?? 0, 'padding')];
    this.outputPadding = [singleOf(options.outputPadding ?? 0, 'output_padding')];
    this.dilation = [singleOf(options.dilation ?? 1, 'dilation')];
    this.init(options);
  }

  /** PyTorch: `forward(input, output_size=None)`. */
  forward(input: Tensor, outputSize?: readonly number[]): Tensor {
    const [outputPadding] = this.outputPaddingFor(input, outputSize);
    return convTranspose1d(input, this.weight, this.bias, {
      stride: this.stride,
      padding: this.padding,
      outputPadding,
      groups: this.groups,
      dilation: this.dilation,
    });
  }
}
