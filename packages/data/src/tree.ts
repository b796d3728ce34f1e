/** Walking the nested structures that items and batches are made of (arrays, plain objects, Maps). */
import { Tensor, untrack } from '@typetorch/tensor';

/** Calls `fn` on every tensor inside arrays, plain objects and Maps (not inside class instances). */
export function forEachTensor(value: unknown, fn: (t: Tensor) => void, seen = new Set<unknown>()): void {
  if (value === null || typeof value !== 'object' || seen.has(value)) return;
  seen.add(value);
  if (value instanceof Tensor) fn(value);
  else if (Array.isArray(value)) for (const v of value) forEachTensor(v, fn, seen);
  else if (value instanceof Map) for (const v of value.values()) forEachTensor(v, fn, seen);
  else if (Object.getPrototypeOf(value) === Object.prototype || Object.getPrototypeOf(value) === null) {
    for (const v of Object.values(value)) forEachTensor(v, fn, seen);
  }
}

/**
 * Disposes every tensor inside a batch or item: arrays, tuples, plain objects and Maps are walked
 * (class instances are not). For consumers of a {@link DataLoader} and custom collate functions (PyTorch
 * has none: tensors there are freed by reference counting).
 */
export function disposeTensors(value: unknown): void {
  forEachTensor(value, (t) => t.dispose());
}

/** Removes every tensor inside `value` from the open scopes (see `untrack` in the tensor package). */
export function untrackTensors<T>(value: T): T {
  forEachTensor(value, (t) => untrack(t));
  return value;
}

export function isThenable<T>(value: T | PromiseLike<T>): value is PromiseLike<T> {
  return (
    value !== null &&
    (typeof value === 'object' || typeof value === 'function') &&
    typeof (value as { then?: unknown }).then === 'function'
  );
}

const noop = (): void => {};

/** Disposes the tensors of a batch that arrives after nobody wants it any more; errors are dropped. */
export function disposeWhenSettled(value: unknown): void {
  if (isThenable(value)) value.then(disposeTensors, noop);
  else disposeTensors(value);
}
