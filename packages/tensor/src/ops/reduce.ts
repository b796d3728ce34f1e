/**
 * Reductions over one, several or all dims (PyTorch: `sum`, `mean`, `prod`, `max`, `min`, `argmax`,
 * `argmin`, `all`, `any`, `amax`, `amin`, `var`, `std`, `logsumexp`). The backend sees one `reduce`
 * kernel with the reduced dims permuted to the end.
 */
import type { Backend, ReduceOp } from '../backend/contract.js';
import { dispatch } from '../dispatch.js';
import { type DType, isFloating, resolveDType } from '../dtype.js';
import { contiguousStrides, normalizeDim } from '../shape.js';
import type { Tensor } from '../tensor.js';
import { reduceArgs, varArgs } from './args.js';
import { full } from './creation.js';
import { binary, unary, where } from './elementwise.js';
import { int64OverflowCheck } from './int-checks.js';
import { castTo, disposeTemps, outputTensor, viewOf, viewWith } from './internal.js';
import { type ValuesIndices, valuesIndices } from './values-indices.js';

/** `dim` argument of reductions: one dim, several, or all when omitted/null (PyTorch: `dim: int | tuple[int] | None`). */
export type Dims = number | readonly number[] | null | undefined;

/** Keyword options of reductions (PyTorch: `torch.sum(input, dim, keepdim=False, *, dtype=None)`). `keepdim` may also be passed positionally as a boolean. */
export interface ReduceOptions {
  /** The dim(s) to reduce, as PyTorch's keyword `dim=` (instead of the positional argument). */
  dim?: Dims;
  /** Keep each reduced dim as size 1; default false (PyTorch: `keepdim`). */
  keepdim?: boolean;
  /** Cast the input to this dtype first (`sum`, `mean`, `prod` only) (PyTorch: `dtype`). */
  dtype?: DType;
}

export function keepdimOf(options: boolean | ReduceOptions | undefined): boolean {
  return typeof options === 'boolean' ? options : (options?.keepdim ?? false);
}

/** Normalised, sorted, de-duplicated reduced dims; all dims when `dims` is null/undefined/empty. */
export function reducedDims(dims: Dims, ndim: number, op: string): number[] {
  if (dims === null || dims === undefined) return [...Array(ndim).keys()];
  const list = typeof dims === 'number' ? [dims] : dims;
  if (list.length === 0) return [...Array(ndim).keys()];
  const seen = new Set<number>();
  for (const d of list) {
    const n = normalizeDim(d, ndim, op);
    if (seen.has(n)) throw new RangeError(`${op}(): dim ${n} appears multiple times in the list of dims`);
    seen.add(n);
  }
  // A 0-d tensor accepts dim 0 / -1 (as PyTorch) but has no dim to reduce: it reduces over none.
  if (ndim === 0) return [];
  return [...seen].sort((a, b) => a - b);
}

/** Shape after reducing `dims` of `shape`, with or without keepdim. */
export function reducedShape(shape: readonly number[], dims: readonly number[], keepdim: boolean): number[] {
  const out: number[] = [];
  for (let i = 0; i < shape.length; i++) {
    if (!dims.includes(i)) out.push(shape[i]);
    else if (keepdim) out.push(1);
  }
  return out;
}

/** Runs one reduce kernel: permutes reduced dims last and writes a contiguous result. */
function reduceKernel(
  backend: Backend,
  op: ReduceOp,
  x: Tensor,
  dims: readonly number[],
  keepdim: boolean,
  outDtype: DType,
): Tensor {
  const kept = [...x.shape.keys()].filter((d) => !dims.includes(d));
  const order = [...kept, ...dims];
  const view = viewWith(
    x,
    order.map((d) => x.shape[d]),
    order.map((d) => x.strides[d]),
  );
  const result = outputTensor(backend, reducedShape(x.shape, dims, keepdim), outDtype);
  // The result is contiguous, so dropping keepdim's size-1 dims leaves its layout unchanged.
  const keptShape = kept.map((d) => x.shape[d]);
  const outView = { ...viewOf(result), shape: keptShape, strides: contiguousStrides(keptShape) };
  backend.reduce(op, view, outView);
  return result;
}

/** max/min/arg* have no identity: an empty reduction fails, worded by whether a dim was named. */
function checkNonEmpty(op: string, x: Tensor, dims: readonly number[], dimGiven: boolean): void {
  if (x.numel() === 0 && !dimGiven) {
    throw new RangeError(
      `${op}(): Expected reduction dim to be specified for input.numel() == 0. Specify the reduction dim with the 'dim' argument.`,
    );
  }
  for (const d of dims) {
    if (x.shape[d] === 0) throw new RangeError(`${op}(): Expected reduction dim ${d} to have non-zero size.`);
  }
}

