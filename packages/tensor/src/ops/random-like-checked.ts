/** The public functions of ops/random-like.ts with their positional arity checked (see arity.ts). */
import { markArity, positional, tooManyArguments } from '../arity.js';
import * as ops from './random-like.js';

export * from './random-like.js';
export const randLike = positional(ops.randLike, 'randLike', 1, 2);
export const randnLike = positional(ops.randnLike, 'randnLike', 1, 2);

/** `randintLike(x, high, options?)` takes 3 arguments, `randintLike(x, low, high, options?)` 4. */
export const randintLike: typeof ops.randintLike = markArity(
  function randintLike(...args: unknown[]) {
    if (args.length > 3) tooManyArguments('randintLike', args, 2, typeof args[2] === 'number' ? 4 : 3);
    return (ops.randintLike as (...a: unknown[]) => ReturnType<typeof ops.randintLike>)(...args);
  },
  2,
  4,
);
