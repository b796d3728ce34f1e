/** `ConvTranspose2d` and `ConvTranspose1d` (PyTorch: `torch.nn.ConvTranspose2d`, `torch.nn.ConvTranspose1d`). */
import { noGrad } from '@typetorch/autograd';
import { bindArgs, type DType, empty, type Tensor } from '@typetorch/tensor';
import { convTranspose1d, convTranspose2d, pairOf, singleOf } from '../functional/conv-transpose.js';
import { Module } from '../module.js';
import { Parameter } from '../parameter.js';

/** Options of {@link ConvTranspose2d} (PyTorch: `stride=1, padding=0, output_padding=0, groups=1, bias=True, dilation=1, padding_mode='zeros'`). */
export interface ConvTranspose2dOptions {
  stride?: number | readonly number[];
  padding?: number | readonly number[];
  outputPadding?: number | readonly number[];
  groups?: number;
  /** Learn an additive bias per output channel; default true. */
  bias?: boolean;
  dilation?: number | readonly number[];
  /** Only `'zeros'`, as in PyTorch. */
  paddingMode?: 'zeros';
  device?: string;
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
  readonly inChannels: number;
  readonly outChannels: number;
  abstract readonly kernelSize: number[];
  abstract readonly stride: number[];
  abstract readonly padding: number[];
  abstract readonly outputPadding: number[];
  abstract readonly dilation: number[];
  readonly groups: number;
  readonly paddingMode = 'zeros' as const;
  weight!: Parameter;
  bias!: Parameter | null;

  protected constructor(
    name: string,
    inChannels: number,
    outChannels: number,
    options: ConvTranspose2dOptions,
  ) {
    super();
    const groups = options.groups ?? 1;
    if (!Number.isInteger(groups) || groups <= 0) throw new RangeError('groups must be a positive integer');
    if (inChannels % groups !== 0) throw new RangeError('in_channels must be divisible by groups');
    if (outChannels % groups !== 0) throw new RangeError('out_channels must be divisible by groups');
    if ((options.paddingMode ?? 'zeros') !== 'zeros') {
      throw new RangeError(`Only "zeros" padding mode is supported for ${name}`);
    }
    this.inChannels = inChannels;
    this.outChannels = outChannels;
    this.groups = groups;
  }

  /** Creates `weight` `[in, out / groups, *kernel]` and `bias` `[out]`, then initialises them. */
  protected init(options: ConvTranspose2dOptions): void {
    const factory = { device: options.device, dtype: options.dtype ?? 'float32' };
    const shape = [this.inChannels, this.outChannels / this.groups, ...this.kernelSize];
    this.weight = parameter(empty(shape, factory));
    this.bias = (options.bias ?? true) ? parameter(empty([this.outChannels], factory)) : null;
    this.resetParameters();
  }

  /**
   * PyTorch's default initialisation (`reset_parameters`): Kaiming-uniform with `a = sqrt(5)` and the
   * bias, both U(-1/sqrt(fan_in), 1/sqrt(fan_in)) with `fan_in = out / groups * prod(kernel)` (the
   * weight's dimension 1, as PyTorch computes it).
   */
  resetParameters(): void {
    const fanIn = (this.outChannels / this.groups) * this.kernelSize.reduce((a, b) => a * b, 1);
    if (fanIn === 0) return;
    const bound = 1 / Math.sqrt(fanIn);
    noGrad(() => {
      this.weight.uniform_(-bound, bound);
      this.bias?.uniform_(-bound, bound);
    });
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
    const t = (v: number[]) => (v.length === 1 ? `(${v[0]},)` : `(${v.join(', ')})`);
    let s = `${this.inChannels}, ${this.outChannels}, kernel_size=${t(this.kernelSize)}, stride=${t(this.stride)}`;
    if (this.padding.some((v) => v !== 0)) s += `, padding=${t(this.padding)}`;
    if (this.dilation.some((v) => v !== 1)) s += `, dilation=${t(this.dilation)}`;
    if (this.outputPadding.some((v) => v !== 0)) s += `, output_padding=${t(this.outputPadding)}`;
    if (this.groups !== 1) s += `, groups=${this.groups}`;
    if (this.bias === null) s += ', bias=False';
    return s;
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
  readonly kernelSize: [number, number];
  readonly stride: [number, number];
  readonly padding: [number, number];
  readonly outputPadding: [number, number];
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
  readonly kernelSize: [number];
  readonly stride: [number];
  readonly padding: [number];
  readonly outputPadding: [number];
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

/** A parameter over a fresh tensor's storage; the temporary is released. */
function parameter(data: Tensor): Parameter {
  const p = new Parameter(data);
  data.dispose();
  return p;
}