/** Sum (PyTorch: `torch.sum`). bool and int32 sum to int32. */
export function sum(x: Tensor, dim?: Dims | ReduceOptions, options?: boolean | ReduceOptions): Tensor {
  const { dim: d, keepdim, dtype } = reduceArgs('sum', dim, options, ['dtype']);
  const dims = reducedDims(d, x.ndim, 'sum');
  return dispatch('sum', [x], { dims, keepdim }, (backend) => {
    const compute = resolveDType(dtype, 'sum') ?? (isFloating(x.dtype) ? x.dtype : 'int64');
    const input = castTo(backend, x, compute);
    // Counting bools cannot overflow; int64 sums of integers are checked (ops/int-checks.ts).
    const check =
      x.dtype === 'bool'
        ? () => {}
        : int64OverflowCheck(backend, 'sum', compute, (shadow) =>
            reduceKernel(backend, 'sum', castTo(backend, input, shadow), dims, keepdim, shadow),
          );
    const out = reduceKernel(backend, 'sum', input, dims, keepdim, compute);
    disposeTemps([input], [x]);
    check(out);
    return out;
  });
}

/** Product (PyTorch: `torch.prod`). */
export function prod(
  x: Tensor,
  dim?: number | null | ReduceOptions,
  options?: boolean | ReduceOptions,
): Tensor {
  const { dim: d, keepdim, dtype } = reduceArgs('prod', dim, options, ['dtype']);
  if (Array.isArray(d)) throw new TypeError("prod(): argument 'dim' must be int, not list");
  const dims = reducedDims(d, x.ndim, 'prod');
  return dispatch('prod', [x], { dims, keepdim }, (backend) => {
    const compute = resolveDType(dtype, 'sum') ?? (isFloating(x.dtype) ? x.dtype : 'int64');
    const input = castTo(backend, x, compute);
    const check = int64OverflowCheck(backend, 'prod', compute, (shadow) =>
      reduceKernel(backend, 'prod', castTo(backend, input, shadow), dims, keepdim, shadow),
    );
    const out = reduceKernel(backend, 'prod', input, dims, keepdim, compute);
    disposeTemps([input], [x]);
    check(out);
    return out;
  });
}

/** Mean (PyTorch: `torch.mean`); floating dtypes only, as PyTorch. */
export function mean(x: Tensor, dim?: Dims | ReduceOptions, options?: boolean | ReduceOptions): Tensor {
  const { dim: d, keepdim, dtype } = reduceArgs('mean', dim, options, ['dtype']);
  if (dtype !== undefined && dtype !== x.dtype) return castThen(x, dtype, (c) => mean(c, d, keepdim));
  const dims = reducedDims(d, x.ndim, 'mean');
  if (!isFloating(x.dtype)) {
    throw new TypeError(
      `mean(): could not infer output dtype. Input dtype must be either a floating point or complex dtype. Got: ${x.dtype}`,
    );
  }
  return dispatch('mean', [x], { dims, keepdim }, (backend) => {
    let count = 1;
    for (const d of dims) count *= x.shape[d];
    const total = reduceKernel(backend, 'sum', x, dims, keepdim, x.dtype);
    const out = binary('div', total, count);
    total.dispose();
    return out;
  });
}

/** Maximum/minimum of all elements, or per dim with indices. */
function extremum(
  op: 'max' | 'min',
  x: Tensor,
  dim: number | undefined | null,
  keepdim: boolean,
): Tensor | ValuesIndices {
  if (dim === undefined || dim === null) {
    const dims = reducedDims(null, x.ndim, op);
    checkNonEmpty(op, x, dims, false);
    return dispatch(op, [x], { dims, keepdim: false }, (backend) =>
      reduceKernel(backend, op, x, dims, false, x.dtype),
    );
  }
  const d = normalizeDim(dim, x.ndim, op);
  const dims = x.ndim === 0 ? [] : [d];
  checkNonEmpty(op, x, dims, true);
  const [values, indices] = dispatch(`${op}Dim`, [x], { dim: d, keepdim }, (backend) => [
    reduceKernel(backend, op, x, dims, keepdim, x.dtype),
    reduceKernel(backend, op === 'max' ? 'argmax' : 'argmin', x, dims, keepdim, 'int64'),
  ]);
  return valuesIndices(values, indices);
}

/**
 * Maximum (PyTorch: `torch.max`): `max(x)` is the 0-d maximum; `max(x, dim)` returns
 * `[values, indices]`, also read as `.values` / `.indices` (PyTorch's named tuple). For the
 * elementwise maximum of two tensors use `maximum`.
 */
