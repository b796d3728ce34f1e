/**
 * Errors that depend on values on the device: an index out of range, an int64 result that does not
 * fit its 32-bit storage, an integer division by zero. A device that reads synchronously raises them
 * at the op, as PyTorch's CPU does. An asynchronous device (a GPU) cannot stop to look, so, like
 * CUDA's device-side asserts, the op runs, a flag computed on the device is kept, and the next read
 * from that device (`await t.data()`, `item()`, `toArray()`...) raises the error instead of returning
 * values. Nothing is silently wrong: every way values leave the device goes through such a read.
 */

import { positional } from './arity.js';
import type { Backend } from './backend/contract.js';
import { INT32_MIN } from './dtype.js';
import { shared } from './global-state.js';
import { scope, untrack } from './memory/scope.js';
import { arange } from './ops/creation.js';
import { where } from './ops/elementwise.js';
import { viewOf } from './ops/internal.js';
import { stack } from './ops/join.js';
import type { Tensor } from './tensor.js';

interface Pending {
  /** A 0-d int32 tensor on the device: 0 if the checks passed, else 1 + the index of the error. */
  readonly code: Tensor;
  /** A 0-d int32 tensor on the device: the offending value the error names, if it names one. */
  readonly value?: Tensor;
}

/** Builds the error of a failed check, given the offending value when the check reports one. */
type ErrorOf = (value?: number) => Error;

/**
 * Per device: the flags not yet read, and the distinct errors they can report. Shared by every
 * loaded copy of this package (global-state.ts): a read through one copy raises what an op run
 * through another flagged.
 */
const pending = shared(
  'deviceChecks',
  () => new Map<string, { flags: Pending[]; errors: ErrorOf[]; keys: string[] }>(),
);

/** More unread flags than this are folded into one, so a loop that never reads stays bounded. */
const MAX_PENDING = 16;

/**
 * Raises `error()` if the 0-d bool tensor `failed` is true: now on a device that reads
 * synchronously, else at the next read from the device. Takes ownership of `failed`. `key` names
 * the kind of error (a few kinds per device; folded flags keep one error per kind).
 */
export function deviceAssert(
  backend: Backend,
  failed: Tensor,
  key: string,
  error: ErrorOf,
  value?: Tensor,
): void {
  if (backend.capabilities.syncRead && backend.readSync !== undefined) {
    const hit = backend.readSync(viewOf(failed))[0] !== 0;
    const v = hit && value !== undefined ? backend.readSync(viewOf(value))[0] : undefined;
    failed.dispose();
    value?.dispose();
    if (hit) throw error(v);
    return;
  }
  let state = pending.get(backend.device);
  if (state === undefined) {
    state = { flags: [], errors: [], keys: [] };
    pending.set(backend.device, state);
  }
  let index = state.keys.indexOf(key);
  if (index < 0) {
    index = state.keys.push(key) - 1;
    state.errors.push(error);
  }
  const asInt = failed.to('int32');
  const code = untrack(asInt.mul(index + 1));
  asInt.dispose();
  failed.dispose();
  state.flags.push({ code, value: value === undefined ? undefined : untrack(value) });
  if (state.flags.length > MAX_PENDING) fold(state.flags);
}

/**
 * Folds the flags into one that reports what reading them in order would: the first failed check,
 * with its value.
 */
function fold(flags: Pending[]): void {
  const folded = flags.splice(0);
  const [code, value] = scope(() => {
    const codes = stack(folded.map((f) => f.code));
    // The first nonzero code (argmax of a 0/1 mask is its first 1), picked without an indexed read
    // and with amax rather than sum: no op here runs a check of its own.
    const first = codes.ne(0).to('int32').argmax();
    const at = arange(folded.length, { device: codes.device, dtype: 'int32' }).eq(first);
    const pick = (t: Tensor) => where(at, t, INT32_MIN).amax();
    // A flag without a value stands in its code: its error does not read the value.
    const hasValue = folded.some((f) => f.value !== undefined);
    return [pick(codes), hasValue ? pick(stack(folded.map((f) => f.value ?? f.code))) : undefined] as const;
  });
  for (const f of folded) {
    f.code.dispose();
    f.value?.dispose();
  }
  flags.unshift({ code: untrack(code), value: value === undefined ? undefined : untrack(value) });
}

/**
 * Reads the device's pending flags; raises the first failed check's error (e.g. an index out of
 * range found by a kernel). (PyTorch: the `RuntimeError` a CUDA device-side assert raises at the next
 * synchronization, e.g. `torch.cuda.synchronize()`.)
 */
export async function raiseDeviceErrors(device: string): Promise<void> {
  const state = pending.get(device);
  if (state === undefined || state.flags.length === 0) return;
  const flags = state.flags.splice(0);
  let failed = 0;
  let value: number | undefined;
  for (const f of flags) {
    const code = (await f.code.storage.backend.read(viewOf(f.code)))[0];
    if (failed === 0 && code !== 0) {
      failed = code;
      if (f.value !== undefined) value = (await f.value.storage.backend.read(viewOf(f.value)))[0];
    }
    f.code.dispose();
    f.value?.dispose();
  }
  if (failed !== 0) throw state.errors[failed - 1](value);
}

/**
 * Raises `message` if the one-element `condition` is false (zero): at once on a device that reads
 * synchronously, else at the next read from its device, without stalling it (PyTorch:
 * `torch._assert_async`).
 */
export const assertAsync = positional(
  (condition: Tensor, message = 'Expected Tensor with single nonzero value, but got zero'): void => {
    if (condition.numel() !== 1) {
      throw new RangeError('_assert_async: Boolean value of Tensor with more than one value is ambiguous');
    }
    const failed = scope(() => condition.reshape([]).logicalNot());
    deviceAssert(condition.storage.backend, failed, message, () => new RangeError(message));
  },
  'assertAsync',
  1,
  2,
);
