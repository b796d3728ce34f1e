/**
 * Ops whose output size depends on the input's values (PyTorch: `torch.unique`, `torch.bincount`).
 * They read the input on the host: synchronously where the device can (`unique`, `bincount`; other
 * devices get an error naming the asynchronous form), or by awaiting the read (`uniqueAsync`,
 * `bincountAsync`, on every device). PyTorch on CUDA synchronises with the device here too.
 */
import type { Backend } from '../backend/contract.js';
import { dispatch } from '../dispatch.js';
import { type DType, isIntegral, type TypedArray } from '../dtype.js';
import { normalizeDim } from '../shape.js';
import type { Tensor } from '../tensor.js';
import { ones, tensor, zeros } from './creation.js';
import { scatterAdd } from './indexing.js';
import { castTo, disposeTemps, viewOf } from './internal.js';

/** Keyword options of `unique` (PyTorch's `sorted`, `return_inverse`, `return_counts`, `dim`). */
export interface UniqueOptions {
  /** Unique values in ascending order. They always are here (as PyTorch's CPU kernel); accepted for its API. */
  sorted?: boolean;
  /** Also return, for each element (or slice along `dim`), the index of its value in the output (PyTorch: `return_inverse`). */
  returnInverse?: boolean;
  /** Also return how many times each unique value (or slice) occurs (PyTorch: `return_counts`). */
  returnCounts?: boolean;
  /** Unique slices along this dim instead of unique elements of the flattened tensor (PyTorch: `dim`). */
  dim?: number | null;
}

/** @internal Option `K` of `O` as a type: `true`, `false` or `undefined`. */
export type Flag<O, K extends keyof UniqueOptions> = O extends { [P in K]: infer V } ? V : undefined;

/**
 * What `unique` returns for options `O`: the unique values alone, or PyTorch's tuple `[output,
 * inverse?, counts?]` with the requested extras in that order.
 */
export type UniqueResult<O extends UniqueOptions> = [
  Flag<O, 'returnInverse'>,
  Flag<O, 'returnCounts'>,
] extends [false | undefined, false | undefined]
  ? Tensor
  : [Flag<O, 'returnInverse'>, Flag<O, 'returnCounts'>] extends [true, true]
    ? [Tensor, Tensor, Tensor]
    : [Flag<O, 'returnInverse'>, Flag<O, 'returnCounts'>] extends
          | [true, false | undefined]
          | [false | undefined, true]
      ? [Tensor, Tensor]
      : Tensor | Tensor[];

interface UniqueAttrs {
  readonly sorted: boolean;
  readonly returnInverse: boolean;
  readonly returnCounts: boolean;
  readonly dim: number | null;
}

function uniqueAttrs(x: Tensor, options: UniqueOptions | undefined): UniqueAttrs {
  const dim = options?.dim ?? null;
  return {
    sorted: options?.sorted ?? true,
    returnInverse: options?.returnInverse ?? false,
    returnCounts: options?.returnCounts ?? false,
    dim: dim === null ? null : normalizeDim(dim, x.ndim, 'unique'),
  };
}

/** Ascending with NaN last; ties (and equal NaNs) 0. */
function compareNumbers(a: number, b: number): number {
  if (a < b) return -1;
  if (a > b) return 1;
  const an = a !== a;
  const bn = b !== b;
  return an === bn ? 0 : an ? 1 : -1;
}

/** Groups `count` rows of `width` values (row `r` element `j` at `at(r, j)`), sorted lexicographically. */
function groupRows(count: number, width: number, at: (r: number, j: number) => number) {
  const cmp = (a: number, b: number) => {
    for (let j = 0; j < width; j++) {
      const c = compareNumbers(at(a, j), at(b, j));
      if (c !== 0) return c;
    }
    return 0;
  };
  // NaN never equals NaN, so each NaN is a value of its own (as PyTorch 2's unique).
  const equal = (a: number, b: number) => {
    for (let j = 0; j < width; j++) if (!(at(a, j) === at(b, j))) return false;
    return true;
  };
  const order = Array.from({ length: count }, (_, i) => i).sort((a, b) => cmp(a, b) || a - b);
  const firsts: number[] = [];
  const counts: number[] = [];
  const inverse = new Int32Array(count);
  for (let k = 0; k < count; k++) {
    const r = order[k];
    if (k === 0 || !equal(firsts[firsts.length - 1], r)) {
      firsts.push(r);
      counts.push(0);
    }
    inverse[r] = firsts.length - 1;
    counts[counts.length - 1]++;
  }
  return { firsts, counts, inverse };
}

