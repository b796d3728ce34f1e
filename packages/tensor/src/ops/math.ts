/**
 * Norms and closeness tests (PyTorch: `torch.linalg.vector_norm`, `torch.norm`, `torch.isclose`,
 * `torch.allclose`, `torch.equal`), and clamp's other names (`clamp_min`, `clamp_max`, `clip`).
 * `vectorNorm` and `isclose` are rows of the op table (one dispatch, one gradient node); the others
 * are functions of rows. `allclose` and `equal` answer a JS boolean, so they read the device: they
 * are asynchronous, with `...Sync` forms where the device reads synchronously.
 */
import { dispatch } from '../dispatch.js';
import { type DType, isFloating } from '../dtype.js';
import { isfinite, isnan } from '../op-table/unary.js';
import * as read from '../read.js';
import { shapesEqual } from '../shape.js';
import type { Tensor } from '../tensor.js';
import { binary, clamp, unary } from './elementwise.js';
import { castTo, disposeTemps } from './internal.js';
import { amax, amin, type Dims, keepdimOf, reducedDims, sum } from './reduce.js';

/** Keyword options of {@link vectorNorm} and {@link norm}; `keepdim` may also be passed positionally (PyTorch: `torch.linalg.vector_norm(x, ord, dim, keepdim=False, *, dtype=None)`). */
export interface NormOptions {
  /** Keep each reduced dim as size 1; default false (PyTorch: `keepdim`). */
  keepdim?: boolean;
  /** The input is cast to this (floating) dtype before the norm is computed (PyTorch: `dtype`). */
  dtype?: DType;
}

function ordName(ord: number): string {
  return ord === Number.POSITIVE_INFINITY ? 'inf' : ord === Number.NEGATIVE_INFINITY ? '-inf' : String(ord);
}

/** The norm of `x` over `dims` (every temporary disposed); runs inside the op's dispatch. */
function normOf(x: Tensor, ord: number, dims: readonly number[], keepdim: boolean): Tensor {
  const all = dims.length === 0 ? null : dims;
  const options = { keepdim };
  const temps: Tensor[] = [];
  const t = (r: Tensor) => {
    temps.push(r);
    return r;
  };
  let out: Tensor;
  if (ord === 0) out = castTo(x.storage.backend, t(sum(t(binary('ne', x, 0)), all, options)), x.dtype);
  else if (ord === Number.POSITIVE_INFINITY) out = amax(t(unary('abs', x)), all, options);
  else if (ord === Number.NEGATIVE_INFINITY) out = amin(t(unary('abs', x)), all, options);
  else if (ord === 1) out = sum(t(unary('abs', x)), all, options);
  else if (ord === 2) out = unary('sqrt', t(sum(t(unary('square', x)), all, options)));
  else out = binary('pow', t(sum(t(binary('pow', t(unary('abs', x)), ord)), all, options)), 1 / ord);
  disposeTemps(temps, [x, out]);
  return out;
}

/**
 * The vector `ord`-norm of `x` over `dim` (all dims when omitted): `sum(|x|^ord)^(1/ord)`, the largest
 * (`Infinity`) or smallest (`-Infinity`) `|x|`, or the number of non-zeros (`0`) (PyTorch:
 * `torch.linalg.vector_norm(x, ord=2, dim=None, keepdim=False, *, dtype=None)`). Floating inputs only.
 */
