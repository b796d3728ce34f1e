/**
 * What a row of the op table says about an op. The table (this folder) is the one place an op's name
 * is written: `dispatch`, gradient registration, the backend contract's elementwise kernels, the
 * conformance coverage and the fixtures all key on the names it defines, so a misspelt op or option
 * is a compile error (in the spirit of TF.js's kernel_names.ts and tinygrad's op groups).
 */
import type { FastPaths } from '../backend/contract.js';

/**
 * Whether the autograd engine differentiates an op: `true` (a gradient formula is registered under
 * its name), `false` (outputs never require grad: comparisons, argmax, random draws), or
 * `'notImplemented'` (backward through it fails with PyTorch's "the derivative for ... is not
 * implemented").
 */
export type Differentiability = boolean | 'notImplemented';

/** The families ops are grouped in (the files of `ops/`); PyTorch has no equivalent. */
export type OpGroup =
  | 'unary'
  | 'binary'
  | 'conditional'
  | 'reduce'
  | 'softmax'
  | 'linalg'
  | 'view'
  | 'join'
  | 'indexing'
  | 'creation'
  | 'random'
  | 'transfer'
  | 'conv'
  | 'pooling'
  | 'loss'
  | 'optim'
  | 'scan'
  | 'sorting'
  | 'math';

/** The properties every row declares (elementwise rows add their type rules). */
export interface OpProps {
  readonly group: OpGroup;
  readonly differentiable: Differentiability;
  /** The output aliases input 0's storage (a view): writes through it are tracked by autograd. */
  readonly view?: boolean;
  /** The op writes input 0 in place (its name ends in `_`). */
  readonly inPlace?: boolean;
  /** An in-place op differentiated by its out-of-place op's formula (`scatter_` by `scatter`'s). */
  readonly gradientOf?: string;
  /** The optional fused kernel of the contract it uses when a backend has it (else its composition). */
  readonly fastPath?: keyof FastPaths;
}

/** Attributes an op records for its gradient: a plain object, never read by backends. */
export type Attrs = object;

/** @internal A row of `OPS`: its properties, and (as a type only) the attributes it records. */
export interface OpRow<A extends Attrs = Record<never, never>> extends OpProps {
  /** Phantom: the type of the attributes dispatch records; never set at run time. */
  readonly attrs?: A;
}

/** Declares a row with the attributes type `A`. */
export function row<A extends Attrs = Record<never, never>>() {
  return <const P extends OpProps>(props: P): P & OpRow<A> => props;
}
