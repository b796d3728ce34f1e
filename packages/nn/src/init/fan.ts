/**
 * Gains and fans for weight initialisation (PyTorch: `torch.nn.init.calculate_gain` and
 * `_calculate_fan_in_and_fan_out`), shared by the init functions and by layers' `resetParameters`.
 */
import { numelOf, type Tensor } from '@typetorch/tensor';

/**
 * The nonlinearities {@link calculateGain} knows, with PyTorch's spellings (`'leaky_relu'`,
 * `'conv_transpose2d'`); the camelCase spellings (`'leakyRelu'`, `'convTranspose2d'`) are accepted too.
 */
export type Nonlinearity =
  | 'linear'
  | 'conv1d'
  | 'conv2d'
  | 'conv3d'
  | 'conv_transpose1d'
  | 'conv_transpose2d'
  | 'conv_transpose3d'
  | 'convTranspose1d'
  | 'convTranspose2d'
  | 'convTranspose3d'
  | 'sigmoid'
  | 'tanh'
  | 'relu'
  | 'leaky_relu'
  | 'leakyRelu'
  | 'selu';

/**
 * Which fan scales the variance: `'fan_in'` keeps the forward pass' variance, `'fan_out'` the backward's
 * (PyTorch: the `mode` of `kaiming_uniform_` and `kaiming_normal_`).
 */
export type FanMode = 'fan_in' | 'fan_out' | 'fanIn' | 'fanOut';

const LINEAR = new Set([
  'linear',
  'conv1d',
  'conv2d',
  'conv3d',
  'conv_transpose1d',
  'conv_transpose2d',
  'conv_transpose3d',
]);

/** `'leakyRelu'` -> `'leaky_relu'`: one table serves both spellings. */
const snake = (name: string) => name.replace(/[A-Z]/g, (c) => `_${c.toLowerCase()}`);

/**
 * The recommended gain for a nonlinearity (PyTorch: `torch.nn.init.calculate_gain(nonlinearity, param)`):
 * 1 for linear/conv/sigmoid, 5/3 for tanh, sqrt(2) for relu, sqrt(2 / (1 + slope^2)) for leaky_relu
 * (`param` is the negative slope, default 0.01), 3/4 for selu.
 */
export function calculateGain(nonlinearity: Nonlinearity, param?: number): number {
  const name = snake(nonlinearity);
  if (LINEAR.has(name) || name === 'sigmoid') return 1;
  if (name === 'tanh') return 5.0 / 3;
  if (name === 'relu') return Math.sqrt(2.0);
  if (name === 'leaky_relu') {
    if (param !== undefined && (typeof param !== 'number' || Number.isNaN(param))) {
      throw new TypeError(`negative_slope ${String(param)} not a valid number`);
    }
    const slope = param ?? 0.01;
    return Math.sqrt(2.0 / (1 + slope ** 2));
  }
  if (name === 'selu') return 3.0 / 4;
  throw new RangeError(`Unsupported nonlinearity ${nonlinearity}`);
}

/**
 * `[fanIn, fanOut]` of a weight laid out as PyTorch's layers store it, `[out, in, *kernel]`
 * (PyTorch: `torch.nn.init._calculate_fan_in_and_fan_out`).
 */
export function calculateFanInAndFanOut(tensor: Tensor): [number, number] {
  if (tensor.ndim < 2) {
    throw new RangeError('Fan in and fan out can not be computed for tensor with fewer than 2 dimensions');
  }
  // Each output sees in_channels * kernel elements; each input feeds out_channels * kernel.
  const receptiveField = numelOf(tensor.shape.slice(2));
  return [tensor.shape[1] * receptiveField, tensor.shape[0] * receptiveField];
}

/** The fan `mode` selects (PyTorch: `torch.nn.init._calculate_correct_fan`). */
export function calculateCorrectFan(tensor: Tensor, mode: FanMode): number {
  const m = snake(mode);
  if (m !== 'fan_in' && m !== 'fan_out') {
    throw new RangeError(`Mode ${mode} not supported, please use one of fan_in, fan_out`);
  }
  const [fanIn, fanOut] = calculateFanInAndFanOut(tensor);
  return m === 'fan_in' ? fanIn : fanOut;
}
