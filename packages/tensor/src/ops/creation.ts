/** Creation ops: `tensor`, `zeros`, `ones`, `full`, `empty`, `arange`, `linspace`, `eye` and `*Like`. */
import { getBackend, getDefaultDevice } from '../backend/registry.js';
import { dispatch } from '../dispatch.js';
import {
  allocTypedArray,
  checkScalarFits,
  DTYPES,
  type DType,
  dtypeOfTypedArray,
  isDType,
  type TypedArray,
} from '../dtype.js';
import { checkShape, numelOf, type Shape } from '../shape.js';
import type { Tensor } from '../tensor.js';
import { newTensor, viewOf } from './internal.js';

/** Keyword-only options of creation ops (PyTorch: `dtype=`, `device=`, `requires_grad=`). */
export interface CreationOptions {
  dtype?: DType;
  device?: string;
  requiresGrad?: boolean;
}

/** Nested arrays of numbers or booleans, as `torch.tensor` accepts nested lists. */
export type NestedArray = number | boolean | readonly NestedArray[];

function finish(t: Tensor, options: CreationOptions | undefined): Tensor {
  if (options?.requiresGrad) t.requiresGrad = true;
  return t;
}

function checkDType(dtype: DType | undefined, op: string): void {
  if (dtype !== undefined && !isDType(dtype)) {
    throw new TypeError(`${op}(): unknown dtype '${String(dtype)}'; expected one of ${DTYPES.join(', ')}`);
  }
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
 * (PyTorch: `torch.tensor`). Numbers become float32 unless `dtype` says otherwise; booleans become bool.
 */
export function tensor(
  data: NestedArray | TypedArray | readonly number[],
  options?: CreationOptions,
): Tensor {
  checkDType(options?.dtype, 'tensor');
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
    inferred = kinds.bool && !kinds.num ? 'bool' : 'float32';
  }
  const dtype = options?.dtype ?? inferred;
  const out = dispatch(
    'tensor',
    [],
    { shape, dtype },
    (backend) => {
      const t = newTensor(backend, shape, dtype);
      const typed = allocTypedArray(dtype, values.length);
      if (dtype === 'bool') for (let i = 0; i < values.length; i++) typed[i] = values[i] !== 0 ? 1 : 0;
      else if (dtype === 'int32') for (let i = 0; i < values.length; i++) typed[i] = Math.trunc(values[i]);
      else typed.set(values as ArrayLike<number>);
      if (typed.length > 0) backend.write(t.storage.touch(), dtype, typed, 0);
      return t;
    },
    device,
  );
  return finish(out, options);
}

/** Accepts `zeros(2, 3)`, `zeros([2, 3])` and `zeros([2, 3], options)` as PyTorch does. */
export type SizeArgs = [Shape, CreationOptions?] | number[] | [...number[], CreationOptions];

export function parseSizeArgs(
  args: readonly unknown[],
  op: string,
): { shape: number[]; options: CreationOptions } {
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
  checkDType(options.dtype, op);
  return { shape, options };
}

/** A tensor of `shape` filled with `value` (PyTorch: `torch.full`). dtype defaults from the value. */
export function full(shape: Shape, value: number | boolean, options?: CreationOptions): Tensor {
  checkShape(shape, 'full');
  checkDType(options?.dtype, 'full');
  const dtype = options?.dtype ?? (typeof value === 'boolean' ? 'bool' : 'float32');
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
  const dtype = options.dtype ?? 'float32';
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
    dtype: options?.dtype ?? t.dtype,
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
      typed.set(values);
      if (values.length > 0) backend.write(t.storage.touch(), dtype, typed, 0);
      return t;
    },
    device,
  );
  return finish(out, options);
}

/**
 * Values from `start` to `end` (exclusive) by `step` (PyTorch: `torch.arange`): `arange(5)`,
 * `arange(1, 4)`, `arange(0, 1, 0.25)`. All-integer arguments give int32 (PyTorch: int64), else float32.
 */
export function arange(end: number, options?: CreationOptions): Tensor;
export function arange(start: number, end: number, options?: CreationOptions): Tensor;
export function arange(start: number, end: number, step: number, options?: CreationOptions): Tensor;
export function arange(...args: (number | CreationOptions | undefined)[]): Tensor {
  const nums = args.filter((a): a is number => typeof a === 'number');
  const options = args.find((a): a is CreationOptions => typeof a === 'object') ?? {};
  checkDType(options.dtype, 'arange');
  const [start, end, step] = nums.length === 1 ? [0, nums[0], 1] : [nums[0], nums[1], nums[2] ?? 1];
  if (step === 0) throw new RangeError('arange(): step must be nonzero');
  if (![start, end, step].every(Number.isFinite))
    throw new RangeError('arange(): unsupported range: non-finite bounds');
  if ((step > 0 && start > end) || (step < 0 && start < end)) {
    throw new RangeError('arange(): upper bound and larger bound inconsistent with step sign');
  }
  const n = Math.ceil((end - start) / step);
  const dtype = options.dtype ?? ([start, end, step].every(Number.isInteger) ? 'int32' : 'float32');
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
  return fromValues('linspace', values, options?.dtype ?? 'float32', options);
}

/** A 2-D tensor with ones on the diagonal (PyTorch: `torch.eye(n, m)`). */
export function eye(n: number, m?: number | CreationOptions, options?: CreationOptions): Tensor {
  const cols = typeof m === 'number' ? m : n;
  const opts = typeof m === 'object' ? m : options;
  checkShape([n, cols], 'eye');
  const dtype = opts?.dtype ?? 'float32';
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
