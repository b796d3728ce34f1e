/** Creation ops: `tensor`, `zeros`, `ones`, `full`, `empty`, `arange`, `linspace`, `eye` and `*Like`. */
import { getBackend, getDefaultDevice } from '../backend/registry.js';
import { dispatch } from '../dispatch.js';
import {
  allocTypedArray,
  checkIntFits,
  checkScalarFits,
  type DType,
  type DTypeLike,
  dtypeOfTypedArray,
  isIntegral,
  resolveDType,
  type TypedArray,
} from '../dtype.js';
import { checkShape, numelOf, type Shape } from '../shape.js';
import type { Tensor } from '../tensor.js';
import { newTensor, viewOf, writeHost } from './internal.js';

/** Keyword-only options of creation ops (PyTorch: `dtype=`, `device=`, `requires_grad=`). */
export interface CreationOptions {
  /** A dtype or PyTorch alias (`'long'`, `'int'`, `'float'`, `'double'`, `'half'`). */
  dtype?: DTypeLike;
  /** The device, e.g. `'cpu'`; default `setDefaultDevice`'s (PyTorch: `device=`). */
  device?: string;
  /** Record ops on the result for autograd; floating dtypes only; default false (PyTorch: `requires_grad=`). */
  requiresGrad?: boolean;
}

/** Nested arrays of numbers or booleans, as `torch.tensor` accepts nested lists. */
export type NestedArray = number | boolean | readonly NestedArray[];

function finish(t: Tensor, options: CreationOptions | undefined): Tensor {
  if (options?.requiresGrad) t.requiresGrad = true;
  return t;
}

function checkDType(dtype: DTypeLike | undefined, op: string): DType | undefined {
  return resolveDType(dtype, op);
}

function inferShape(data: NestedArray, shape: number[], depth: number): void {
  if (!Array.isArray(data)) return;
  shape.push(data.length);
  if (data.length > 0) inferShape(data[0] as NestedArray, shape, depth + 1);
}

function flattenInto(
  data: NestedArray,
  shape: readonly number[],
  depth: number,
  out: number[],
  kinds: { bool: boolean; num: boolean },
): void {
  if (depth === shape.length) {
    if (Array.isArray(data)) {
      throw new RangeError(
        `tensor(): too many dimensions: expected a scalar at depth ${depth}, got a sequence`,
      );
    }
    if (typeof data === 'boolean') {
      kinds.bool = true;
      out.push(data ? 1 : 0);
    } else if (typeof data === 'number') {
      kinds.num = true;
      out.push(data);
    } else {
      throw new TypeError(`tensor(): could not convert ${String(data)} (${typeof data}) to a number`);
    }
    return;
  }
  if (!Array.isArray(data)) {
    throw new RangeError(
      `tensor(): expected sequence of length ${shape[depth]} at dim ${depth} (got a scalar)`,
    );
  }
  if (data.length !== shape[depth]) {
    throw new RangeError(
      `tensor(): expected sequence of length ${shape[depth]} at dim ${depth} (got ${data.length})`,
    );
  }
  for (const item of data) flattenInto(item as NestedArray, shape, depth + 1, out, kinds);
}

/**
 * Creates a tensor from nested arrays, a typed array (1-D) or a scalar, copying the data
 * (PyTorch: `torch.tensor`). As in PyTorch, whole numbers give int64, other numbers float32 and
 * booleans bool; a typed array keeps its dtype. JavaScript cannot tell `1.0` from `1`, so
 * `tensor([1.0, 2.0])` is int64 too: pass `{ dtype: 'float32' }` — except with `requiresGrad: true`,
 * where only a floating dtype makes sense and whole numbers give float32. Integer values out of the
 * dtype's range raise PyTorch's overflow error.
 */
export function tensor(
  data: NestedArray | TypedArray | readonly number[],
  options?: CreationOptions,
): Tensor {
  const requested = checkDType(options?.dtype, 'tensor');
  const device = options?.device ?? getDefaultDevice();
  let shape: number[];
  let values: TypedArray | number[];
  let inferred: DType;
  if (ArrayBuffer.isView(data)) {
    shape = [data.length];
    values = data;
    inferred = dtypeOfTypedArray(data);
  } else {
    shape = [];
    inferShape(data as NestedArray, shape, 0);
    const flat: number[] = [];
    const kinds = { bool: false, num: false };
    flattenInto(data as NestedArray, shape, 0, flat, kinds);
    values = flat;
    inferred = kinds.bool && !kinds.num ? 'bool' : inferNumberDType(flat, options?.requiresGrad === true);
  }
  const dtype = requested ?? inferred;
  if (isIntegral(dtype) && !ArrayBuffer.isView(values))
    for (const v of values) checkIntFits('tensor', Math.trunc(v), dtype);
  const out = dispatch(
    'tensor',
    [],
    { shape, dtype },
    (backend) => {
      const t = newTensor(backend, shape, dtype);
      const typed = allocTypedArray(dtype, values.length);
      if (dtype === 'bool') for (let i = 0; i < values.length; i++) typed[i] = values[i] !== 0 ? 1 : 0;
      else if (isIntegral(dtype)) for (let i = 0; i < values.length; i++) typed[i] = Math.trunc(values[i]);
      else typed.set(values as ArrayLike<number>);
      writeHost(backend, t, typed);
      return t;
    },
    device,
  );
  return finish(out, options);
}

