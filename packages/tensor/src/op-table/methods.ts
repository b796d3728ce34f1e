/**
 * The Tensor methods of the elementwise rows (`x.exp()`, `x.exp_()`, `a.mul(b)`, `a.mul_(b)`), derived
 * from the table so that an elementwise op is written once. tensor.ts merges {@link ElementwiseMethods}
 * into the Tensor class's type and calls {@link installElementwiseMethods} on its prototype.
 */
import { markArity, tooManyArguments } from '../arity.js';
import type { TensorLike } from '../ops/internal.js';
import type { Tensor } from '../tensor.js';
import type * as BINARY from './binary.js';
import type { InPlaceBinaryOp, InPlaceUnaryOp } from './index.js';
import { BINARY_OPS, inPlaceName, opInfo, UNARY_OPS } from './index.js';
import type * as UNARY from './unary.js';

type Binary = typeof BINARY;
type DerivedBinary = {
  [K in keyof Binary]: Binary[K]['props'] extends { method: 'custom' | 'none' } ? never : K;
}[keyof Binary];

type UnaryMethods = { [K in keyof typeof UNARY]: () => Tensor };
type BinaryMethods = { [K in DerivedBinary]: (other: TensorLike) => Tensor };
type InPlaceMethods = { [K in InPlaceUnaryOp as `${K}_`]: () => Tensor } & {
  [K in Exclude<InPlaceBinaryOp, 'add' | 'sub'> as `${K}_`]: (other: TensorLike) => Tensor;
};

/** The derived methods, as the Tensor class's type sees them. */
export interface ElementwiseMethods extends UnaryMethods, BinaryMethods, InPlaceMethods {}

interface Runners {
  unary(op: string, x: Tensor): Tensor;
  binary(op: string, a: Tensor, b: TensorLike): Tensor;
  unaryInPlace(op: InPlaceUnaryOp, x: Tensor): Tensor;
  binaryInPlace(op: InPlaceBinaryOp, a: Tensor, b: TensorLike): Tensor;
}

/** Defines the derived methods on `proto` (Tensor.prototype). */
export function installElementwiseMethods(proto: object, run: Runners): void {
  const define = (name: string, value: (this: Tensor, other?: TensorLike) => Tensor) =>
    Object.defineProperty(proto, name, {
      value: markArity(value, value.length, value.length),
      writable: true,
      configurable: true,
    });
  for (const op of UNARY_OPS) {
    define(op, function () {
      // biome-ignore lint/complexity/noArguments: one length check, no array (hot path)
      if (arguments.length > 0) tooManyArguments(op, arguments, 0, 0);
      return run.unary(op, this);
    });
    if (opInfo(op).unary!.inPlace) {
      const inPlace = op as InPlaceUnaryOp;
      define(inPlaceName(inPlace), function () {
        // biome-ignore lint/complexity/noArguments: one length check, no array (hot path)
        if (arguments.length > 0) tooManyArguments(inPlaceName(inPlace), arguments, 0, 0);
        run.unaryInPlace(inPlace, this);
        return this;
      });
    }
  }
  for (const op of BINARY_OPS) {
    const props = opInfo(op).binary!;
    if (props.method === 'custom' || props.method === 'none') continue;
    define(op, function (other) {
      // biome-ignore lint/complexity/noArguments: one length check, no array (hot path)
      if (arguments.length > 1) tooManyArguments(op, arguments, 1, 1);
      return run.binary(op, this, other!);
    });
    if (props.inPlace) {
      const inPlace = op as InPlaceBinaryOp;
      define(inPlaceName(inPlace), function (other) {
        // biome-ignore lint/complexity/noArguments: one length check, no array (hot path)
        if (arguments.length > 1) tooManyArguments(inPlaceName(inPlace), arguments, 1, 1);
        run.binaryInPlace(inPlace, this, other!);
        return this;
      });
    }
  }
}
