/**
 * Data types. Names follow PyTorch's (`torch.float32`, ...). JS numbers default to float32.
 *
 * float16 (`torch.float16` / `torch.half`) has no typed array in Node 20, so its host form — what
 * `data()` returns and `tensor()` accepts — is a Float32Array holding half values exactly; devices
 * store 2 bytes per element (see `half.ts` for the rounding).
 *
 * int64 (`torch.int64` / `torch.long`, PyTorch's default integer dtype) is stored in 32 bits on every
 * backend: WebGPU has no 64-bit integers, and the CPU keeps the same layout so that both give the same
 * answers. Every value that would not fit raises PyTorch's overflow error instead of wrapping (see
 * `checkIntFits` in ops/int-checks.ts); its host form is an Int32Array, and `itemSize` reports PyTorch's 8 bytes.
 * @see https://pytorch.org/docs/stable/tensor_attributes.html#torch.dtype
 */
export type DType = 'float16' | 'float32' | 'float64' | 'int32' | 'int64' | 'bool';

/** Every dtype, in PyTorch's names (PyTorch: `torch.float16`, `torch.float32`, ...). */
export const DTYPES: readonly DType[] = ['float16', 'float32', 'float64', 'int32', 'int64', 'bool'];

/** PyTorch's other names for dtypes (`torch.long`, `torch.int`, ...), accepted wherever a dtype is. */
export const DTYPE_ALIASES = {
  long: 'int64',
  int: 'int32',
  float: 'float32',
  double: 'float64',
  half: 'float16',
} as const satisfies Record<string, DType>;

/** A dtype or one of PyTorch's aliases for it. */
export type DTypeLike = DType | keyof typeof DTYPE_ALIASES;

/** The host form of a tensor's elements, per dtype as `TypedArrayFor` says (PyTorch: what `Tensor.numpy()` returns, a NumPy array). */
export type TypedArray = Float32Array | Float64Array | Int32Array | Uint8Array;

/** The host typed array of a dtype (float16 travels as a Float32Array of half values, int64 as an Int32Array). */
export type TypedArrayFor<D extends DType> = D extends 'float32' | 'float16'
  ? Float32Array
  : D extends 'float64'
    ? Float64Array
    : D extends 'int32' | 'int64'
      ? Int32Array
      : Uint8Array;

const BYTES: Record<DType, number> = { float16: 2, float32: 4, float64: 8, int32: 4, int64: 8, bool: 1 };

/**
 * The dtype a backend stores and computes a dtype in: int64 lives in 32 bits (see above); the tensor
 * package hands kernels int32 views of int64 tensors, so backends never see int64.
 * PyTorch has no equivalent: its int64 is 64 bits wide.
 */
export function storageDType(dtype: DType): DType {
  return dtype === 'int64' ? 'int32' : dtype;
}

/** Size of one element in bytes (PyTorch: `dtype.itemsize`). */
export function itemSize(dtype: DType): number {
  return BYTES[dtype];
}

/** Whether the dtype is a floating point type (PyTorch: `dtype.is_floating_point`). */
export function isFloating(dtype: DType): boolean {
  return dtype === 'float32' || dtype === 'float64' || dtype === 'float16';
}

export function isDType(value: unknown): value is DType {
  return typeof value === 'string' && (DTYPES as readonly string[]).includes(value);
}

/** Whether the dtype holds integers (PyTorch: not floating point, not complex, not bool). */
export function isIntegral(dtype: DType): boolean {
  return dtype === 'int32' || dtype === 'int64';
}

/**
 * The canonical dtype of a dtype or alias (`'long'` -> `'int64'`); anything else raises, naming `op`.
 * `undefined` passes through (the op's default applies).
 * (PyTorch: `torch.long` and `torch.int64` are one object.)
 */
export function resolveDType<D extends DTypeLike | undefined>(
  value: D,
  op: string,
): D extends undefined ? DType | undefined : DType;
export function resolveDType(value: DTypeLike | undefined, op: string): DType | undefined {
  if (value === undefined) return undefined;
  if (isDType(value)) return value;
  const alias = (DTYPE_ALIASES as Record<string, DType>)[value as string];
  if (alias !== undefined && Object.hasOwn(DTYPE_ALIASES, value)) return alias;
  throw new TypeError(
    `${op}(): unknown dtype '${String(value)}'; expected one of ${DTYPES.join(', ')} (or ${Object.keys(DTYPE_ALIASES).join(', ')})`,
  );
}

/**
 * Allocates a zero-filled typed array that stores `size` elements of `dtype` (float16: a Float32Array,
 * its host form).
 * (PyTorch has no equivalent; compare `numpy.zeros(size, dtype)`.)
 */
export function allocTypedArray(dtype: DType, size: number): TypedArray {
  switch (dtype) {
    case 'float16':
    case 'float32':
      return new Float32Array(size);
    case 'float64':
      return new Float64Array(size);
    case 'int32':
    case 'int64':
      return new Int32Array(size);
    case 'bool':
      return new Uint8Array(size);
  }
}

