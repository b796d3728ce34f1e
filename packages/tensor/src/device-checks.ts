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
import { scope, untrack } from './memory/scope.js';
import { viewOf } from './ops/internal.js';
import type { Tensor } from './tensor.js';

interface Pending {
  /** A 0-d int32 tensor on the device: 0 if the checks passed, else 1 + the index of the error. */
  readonly code: Tensor;
}

/** Per device: the flags not yet read, and the distinct errors they can report. */
const pending = new Map<string, { flags: Pending[]; errors: (() => Error)[]; keys: string[] }>();

/** More unread flags than this are folded into one, so a loop that never reads stays bounded. */
const MAX_PENDING = 16;

/**
 * Raises `error()` if the 0-d bool tensor `failed` is true: now on a device that reads
 * synchronously, else at the next read from the device. Takes ownership of `failed`. `key` names
 * the kind of error (a few kinds per device; folded flags keep one error per kind).
 */
export function deviceAssert(backend: Backend, failed: Tensor, key: string, error: () => Error): void {
  if (backend.capabilities.syncRead && backend.readSync !== undefined) {
    const hit = backend.readSync(viewOf(failed))[0] !== 0;
    failed.dispose();
    if (hit) throw error();
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
  state.flags.push({ code });
  if (state.flags.length > MAX_PENDING) fold(state.flags);
}

/** Folds the flags into one (the largest code wins: some failed check is reported). */
function fold(flags: Pending[]): void {
  let code = flags[0].code;
  for (const f of flags.slice(1)) {
    const next = untrack(code.maximum(f.code));
    if (code !== flags[0].code) code.dispose();
    f.code.dispose();
    code = next;
  }
  flags[0].code.dispose();
  flags.splice(0, flags.length, { code });
}

/** Reads the device's pending flags; raises the first failed check's error. */
export async function raiseDeviceErrors(device: string): Promise<void> {
  const state = pending.get(device);
  if (state === undefined || state.flags.length === 0) return;
  const flags = state.flags.splice(0);
  let failed = 0;
  for (const f of flags) {
    const code = (await f.code.storage.backend.read(viewOf(f.code)))[0];
    f.code.dispose();
    if (failed === 0 && code !== 0) failed = code;
  }
  if (failed !== 0) throw state.errors[failed - 1]();
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
