/** `Conv2d` (PyTorch: `torch.nn.Conv2d`). */
import { noGrad } from '@typetorch/autograd';
import { bindArgs, conv2d, type DType, empty, type Size2d, type Tensor } from '@typetorch/tensor';
import { Module } from '../module.js';
import { Parameter } from '../parameter.js';

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

const PADDING_MODES = ['zeros', 'reflect', 'replicate', 'circular'];

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

const tuple = ([a, b]: readonly [number, number]) => `(${a}, ${b})`;

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
    const groups = options.groups ?? 1;
    if (!Number.isInteger(groups) || groups <= 0) throw new RangeError('groups must be a positive integer');
    if (inChannels % groups !== 0) throw new RangeError('in_channels must be divisible by groups');
    if (outChannels % groups !== 0) throw new RangeError('out_channels must be divisible by groups');
    const stride = pair(options.stride ?? 1, 'stride');
    const padding = options.padding ?? 0;
    if (typeof padding === 'string') {
      if (padding !== 'valid' && padding !== 'same') {
        throw new RangeError(`Invalid padding string '${padding}', should be one of {'valid', 'same'}`);
      }
      if (padding === 'same' && (stride[0] !== 1 || stride[1] !== 1)) {
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
      throw new RangeError(`Conv2d: paddingMode '${mode}' is not supported yet (only 'zeros')`);
    }
    this.inChannels = inChannels;
    this.outChannels = outChannels;
    this.kernelSize = pair(kernelSize, 'kernel_size');
    this.stride = stride;
    this.padding = typeof padding === 'string' ? padding : pair(padding, 'padding');
    this.dilation = pair(options.dilation ?? 1, 'dilation');
    this.groups = groups;
    this.paddingMode = mode;
    const factory = { device: options.device, dtype: options.dtype ?? 'float32' };
    this.weight = parameter(empty([outChannels, inChannels / groups, ...this.kernelSize], factory));
    this.bias = (options.bias ?? true) ? parameter(empty([outChannels], factory)) : null;
    this.resetParameters();
  }

  /**
   * Re-draws the parameters with PyTorch's default initialisation (PyTorch: `reset_parameters`):
   * `kaiming_uniform_(weight, a=sqrt(5))`, i.e. U(-b, b) with `b = gain * sqrt(3 / fan_in)` and
   * `gain = sqrt(2 / (1 + 5))`, which is `1/sqrt(fan_in)`; the bias from the same bound.
   */
  resetParameters(): void {
    const fanIn = (this.inChannels / this.groups) * this.kernelSize[0] * this.kernelSize[1];
    if (fanIn === 0) return; // PyTorch: initialising zero-element tensors is a no-op
    const gain = Math.sqrt(2 / (1 + 5));
    const bound = gain * Math.sqrt(3 / fanIn);
    noGrad(() => {
      this.weight.uniform_(-bound, bound);
      this.bias?.uniform_(-1 / Math.sqrt(fanIn), 1 / Math.sqrt(fanIn));
    });
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
    let s = `${this.inChannels}, ${this.outChannels}, kernel_size=${tuple(this.kernelSize)}, stride=${tuple(this.stride)}`;
    const p = this.padding;
    if (typeof p === 'string') s += `, padding=${p}`;
    else if (p[0] !== 0 || p[1] !== 0) s += `, padding=${tuple(p)}`;
    if (this.dilation[0] !== 1 || this.dilation[1] !== 1) s += `, dilation=${tuple(this.dilation)}`;
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
