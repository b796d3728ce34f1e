/**
 * Argument binding of the tensor ops whose PyTorch parameters are keyword-or-positional (`dim`,
 * `keepdim`, `unbiased`): `sum(x, 1, true)`, `sum(x, { dim: 1, keepdim: true })` and
 * `sum(x, 1, { keepdim: true })` are the same call, as `torch.sum(x, 1, True)`, `torch.sum(x, dim=1,
 * keepdim=True)` and `torch.sum(x, 1, keepdim=True)` are. Unknown keys and extra arguments throw.
 */
import type { DType } from '../dtype.js';
import { bindArgs } from '../options.js';

/** A reduction's `dim` argument: one dim, several, or all when omitted/null. */
type DimsArg = number | readonly number[] | null | undefined;

/** Bound arguments of a reduction. */
export interface ReduceArgs {
  dim: DimsArg;
  keepdim: boolean;
  dtype?: DType;
}

function checkBool(fn: string, name: string, value: unknown): boolean {
  if (typeof value !== 'boolean') {
    throw new TypeError(`${fn}: argument '${name}' must be bool, not ${typeof value}`);
  }
  return value;
}

/**
 * Binds `(dim, keepdim)` of a reduction (PyTorch: `torch.sum(input, dim, keepdim=False, *, dtype=None)`):
 * `dim` may instead be an options object, and `keepdim` a boolean or an options object.
 * `keywordOnly` lists the reduction's keyword-only parameters (`dtype` for sum, mean, prod).
 */
export function reduceArgs(
  fn: string,
  dim: unknown,
  keepdim: unknown,
  keywordOnly: readonly string[] = [],
): ReduceArgs {
  const name = `${fn}()`;
  const b = bindArgs(name, [dim, keepdim], { leading: 1, positional: ['dim', 'keepdim'], keywordOnly });
  return {
    dim: b.dim as DimsArg,
    keepdim: b.keepdim === undefined ? false : checkBool(name, 'keepdim', b.keepdim),
    dtype: b.dtype as DType | undefined,
  };
}

/** Bound arguments of `var` and `std`. */
export interface VarArgs {
  dim: DimsArg;
  correction: number;
  keepdim: boolean;
}

/**
 * Binds the forms of `var`/`std` (PyTorch 1.13): `(dim, unbiased, keepdim)` positionally,
 * `(unbiased)` alone as a boolean, and `correction` (keyword-only) or `unbiased`, `keepdim`, `dim` in an
 * options object. `unbiased=false` is `correction=0`; giving both `unbiased` and `correction` throws,
 * as PyTorch does.
 */
export function varArgs(fn: 'var' | 'std', args: readonly unknown[]): VarArgs {
  const name = `${fn}()`;
  const list = typeof args[0] === 'boolean' ? [undefined, ...args] : args;
  if (typeof args[0] === 'boolean' && args.slice(1).some((a) => a !== undefined)) {
    throw new TypeError(`${name}: after a boolean 'unbiased', no further arguments are accepted`);
  }
  const b = bindArgs(name, list, {
    leading: 1,
    positional: ['dim', 'unbiased', 'keepdim'],
    keywordOnly: ['correction'],
  });
  if (b.unbiased !== undefined && b.correction !== undefined) {
    throw new TypeError(`${name}: only one of 'unbiased' and 'correction' may be given`);
  }
  let correction = 1;
  if (b.unbiased !== undefined) correction = checkBool(name, 'unbiased', b.unbiased) ? 1 : 0;
  if (b.correction !== undefined) {
    if (typeof b.correction !== 'number') {
      throw new TypeError(`${name}: argument 'correction' must be a number, not ${typeof b.correction}`);
    }
    correction = b.correction;
  }
  return {
    dim: b.dim as DimsArg,
    correction,
    keepdim: b.keepdim === undefined ? false : checkBool(name, 'keepdim', b.keepdim),
  };
}

/**
 * Binds a `dim` that follows `leading` required arguments and may be given positionally or as
 * `{ dim }` (PyTorch: `torch.cat(tensors, dim=0)`, `torch.split(x, size, dim=0)`,
 * `torch.softmax(x, dim, dtype=None)`). Returns every bound name; `dim` is `fallback` when absent.
 */
export function dimArgs(
  fn: string,
  args: readonly unknown[],
  leading: number,
  fallback: number | undefined,
  positional: readonly string[] = ['dim'],
  keywordOnly: readonly string[] = [],
): Record<string, unknown> & { dim: number } {
  const b = bindArgs(`${fn}()`, args, { leading, positional, keywordOnly });
  const dim = b.dim ?? fallback;
  if (dim === undefined) {
    throw new TypeError(`${fn}() missing 1 required positional argument: 'dim'`);
  }
  if (typeof dim !== 'number') throw new TypeError(`${fn}(): argument 'dim' must be int, not ${typeof dim}`);
  return { ...b, dim };
}
