/**
 * Elementwise ops with broadcasting, PyTorch type promotion and scalar operands, plus their
 * in-place forms. Each op reaches the backend as one `unary`/`binary`/`where` kernel call.
 */
import type { Backend } from '../backend/contract.js';
import { dispatch } from '../dispatch.js';
import {
  type DType,
  isFloating,
  isIntegral,
  type PromotionOperand,
  resultType,
  toFloating,
} from '../dtype.js';
import type { UnaryProps } from '../op-table/elementwise-row.js';
import {
  type BinaryOp,
  type InPlaceBinaryOp,
  type InPlaceUnaryOp,
  inPlaceName,
  installElementwiseRunners,
  opInfo,
  type UnaryOp,
} from '../op-table/index.js';
import { broadcastShapes, formatShape, shapesEqual } from '../shape.js';
import { Tensor } from '../tensor.js';
import { checkIntDivisor, int64OverflowCheck } from './int-checks.js';
import {
  broadcastView,
  bumpVersion,
  castTo,
  disposeTemps,
  newTensor,
  outputTensor,
  scalarTensor,
  type TensorLike,
  viewOf,
} from './internal.js';

function operand(x: TensorLike): PromotionOperand {
  return x instanceof Tensor
    ? { kind: 'tensor', dtype: x.dtype, dimensioned: x.ndim > 0 }
    : { kind: 'scalar', value: x };
}

/** Turns a scalar operand into a 0-d tensor on `backend`; tensors pass through cast to `dtype`. */
function materialize(backend: Backend, x: TensorLike, dtype: DType, temps: Tensor[]): Tensor {
  const t = x instanceof Tensor ? castTo(backend, x, dtype) : scalarTensor(backend, x, dtype);
  if (t !== x) temps.push(t);
  return t;
}

/**
 * `other`, or a copy of it when it shares memory with `self` other than element for element
 * (`y[:, 0].add_(y[1, 0])`): kernels write `self` in parallel on a GPU and would read elements
 * already overwritten, or not, by chance. PyTorch leaves such overlap undefined (its CPU loop reads in
 * order); typetorch reads `other` as it was before the op, on every device.
 */
function separate(backend: Backend, other: Tensor, self: Tensor, temps: Tensor[]): Tensor {
  const aligned =
    other.offset === self.offset &&
    shapesEqual(other.shape, self.shape) &&
    shapesEqual(other.strides, self.strides);
  if (other.storage !== self.storage || aligned) return other;
  const copy = newTensor(backend, other.shape, other.dtype);
  backend.copy(viewOf(other), viewOf(copy));
  temps.push(copy);
  return copy;
}

/** Output dtype of a unary op applied to `dtype`, and the dtype the kernel computes in. */
function unaryTypes(op: UnaryOp, props: UnaryProps, dtype: DType): { compute: DType; out: DType } {
  if (props.computes === 'bool') return { compute: 'bool', out: 'bool' };
  if (props.returnsBool) return { compute: dtype, out: 'bool' };
  if (props.computes === 'float') return { compute: toFloating(dtype), out: toFloating(dtype) };
  if (dtype === 'bool' && op === 'neg') {
    throw new TypeError(
      'Negation, the `-` operator, on a bool tensor is not supported. If you are trying to invert a mask, use the `~` or `logical_not()` operator instead.',
    );
  }
  // PyTorch squares as `x ** 2`: a bool squared promotes to the integer type (sign of a bool stays bool).
  if (dtype === 'bool' && op === 'square') return { compute: 'int64', out: 'int64' };
  return { compute: dtype, out: dtype };
}

/** Runs a unary kernel (PyTorch: `torch.exp`, `torch.sqrt`, ...). */
export function unary(op: UnaryOp, x: Tensor): Tensor {
  return dispatch(op, [x], {}, (backend) => {
    const props = opInfo(op).unary!;
    const { compute, out } = unaryTypes(op, props, x.dtype);
    if (op === 'isnan' && !isFloating(x.dtype)) {
      return newTensor(backend, x.shape, 'bool');
    }
    if (props.integerIdentity && !isFloating(x.dtype)) {
      const copy = newTensor(backend, x.shape, x.dtype);
      backend.copy(viewOf(x), viewOf(copy));
      return copy;
    }
    const temps: Tensor[] = [];
    const input = materialize(backend, x, compute, temps);
    const check =
      props.intOverflow && out === 'int64'
        ? int64OverflowCheck(backend, op, out, (dtype) => unary(op, castTo(backend, input, dtype)))
        : NO_CHECK;
    const result = outputTensor(backend, x.shape, out);
    backend.unary(op, viewOf(input), viewOf(result));
    disposeTemps(temps, []);
    check(result);
    return result;
  });
}

