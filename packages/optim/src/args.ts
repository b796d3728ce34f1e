/**
 * The optimizers' constructor arguments as PyTorch binds them: after `params`, options positionally
 * in PyTorch's order (`new SGD(params, 0.1, 0.9)` is `SGD(params, 0.1, 0.9)`), in an options object,
 * or both. Unknown keys (including PyTorch options typetorch lacks: `foreach`, `capturable`,
 * `differentiable`, `fused`) and extra arguments throw a TypeError.
 */
import { bindArgs } from '@typetorch/tensor';

/** Binds an optimizer's arguments after `params`; `keys` are the option names in PyTorch's order. */
export function optimizerArgs<O>(
  name: string,
  args: readonly unknown[],
  positional: readonly (keyof O & string)[],
  keywordOnly: readonly (keyof O & string)[] = [],
): Partial<O> {
  return bindArgs(`${name}.__init__()`, args, { leading: 1, positional, keywordOnly }) as Partial<O>;
}

/**
 * The arguments after `params` of an optimizer with options `O`: an options object, or positional values
 * in PyTorch's order, optionally followed by an options object (PyTorch: a `torch.optim` class's
 * arguments after `params`).
 */
export type OptimizerArgs<O> =
  | [options?: Partial<O>]
  | [lr?: number, ...rest: (number | boolean | readonly number[] | Partial<O>)[]];