/** PyTorch's dtype for a list of Python numbers: int64 when all are whole, else the default float. */
function inferNumberDType(values: readonly number[], requiresGrad: boolean): DType {
  if (requiresGrad) return 'float32';
  for (const v of values) if (!Number.isInteger(v)) return 'float32';
  return 'int64';
}

/** The size arguments of creation ops: `zeros(2, 3)`, `zeros([2, 3])` and `zeros([2, 3], options)`, as PyTorch's `torch.zeros(*size)` accepts. */
export type SizeArgs = [Shape, CreationOptions?] | number[] | [...number[], CreationOptions];

/** Creation options with the dtype resolved from PyTorch's aliases. */
export type ResolvedCreationOptions = Omit<CreationOptions, 'dtype'> & { dtype?: DType };

export function parseSizeArgs(
  args: readonly unknown[],
  op: string,
): { shape: number[]; options: ResolvedCreationOptions } {
  let options: CreationOptions = {};
  let rest = args;
  const last = rest[rest.length - 1];
  if (last !== undefined && typeof last === 'object' && !Array.isArray(last)) {
    options = last as CreationOptions;
    rest = rest.slice(0, -1);
  }
  const shape =
    rest.length === 1 && Array.isArray(rest[0]) ? [...(rest[0] as number[])] : [...(rest as number[])];
  for (const s of shape) {
    if (typeof s !== 'number')
      throw new TypeError(`${op}(): size must be a sequence of integers, got ${String(s)}`);
  }
  checkShape(shape, op);
  return { shape, options: { ...options, dtype: checkDType(options.dtype, op) } };
}

/** A tensor of `shape` filled with `value` (PyTorch: `torch.full`). dtype defaults from the value. */
export function full(shape: Shape, value: number | boolean, options?: CreationOptions): Tensor {
  checkShape(shape, 'full');
  // PyTorch infers int64 from an int fill value; JS cannot tell 1.0 from 1, so numbers give float32.
  const dtype = checkDType(options?.dtype, 'full') ?? (typeof value === 'boolean' ? 'bool' : 'float32');
  const out = dispatch(
    'full',
    [],
    { shape, value, dtype },
    (backend) => {
      const t = newTensor(backend, shape, dtype);
      try {
        checkScalarFits('full', value, dtype);
      } catch (error) {
        t.dispose();
        throw error;
      }
      if (value !== 0 && value !== false && numelOf(shape) > 0) backend.fill(viewOf(t), Number(value));
      return t;
    },
    options?.device ?? getDefaultDevice(),
  );
  return finish(out, options);
}

/** Zeros (PyTorch: `torch.zeros`): `zeros(2, 3)`, `zeros([2, 3], { dtype })`. */
export function zeros(...args: SizeArgs): Tensor {
  const { shape, options } = parseSizeArgs(args, 'zeros');
  return full(shape, 0, { ...options, dtype: options.dtype ?? 'float32' });
}

/** Ones (PyTorch: `torch.ones`). */
export function ones(...args: SizeArgs): Tensor {
  const { shape, options } = parseSizeArgs(args, 'ones');
  return full(shape, 1, { ...options, dtype: options.dtype ?? 'float32' });
}

/**
 * An uninitialised tensor (PyTorch: `torch.empty`). Backends zero new memory, so it reads as zeros,
 * but code must not rely on that.
 */
export function empty(...args: SizeArgs): Tensor {
  const { shape, options } = parseSizeArgs(args, 'empty');
  const dtype = (options.dtype as DType | undefined) ?? 'float32';
  const out = dispatch(
    'empty',
    [],
    { shape, dtype },
    (backend) => newTensor(backend, shape, dtype),
    options.device,
  );
  return finish(out, options);
}

function likeOptions(t: Tensor, options?: CreationOptions): CreationOptions {
  return {
    dtype: checkDType(options?.dtype, 'like') ?? t.dtype,
    device: options?.device ?? t.device,
    requiresGrad: options?.requiresGrad,
  };
}

