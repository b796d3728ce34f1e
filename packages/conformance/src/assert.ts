/**
 * Assertions for conformance cases. They throw plain Errors (no test-framework dependency), so any
 * runner (vitest, node:test, a browser page) can run the suite.
 */
import { type DType, formatShape, type Tensor } from '@typetorch/tensor';

/** Expected values as the PyTorch fixture generator writes them: row-major data plus shape and dtype. */
export interface ExpectedTensor {
  /** The expected shape (PyTorch: `Tensor.shape`). */
  shape: readonly number[];
  /** The expected dtype (PyTorch: `Tensor.dtype`). */
  dtype: DType;
  /** Row-major values; non-finite numbers as the strings 'nan', 'inf', '-inf'; bools as 0/1 or booleans (PyTorch: `Tensor.tolist()`, flattened). */
  data: readonly (number | boolean | string)[];
}

/** How close values must be: `|actual - expected| <= atol + rtol * |expected|` (PyTorch: `torch.testing.assert_close`'s). */
export interface Tolerance {
  /** Relative tolerance (PyTorch: `rtol`). */
  rtol?: number;
  /** Absolute tolerance (PyTorch: `atol`). */
  atol?: number;
}

/** Default tolerances per dtype (PyTorch's `torch.testing.assert_close` defaults). */
export function defaultTolerance(dtype: DType): Required<Tolerance> {
  if (dtype === 'float64') return { rtol: 1e-7, atol: 1e-7 };
  if (dtype === 'float32') return { rtol: 1.3e-6, atol: 1e-5 };
  if (dtype === 'float16') return { rtol: 1e-3, atol: 1e-5 };
  return { rtol: 0, atol: 0 };
}

/** A fixture value as a number: booleans 0/1, `'nan'`/`'inf'`/`'-inf'` as NaN and ±Infinity (how the PyTorch fixture generator writes `torch.nan`, `torch.inf`). */
export function decodeValue(v: number | boolean | string): number {
  if (typeof v === 'boolean') return v ? 1 : 0;
  if (typeof v === 'number') return v;
  if (v === 'nan') return Number.NaN;
  if (v === 'inf') return Number.POSITIVE_INFINITY;
  if (v === '-inf') return Number.NEGATIVE_INFINITY;
  throw new Error(`cannot decode fixture value '${v}'`);
}

/** A failed conformance check: the backend's result differs from the expected, PyTorch's (PyTorch: the `AssertionError` of `torch.testing.assert_close`). */
export class ConformanceError extends Error {
  /** `'ConformanceError'` (PyTorch: an `AssertionError`). */
  override name = 'ConformanceError';
}

/** Fails unless `cond` holds, with a {@link ConformanceError} (PyTorch: Python's `assert`). */
export function check(cond: boolean, message: string): asserts cond {
  if (!cond) throw new ConformanceError(message);
}

/**
 * Reads `actual` (asynchronously, so it works on every device) and compares shape, dtype and values
 * with NaN == NaN and matching infinities.
 * (PyTorch: `torch.testing.assert_close`.)
 */
export async function expectTensor(
  actual: Tensor,
  expected: ExpectedTensor,
  tol: Tolerance = {},
  label = '',
): Promise<void> {
  const where = label ? `${label}: ` : '';
  check(
    actual.shape.length === expected.shape.length && actual.shape.every((s, i) => s === expected.shape[i]),
    `${where}shape ${formatShape(actual.shape)} != expected ${formatShape(expected.shape)}`,
  );
  check(actual.dtype === expected.dtype, `${where}dtype ${actual.dtype} != expected ${expected.dtype}`);
  const values = await actual.data();
  check(
    values.length === expected.data.length,
    `${where}${values.length} values != expected ${expected.data.length}`,
  );
  const { rtol, atol } = { ...defaultTolerance(expected.dtype), ...tol };
  for (let i = 0; i < values.length; i++) {
    const a = values[i];
    const e = decodeValue(expected.data[i]);
    if (Number.isNaN(e)) {
      check(Number.isNaN(a), `${where}element ${i}: got ${a}, expected nan`);
      continue;
    }
    if (!Number.isFinite(e)) {
      check(a === e, `${where}element ${i}: got ${a}, expected ${e}`);
      continue;
    }
    check(
      Math.abs(a - e) <= atol + rtol * Math.abs(e),
      `${where}element ${i}: got ${a}, expected ${e} (rtol ${rtol}, atol ${atol})`,
    );
  }
}

/** Compares against nested arrays, inferring the expected shape; dtype defaults to the actual one (PyTorch: `torch.testing.assert_close(actual, torch.tensor(values))`). */
export async function expectValues(
  actual: Tensor,
  expected: unknown,
  options: Tolerance & { dtype?: DType } = {},
  label = '',
): Promise<void> {
  const shape: number[] = [];
  let probe: unknown = expected;
  while (Array.isArray(probe)) {
    shape.push(probe.length);
    probe = probe[0];
  }
  const data = (
    Array.isArray(expected) ? (expected as unknown[]).flat(Number.POSITIVE_INFINITY) : [expected]
  ) as (number | boolean)[];
  await expectTensor(actual, { shape, dtype: options.dtype ?? actual.dtype, data }, options, label);
}

/** Expects `fn` to throw an error whose message contains `fragment` (PyTorch's own message, usually; compare `pytest.raises(match=...)`). */
export function expectThrows(fn: () => unknown, fragment: string | RegExp): void {
  let error: unknown;
  try {
    fn();
  } catch (e) {
    error = e;
  }
  check(error !== undefined, `expected an error matching ${String(fragment)}, but nothing was thrown`);
  const message = error instanceof Error ? error.message : String(error);
  const ok = typeof fragment === 'string' ? message.includes(fragment) : fragment.test(message);
  check(ok, `expected an error matching ${String(fragment)}, got: ${message}`);
}
