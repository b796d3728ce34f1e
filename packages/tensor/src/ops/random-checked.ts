/** The public functions of ops/random.ts with their positional arity checked (see arity.ts). */
import { markArity, positional, tooManyArguments } from '../arity.js';
import * as multinomialOps from './multinomial.js';
import * as ops from './random.js';

export * from './random.js';
export const bernoulli = positional(ops.bernoulli, 'bernoulli', 1, 2);
export const randperm = positional(ops.randperm, 'randperm', 1, 2);
export type { MultinomialOptions } from './multinomial.js';
export const multinomial = positional(multinomialOps.multinomial, 'multinomial', 2, 4);

/** `randint(high, size, options?)` takes 3 arguments, `randint(low, high, size, options?)` 4. */
export const randint: typeof ops.randint = markArity(
  function randint(...args: unknown[]) {
    if (args.length > 3) tooManyArguments('randint', args, 2, typeof args[1] === 'number' ? 4 : 3);
    return (ops.randint as (...a: unknown[]) => ReturnType<typeof ops.randint>)(...args);
  },
  2,
  4,
);
