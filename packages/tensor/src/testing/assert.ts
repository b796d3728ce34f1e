/**
 * Assertions for conformance cases. They throw plain Errors (no test-framework dependency), so any
 * runner (vitest, node:test, a browser page) can run the suite.
 */
import type { DType } from '../dtype.js';
import { formatShape } from '../shape.js';
import type { Tensor } from '../tensor.js';

/** Expected values as the PyTorch fixture generator writes them: row-major data plus shape and dtype. */
export interface ExpectedTensor {
  shape: readonly number[];
  dtype: DType;
  /** Row-major values; non-finite numbers as the strings 'nan', 'inf', '-inf'; bools as 0/1 or booleans. */
  data: readonly (number | boolean | string)[];
}

export interface Tolerance {
  rtol?: number;
  atol?: number;
}

/** Default tolerances per dtype (PyTorch's `torch.testing.assert_close` defaults). */
export function defaultTolerance(dtype: DType): Required<Tolerance> {
  if (dtype === 'float64') return { rtol: 1e-7, atol: 1e-7 };
  if (dtype === 'float32') return { rtol: 1.3e-6, atol: 1e-5 };
  if (dtype === 'float16') return { rtol: 1e-3, atol: 1e-5 };
  return { rtol: 0, atol: 0 };
}

export function decodeValue(v: number | boolean | string): number {
  if (typeof v === 'boolean') return v ? 1 : 0;
  if (typeof v === 'number') return v;
  if (v === 'nan') return Number.NaN;
  if (v === 'inf') return Number.POSITIVE_INFINITY;
  if (v === '-inf') return Number.NEGATIVE_INFINITY;
  throw new Error(`cannot decode fixture value '${v}'`);
}

export class ConformanceError extends Error {
  override name = 'ConformanceError';
}

/** Fails unless `cond` holds. */
export function check(cond: boolean, message: string): asserts cond {
  if (!cond) throw new ConformanceError(message);
}

/**
 * Reads `actual` (asynchronously, so it works on every device) and compares shape, dtype and values
 * with NaN == NaN and matching infinities.
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

/** Compares against nested arrays, inferring the expected shape; dtype defaults to the actual one. */
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

/** Expects `fn` to throw an error whose message contains `fragment`. */
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