export function max(x: Tensor): Tensor;
export function max(x: Tensor, dim: number | ReduceOptions, keepdim?: boolean | ReduceOptions): ValuesIndices;
export function max(
  x: Tensor,
  dim?: number | ReduceOptions,
  keepdim?: boolean | ReduceOptions,
): Tensor | ValuesIndices {
  const a = reduceArgs('max', dim, keepdim);
  return extremum('max', x, singleDim('max', a.dim), a.keepdim);
}

/** Minimum (PyTorch: `torch.min`), as {@link max}. */
export function min(x: Tensor): Tensor;
export function min(x: Tensor, dim: number | ReduceOptions, keepdim?: boolean | ReduceOptions): ValuesIndices;
export function min(
  x: Tensor,
  dim?: number | ReduceOptions,
  keepdim?: boolean | ReduceOptions,
): Tensor | ValuesIndices {
  const a = reduceArgs('min', dim, keepdim);
  return extremum('min', x, singleDim('min', a.dim), a.keepdim);
}

function valueReduce(
  op: 'max' | 'min',
  name: 'amax' | 'amin',
  x: Tensor,
  dimArg: Dims | ReduceOptions,
  options?: boolean | ReduceOptions,
): Tensor {
  const { dim, keepdim } = reduceArgs(name, dimArg, options);
  const dims = reducedDims(dim, x.ndim, name);
  checkNonEmpty(
    name,
    x,
    dims,
    dim !== null && dim !== undefined && (typeof dim === 'number' || dim.length > 0),
  );
  return dispatch(name, [x], { dims, keepdim }, (backend) =>
    reduceKernel(backend, op, x, dims, keepdim, x.dtype),
  );
}

/** Maximum over dims without indices (PyTorch: `torch.amax`). */
export function amax(x: Tensor, dim?: Dims | ReduceOptions, options?: boolean | ReduceOptions): Tensor {
  return valueReduce('max', 'amax', x, dim, options);
}

/** Minimum over dims without indices (PyTorch: `torch.amin`). */
export function amin(x: Tensor, dim?: Dims | ReduceOptions, options?: boolean | ReduceOptions): Tensor {
  return valueReduce('min', 'amin', x, dim, options);
}

function argReduce(
  op: 'argmax' | 'argmin',
  x: Tensor,
  dimArg: number | null | undefined | ReduceOptions,
  options?: boolean | ReduceOptions,
): Tensor {
  const a = reduceArgs(op, dimArg, options);
  const { keepdim } = a;
  const dim = singleDim(op, a.dim);
  const whole = dim === undefined || dim === null;
  const dims = whole ? reducedDims(null, x.ndim, op) : x.ndim === 0 ? [] : [normalizeDim(dim, x.ndim, op)];
  checkNonEmpty(op, x, dims, !whole);
  // Over all dims the reduced block keeps the original dim order, so the flat index is row-major;
  // keepdim then keeps every dim as size 1, as PyTorch's argmax(x, keepdim=True) does.
  return dispatch(op, [x], { dims, keepdim }, (backend) =>
    reduceKernel(backend, op, x, dims, keepdim, 'int64'),
  );
}

/** Index of the maximum (PyTorch: `torch.argmax`), int32; over the flattened tensor without `dim`. */
export function argmax(
  x: Tensor,
  dim?: number | null | ReduceOptions,
  options?: boolean | ReduceOptions,
): Tensor {
  return argReduce('argmax', x, dim, options);
}

/** Index of the minimum (PyTorch: `torch.argmin`). */
export function argmin(
  x: Tensor,
  dim?: number | null | ReduceOptions,
  options?: boolean | ReduceOptions,
): Tensor {
  return argReduce('argmin', x, dim, options);
}

function logicalReduce(
  op: 'all' | 'any',
  x: Tensor,
  dimArg: Dims | ReduceOptions,
  options?: boolean | ReduceOptions,
): Tensor {
  const { dim, keepdim } = reduceArgs(op, dimArg, options);
  const dims = reducedDims(dim, x.ndim, op);
  return dispatch(op, [x], { dims, keepdim }, (backend) => {
    const input = castTo(backend, x, 'bool');
    const out = reduceKernel(backend, op, input, dims, keepdim, 'bool');
    disposeTemps([input], [x]);
    return out;
  });
}

/** Whether all elements are true (PyTorch: `torch.all`). */
export function all(x: Tensor, dim?: Dims | ReduceOptions, options?: boolean | ReduceOptions): Tensor {
  return logicalReduce('all', x, dim, options);
}

/** Whether any element is true (PyTorch: `torch.any`). */
export function any(x: Tensor, dim?: Dims | ReduceOptions, options?: boolean | ReduceOptions): Tensor {
  return logicalReduce('any', x, dim, options);
}