/** PyTorch: `torch.zeros_like`. */
export function zerosLike(t: Tensor, options?: CreationOptions): Tensor {
  return full(t.shape, 0, likeOptions(t, options));
}

/** PyTorch: `torch.ones_like`. */
export function onesLike(t: Tensor, options?: CreationOptions): Tensor {
  return full(t.shape, 1, likeOptions(t, options));
}

/** PyTorch: `torch.full_like`. */
export function fullLike(t: Tensor, value: number | boolean, options?: CreationOptions): Tensor {
  return full(t.shape, value, likeOptions(t, options));
}

/** PyTorch: `torch.empty_like`. */
export function emptyLike(t: Tensor, options?: CreationOptions): Tensor {
  const o = likeOptions(t, options);
  return empty([...t.shape], o);
}

function fromValues(
  op: 'arange' | 'linspace',
  values: number[],
  dtype: DType,
  options: CreationOptions | undefined,
): Tensor {
  const device = options?.device ?? getDefaultDevice();
  const out = dispatch(
    op,
    [],
    { dtype },
    (backend) => {
      const t = newTensor(backend, [values.length], dtype);
      const typed = allocTypedArray(dtype, values.length);
      if (isIntegral(dtype)) for (const v of values) checkIntFits(op, Math.trunc(v), dtype);
      typed.set(values);
      writeHost(backend, t, typed);
      return t;
    },
    device,
  );
  return finish(out, options);
}

/**
 * Values from `start` to `end` (exclusive) by `step` (PyTorch: `torch.arange`): `arange(5)`,
 * `arange(1, 4)`, `arange(0, 1, 0.25)`. All-integer arguments give int64, else float32.
 */
export function arange(end: number, options?: CreationOptions): Tensor;
export function arange(start: number, end: number, options?: CreationOptions): Tensor;
export function arange(start: number, end: number, step: number, options?: CreationOptions): Tensor;
export function arange(...args: (number | CreationOptions | undefined)[]): Tensor {
  const nums = args.filter((a): a is number => typeof a === 'number');
  const options = args.find((a): a is CreationOptions => typeof a === 'object') ?? {};

  const [start, end, step] = nums.length === 1 ? [0, nums[0], 1] : [nums[0], nums[1], nums[2] ?? 1];
  if (step === 0) throw new RangeError('arange(): step must be nonzero');
  if (![start, end, step].every(Number.isFinite))
    throw new RangeError('arange(): unsupported range: non-finite bounds');
  if ((step > 0 && start > end) || (step < 0 && start < end)) {
    throw new RangeError('arange(): upper bound and larger bound inconsistent with step sign');
  }
  const n = Math.ceil((end - start) / step);
  const dtype =
    checkDType(options.dtype, 'arange') ?? ([start, end, step].every(Number.isInteger) ? 'int64' : 'float32');
  const values = new Array<number>(n);
  for (let i = 0; i < n; i++) values[i] = start + i * step;
  return fromValues('arange', values, dtype, options);
}

/** `steps` evenly spaced values from `start` to `end` inclusive (PyTorch: `torch.linspace`). */
export function linspace(start: number, end: number, steps: number, options?: CreationOptions): Tensor {
  if (!Number.isInteger(steps) || steps < 0)
    throw new RangeError('linspace(): number of steps must be non-negative');
  const values = new Array<number>(steps);
  const step = steps > 1 ? (end - start) / (steps - 1) : 0;
  // Fill from both ends so the last value is exactly `end`, as PyTorch does; a single step is `start`.
  const half = Math.max(1, Math.floor(steps / 2));
  for (let i = 0; i < steps; i++) values[i] = i < half ? start + step * i : end - step * (steps - 1 - i);
  return fromValues('linspace', values, checkDType(options?.dtype, 'linspace') ?? 'float32', options);
}

/** A 2-D tensor with ones on the diagonal (PyTorch: `torch.eye(n, m)`). */
export function eye(n: number, m?: number | CreationOptions, options?: CreationOptions): Tensor {
  const cols = typeof m === 'number' ? m : n;
  const opts = typeof m === 'object' ? m : options;
  checkShape([n, cols], 'eye');
  const dtype = checkDType(opts?.dtype, 'eye') ?? 'float32';
  const out = dispatch(
    'eye',
    [],
    { n, m: cols, dtype },
    (backend) => {
      const t = newTensor(backend, [n, cols], dtype);
      const k = Math.min(n, cols);
      if (k > 0) backend.fill({ ...viewOf(t), shape: [k], strides: [cols + 1] }, 1);
      return t;
    },
    opts?.device ?? getDefaultDevice(),
  );
  return finish(out, opts);
}

/** Backend of a device, for ops that need it outside dispatch. */
export function backendFor(device: string | undefined) {
  return getBackend(device ?? getDefaultDevice());
}
