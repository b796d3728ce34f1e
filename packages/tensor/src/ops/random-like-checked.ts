/** The public functions of ops/random-like.ts with their positional arity checked (see arity.ts). */
import { markArity, positional, tooManyArguments } from '../arity.js';
import type { Tensor } from '../tensor.js';
import type { RandomOptions } from './random.js';
import * as ops from './random-like.js';

export * from './random-like.js';
/** Uniform samples in [0, 1) shaped like `x` (PyTorch: `torch.rand_like(input, *, dtype=None, ...)`). */
export const randLike = positional(ops.randLike, 'randLike', 1, 2);
/** Standard normal samples shaped like `x` (PyTorch: `torch.randn_like(input, *, dtype=None, ...)`). */
export const randnLike = positional(ops.randnLike, 'randnLike', 1, 2);

/**
 * Random integers in `[low, high)` with `x`'s shape (and its dtype and device unless given) (PyTorch:
 * `torch.randint_like`). `randintLike(x, high, options?)` takes 3 arguments, `randintLike(x, low, high, options?)` 4.
 */
export const randintLike: {
  (x: Tensor, high: number, options?: RandomOptions): Tensor;
  (x: Tensor, low: number, high: number, options?: RandomOptions): Tensor;
} = markArity(
  function randintLike(...args: unknown[]) {
    if (args.length > 3) tooManyArguments('randintLike', args, 2, typeof args[2] === 'number' ? 4 : 3);
    return (ops.randintLike as (...a: unknown[]) => ReturnType<typeof ops.randintLike>)(...args);
  },
  2,
  4,
);