/** The compute and output dtypes of a binary op, following `torch.result_type`. */
function binaryTypes(op: BinaryOp, a: TensorLike, b: TensorLike): { compute: DType; out: DType } {
  const props = opInfo(op).binary!;
  if (props.logical) return { compute: 'bool', out: 'bool' };
  const common = resultType([operand(a), operand(b)]);
  if (op === 'pow' && isIntegral(common) && typeof b === 'number' && b < 0) {
    throw new RangeError('Integers to negative integer powers are not allowed.');
  }
  if (props.compares) return { compute: common, out: 'bool' };
  if (props.computes === 'float') return { compute: toFloating(common), out: toFloating(common) };
  if (op === 'reluBackward' && !isFloating(common)) {
    throw new TypeError(`threshold_backward(): expected a floating gradient and output, got ${common}`);
  }
  // PyTorch rejects `-` with any bool operand (bool scalars included), not only bool - bool.
  const bools = Number(isBoolOperand(a)) + Number(isBoolOperand(b));
  if (op === 'sub' && bools > 0) {
    throw new TypeError(
      bools === 2
        ? 'Subtraction, the `-` operator, with two bool tensors is not supported. Use the `^` or `logical_xor()` operator instead.'
        : 'Subtraction, the `-` operator, with a bool tensor is not supported. If you are trying to invert a mask, use the `~` or `logical_not()` operator instead.',
    );
  }
  if (common === 'bool' && props.noBool) {
    throw new TypeError(`${op}(): not supported for bool tensors`);
  }
  return { compute: common, out: common };
}

function deviceTensors(...xs: TensorLike[]): Tensor[] {
  return xs.filter((x): x is Tensor => x instanceof Tensor);
}

/**
 * Calls `fn` with scalar operands turned into 0-d tensors of `dtype` on the tensor operands'
 * device, so that every operand reaches dispatch (and autograd) as a tensor. Types are promoted
 * before this, so a scalar keeps its low promotion priority.
 */
function withTensorOperands<T>(
  op: string,
  xs: readonly TensorLike[],
  dtype: DType,
  fn: (ts: Tensor[]) => T,
): T {
  const ref = xs.find((x): x is Tensor => x instanceof Tensor);
  if (ref === undefined) throw new TypeError(`${op}(): at least one argument must be a Tensor`);
  const temps: Tensor[] = [];
  const ts = xs.map((x) => {
    if (x instanceof Tensor) return x;
    const t = scalarTensor(ref.storage.backend, x, dtype);
    temps.push(t);
    return t;
  });
  try {
    return fn(ts);
  } finally {
    for (const t of temps) t.dispose();
  }
}

/**
 * Runs a binary kernel with broadcasting (PyTorch: `torch.add`, `torch.mul`, `torch.eq`, ...).
 * One operand may be a JS number or boolean.
 */
export function binary(op: BinaryOp, a: TensorLike, b: TensorLike): Tensor {
  if (!(a instanceof Tensor) && !(b instanceof Tensor))
    throw new TypeError(`${op}(): at least one argument must be a Tensor`);
  const { compute, out } = binaryTypes(op, a, b);
  return withTensorOperands(op, [a, b], compute, (operands) =>
    dispatch(op, operands, {}, (backend) => {
      const temps: Tensor[] = [];
      const ta = materialize(backend, operands[0], compute, temps);
      const tb = materialize(backend, operands[1], compute, temps);
      const shape = broadcastShapes(ta.shape, tb.shape);
      const check = intChecks(backend, op, ta, tb, out);
      const result = outputTensor(backend, shape, out);
      backend.binary(op, broadcastView(ta, shape), broadcastView(tb, shape), viewOf(result));
      disposeTemps(temps, []);
      check(result);
      return result;
    }),
  );
}

function isBoolOperand(x: TensorLike): boolean {
  return typeof x === 'boolean' || (x instanceof Tensor && x.dtype === 'bool');
}

/** bool < integers < floating: an in-place result may not move up this order. */
function castRank(d: DType): number {
  return d === 'bool' ? 0 : isIntegral(d) ? 1 : 2;
}

