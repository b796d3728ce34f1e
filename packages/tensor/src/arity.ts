/**
 * Positional-argument counts of the public functions and Tensor methods: a call with more positional
 * arguments than the function binds raises Python's `TypeError` (`sum() takes from 1 to 3 positional
 * arguments but 5 were given`) instead of silently ignoring the extras. The check is one
 * `arguments.length` comparison; trailing `undefined`s count as not given (JavaScript's "no value").
 *
 * Each checked function carries its arity under {@link ARITY}, so tests can enumerate the exports and
 * find functions without a check.
 */
import { checkArity } from './options.js';

/** The property holding a checked function's `[min, max]` positional arguments (PyTorch has no equivalent: Python checks arity itself). */
export const ARITY: unique symbol = Symbol.for('typetorch.arity');

/** A function's positional arity as recorded by {@link positional} or {@link markArity} (PyTorch has no equivalent: Python checks arity itself). */
export function arityOf(fn: unknown): readonly [number, number] | undefined {
  return (fn as { [ARITY]?: readonly [number, number] } | null)?.[ARITY];
}

/** Records `fn`'s arity (for functions that check `arguments.length` themselves) and returns it (PyTorch has no equivalent). */
export function markArity<F extends object>(fn: F, min: number, max: number): F {
  Object.defineProperty(fn, ARITY, { value: Object.freeze([min, max]) });
  return fn;
}

/**
 * Throws Python's `<name>() takes from <min> to <max> positional arguments but <n> were given` unless
 * the arguments beyond `max` are all `undefined`. Call it only when `args.length > max` (the fast path
 * is the caller's length comparison).
 * (PyTorch raises the same `TypeError` from Python's binding.)
 */
export function tooManyArguments(name: string, args: ArrayLike<unknown>, min: number, max: number): void {
  let given = args.length;
  while (given > max && args[given - 1] === undefined) given--;
  if (given > max) checkArity(`${name}()`, given, min, max);
}

/**
 * `fn`, rejecting calls with more than `max` positional arguments (PyTorch's binding never ignores
 * an argument). `name` is the function's PyTorch-style name in messages. The wrapper keeps `fn`'s type,
 * so editors still show `fn`'s signature and TSDoc.
 */
export function positional<F extends (...args: never[]) => unknown>(
  fn: F,
  name: string,
  min: number,
  max: number,
): F {
  const checked = function (this: unknown) {
    // biome-ignore lint/complexity/noArguments: forwarding `arguments` costs no array on the hot path
    const args = arguments;
    if (args.length > max) tooManyArguments(name, args, min, max);
    return (fn as unknown as (...a: unknown[]) => unknown).apply(this, args as unknown as unknown[]);
  };
  Object.defineProperty(checked, 'name', { value: fn.name });
  return markArity(checked, min, max) as unknown as F;
}
