/**
 * Python's argument binding for typetorch's functions and constructors: PyTorch's
 * keyword-or-positional parameters may be passed positionally or in a trailing options object, and
 * no argument is ever silently ignored. An unknown option key, a value given both ways, or too many
 * positional arguments raise a `TypeError` worded as Python's (`Conv2d.__init__() got an unexpected
 * keyword argument 'strid'`), naming the valid keys.
 */

/** A trailing options object: a plain object (not an array, a Tensor or any other class instance); PyTorch's keyword arguments. */
export function isOptionsObject(value: unknown): value is Record<string, unknown> {
  if (value === null || typeof value !== 'object' || Array.isArray(value)) return false;
  const proto = Object.getPrototypeOf(value);
  if (proto !== Object.prototype && proto !== null) return false;
  // A plain object that is iterable (a hand-written sampler) or thenable is a value, not options.
  return !(Symbol.iterator in value) && !(Symbol.asyncIterator in value) && !('then' in value);
}

/** `padding_mode` -> `paddingMode`, to suggest typetorch's name for a PyTorch spelling. */
function camelCase(key: string): string {
  return key.replace(/_([a-z0-9])/g, (_, c: string) => c.toUpperCase());
}

function unexpectedKey(fn: string, key: string, valid: readonly string[]): TypeError {
  const camel = camelCase(key);
  const hint = camel !== key && valid.includes(camel) ? ` (did you mean '${camel}'?)` : '';
  const list = valid.length === 0 ? 'none' : valid.join(', ');
  return new TypeError(
    `${fn} got an unexpected keyword argument '${key}'${hint}; valid keyword arguments: ${list}`,
  );
}

/**
 * Checks that every key of `options` whose value is not `undefined` is one of `valid`; throws
 * `TypeError: <fn> got an unexpected keyword argument '<key>'; valid keyword arguments: ...` otherwise.
 * `fn` is written as the error names it (`'Linear.__init__()'`, `'sum()'`). Passing something other
 * than an options object (a number, an array) where one is expected is a `TypeError` too.
 * (PyTorch: Python's own check of keyword arguments.)
 */
export function checkOptions(fn: string, options: unknown, valid: readonly string[]): void {
  if (options === undefined || options === null) return;
  if (!isOptionsObject(options)) {
    throw new TypeError(`${fn} expected an options object as its last argument, got ${describe(options)}`);
  }
  for (const [key, value] of Object.entries(options)) {
    if (value !== undefined && !valid.includes(key)) throw unexpectedKey(fn, key, valid);
  }
}

/** Throws Python's `takes from A to B positional arguments but C were given` when C is out of range (as PyTorch's functions do). */
export function checkArity(fn: string, given: number, min: number, max: number): void {
  if (given >= min && given <= max) return;
  if (given < min) {
    const missing = min - given;
    throw new TypeError(`${fn} missing ${missing} required positional argument${missing === 1 ? '' : 's'}`);
  }
  const takes = min === max ? `${min}` : `from ${min} to ${max}`;
  const plural = takes === '1' ? 'argument' : 'arguments';
  throw new TypeError(
    `${fn} takes ${takes} positional ${plural} but ${given} ${given === 1 ? 'was' : 'were'} given`,
  );
}

function describe(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'an array';
  if (typeof value === 'object') return `an instance of ${value.constructor?.name ?? 'Object'}`;
  return `${typeof value} ${String(value)}`;
}

/** What {@link bindArgs} binds: the optional parameters after the required (leading) ones (PyTorch: a function's Python signature). */
export interface ArgSpec {
  /** Number of required positional arguments before `args` (only for the arity message; PyTorch counts them the same way). */
  leading?: number;
  /** Keyword-or-positional parameters, in PyTorch's order (typetorch's camelCase names). */
  positional: readonly string[];
  /** Keyword-only parameters (PyTorch's after `*`): accepted in the options object only. */
  keywordOnly?: readonly string[];
}

/**
 * Binds the trailing arguments of a call as Python binds keyword-or-positional parameters:
 * `args` are positional values for `spec.positional`, in order, optionally ended by an options object
 * whose keys may name any positional or keyword-only parameter. Returns the bound values by name
 * (`undefined` values count as not given). Throws Python's `TypeError`s for too many positional
 * arguments, an unexpected keyword, a value given twice, or an options object followed by more
 * arguments.
 * (PyTorch: Python's argument binding.)
 */
export function bindArgs(fn: string, args: readonly unknown[], spec: ArgSpec): Record<string, unknown> {
  const leading = spec.leading ?? 0;
  let end = args.length;
  while (end > 0 && args[end - 1] === undefined) end--;
  const last = end > 0 && isOptionsObject(args[end - 1]) ? (args[end - 1] as Record<string, unknown>) : null;
  const positional = args.slice(0, last ? end - 1 : end);
  const stray = positional.findIndex((v) => isOptionsObject(v));
  if (stray >= 0) {
    const name = spec.positional[stray] ?? `#${leading + stray + 1}`;
    throw new TypeError(
      `${fn}: argument '${name}' (position ${leading + stray + 1}) got an options object; the options object must be the last argument`,
    );
  }
  checkArity(fn, leading + positional.length, leading, leading + spec.positional.length);
  const out: Record<string, unknown> = {};
  positional.forEach((v, i) => {
    if (v !== undefined) out[spec.positional[i]] = v;
  });
  if (last) {
    const valid = [...spec.positional, ...(spec.keywordOnly ?? [])];
    checkOptions(fn, last, valid);
    for (const [key, value] of Object.entries(last)) {
      if (value === undefined) continue;
      if (key in out) throw new TypeError(`${fn} got multiple values for argument '${key}'`);
      out[key] = value;
    }
  }
  return out;
}
