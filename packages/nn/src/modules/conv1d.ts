/** `Conv1d` (PyTorch: `torch.nn.Conv1d`). */
import { noGrad } from '@typetorch/autograd';
import { bindArgs, type DType, empty, type Tensor } from '@typetorch/tensor';
import { conv1d, type Size1d, single } from '../functional/conv1d.js';
import { Module } from '../module.js';
import { Parameter } from '../parameter.js';

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

const PADDING_MODES = ['zeros', 'reflect', 'replicate', 'circular'];

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
    const groups = options.groups ?? 1;
    if (!Number.isInteger(groups) || groups <= 0) throw new RangeError('groups must be a positive integer');
    if (inChannels % groups !== 0) throw new RangeError('in_channels must be divisible by groups');
    if (outChannels % groups !== 0) throw new RangeError('out_channels must be divisible by groups');
    const stride = single(options.stride ?? 1, 'stride');
    const padding = options.padding ?? 0;
    if (typeof padding === 'string') {
      if (padding !== 'valid' && padding !== 'same') {
        throw new RangeError(`Invalid padding string '${padding}', should be one of {'valid', 'same'}`);
      }
      if (padding === 'same' && stride !== 1) {
        throw new RangeError("padding='same' is not supported for strided convolutions");
      }
    }
    const mode = options.paddingMode ?? 'zeros';
    if (!PADDING_MODES.includes(mode)) {
      throw new RangeError(
        `padding_mode must be one of {'zeros', 'reflect', 'replicate', 'circular'}, but got padding_mode='${mode}'`,
      );
    }
    if (mode !== 'zeros') {
      throw new RangeError(`Conv1d: paddingMode '${mode}' is not supported yet (only 'zeros')`);
    }
    this.inChannels = inChannels;
    this.outChannels = outChannels;
    this.kernelSize = [single(kernelSize, 'kernel_size')];
    this.stride = [stride];
    this.padding = typeof padding === 'string' ? padding : [single(padding, 'padding')];
    this.dilation = [single(options.dilation ?? 1, 'dilation')];
    this.groups = groups;
    this.paddingMode = mode;
    const factory = { device: options.device, dtype: options.dtype ?? 'float32' };
    this.weight = parameter(empty([outChannels, inChannels / groups, this.kernelSize[0]], factory));
    this.bias = (options.bias ?? true) ? parameter(empty([outChannels], factory)) : null;
    this.resetParameters();
  }

  /** PyTorch's default initialisation (`reset_parameters`), as {@link Conv2d}'s. */
  resetParameters(): void {
    const fanIn = (this.inChannels / this.groups) * this.kernelSize[0];
    if (fanIn === 0) return;
    const bound = 1 / Math.sqrt(fanIn);
    noGrad(() => {
      this.weight.uniform_(-bound, bound);
      this.bias?.uniform_(-bound, bound);
    });
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
    let s = `${this.inChannels}, ${this.outChannels}, kernel_size=(${this.kernelSize[0]},), stride=(${this.stride[0]},)`;
    const p = this.padding;
    if (typeof p === 'string') s += `, padding=${p}`;
    else if (p[0] !== 0) s += `, padding=(${p[0]},)`;
    if (this.dilation[0] !== 1) s += `, dilation=(${this.dilation[0]},)`;
    if (this.groups !== 1) s += `, groups=${this.groups}`;
    if (this.bias === null) s += ', bias=False';
    return s;
  }
}

/** A parameter over a fresh tensor's storage; the temporary is released. */
function parameter(data: Tensor): Parameter {
  const p = new Parameter(data);
  data.dispose();
  return p;
}
