/**
 * Memory accounting and scopes.
 *
 * JS has no deterministic destructors, so device memory is freed by `dispose()` (refcounted through
 * views), by {@link scope} for loops, and as a last resort by a FinalizationRegistry when a tensor
 * is garbage-collected. {@link memory} reports what is alive so tests can prove a loop does not leak.
 */

interface DeviceStats {
  tensors: number;
  storages: number;
  bytes: number;
}

const stats = new Map<string, DeviceStats>();

function statsFor(device: string): DeviceStats {
  let s = stats.get(device);
  if (s === undefined) {
    s = { tensors: 0, storages: 0, bytes: 0 };
    stats.set(device, s);
  }
  return s;
}

export function accountStorage(device: string, bytes: number, sign: 1 | -1): void {
  const s = statsFor(device);
  s.storages += sign;
  s.bytes += sign * bytes;
}

export function accountTensor(device: string, sign: 1 | -1): void {
  statsFor(device).tensors += sign;
}

/** What is alive on one device. */
export interface MemoryInfo {
  /** Live (not disposed, not collected) tensor objects, views included. */
  numTensors: number;
  /** Live storages (device allocations). */
  numStorages: number;
  /** Bytes held by live storages. */
  numBytes: number;
}

/**
 * Live tensors, storages and bytes per device (in the spirit of `torch.cuda.memory_allocated`),
 * or for one device when named.
 */
export function memory(): Record<string, MemoryInfo>;
export function memory(device: string): MemoryInfo;
export function memory(device?: string): MemoryInfo | Record<string, MemoryInfo> {
  const view = (s: DeviceStats): MemoryInfo => ({
    numTensors: s.tensors,
    numStorages: s.storages,
    numBytes: s.bytes,
  });
  if (device !== undefined) return view(statsFor(device));
  const out: Record<string, MemoryInfo> = {};
  for (const [d, s] of stats) out[d] = view(s);
  return out;
}

/** Something a scope can dispose: tensors register themselves on creation. */
export interface Disposable {
  dispose(): void;
  readonly isDisposed: boolean;
}

const scopes: Set<Disposable>[] = [];

/** Called by every tensor on creation: the innermost open scope adopts it. */
export function trackInScope(t: Disposable): void {
  const top = scopes[scopes.length - 1];
  if (top !== undefined) top.add(t);
}

/**
 * Keeps a tensor alive past the scope that created it (it moves to the enclosing scope, if any).
 * Returns its argument.
 */
export function keep<T extends Disposable>(t: T): T {
  for (let i = scopes.length - 1; i >= 0; i--) {
    if (scopes[i].delete(t)) {
      if (i > 0) scopes[i - 1].add(t);
      break;
    }
  }
  return t;
}

/**
 * Removes a tensor from every open scope, so no scope disposes it: for tensors whose lifetime
 * something else manages (autograd's saved tensors and accumulated gradients). Returns its argument.
 */
export function untrack<T extends Disposable>(t: T): T {
  for (const s of scopes) s.delete(t);
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
    if (returned.has(t)) parent?.add(t);
    else if (!t.isDisposed) t.dispose();
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
