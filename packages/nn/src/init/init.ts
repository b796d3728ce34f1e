/**
 * In-place weight initialisation (PyTorch: `torch.nn.init`). Every function fills its argument without
 * recording gradients, so parameters can be initialised directly, and returns it. Random ones take an
 * optional `generator` for a reproducible stream.
 */
import { noGrad } from '@typetorch/autograd';
import type { Generator, Tensor } from '@typetorch/tensor';
import {
  calculateCorrectFan,
  calculateFanInAndFanOut,
  calculateGain,
  type FanMode,
  type Nonlinearity,
} from './fan.js';

/**
 * The `generator` option of the random initialisers. PyTorch 1.13's initialisers have none (they use the
 * global generator); later PyTorch versions take `generator=`.
 */
export interface InitOptions {
  /**
   * The Philox stream the values are drawn from; default the global generator. PyTorch: `generator` (2.x).
   */
  generator?: Generator;
}

/**
 * Options of {@link kaimingUniform_} and {@link kaimingNormal_} (PyTorch: their arguments after `tensor`).
 */
export interface KaimingOptions extends InitOptions {
  /**
   * Negative slope of the leaky ReLU that follows the layer (only used with `'leaky_relu'`); default 0.
   * PyTorch: `a`.
   */
  a?: number;
  /** Default `'fan_in'`. PyTorch: `mode`. */
  mode?: FanMode;
  /** Default `'leaky_relu'`. PyTorch: `nonlinearity`. */
  nonlinearity?: Nonlinearity;
}

/** Fills with samples of U(a, b) (PyTorch: `torch.nn.init.uniform_`). */
export function uniform_<T extends Tensor>(tensor: T, a = 0, b = 1, options: InitOptions = {}): T {
  return noGrad(() => tensor.uniform_(a, b, { generator: options.generator }));
}

/** Fills with samples of N(mean, std^2) (PyTorch: `torch.nn.init.normal_`). */
export function normal_<T extends Tensor>(tensor: T, mean = 0, std = 1, options: InitOptions = {}): T {
  return noGrad(() => tensor.normal_(mean, std, { generator: options.generator }));
}

/** Fills with `val` (PyTorch: `torch.nn.init.constant_`). */
export function constant_<T extends Tensor>(tensor: T, val: number): T {
  return noGrad(() => tensor.fill_(val));
}

/** Fills with 0 (PyTorch: `torch.nn.init.zeros_`). */
export function zeros_<T extends Tensor>(tensor: T): T {
  return constant_(tensor, 0);
}

/** Fills with 1 (PyTorch: `torch.nn.init.ones_`). */
export function ones_<T extends Tensor>(tensor: T): T {
  return constant_(tensor, 1);
}

/** Glorot's std, `gain * sqrt(2 / (fan_in + fan_out))`. */
function xavierStd(tensor: Tensor, gain: number): number {
  const [fanIn, fanOut] = calculateFanInAndFanOut(tensor);
  return gain * Math.sqrt(2.0 / (fanIn + fanOut));
}

/**
 * Glorot uniform: U(-a, a) with `a = gain * sqrt(6 / (fan_in + fan_out))` (PyTorch:
 * `torch.nn.init.xavier_uniform_`).
 */
export function xavierUniform_<T extends Tensor>(tensor: T, gain = 1, options: InitOptions = {}): T {
  // A uniform on [-a, a] has std a / sqrt(3).
  const a = Math.sqrt(3.0) * xavierStd(tensor, gain);
  return uniform_(tensor, -a, a, options);
}

/** Glorot normal: N(0, std^2) with `std = gain * sqrt(2 / (fan_in + fan_out))` (PyTorch: `xavier_normal_`). */
export function xavierNormal_<T extends Tensor>(tensor: T, gain = 1, options: InitOptions = {}): T {
  return normal_(tensor, 0, xavierStd(tensor, gain), options);
}

/** He's std, `gain / sqrt(fan)`; null for a tensor with no elements (nothing to fill). */
function kaimingStd(tensor: Tensor, options: KaimingOptions): number | null {
  // PyTorch warns "Initializing zero-element tensors is a no-op" and returns the tensor untouched.
  if (tensor.shape.includes(0)) return null;
  const fan = calculateCorrectFan(tensor, options.mode ?? 'fan_in');
  const gain = calculateGain(options.nonlinearity ?? 'leaky_relu', options.a ?? 0);
  return gain / Math.sqrt(fan);
}

/**
 * He uniform: U(-bound, bound) with `bound = gain * sqrt(3 / fan)` (PyTorch:
 * `torch.nn.init.kaiming_uniform_(tensor, a=0, mode='fan_in', nonlinearity='leaky_relu')`).
 * `Linear` uses it with `a: Math.sqrt(5)`.
 */
export function kaimingUniform_<T extends Tensor>(tensor: T, options: KaimingOptions = {}): T {
  const std = kaimingStd(tensor, options);
  if (std === null) return tensor;
  const bound = Math.sqrt(3.0) * std;
  return uniform_(tensor, -bound, bound, options);
}

/** He normal: N(0, std^2) with `std = gain / sqrt(fan)` (PyTorch: `torch.nn.init.kaiming_normal_`). */
export function kaimingNormal_<T extends Tensor>(tensor: T, options: KaimingOptions = {}): T {
  const std = kaimingStd(tensor, options);
  if (std === null) return tensor;
  return normal_(tensor, 0, std, options);
}
