/**
 * What the convolution modules share (PyTorch's `_ConvNd`): argument checks, parameter creation, the
 * default initialisation and the printed form.
 */
import { noGrad } from '@typetorch/autograd';
import { type DType, empty, type Tensor } from '@typetorch/tensor';
import { Parameter } from '../parameter.js';

const PADDING_MODES = ['zeros', 'reflect', 'replicate', 'circular'];

/** `groups`, checked against both channel counts with PyTorch's messages. */
export function checkGroups(inChannels: number, outChannels: number, groups = 1): number {
  if (!Number.isInteger(groups) || groups <= 0) throw new RangeError('groups must be a positive integer');
  if (inChannels % groups !== 0) throw new RangeError('in_channels must be divisible by groups');
  if (outChannels % groups !== 0) throw new RangeError('out_channels must be divisible by groups');
  return groups;
}

/** A padding string: `'valid'`, or `'same'` for an unstrided convolution (PyTorch's checks). */
export function checkPaddingString(padding: unknown, strided: boolean): void {
  if (typeof padding !== 'string') return;
  if (padding !== 'valid' && padding !== 'same') {
    throw new RangeError(`Invalid padding string '${padding}', should be one of {'valid', 'same'}`);
  }
  if (padding === 'same' && strided) {
    throw new RangeError("padding='same' is not supported for strided convolutions");
  }
}

/** `padding_mode`: one of PyTorch's four, and (so far) only `'zeros'` runs. */
export function checkPaddingMode(name: string, mode = 'zeros'): 'zeros' {
  if (!PADDING_MODES.includes(mode)) {
    throw new RangeError(
      `padding_mode must be one of {'zeros', 'reflect', 'replicate', 'circular'}, but got padding_mode='${mode}'`,
    );
  }
  if (mode !== 'zeros')
    throw new RangeError(`${name}: paddingMode '${mode}' is not supported yet (only 'zeros')`);
  return mode;
}

/** A parameter over a fresh uninitialised tensor; the temporary is released. */
export function convParameter(shape: number[], factory: { device?: string; dtype?: DType }): Parameter {
  const data = empty(shape, { device: factory.device, dtype: factory.dtype ?? 'float32' });
  const p = new Parameter(data);
  data.dispose();
  return p;
}

/**
 * PyTorch's default initialisation of convolutions (`reset_parameters`): `kaiming_uniform_(weight,
 * a=sqrt(5))`, which is U(-1/sqrt(fan_in), 1/sqrt(fan_in)), and the bias from the same bound. Zero-element
 * tensors are left alone, as PyTorch does.
 */
export function resetConvParameters(weight: Tensor, bias: Tensor | null, fanIn: number): void {
  if (fanIn === 0) return;
  const bound = 1 / Math.sqrt(fanIn);
  noGrad(() => {
    weight.uniform_(-bound, bound);
    bias?.uniform_(-bound, bound);
  });
}

/** Python's tuple: `(3,)`, `(3, 3)`. */
export const pyTuple = (v: readonly number[]) => (v.length === 1 ? `(${v[0]},)` : `(${v.join(', ')})`);

/** The fields {@link convExtraRepr} prints. */
export interface ConvSettings {
  inChannels: number;
  outChannels: number;
  kernelSize: readonly number[];
  stride: readonly number[];
  padding: readonly number[] | 'valid' | 'same';
  dilation: readonly number[];
  outputPadding?: readonly number[];
  groups: number;
  bias: Tensor | null;
}

/** PyTorch's `_ConvNd.extra_repr`: non-default settings only, after kernel size and stride. */
export function convExtraRepr(m: ConvSettings): string {
  let s = `${m.inChannels}, ${m.outChannels}, kernel_size=${pyTuple(m.kernelSize)}, stride=${pyTuple(m.stride)}`;
  const p = m.padding;
  if (typeof p === 'string') s += `, padding=${p}`;
  else if (p.some((v) => v !== 0)) s += `, padding=${pyTuple(p)}`;
  if (m.dilation.some((v) => v !== 1)) s += `, dilation=${pyTuple(m.dilation)}`;
  if (m.outputPadding?.some((v) => v !== 0)) s += `, output_padding=${pyTuple(m.outputPadding)}`;
  if (m.groups !== 1) s += `, groups=${m.groups}`;
  if (m.bias === null) s += ', bias=False';
  return s;
}