/** The dtype a typed array holds when handed to `tensor()` (PyTorch: the dtype `torch.from_numpy` gives an array). */
export function dtypeOfTypedArray(data: ArrayBufferView): DType {
  if (data instanceof Float32Array) return 'float32';
  if (data instanceof Float64Array) return 'float64';
  if (data instanceof Int32Array) return 'int32';
  if (data instanceof Uint8Array) return 'bool';
  throw new TypeError(
    `tensor(): unsupported typed array ${data.constructor.name}; use Float32Array, Float64Array, Int32Array or Uint8Array (bool)`,
  );
}

type Category = 0 | 1 | 2; // bool < integer < floating, as in PyTorch's promotion lattice

function category(dtype: DType): Category {
  return dtype === 'bool' ? 0 : isIntegral(dtype) ? 1 : 2;
}

/**
 * The result dtype of combining two dtypes of the same priority (PyTorch: `torch.promote_types`).
 */
export function promoteTypes(a: DType, b: DType): DType {
  if (a === b) return a;
  const ca = category(a);
  const cb = category(b);
  if (ca !== cb) return ca > cb ? a : b;
  // Same category and different: two floats, and the wider one wins (float16 < float32 < float64).
  return BYTES[a] > BYTES[b] ? a : b;
}

/** What one operand of an elementwise op contributes to type promotion (PyTorch: an argument of `torch.result_type`). */
export type PromotionOperand =
  | { kind: 'tensor'; dtype: DType; dimensioned: boolean }
  | { kind: 'scalar'; value: number | boolean };

/**
 * PyTorch's `torch.result_type`: dimensioned tensors outrank zero-dim tensors, which outrank
 * Python (here: JS) scalars — but a lower-priority operand of a higher category still lifts the
 * category (int tensor + 2.5 -> float32). JS integers count as integer scalars (int64, as Python ints), other numbers as floats,
 * so a float16 tensor times 0.5 stays float16 and an int32 tensor plus a float16 0-d tensor is float16.
 */
export function resultType(operands: readonly PromotionOperand[]): DType {
  let dim: DType | undefined;
  let zeroDim: DType | undefined;
  let scalar: DType | undefined;
  for (const op of operands) {
    if (op.kind === 'tensor') {
      if (op.dimensioned) dim = dim === undefined ? op.dtype : promoteTypes(dim, op.dtype);
      else zeroDim = zeroDim === undefined ? op.dtype : promoteTypes(zeroDim, op.dtype);
    } else {
      const d: DType =
        typeof op.value === 'boolean' ? 'bool' : Number.isInteger(op.value) ? 'int64' : 'float32';
      scalar = scalar === undefined ? d : promoteTypes(scalar, d);
    }
  }
  let result = dim;
  for (const lower of [zeroDim, scalar]) {
    if (lower === undefined) continue;
    if (result === undefined) result = lower;
    else if (category(lower) > category(result)) result = lower;
  }
  return result ?? 'float32';
}

/** The float dtype an op computes in when given `dtype` (int/bool inputs of exp, div, mean... become float32). */
export function toFloating(dtype: DType): DType {
  return isFloating(dtype) ? dtype : 'float32';
}

/**
 * PyTorch's check on a scalar written into a tensor by `full`/`fill_`: a finite value outside float16's
 * range (|value| > 65504) is an error rather than an infinity.
 */
export function checkScalarFits(op: string, value: number | boolean, dtype: DType): void {
  if (dtype === 'float16' && typeof value === 'number' && Number.isFinite(value) && Math.abs(value) > 65504) {
    throw new RangeError(`${op}(): value cannot be converted to type at::Half without overflow`);
  }
  if (typeof value === 'number') checkIntFits(op, value, dtype);
}

/** The values int32 (and int64, stored in 32 bits) can hold, after truncation toward zero. */
export const INT32_MIN = -2147483648;
export const INT32_MAX = 2147483647;

/** Whether `value` truncates to an int32 (NaN and infinities do not). */
export function fitsInt32(value: number): boolean {
  return value > INT32_MIN - 1 && value < INT32_MAX + 1;
}

/** PyTorch's overflow error for a value that `dtype` cannot hold; int64's names its 32-bit storage. */
export function intOverflowError(op: string, dtype: DType): RangeError {
  if (dtype === 'int64') {
    return new RangeError(
      `${op}(): value cannot be converted to type int64_t without overflow (typetorch stores int64 in 32 bits: values must lie in [${INT32_MIN}, ${INT32_MAX}])`,
    );
  }
  return new RangeError(`${op}(): value cannot be converted to type int without overflow`);
}

/** Throws PyTorch's overflow error when `value` does not fit an integer `dtype` (no-op for other dtypes). */
export function checkIntFits(op: string, value: number, dtype: DType): void {
  if (isIntegral(dtype) && !fitsInt32(value)) throw intOverflowError(op, dtype);
}
