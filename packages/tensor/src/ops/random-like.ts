/**
 * Random tensors shaped like another (PyTorch: `torch.rand_like`, `torch.randn_like`,
 * `torch.randint_like`): `rand`, `randn` and `randint` with the input's shape, and by default its
 * dtype and device. They dispatch those ops' rows.
 */
import type { Tensor } from '../tensor.js';
import { type RandomOptions, rand, randint, randn } from './random.js';

function likeOptions(x: Tensor, options: RandomOptions | undefined): RandomOptions {
  return { ...options, dtype: options?.dtype ?? x.dtype, device: options?.device ?? x.device };
}

/** Uniform samples in [0, 1) shaped like `x` (PyTorch: `torch.rand_like(input, *, dtype=None, ...)`). */
export function randLike(x: Tensor, options?: RandomOptions): Tensor {
  return rand([...x.shape], likeOptions(x, options));
}

/** Standard normal samples shaped like `x` (PyTorch: `torch.randn_like(input, *, dtype=None, ...)`). */
export function randnLike(x: Tensor, options?: RandomOptions): Tensor {
  return randn([...x.shape], likeOptions(x, options));
}

/**
 * Integers uniform in `[low, high)` shaped like `x`, with `x`'s dtype unless `dtype` says otherwise
 * (PyTorch: `torch.randint_like(input, low=0, high, *, dtype=None, ...)`).
 */
export function randintLike(x: Tensor, high: number, options?: RandomOptions): Tensor;
export function randintLike(x: Tensor, low: number, high: number, options?: RandomOptions): Tensor;
export function randintLike(x: Tensor, ...args: (number | RandomOptions | undefined)[]): Tensor {
  const [low, high, options] =
    typeof args[1] === 'number'
      ? (args as [number, number, RandomOptions?])
      : ([0, args[0], args[1]] as [number, number, RandomOptions?]);
  return randint(low, high, [...x.shape], likeOptions(x, options));
}
