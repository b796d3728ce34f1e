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

// Both mapped types are homomorphic (`K in keyof ...`, filtered by `as ... K : never`), so each method
// keeps its row's declaration: editors and TypeDoc show the row's TSDoc for `x.exp()` and `a.mul(b)`.
type UnaryMethods = { [K in keyof typeof UNARY]: () => Tensor };
type BinaryMethods = {
  [K in keyof Binary as Binary[K]['props'] extends { method: 'custom' | 'none' } ? never : K]: (
    other: TensorLike,
  ) => Tensor;
};
// Renamed keys (`exp_`) lose the row's declaration: ElementwiseMethods declares them with TSDoc.
type InPlaceMethods = { [K in InPlaceUnaryOp as `${K}_`]: () => Tensor } & {
  [K in Exclude<InPlaceBinaryOp, 'add' | 'sub'> as `${K}_`]: (other: TensorLike) => Tensor;
};

/**
 * The derived methods, as the Tensor class's type sees them. The in-place ones are declared again
 * here only to carry their TSDoc (their types are the mapped ones'); a new in-place row needs a line
 * here, or `pnpm docs:check tensor` lists its method as undocumented.
 */
export interface ElementwiseMethods extends UnaryMethods, BinaryMethods, InPlaceMethods {
  /** In place `neg`: `this = -this` (PyTorch: `Tensor.neg_`). Returns `this`. */
  neg_(): Tensor;
  /** In place `abs`: `this = |this|` (PyTorch: `Tensor.abs_`). Returns `this`. */
  abs_(): Tensor;
  /** In place `exp`: `this = e^this`; an integer tensor cannot hold the float result (PyTorch: `Tensor.exp_`). */
  exp_(): Tensor;
  /** In place natural logarithm; floating dtypes only, as `exp_` (PyTorch: `Tensor.log_`). Returns `this`. */
  log_(): Tensor;
  /** In place base-2 logarithm; floating dtypes only (PyTorch: `Tensor.log2_`). Returns `this`. */
  log2_(): Tensor;
  /** In place square root; floating dtypes only (PyTorch: `Tensor.sqrt_`). Returns `this`. */
  sqrt_(): Tensor;
  /** In place hyperbolic tangent; floating dtypes only (PyTorch: `Tensor.tanh_`). Returns `this`. */
  tanh_(): Tensor;
  /** In place logistic function `1 / (1 + e^-x)`; floating dtypes only (PyTorch: `Tensor.sigmoid_`). */
  sigmoid_(): Tensor;
  /** In place `max(x, 0)` (PyTorch: `Tensor.relu_`). Returns `this`. */
  relu_(): Tensor;
  /**
   * In place product `this *= other` (PyTorch: `Tensor.mul_`). As every in-place binary op: `other`
   * (a tensor or a JS number) must broadcast to this shape, and the promoted result type must not be
   * of a higher kind (bool < integer < floating) than this dtype, into which it is cast. Returns `this`.
   */
  mul_(other: TensorLike): Tensor;
  /** In place true division `this /= other`; this dtype must be floating (PyTorch: `Tensor.div_`). */
  div_(other: TensorLike): Tensor;
  /** In place power `this = this ** other` (PyTorch: `Tensor.pow_`). Returns `this`. */
  pow_(other: TensorLike): Tensor;
  /**
   * In place elementwise maximum with `other`, NaN-propagating (`clamp_`'s kernel). PyTorch has no
   * `Tensor.maximum_`; it is `torch.maximum(self, other, out=self)`. Returns `this`.
   */
  maximum_(other: TensorLike): Tensor;
  /** In place elementwise minimum, as `maximum_` (PyTorch: `torch.minimum(self, other, out=self)`). */
  minimum_(other: TensorLike): Tensor;
}

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