export function vectorNorm(x: Tensor, ord = 2, dim?: Dims, options?: boolean | NormOptions): Tensor {
  const keepdim = keepdimOf(options);
  const dtype = typeof options === 'object' ? options.dtype : undefined;
  if (!isFloating(x.dtype)) {
    throw new TypeError(
      `linalg.vector_norm: Expected a floating point or complex tensor as input. Got ${x.dtype}`,
    );
  }
  if (typeof ord !== 'number' || Number.isNaN(ord)) {
    throw new TypeError(
      `linalg_vector_norm(): argument 'ord' (position 2) must be Number, not ${typeof ord}`,
    );
  }
  const dims = reducedDims(dim, x.ndim, 'linalg.vector_norm');
  if (ord < 0 || ord === Number.POSITIVE_INFINITY) {
    const noDim = dim === undefined || dim === null || (typeof dim !== 'number' && dim.length === 0);
    if (noDim && x.numel() === 0) {
      throw new RangeError(
        `linalg.vector_norm cannot compute the ${ordName(ord)} norm on an empty tensor because the operation does not have an identity`,
      );
    }
    const empty = noDim ? undefined : dims.find((d) => x.shape[d] === 0);
    if (empty !== undefined) {
      throw new RangeError(
        `linalg.vector_norm cannot compute the ${ordName(ord)} norm on the dimension ${empty}because this dimension is empty and the operation does not have an identity`,
      );
    }
  }
  return dispatch('vectorNorm', [x], { ord, dims, keepdim }, (backend) => {
    const input = dtype === undefined ? x : castTo(backend, x, dtype);
    const out = normOf(input, ord, dims, keepdim);
    disposeTemps([input], [x]);
    return out;
  });
}

/** `torch.linalg`: the linear algebra namespace (so far `linalg.vectorNorm`). */
export const linalg = { vectorNorm } as const;

/**
 * The norm of `x` (PyTorch: `torch.norm(input, p='fro', dim=None, keepdim=False, dtype=None)`): as in
 * PyTorch 1.13, `'fro'` over at most two dims and every number `p` run `linalg.vectorNorm` (with
 * `ord` 2 for `'fro'`). The nuclear norm (`'nuc'`) is not implemented.
 */
export function norm(
  x: Tensor,
  p: number | 'fro' | 'nuc' = 'fro',
  dim?: Dims,
  options?: boolean | NormOptions,
): Tensor {
  if (typeof p === 'string') {
    if (p !== 'fro' && p !== 'nuc') {
      throw new RangeError(`only valid string values are 'fro' and 'nuc', found ${p}`);
    }
    const count = dim === undefined || dim === null ? 0 : typeof dim === 'number' ? 1 : dim.length;
    if (p === 'fro' && count > 2) {
      throw new RangeError(`Expected at most 2 dimensions, but got ${count} dimensions instead.`);
    }
    if (p === 'nuc') throw new Error("norm(): the nuclear norm (p='nuc') is not implemented in typetorch");
    return vectorNorm(x, 2, dim, options);
  }
  return vectorNorm(x, p, dim, options);
}

/** Keyword options of {@link isclose} and {@link allclose} (PyTorch's defaults). */
export interface CloseOptions {
  /** Relative tolerance: `|a - b| <= atol + rtol * |b|`; default 1e-5 (PyTorch: `rtol`). */
  rtol?: number;
  /** Absolute tolerance; default 1e-8 (PyTorch: `atol`). */
  atol?: number;
  /** NaN equals NaN; default false (PyTorch: `equal_nan`). */
  equalNan?: boolean;
}

/**
 * Elementwise `|a - b| <= atol + rtol * |b|`, or equal (infinities of one sign), or both NaN with
 * `equalNan` (PyTorch: `torch.isclose(input, other, rtol=1e-05, atol=1e-08, equal_nan=False)`).
 * Both tensors must have the same dtype; they broadcast. A bool tensor.
 */
