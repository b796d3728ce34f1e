/**
 * The schedulers' arguments as PyTorch 1.13 binds them: after the optimizer, positionally in
 * PyTorch's order (`new StepLR(opt, 30, 0.1)` is `StepLR(opt, 30, 0.1)`), in an options object
 * (`{ stepSize: 30, gamma: 0.1 }`), or positional values followed by an options object. Too many
 * arguments, a value given twice, a missing required one or an unknown key raise Python's TypeError.
 */
import { bindArgs } from '@typetorch/tensor';
import type { Optimizer } from '../optimizer.js';
import type { LrLambda } from './schedulers.js';

/**
 * The non-empty prefixes of the positional parameters `P`, each optionally followed by options `K`
 * (PyTorch: Python's positional binding of a scheduler's `__init__`).
 */
export type Prefixes<P extends readonly unknown[], K> = P extends readonly [...infer Init, unknown]
  ? [...P, options?: K] | Prefixes<Init, K>
  : never;

/**
 * A scheduler's arguments after the optimizer: the options object `O`, or a non-empty prefix of the
 * positional parameters `P` optionally followed by the remaining options (no argument at all when every
 * option is optional). PyTorch: the arguments after `optimizer` of a `torch.optim.lr_scheduler` class.
 */
export type SchedulerArgs<P extends readonly unknown[], O> =
  | (Partial<O> extends O ? [options?: O] : [options: O])
  | Prefixes<P, Partial<O>>;

/**
 * Binds a scheduler's arguments after the optimizer (`positional` in PyTorch's order, camelCase);
 * `required` are those PyTorch requires (`step_size`). Counts exclude `self`, as the optimizers' do.
 */
export function schedulerArgs<O>(
  name: string,
  args: readonly unknown[],
  positional: readonly (keyof O & string)[],
  required: readonly (keyof O & string)[] = [],
): Partial<O> {
  const fn = `${name}.__init__()`;
  const bound = bindArgs(fn, args, { leading: 1, positional });
  missing(fn, required, bound);
  return bound as Partial<O>;
}

/** Throws Python's `f() missing 2 required positional arguments: 'a' and 'b'` for unbound `required`. */
export function missing(fn: string, required: readonly string[], bound: Record<string, unknown>): void {
  const absent = required.filter((key) => bound[key] === undefined);
  if (absent.length === 0) return;
  const names = absent.map((key) => `'${key}'`);
  const list = names.length === 1 ? names[0] : `${names.slice(0, -1).join(', ')} and ${names.at(-1)}`;
  throw new TypeError(
    `${fn} missing ${absent.length} required positional argument${absent.length === 1 ? '' : 's'}: ${list}`,
  );
}

/** Python's `'{:.4e}'.format(x)`: `1.0000e-02`, `inf`, `nan`. */
export function formatE4(x: number): string {
  if (Number.isNaN(x)) return 'nan';
  if (!Number.isFinite(x)) return x > 0 ? 'inf' : '-inf';
  return x.toExponential(4).replace(/e([+-])(\d)$/, 'e$10$2');
}

/** Python's `'%.5d' % epoch` for an integer epoch, `'%.2f'` otherwise (PyTorch's verbose messages). */
export function formatEpoch(epoch: number): string {
  if (!Number.isInteger(epoch)) return epoch.toFixed(2);
  const digits = String(Math.abs(epoch)).padStart(5, '0');
  return epoch < 0 ? `-${digits}` : digits;
}

/**
 * Rejects `scheduler.step(epoch)`: PyTorch 1.13 deprecates passing an epoch (it warns and switches to
 * the closed form); typetorch advances one epoch per `step()`.
 */
export function checkNoEpoch(name: string, args: ArrayLike<unknown>, takes = 0): void {
  let given = args.length;
  while (given > takes && args[given - 1] === undefined) given--;
  if (given <= takes) return;
  const count = takes === 1 ? '1 positional argument' : `${takes} positional arguments`;
  throw new TypeError(
    `${name}.step() takes ${count} but ${given} ${given === 1 ? 'was' : 'were'} given: PyTorch's step(epoch) is deprecated and typetorch does not take an epoch; call step() once per epoch (or set lastEpoch)`,
  );
}

/** One `lrLambda` per parameter group, from one function or a list (PyTorch's LambdaLR, MultiplicativeLR). */
export function lambdasPerGroup(optimizer: Optimizer, lambdas: LrLambda | readonly LrLambda[]): LrLambda[] {
  const groups = optimizer?.paramGroups?.length ?? 0;
  if (typeof lambdas === 'function') return new Array<LrLambda>(groups).fill(lambdas);
  if (lambdas.length !== groups)
    throw new RangeError(`Expected ${groups} lrLambdas, but got ${lambdas.length}`);
  return [...lambdas];
}