/** Builds unique's outputs from the input's values (row-major). */
function uniqueFrom(x: Tensor, data: TypedArray, attrs: UniqueAttrs): Tensor[] {
  const device = x.device;
  let values: Tensor;
  let inverse: Tensor;
  let counts: number[];
  if (attrs.dim === null) {
    const g = groupRows(data.length, 1, (r) => data[r]);
    values = tensor(
      g.firsts.map((r) => data[r]),
      { dtype: x.dtype, device },
    );
    inverse = shaped(tensor(g.inverse, { dtype: 'int64', device }), [...x.shape]);
    counts = g.counts;
  } else {
    const d = attrs.dim;
    const size = x.shape[d];
    const outer = x.shape.slice(0, d).reduce((a, b) => a * b, 1);
    const inner = x.shape.slice(d + 1).reduce((a, b) => a * b, 1);
    // Slice r along d, flattened with the other dims in order: element (o, i) at (o * size + r) * inner + i.
    const at = (r: number, j: number) => data[(Math.floor(j / inner) * size + r) * inner + (j % inner)];
    const g = groupRows(size, outer * inner, at);
    const u = g.firsts.length;
    const flat = new Array<number>(outer * u * inner);
    for (let o = 0; o < outer; o++)
      for (let k = 0; k < u; k++)
        for (let i = 0; i < inner; i++) flat[(o * u + k) * inner + i] = at(g.firsts[k], o * inner + i);
    const shape = [...x.shape];
    shape[d] = u;
    values = shaped(tensor(flat, { dtype: x.dtype, device }), shape);
    inverse = tensor(g.inverse, { dtype: 'int64', device });
    counts = g.counts;
  }
  const out = [values];
  if (attrs.returnInverse) out.push(inverse);
  else inverse.dispose();
  if (attrs.returnCounts) out.push(tensor(counts, { dtype: 'int64', device }));
  return out;
}

/** `t` reshaped (a view of its storage); the flat tensor is disposed, so nothing is left behind. */
function shaped(t: Tensor, shape: number[]): Tensor {
  const out = t.reshape(shape);
  if (out !== t) t.dispose();
  return out;
}

function noSyncRead(op: string, backend: Backend): Error {
  return new Error(
    `${op}(): the output size depends on the input's values, which device '${backend.device}' cannot read synchronously; use await ${op}Async(...) instead`,
  );
}

function result<O extends UniqueOptions>(out: readonly Tensor[]): UniqueResult<O> {
  return (out.length === 1 ? out[0] : [...out]) as UniqueResult<O>;
}

/**
 * The unique elements of `x` in ascending order (PyTorch: `torch.unique(input, sorted=True,
 * return_inverse=False, return_counts=False, dim=None)`); with `returnInverse` and/or `returnCounts`,
 * PyTorch's tuple `[output, inverse, counts]` (int64). With `dim`, the unique slices along it.
 * Reads `x` on the host: on devices without synchronous reads (WebGPU) use {@link uniqueAsync}.
 */
export function unique<const O extends UniqueOptions = Record<never, never>>(
  x: Tensor,
  options?: O,
): UniqueResult<O> {
  const attrs = uniqueAttrs(x, options);
  const out = dispatch('unique', [x], attrs, (backend) => {
    if (backend.readSync === undefined || !backend.capabilities.syncRead) throw noSyncRead('unique', backend);
    return uniqueFrom(x, backend.readSync(viewOf(x)), attrs);
  });
  return result<O>(out);
}

