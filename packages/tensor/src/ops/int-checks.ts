/**
 * The value checks of integer ops, as PyTorch raises them: an int64 result that its 32-bit storage
 * cannot hold (PyTorch would hold it in 64 bits: typetorch raises PyTorch's overflow error instead of
 * wrapping), an integer division by zero (`ZeroDivisionError`), and a float cast to an integer dtype
 * that cannot hold it. Each check runs on the device and reports through `device-checks.ts`: at the
 * op on the CPU, at the next read on a GPU.
 */
import type { Backend } from '../backend/contract.js';
import { deviceAssert } from '../device-checks.js';
import { type DType, INT32_MAX, INT32_MIN, intOverflowError, isFloating, isIntegral } from '../dtype.js';
import { scope } from '../memory/scope.js';
import type { Tensor } from '../tensor.js';
import { where } from './elementwise.js';

/** The floating dtype a device recomputes int64 results in: float64 where it has one (exact), else float32. */
function shadowDType(backend: Backend): DType {
  return backend.capabilities.dtypes.includes('float64') ? 'float64' : 'float32';
}

/**
 * Prepares the overflow check of an int64 result of `op`: `exact(dtype)` computes the same result in
 * floating point (call it before an in-place kernel overwrites its inputs); the returned function
 * then compares it with the stored result. A wrapped result differs from the true one by a multiple
 * of 2^32, far more than the floating result's rounding (below 2^30 for any result that fits), so the
 * test is exact for elementwise ops; for long float32 sums with large cancellation (GPU only) it errs
 * on the side of raising. Returns a no-op unless `dtype` is int64.
 */
export function int64OverflowCheck(
  backend: Backend,
  op: string,
  dtype: DType,
  exact: (dtype: DType) => Tensor,
): (result: Tensor) => void {
  if (dtype !== 'int64') return () => {};
  const shadow = shadowDType(backend);
  const expected = scope(() => exact(shadow));
  return (result) => {
    if (result.numel() === 0) {
      expected.dispose();
      return;
    }
    const failed = scope(() =>
      expected
        .sub(result.to(shadow))
        .abs()
        .gt(2 ** 30)
        .any(),
    );
    expected.dispose();
    deviceAssert(backend, failed, `int64 overflow in ${op}`, () => intOverflowError(op, 'int64'));
  };
}

/**
 * On a device that cannot read synchronously, checks on the device that every index lies in
 * `[low, size)` and raises at the next read otherwise (the kernels skip out-of-range indices meanwhile,
 * as CUDA's device-side asserts stop them). Synchronous devices check indices on the host, with the
 * offending value in the message.
 */
export function checkIndicesOnDevice(
  backend: Backend,
  op: string,
  index: Tensor,
  low: number,
  size: number,
): void {
  if (backend.capabilities.syncRead || index.numel() === 0) return;
  const failed = scope(() => index.lt(low).logicalOr(index.ge(size)).any());
  deviceAssert(
    backend,
    failed,
    `index out of range in ${op}, size ${size}`,
    () => new RangeError(`${op}: index out of bounds for dimension with size ${size}`),
  );
}

/** Raises `message` when any element of `x` satisfies `bad` (a comparison built from `x`); see above for when. */
export function checkValues(
  backend: Backend,
  x: Tensor,
  bad: (x: Tensor) => Tensor,
  message: string,
  onlyAsync = false,
): void {
  if ((onlyAsync && backend.capabilities.syncRead) || x.numel() === 0) return;
  const failed = scope(() => bad(x).any());
  deviceAssert(backend, failed, message, () => new RangeError(message));
}

/**
 * Like {@link checkValues}, for an integer `x`, with the error built from an offending value:
 * `error(value)` under the `key` that names the kind of error. On a device that reads synchronously
 * the caller's host loop names the first offending value; here, on the device, the largest one (the
 * same one when only one is out of range), at the cost of two kernels more than {@link checkValues}.
 */
export function checkValuesReporting(
  backend: Backend,
  x: Tensor,
  bad: (x: Tensor) => Tensor,
  key: string,
  error: (value?: number) => Error,
  onlyAsync = false,
): void {
  if ((onlyAsync && backend.capabilities.syncRead) || x.numel() === 0) return;
  const [failed, value] = scope(() => {
    const flat = x.reshape([-1]);
    const mask = bad(flat);
    return [mask.any(), where(mask, flat, INT32_MIN).amax().to('int32')];
  });
  deviceAssert(backend, failed, key, error, value);
}

/** Raises PyTorch's `ZeroDivisionError` when an integer `divisor` of `op` holds a zero. */
export function checkIntDivisor(backend: Backend, op: string, divisor: Tensor): void {
  if (!isIntegral(divisor.dtype) || divisor.numel() === 0) return;
  const failed = scope(() => divisor.eq(0).any());
  deviceAssert(backend, failed, `zero division in ${op}`, () => new RangeError(`${op}(): ZeroDivisionError`));
}

/**
 * Raises PyTorch's overflow error when a floating `x` cast to the integer `dtype` holds a value the
 * dtype cannot (NaN, an infinity, or beyond int32's range after truncation). PyTorch leaves this
 * undefined for int32 and holds it for int64; typetorch never returns garbage for it.
 */
export function checkIntCast(backend: Backend, x: Tensor, dtype: DType): void {
  if (!isIntegral(dtype) || !isFloating(x.dtype) || x.numel() === 0) return;
  const failed = scope(() =>
    x
      .ge(INT32_MIN)
      .logicalAnd(x.lt(INT32_MAX + 1))
      .logicalNot()
      .any(),
  );
  deviceAssert(backend, failed, `cast to ${dtype}`, () => intOverflowError('to', dtype));
}