/** Checks that an in-place op's result fits `self` (PyTorch's wording) and its dtype can hold it. */
function checkInPlace(op: string, self: Tensor, shape: readonly number[], dtype: DType): void {
  if (!shapesEqual(broadcastShapes(self.shape, shape), self.shape)) {
    throw new RangeError(
      `${op}(): output with shape ${formatShape(self.shape)} doesn't match the broadcast shape ${formatShape(broadcastShapes(self.shape, shape))}`,
    );
  }
  if (castRank(dtype) > castRank(self.dtype)) {
    throw new TypeError(
      `${op}(): result type ${dtype} can't be cast to the desired output type ${self.dtype}`,
    );
  }
}

/** In-place binary op: `self = op(self, other)` written through `self`'s view (PyTorch: `add_`, `mul_`, ...). */
export function binaryInPlace(op: InPlaceBinaryOp, self: Tensor, other: TensorLike): Tensor {
  const name = inPlaceName(op);
  const { compute, out } = binaryTypes(op, self, other);
  checkInPlace(name, self, other instanceof Tensor ? other.shape : [], out);
  return withTensorOperands(name, [self, other], compute, ([, otherTensor]) =>
    dispatch(name, [self, otherTensor], {}, (backend) => {
      const temps: Tensor[] = [];
      const ta = materialize(backend, self, compute, temps);
      const tb = separate(backend, materialize(backend, otherTensor, compute, temps), self, temps);
      const check = intChecks(backend, name, ta, tb, self.dtype);
      if (out === self.dtype) {
        backend.binary(op, viewOf(ta), broadcastView(tb, self.shape), viewOf(self));
      } else {
        const tmp = newTensor(backend, self.shape, out);
        temps.push(tmp);
        backend.binary(op, viewOf(ta), broadcastView(tb, self.shape), viewOf(tmp));
        backend.copy(viewOf(tmp), viewOf(self));
      }
      disposeTemps(temps, []);
      check(self);
      bumpVersion(self);
      return self;
    }),
  );
}

/**
 * The value checks of an integer binary op (see int-checks.ts), started before its kernel (which may
 * overwrite an input): a zero divisor raises now or at the next read; the returned function checks
 * the int64 result for overflow.
 */
function intChecks(backend: Backend, op: string, a: Tensor, b: Tensor, out: DType): (result: Tensor) => void {
  if (!isIntegral(out)) return NO_CHECK; // the hot path: floating ops check nothing
  const props = opInfo(baseName(op)).binary!;
  if (props.intDivision) checkIntDivisor(backend, op, b);
  if (!props.intOverflow) return NO_CHECK;
  return int64OverflowCheck(backend, op, out, (dtype) => {
    const fb = castTo(backend, b, dtype);
    // An integer to a negative power is -1, 0 or 1 (PyTorch), never out of range: compare with x^0.
    return binary(
      baseName(op),
      castTo(backend, a, dtype),
      op.startsWith('pow') ? binary('maximum', fb, 0) : fb,
    );
  });
}

const NO_CHECK = (_result: Tensor): void => {};

/** `add` for `add_`: the row of an in-place op's out-of-place form. */
function baseName<N extends string>(op: N): BinaryOp {
  return (op.endsWith('_') ? op.slice(0, -1) : op) as BinaryOp;
}

/** In-place unary op (PyTorch: `exp_`, `sqrt_`, `neg_`, ...). */
export function unaryInPlace(op: InPlaceUnaryOp, self: Tensor): Tensor {
  const name = inPlaceName(op);
  return dispatch(name, [self], {}, (backend) => {
    const { compute, out } = unaryTypes(op, opInfo(op).unary!, self.dtype);
    checkInPlace(name, self, self.shape, out);
    const temps: Tensor[] = [];
    const input = materialize(backend, self, compute, temps);
    const check =
      opInfo(op).unary!.intOverflow && self.dtype === 'int64'
        ? int64OverflowCheck(backend, name, self.dtype, (dtype) => unary(op, castTo(backend, input, dtype)))
        : NO_CHECK;
    backend.unary(op, viewOf(input), viewOf(self));
    disposeTemps(temps, []);
    check(self);
    bumpVersion(self);
    return self;
  });
}

/**
 * `self + alpha * other` or `self - alpha * other`, out of place or in place (PyTorch's `alpha` of
 * `torch.add`, `torch.sub`, `Tensor.add_`, `Tensor.sub_`).
 */