/** Options of `var`/`std`: Bessel's correction (default 1) and keepdim (PyTorch: `torch.var(input, dim, *, correction=1, keepdim=False)`). */
export interface VarOptions {
  /** The dim(s) to reduce; all when omitted (PyTorch: `dim`). */
  dim?: Dims;
  /** The divisor is `N - correction`; default 1, Bessel's (PyTorch: `correction`). */
  correction?: number;
  /** PyTorch's `unbiased` (true: correction 1, false: 0); not together with `correction`. */
  unbiased?: boolean;
  /** Keep each reduced dim as size 1; default false (PyTorch: `keepdim`). */
  keepdim?: boolean;
}

/** Variance (PyTorch: `torch.var(input, dim, *, correction=1, keepdim=False)`). */
export function variance(x: Tensor, ...args: VarArgsList): Tensor {
  return varianceOf(x, 'var', args);
}

function varianceOf(x: Tensor, fn: 'var' | 'std', args: readonly unknown[]): Tensor {
  const { dim, keepdim, correction } = varArgs(fn, args);
  if (!isFloating(x.dtype))
    throw new TypeError(`${fn}(): input dtype should be floating point, got ${x.dtype}`);
  const dims = reducedDims(dim, x.ndim, fn);
  let n = 1;
  for (const d of dims) n *= x.shape[d];
  const mu = mean(x, dims, true);
  const diff = binary('sub', x, mu);
  const sq = unary('square', diff);
  const total = sum(sq, dims, keepdim);
  const out = binary('div', total, Math.max(0, n - correction));
  for (const t of [mu, diff, sq, total]) t.dispose();
  return out;
}

/** Standard deviation (PyTorch: `torch.std`), the square root of {@link variance}. */
export function std(x: Tensor, ...args: VarArgsList): Tensor {
  const v = varianceOf(x, 'std', args);
  const out = unary('sqrt', v);
  v.dispose();
  return out;
}

/**
 * `log(sum(exp(x), dim))` computed stably by subtracting the maximum (PyTorch: `torch.logsumexp`).
 */
export function logsumexp(x: Tensor, dim: Dims | ReduceOptions, options?: boolean | ReduceOptions): Tensor {
  const { dim: d, keepdim } = reduceArgs('logsumexp', dim, options);
  const dims = reducedDims(d, x.ndim, 'logsumexp');
  return dispatch('logsumexp', [x], { dims, keepdim }, (backend) => {
    const input = castTo(backend, x, isFloating(x.dtype) ? x.dtype : 'float32');
    if (input.numel() === 0)
      return full(reducedShape(x.shape, dims, keepdim), Number.NEGATIVE_INFINITY, {
        dtype: input.dtype,
        device: x.device,
      });
    const m = amax(input, dims, true);
    // An all -inf (or inf) slice has an infinite max: shift by 0 there so exp(x - m) is not NaN.
    const absMax = unary('abs', m);
    const infinite = binary('eq', absMax, Number.POSITIVE_INFINITY);
    const shift = where(infinite, 0, m);
    const shifted = binary('sub', input, shift);
    const e = unary('exp', shifted);
    const s = sum(e, dims, keepdim);
    const l = unary('log', s);
    const shiftOut = keepdim ? shift : squeezeDims(shift, dims);
    const out = binary('add', l, shiftOut);
    disposeTemps([input, m, absMax, infinite, shift, shifted, e, s, l, shiftOut], [x, out]);
    return out;
  });
}

function squeezeDims(t: Tensor, dims: readonly number[]): Tensor {
  return t.reshape(t.shape.filter((_, i) => !dims.includes(i)));
}

/**
 * The forms `var` and `std` take after the input (PyTorch 1.13): `(dim?, unbiased?, keepdim?)`,
 * `(dim?, options)`, `(unbiased)` or `(options)`.
 */
export type VarArgsList =
  | [dim?: Dims | VarOptions, options?: VarOptions]
  | [dim: Dims, unbiased: boolean, keepdim?: boolean | VarOptions, options?: VarOptions]
  | [unbiased: boolean];

/** The one `dim` of max/min/argmax/argmin (a list is PyTorch's TypeError). */
function singleDim(op: string, dim: Dims): number | null | undefined {
  if (Array.isArray(dim)) throw new TypeError(`${op}(): argument 'dim' must be int, not list`);
  return dim as number | null | undefined;
}

/** `f` on `x` cast to `dtype` (PyTorch's `dtype=` of mean: the input is cast first). */
function castThen(x: Tensor, dtype: DType, f: (cast: Tensor) => Tensor): Tensor {
  const cast = x.to(dtype);
  const out = f(cast);
  if (cast !== x) cast.dispose();
  return out;
}
