/**
 * Scopes: deterministic disposal for loops that want it. Memory does not depend on them (unreachable
 * storages are reclaimed by the memory manager, see `device-memory.ts`); a scope only frees a step's
 * tensors at once instead of when the manager gets to them.
 */
import { shared } from '../global-state.js';

/** Something a scope can dispose: tensors register themselves on creation (PyTorch has no equivalent). */
export interface Disposable {
  /** Frees what it holds (PyTorch has no equivalent; see `Tensor.dispose`). */
  dispose(): void;
  /** Whether `dispose()` was called (PyTorch has no equivalent). */
  readonly isDisposed: boolean;
  /**
   * Told when it leaves the last open scope alive (returned from the outermost one, `keep` or
   * `untrack`): until then a scope holds it, so the garbage collector cannot take it, and tensors
   * wait until now to ask the finalizer about it (PyTorch has no equivalent).
   */
  leftScopes?(): void;
}

/**
 * The open scopes, innermost last. Shared by every loaded copy of this package (global-state.ts): a
 * scope opened through one copy adopts the tensors that ops of another (a backend's, nn's) create.
 */
const scopes = shared('scopes', (): Set<Disposable>[] => []);

/** Whether a scope is open: a tensor made now is held by it until it leaves the scopes (`leftScopes`). */
export function insideScope(): boolean {
  return scopes.length > 0;
}

/** Called by every tensor on creation: the innermost open scope adopts it. */
export function trackInScope(t: Disposable): void {
  const top = scopes[scopes.length - 1];
  if (top !== undefined) top.add(t);
}

/**
 * Keeps a tensor alive past the scope that created it (it moves to the enclosing scope, if any).
 * Returns its argument.
 * PyTorch has no equivalent (it frees by refcount); compare TF.js `tf.keep`.
 */
export function keep<T extends Disposable>(t: T): T {
  for (let i = scopes.length - 1; i >= 0; i--) {
    if (scopes[i].delete(t)) {
      if (i > 0) scopes[i - 1].add(t);
      else t.leftScopes?.();
      break;
    }
  }
  return t;
}

/**
 * Removes a tensor from every open scope, so no scope disposes it: for tensors whose lifetime
 * something else manages (autograd's saved tensors and accumulated gradients). Returns its argument.
 * PyTorch has no equivalent.
 */
export function untrack<T extends Disposable>(t: T): T {
  let held = false;
  for (const s of scopes) held = s.delete(t) || held;
  if (held) t.leftScopes?.();
  return t;
}

function collectReturned(value: unknown, found: Set<Disposable>, seen: Set<unknown>): void {
  if (value === null || typeof value !== 'object' || seen.has(value)) return;
  seen.add(value);
  if ('dispose' in value && 'isDisposed' in value) {
    found.add(value as Disposable);
    return;
  }
  if (Array.isArray(value)) for (const v of value) collectReturned(v, found, seen);
  else if (value instanceof Map) for (const v of value.values()) collectReturned(v, found, seen);
  else if (Object.getPrototypeOf(value) === Object.prototype) {
    for (const v of Object.values(value)) collectReturned(v, found, seen);
  }
}

function closeScope(owned: Set<Disposable>, result: unknown): void {
  const idx = scopes.lastIndexOf(owned);
  if (idx >= 0) scopes.splice(idx, 1);
  const returned = new Set<Disposable>();
  collectReturned(result, returned, new Set());
  const parent = scopes[scopes.length - 1];
  for (const t of owned) {
    if (returned.has(t)) {
      if (parent !== undefined) parent.add(t);
      else t.leftScopes?.();
    } else if (!t.isDisposed) t.dispose();
  }
}

/**
 * Runs `fn` and disposes every tensor created inside it, except those it returns (found in a
 * returned tensor, array, Map or plain object) and those passed to {@link keep}. Works with async
 * functions: the scope closes when the promise settles. Async scopes must not interleave (each
 * awaited in turn), because a scope adopts every tensor created while it is the innermost one.
 * (TensorFlow.js calls this `tidy`; PyTorch relies on the garbage collector instead.)
 */
export function scope<T>(fn: () => T): T {
  const owned = new Set<Disposable>();
  scopes.push(owned);
  let result: T;
  try {
    result = fn();
  } catch (err) {
    closeScope(owned, undefined);
    throw err;
  }
  if (result instanceof Promise) {
    return result.then(
      (value) => {
        closeScope(owned, value);
        return value;
      },
      (err) => {
        closeScope(owned, undefined);
        throw err;
      },
    ) as T;
  }
  closeScope(owned, result);
  return result;
}
