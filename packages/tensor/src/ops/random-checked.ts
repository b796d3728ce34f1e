/** The public functions of ops/random.ts with their positional arity checked (see arity.ts). */
import { markArity, positional, tooManyArguments } from '../arity.js';
import type { Tensor } from '../tensor.js';
import * as multinomialOps from './multinomial.js';
import * as ops from './random.js';

export * from './random.js';
/** Samples 0/1 with probabilities `p` (PyTorch: `torch.bernoulli`); result has `p`'s dtype. */
export const bernoulli = positional(ops.bernoulli, 'bernoulli', 1, 2);
/**
 * A random permutation of `0..n-1` (PyTorch: `torch.randperm`), int32. Drawn on the host by a
 * Fisher-Yates shuffle over the generator's Philox stream ({@link randpermHost}), then uploaded.
 */
export const randperm = positional(ops.randperm, 'randperm', 1, 2);
export type { MultinomialOptions } from './multinomial.js';
export const multinomial = positional(multinomialOps.multinomial, 'multinomial', 2, 4);

/**
 * Random integers in `[low, high)` (`low` default 0) of `size`, int64 by default (PyTorch:
 * `torch.randint`). `randint(high, size, options?)` takes 3 arguments, `randint(low, high, size, options?)` 4.
 */
export const randint: {
  (high: number, size: readonly number[], options?: ops.RandomOptions): Tensor;
  (low: number, high: number, size: readonly number[], options?: ops.RandomOptions): Tensor;
} = markArity(
  function randint(...args: unknown[]) {
    if (args.length > 3) tooManyArguments('randint', args, 2, typeof args[1] === 'number' ? 4 : 3);
    return (ops.randint as (...a: unknown[]) => ReturnType<typeof ops.randint>)(...args);
  },
  2,
  4,
);