export function isclose(a: Tensor, b: Tensor, options: CloseOptions = {}): Tensor {
  const { rtol = 1e-5, atol = 1e-8, equalNan = false } = options;
  if (a.dtype !== b.dtype) throw new TypeError(`${a.dtype} did not match ${b.dtype}`);
  if (!(rtol >= 0)) throw new RangeError(`rtol must be greater than or equal to zero, but got ${rtol}`);
  if (!(atol >= 0)) throw new RangeError(`atol must be greater than or equal to zero, but got ${atol}`);
  return dispatch('isclose', [a, b], {}, (backend) => {
    const temps: Tensor[] = [];
    const t = (r: Tensor) => {
      temps.push(r);
      return r;
    };
    let close = binary('eq', a, b);
    if (equalNan && isFloating(a.dtype)) {
      close = t(close).logicalOr(t(t(isnan(a)).logicalAnd(t(isnan(b)))));
    }
    if (rtol !== 0 || atol !== 0) {
      // bool operands are compared as floats (PyTorch casts them to the default dtype).
      const fa = a.dtype === 'bool' ? t(castTo(backend, a, 'float32')) : a;
      const fb = b.dtype === 'bool' ? t(castTo(backend, b, 'float32')) : b;
      const allowed = t(binary('add', t(unary('abs', t(binary('mul', fb, rtol)))), atol));
      const actual = t(unary('abs', t(binary('sub', fa, fb))));
      const within = t(t(isfinite(actual)).logicalAnd(t(binary('le', actual, allowed))));
      close = t(close).logicalOr(within);
    }
    disposeTemps(temps, [a, b, close]);
    return close;
  });
}

/** Whether every element of `a` is close to `b`'s (see {@link isclose}), read back as a boolean. */
function allCloseTensor(a: Tensor, b: Tensor, options?: CloseOptions): Tensor {
  const close = isclose(a, b, options);
  const all = close.all();
  close.dispose();
  return all;
}

/**
 * Whether `isclose(a, b)` holds everywhere (PyTorch: `torch.allclose`); asynchronous, as every read
 * (`await allclose(a, b)`). See {@link allcloseSync}.
 */
export async function allclose(a: Tensor, b: Tensor, options?: CloseOptions): Promise<boolean> {
  const all = allCloseTensor(a, b, options);
  try {
    return (await read.item(all)) === true;
  } finally {
    all.dispose();
  }
}

/** Synchronous {@link allclose}, where the device reads synchronously. */
export function allcloseSync(a: Tensor, b: Tensor, options?: CloseOptions): boolean {
  const all = allCloseTensor(a, b, options);
  try {
    return read.itemSync(all) === true;
  } finally {
    all.dispose();
  }
}

function equalTensor(a: Tensor, b: Tensor): Tensor | null {
  if (!shapesEqual(a.shape, b.shape)) return null;
  const eq = binary('eq', a, b);
  const all = eq.all();
  eq.dispose();
  return all;
}

/**
 * Whether `a` and `b` have the same shape and elements (PyTorch: `torch.equal`; dtypes may differ;
 * NaN is not equal to itself); asynchronous (`await equal(a, b)`). See {@link equalSync}.
 */
export async function equal(a: Tensor, b: Tensor): Promise<boolean> {
  const all = equalTensor(a, b);
  if (all === null) return false;
  try {
    return (await read.item(all)) === true;
  } finally {
    all.dispose();
  }
}

/** Synchronous {@link equal}, where the device reads synchronously. */
export function equalSync(a: Tensor, b: Tensor): boolean {
  const all = equalTensor(a, b);
  if (all === null) return false;
  try {
    return read.itemSync(all) === true;
  } finally {
    all.dispose();
  }
}

/** `max(x, min)` elementwise (PyTorch: `torch.clamp_min`); `clamp` with a lower bound only. */
export function clampMin(x: Tensor, min: number | Tensor): Tensor {
  return clamp(x, min, null);
}

/** `min(x, max)` elementwise (PyTorch: `torch.clamp_max`); `clamp` with an upper bound only. */
export function clampMax(x: Tensor, max: number | Tensor): Tensor {
  return clamp(x, null, max);
}

/** Another name of {@link clamp} (PyTorch: `torch.clip`). */
export function clip(x: Tensor, min?: number | Tensor | null, max?: number | Tensor | null): Tensor {
  return clamp(x, min, max);
}