export function withAlpha(
  op: 'add' | 'sub',
  self: Tensor,
  other: TensorLike,
  alpha: number | undefined,
  inPlace: boolean,
): Tensor {
  // No local closure: code run through tsx/esbuild (`keepNames`) pays a defineProperty for each one made.
  if (alpha === undefined || alpha === 1) {
    return inPlace ? binaryInPlace(op, self, other) : binary(op, self, other);
  }
  if (!isFloating(self.dtype) && !Number.isInteger(alpha)) {
    throw new TypeError('For integral input tensors, argument alpha must not be a floating point number.');
  }
  const scaled = other instanceof Tensor ? binary('mul', other, alpha) : Number(other) * alpha;
  const out = inPlace ? binaryInPlace(op, self, scaled) : binary(op, self, scaled);
  if (scaled instanceof Tensor) scaled.dispose();
  return out;
}

/**
 * `condition ? input : other`, elementwise with broadcasting (PyTorch: `torch.where`).
 * `input` and `other` may be scalars.
 */
export function where(condition: Tensor, input: TensorLike, other: TensorLike): Tensor {
  if (condition.dtype !== 'bool') {
    throw new TypeError(
      `where(): expected condition to be a boolean tensor, but got a tensor with dtype ${condition.dtype}`,
    );
  }
  const dtype = resultType([operand(input), operand(other)]);
  return withTensorOperands('where', [condition, input, other], dtype, (operands) =>
    dispatch('where', operands, {}, (backend) => {
      const temps: Tensor[] = [];
      const ta = materialize(backend, operands[1], dtype, temps);
      const tb = materialize(backend, operands[2], dtype, temps);
      const shape = broadcastShapes(condition.shape, ta.shape, tb.shape);
      const result = outputTensor(backend, shape, dtype);
      backend.where(
        broadcastView(condition, shape),
        broadcastView(ta, shape),
        broadcastView(tb, shape),
        viewOf(result),
      );
      disposeTemps(temps, []);
      return result;
    }),
  );
}

/** Fills elements where `mask` is true with `value` (PyTorch: `Tensor.masked_fill`). */
export function maskedFill(input: Tensor, mask: Tensor, value: number | boolean | Tensor): Tensor {
  if (mask.dtype !== 'bool') {
    throw new TypeError(`masked_fill(): expected mask to be a bool tensor, got dtype ${mask.dtype}`);
  }
  if (value instanceof Tensor && value.ndim !== 0) {
    throw new RangeError(
      `masked_fill_ only supports a 0-dimensional value tensor, but got tensor with ${value.ndim} dimension(s).`,
    );
  }
  // The out-of-place form broadcasts input and mask, so a larger mask gives a larger result (as in
  // PyTorch); the in-place maskedFill_ then rejects it when copying back into the input.
  const shape = broadcastShapes(input.shape, mask.shape);
  return dispatch('maskedFill', deviceTensors(input, mask, value), {}, (backend) => {
    const temps: Tensor[] = [];
    const fill = materialize(backend, value, input.dtype, temps);
    const result = newTensor(backend, shape, input.dtype);
    backend.where(
      broadcastView(mask, shape),
      broadcastView(fill, shape),
      broadcastView(input, shape),
      viewOf(result),
    );
    disposeTemps(temps, []);
    return result;
  });
}

/** Limits values to `[min, max]` (PyTorch: `torch.clamp`); either bound may be omitted (null/undefined). */
export function clamp(x: Tensor, min?: number | Tensor | null, max?: number | Tensor | null): Tensor {
  const bounds = [min, max].filter((b): b is number | Tensor => b !== undefined && b !== null);
  if (bounds.length === 0) throw new TypeError("clamp(): At least one of 'min' or 'max' must not be None");
  const hasMin = min !== undefined && min !== null;
  const hasMax = max !== undefined && max !== null;
  const dtype = resultType([operand(x), ...bounds.map(operand)]);
  // Inputs are [x, min?, max?]; the attrs say which bounds are present (autograd needs them).
  return withTensorOperands('clamp', [x, ...bounds], dtype, ([input, ...limits]) =>
    dispatch('clamp', [input, ...limits], { hasMin, hasMax }, () => {
      let result = input;
      if (hasMin) result = binary('maximum', result, limits[0]);
      if (hasMax) {
        const clipped = binary('minimum', result, limits[hasMin ? 1 : 0]);
        if (result !== input) result.dispose();
        result = clipped;
      }
      return result;
    }),
  );
}

// The op table's elementwise rows (`torch.exp(x)`, `torch.mul(a, b)`) run these.
installElementwiseRunners({
  unary: (op, x) => unary(op as UnaryOp, x),
  binary: (op, a, b) => binary(op as BinaryOp, a, b),
});
