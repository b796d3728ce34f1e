/**
 * Rows of the elementwise ops. Each row is also the op's function form (`torch.exp(x)`,
 * `torch.add(a, b)`), and the Tensor methods (`x.exp()`, `x.exp_()`) are derived from the rows, so an
 * elementwise op is written once. The rows hold no code of their own: `ops/elementwise.ts` installs
 * the runner they call (this keeps the table free of imports, so any module may read it at load time).
 */

import { markArity, tooManyArguments } from '../arity.js';
import type { TensorLike } from '../ops/internal.js';
import type { Tensor } from '../tensor.js';
import type { OpProps } from './row.js';

/** The type rules and properties of a unary row (PyTorch: what its `OpInfo` and the op's dtype rules say). */
export interface UnaryProps {
  /** It has a gradient formula (PyTorch: it has a `derivatives.yaml` entry). */
  readonly differentiable: boolean;
  /**
   * The dtype the kernel computes in: `'float'` promotes integer and bool inputs to float32 (as
   * PyTorch's `torch.exp(int_tensor)` does); `'bool'` casts the input to bool. Default: the input's.
   */
  readonly computes?: 'float' | 'bool';
  /** The result is bool whatever the input (`isnan`, `logicalNot`; PyTorch: `torch.isnan`). */
  readonly returnsBool?: boolean;
  /** On integer and bool inputs the op is the identity (rounding functions): a copy, no kernel (PyTorch: `torch.floor` of an int tensor). */
  readonly integerIdentity?: boolean;
  /** There is an in-place form `<name>_` (`x.exp_()`; PyTorch: `Tensor.exp_`). */
  readonly inPlace?: boolean;
  /** An integer result can leave the range of the inputs (`neg` of -2^31): int64 results are checked (PyTorch's int64 would not overflow there). */
  readonly intOverflow?: boolean;
}

/** The type rules and properties of a binary row (PyTorch: `torch.result_type` and the op's own exceptions). */
export interface BinaryProps {
  /** It has a gradient formula (PyTorch: it has a `derivatives.yaml` entry). */
  readonly differentiable: boolean;
  /** `'float'`: the kernel computes in the floating type of the promoted dtype (true division, as `torch.div`). */
  readonly computes?: 'float';
  /** A comparison: computes in the promoted dtype, returns bool (PyTorch: `torch.eq`, `torch.lt`...). */
  readonly compares?: boolean;
  /** A logical op: computes on bool, returns bool (PyTorch: `torch.logical_and`...). */
  readonly logical?: boolean;
  /** Rejects bool operands (PyTorch has no bool form). */
  readonly noBool?: boolean;
  /** There is an in-place form `<name>_` (`x.mul_(y)`; PyTorch: `Tensor.mul_`). */
  readonly inPlace?: boolean;
  /** An integer result can leave the range of the inputs: int64 results are checked (see ops/int-checks.ts; PyTorch's int64 is 64 bits). */
  readonly intOverflow?: boolean;
  /** Integer division: a zero integer divisor raises PyTorch's `ZeroDivisionError`. */
  readonly intDivision?: boolean;
  /**
   * How the Tensor method is made: `'derived'` (`a.mul(b)`, the default), `'custom'` (written in
   * tensor.ts, e.g. `add` with `alpha`), or `'none'` (function form only, e.g. `reluBackward`; PyTorch has
   * such ops only under `torch.ops.aten`).
   */
  readonly method?: 'derived' | 'custom' | 'none';
}

type UnaryRunner = (op: string, x: Tensor) => Tensor;
type BinaryRunner = (op: string, a: TensorLike, b: TensorLike) => Tensor;
let runners: { unary: UnaryRunner; binary: BinaryRunner } | undefined;

/** Called once by `ops/elementwise.ts`: the functions the rows run. */
export function installElementwiseRunners(r: { unary: UnaryRunner; binary: BinaryRunner }): void {
  runners = r;
}

function runner() {
  if (runners === undefined) throw new Error('internal error: the elementwise ops are not loaded');
  return runners;
}

/** @internal A unary row: the function form, with the row's name and properties attached. */
export type UnaryRow<N extends string, P extends UnaryProps> = ((x: Tensor) => Tensor) & {
  readonly op: N;
  readonly props: P & OpProps;
};

/** @internal A binary row: the function form (either operand may be a JS number), with the row attached. */
export type BinaryRow<N extends string, P extends BinaryProps> = ((
  a: TensorLike,
  b: TensorLike,
) => Tensor) & {
  readonly op: N;
  readonly props: P & OpProps;
};

export function unaryOp<const N extends string, const P extends UnaryProps>(op: N, props: P): UnaryRow<N, P> {
  const fn = function (x: Tensor) {
    // biome-ignore lint/complexity/noArguments: one length check, no array (hot path)
    if (arguments.length > 1) tooManyArguments(op, arguments, 1, 1);
    return runner().unary(op, x);
  };
  return Object.assign(markArity(fn, 1, 1), { op, props: { group: 'unary' as const, ...props } });
}

export function binaryOp<const N extends string, const P extends BinaryProps>(
  op: N,
  props: P,
): BinaryRow<N, P> {
  const fn = function (a: TensorLike, b: TensorLike) {
    // biome-ignore lint/complexity/noArguments: one length check, no array (hot path)
    if (arguments.length > 2) tooManyArguments(op, arguments, 2, 2);
    return runner().binary(op, a, b);
  };
  return Object.assign(markArity(fn, 2, 2), { op, props: { group: 'binary' as const, ...props } });
}