/** {@link unique} on every device: awaits the read of `x`, then builds the outputs. */
export async function uniqueAsync<const O extends UniqueOptions = Record<never, never>>(
  x: Tensor,
  options?: O,
): Promise<UniqueResult<O>> {
  const attrs = uniqueAttrs(x, options);
  const data = await x.data();
  return result<O>(dispatch('unique', [x], attrs, () => uniqueFrom(x, data, attrs)));
}

/** Keyword options of `bincount` (PyTorch: `torch.bincount(input, weights=None, minlength=0)`). */
export interface BincountOptions {
  /** Per-element weights (1-D, `x`'s length): the bins sum them instead of counting (PyTorch: `weights`). */
  weights?: Tensor | null;
  /** The least number of bins; default 0 (PyTorch: `minlength`). */
  minlength?: number;
}

const TORCH_DTYPE: Record<DType, string> = {
  float16: 'Half',
  float32: 'Float',
  float64: 'Double',
  int32: 'Int',
  int64: 'Long',
  bool: 'Bool',
};

function checkBincount(x: Tensor, weights: Tensor | null, minlength: number): void {
  if (!isIntegral(x.dtype))
    throw new TypeError(`"bincount_cpu" not implemented for '${TORCH_DTYPE[x.dtype]}'`);
  if (x.ndim !== 1) throw new RangeError('bincount only supports 1-d non-negative integral inputs.');
  if (minlength < 0) throw new RangeError('minlength should be >= 0');
  if (weights !== null && (weights.ndim !== 1 || weights.shape[0] !== x.shape[0])) {
    throw new RangeError('weights should be 1-d and have the same length as input');
  }
}

function bincountFrom(
  backend: Backend,
  x: Tensor,
  data: TypedArray,
  weights: Tensor | null,
  minlength: number,
): Tensor {
  let max = -1;
  for (let i = 0; i < data.length; i++) {
    if (data[i] < 0) throw new RangeError('bincount only supports 1-d non-negative integral inputs.');
    if (data[i] > max) max = data[i];
  }
  // PyTorch: int64 counts; float32 weights sum in float32, any other weights in float64.
  const dtype: DType = weights === null ? 'int64' : weights.dtype === 'float32' ? 'float32' : 'float64';
  const bins = zeros([Math.max(max + 1, minlength)], { dtype, device: x.device });
  if (data.length === 0) return bins;
  const src = weights === null ? ones([data.length], { dtype, device: x.device }) : weights;
  const cast = castTo(backend, src, dtype);
  const out = scatterAdd(bins, 0, x, cast);
  disposeTemps([bins, src, cast], [out, ...(weights === null ? [] : [weights])]);
  return out;
}

/**
 * The number of occurrences of each non-negative integer in the 1-D integer `x` (PyTorch:
 * `torch.bincount(input, weights=None, minlength=0)`): `max(x) + 1` bins (at least `minlength`),
 * int64 counts, or the sums of `weights`. Reads `x` on the host: on devices without synchronous
 * reads (WebGPU) use {@link bincountAsync}.
 */
export function bincount(x: Tensor, options?: BincountOptions): Tensor {
  const weights = options?.weights ?? null;
  const minlength = options?.minlength ?? 0;
  checkBincount(x, weights, minlength);
  const inputs = weights === null ? [x] : [x, weights];
  return dispatch('bincount', inputs, { minlength }, (backend) => {
    if (backend.readSync === undefined || !backend.capabilities.syncRead)
      throw noSyncRead('bincount', backend);
    const data = x.numel() === 0 ? new Int32Array(0) : backend.readSync(viewOf(x));
    return bincountFrom(backend, x, data, weights, minlength);
  });
}

/** {@link bincount} on every device: awaits the read of `x`, then counts on the device. */
export async function bincountAsync(x: Tensor, options?: BincountOptions): Promise<Tensor> {
  const weights = options?.weights ?? null;
  const minlength = options?.minlength ?? 0;
  checkBincount(x, weights, minlength);
  const data = await x.data();
  const inputs = weights === null ? [x] : [x, weights];
  return dispatch('bincount', inputs, { minlength }, (backend) =>
    bincountFrom(backend, x, data, weights, minlength),
  );
}
