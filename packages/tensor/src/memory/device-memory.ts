/**
 * The memory manager: per device, what storages hold, and how memory is reclaimed without the user's
 * help (CONTRIBUTING.md, "How memory is managed").
 *
 * JavaScript frees nothing deterministically, and the garbage collector neither sees device memory (a
 * WebAssembly heap, GPU buffers) nor tells anyone inside a synchronous loop that an object died. So:
 * - A storage in garbage-collected memory (a plain typed array) needs nothing: it dies with its tensors.
 * - A storage in device memory is freed by the last `dispose()` of its tensors, or by the finalizer
 *   once the garbage collector has found it unreachable and the event loop has turned.
 * - When device memory exceeds its limit, a sweep moves every storage that no kernel used since the
 *   previous sweep into garbage-collected memory (the backend's `evict`), where it dies with its
 *   tensors if it was garbage and stays valid if it was not. A storage moved out and used again moves
 *   back in; when that happens right after its sweep, the limit grows, because the program's working
 *   set is larger than the sweeps assumed. This is what bounds a loop that never yields.
 */
import type { Backend, StorageHandle } from '../backend/contract.js';
import { runningOp } from '../dispatch.js';
import type { TypedArray } from '../dtype.js';
import { shared } from '../global-state.js';
import { poison } from './debug.js';
import { setFinalizationHandlers, unwatchStorage, watchStorage } from './finalizer.js';
import { Placement, type StorageRecord } from './record.js';
import { afterTurn } from './turn.js';

const MiB = 2 ** 20;
/** Device memory held before the first sweep, unless {@link setDeviceMemoryLimit} says otherwise. */
const DEFAULT_LIMIT = 32 * MiB;

/**
 * One memory manager per process, shared by every loaded copy of this package (global-state.ts):
 * `memory()` counts the tensors of all of them, and their storages share one limit per device.
 */
const manager = shared('memory', () => ({
  /** Advanced by every sweep; placements remember the epoch of their last use. */
  clock: { epoch: 0 },
  /** Sweeps requested while an op ran: they run when the outermost op returns (see `dispatch`). */
  due: new Set<DeviceMemory>(),
  /** Per device. */
  devices: new Map<string, DeviceMemory>(),
}));

/** Advanced by every sweep; placements remember the epoch of their last use. */
export const clock = manager.clock;
const due = manager.due;

export class DeviceMemory {
  /** Counted tensors, storages and bytes (see {@link MemoryInfo}). */
  tensors = 0;
  storages = 0;
  bytes = 0;
  /** Bytes of resident storages. */
  deviceBytes = 0;
  evictions = 0;
  evictedBytes = 0;
  readmissions = 0;
  collected = 0;
  untracked = 0;
  /** Storages in device memory, each knowing its slot. */
  private readonly resident: StorageRecord[] = [];
  /** The floor of {@link limit}. */
  base = DEFAULT_LIMIT;
  /** Device bytes above which the next allocation sweeps. */
  limit = DEFAULT_LIMIT;
  /** Room for new storages a sweep leaves below the limit; grows when sweeps evict storages still in use. */
  headroom = DEFAULT_LIMIT / 2;
  /** Epoch at the end of the previous sweep: storages unused since then are evicted by the next. */
  private since = 0;
  /**
   * Whether the first sweep's epoch was marked: at half the first limit, so that the first sweep has a
   * previous one to compare uses with and does not let device memory reach twice the limit.
   */
  private marked = false;
  /** Whether the last backend seen here can evict. */
  private evictable = false;
  /** Without eviction: a turn of the event loop was asked for when device memory passed the limit. */
  private awaitingTurn = false;
  /** Storages allocated in device memory since then. */
  private allocatedWhileAwaiting = 0;
  private warned = false;

  constructor(readonly device: string) {}

  /**
   * Accounts a new storage. Storages the finalizer cannot watch (registration paused) are counted only
   * while they are in device memory, where the manager follows them itself: a number that could only
   * grow would say nothing.
   */
  add(record: StorageRecord, placement: Placement, inDevice: boolean): void {
    record.counted = record.tracked || inDevice;
    if (record.counted) {
      this.storages++;
      this.bytes += record.bytes;
    } else this.untracked++;
    if (inDevice) this.enter(record, placement);
  }

  retain(record: StorageRecord): void {
    record.refs++;
    if (record.counted) this.tensors++;
  }

  /** A tensor on the storage was disposed; true when it was the last one. */
  release(record: StorageRecord): boolean {
    record.refs--;
    if (record.counted) this.tensors--;
    return record.refs === 0;
  }

  /** Frees a storage whose last tensor was disposed. `handle` is its current one (poisoned when debugging). */
  free(storage: object, record: StorageRecord, handle: StorageHandle): void {
    record.released = true;
    if (record.tracked) unwatchStorage(storage);
    this.uncount(record);
    if (!record.pinned) poison(record.backend, handle, record.dtype, record.size); // host code may read it
    if (record.resident !== null) {
      this.leave(record);
      record.backend.free(handle);
    }
  }

  /**
   * The finalizer found a storage collected. Not poisoned: no tensor can reach it any more, and a
   * poisoning kernel would land in whatever batch of GPU work happens to be open.
   */
  onCollected(record: StorageRecord): void {
    if (record.released) return;
    record.released = true;
    this.collected++;
    this.uncount(record);
    const placement = record.resident;
    if (placement !== null) {
      this.leave(record);
      record.backend.free(placement.handle);
    }
  }

  /** The finalizer found a view collected: one tensor fewer on its storage. */
  onViewCollected(record: StorageRecord): void {
    if (record.released) return;
    record.refs--;
    if (record.counted) this.tensors--;
  }

  /**
   * Moves every resident storage that no kernel used since the previous sweep to garbage-collected
   * memory, then sets the next limit: what is left plus the headroom.
   */
  sweep(): void {
    due.delete(this);
    const cutoff = this.since;
    for (let i = this.resident.length - 1; i >= 0; i--) {
      const record = this.resident[i];
      if (record.resident!.lastUse < cutoff && record.backend.evict !== undefined) this.evict(record);
    }
    this.since = ++clock.epoch;
    this.limit = Math.max(this.base, this.deviceBytes + this.headroom);
  }

  /**
   * A kernel is about to use a storage a sweep evicted: bring it back into device memory. Used again
   * before the next sweep means it was in use when evicted: the working set is larger than the
   * headroom, which grows so that the next sweeps leave it alone.
   */
  readmit(record: StorageRecord, placement: Placement): void {
    placement.evicted = false;
    this.readmissions++;
    if (placement.evictedAt === this.since) this.headroom += 2 * record.bytes;
    const { backend } = record;
    const handle = backend.alloc(record.dtype, record.size);
    if (!isDeviceMemory(backend, handle)) return; // device memory is full: stay where it is
    backend.write(handle, record.dtype, placement.handle as TypedArray, 0);
    placement.handle = handle;
    if (!record.counted) {
      record.counted = true;
      this.storages++;
      this.bytes += record.bytes;
      this.tensors += record.refs;
    }
    this.enter(record, placement);
  }

  /**
   * Keeps a storage in garbage-collected memory for good, because host code holds a typed array that
   * aliases it (`Tensor.numpy()`, `fromTypedArray`): a resident one moves out now (the backend's
   * `evict`, without counting an eviction), an evicted one stays out, and sweeps, readmissions and
   * memory debugging's poison leave it alone from now on. Returns false when it cannot move out (a
   * resident storage on a backend without `evict`).
   */
  pin(record: StorageRecord, placement: Placement): boolean {
    const { backend } = record;
    if (record.resident !== null) {
      if (backend.evict === undefined) return false;
      const old = placement.handle;
      placement.handle = backend.evict(old, record.dtype, record.size);
      this.leave(record);
      poison(backend, old, record.dtype, record.size);
      backend.free(old);
      if (!record.tracked) this.uncount(record); // as evict: untracked storages count only in device memory
    }
    placement.evicted = false;
    record.pinned = true;
    return true;
  }

  private evict(record: StorageRecord): void {
    const placement = record.resident!;
    const { backend } = record;
    const old = placement.handle;
    placement.handle = backend.evict!(old, record.dtype, record.size);
    placement.evicted = true;
    placement.evictedAt = clock.epoch + 1;
    this.leave(record);
    poison(backend, old, record.dtype, record.size);
    backend.free(old);
    this.evictions++;
    this.evictedBytes += record.bytes;
    // An untracked storage leaves the counts with device memory (see add).
    if (!record.tracked) this.uncount(record);
  }

  private enter(record: StorageRecord, placement: Placement): void {
    record.resident = placement;
    record.slot = this.resident.length;
    this.resident.push(record);
    this.deviceBytes += record.bytes;
    this.evictable = record.backend.evict !== undefined;
    this.allocatedWhileAwaiting++;
    if (!this.marked && this.deviceBytes > this.limit / 2) {
      this.marked = true;
      this.since = ++clock.epoch;
    }
    if (this.deviceBytes <= this.limit) return;
    if (!this.evictable) this.watchTurns();
    // Never inside an op: its kernels may hold handles of storages a sweep would move.
    else if (runningOp() === undefined) this.sweep();
    else due.add(this);
  }

  /**
   * A device that cannot evict frees undisposed storages only through the finalizer, in event loop
   * turns. Each time its memory doubles, ask for a turn; if the memory doubles again before the turn
   * came, over thousands of allocations (building a large model is a few hundred), the program is a
   * loop that never yields, and the user should hear why memory grows.
   */
  private watchTurns(): void {
    if (this.awaitingTurn && !this.warned && this.allocatedWhileAwaiting >= 5000) {
      this.warned = true;
      const mib = (b: number) => `${Math.round(b / 2 ** 20)} MiB`;
      console.warn(
        `typetorch: device '${this.device}' holds ${mib(this.deviceBytes)} and the event loop has not turned since it held ${mib(this.limit / 2)}. Tensors that are not disposed are freed on this device only when the program awaits something (a read such as \`await loss.item()\`); a loop that never awaits should dispose them or run its steps in scope().`,
      );
    }
    if (!this.awaitingTurn) {
      this.awaitingTurn = true;
      this.allocatedWhileAwaiting = 0;
      afterTurn(() => {
        this.awaitingTurn = false;
      });
    }
    this.limit = 2 * this.deviceBytes;
  }

  private leave(record: StorageRecord): void {
    const last = this.resident.pop()!;
    if (last !== record) {
      this.resident[record.slot] = last;
      last.slot = record.slot;
    }
    record.slot = -1;
    record.resident = null;
    this.deviceBytes -= record.bytes;
  }

  private uncount(record: StorageRecord): void {
    if (!record.counted) return;
    record.counted = false;
    this.storages--;
    this.bytes -= record.bytes;
    this.tensors -= record.refs;
  }

  /** Counted bytes when a read last took an event loop turn. */
  bytesAtTurn = 0;

  /**
   * Finalizations should run soon (see `turn.ts`): device memory is past half its limit, or what is
   * counted grew by as much since the last turn (garbage-collected storages: memory() lags).
   */
  get underPressure(): boolean {
    return this.deviceBytes > this.limit / 2 || this.bytes - this.bytesAtTurn > this.limit / 2;
  }

  /** Whether sweeps can move storages out of this device's memory. */
  get canEvict(): boolean {
    return this.evictable;
  }
}

const devices = manager.devices;

/** The manager of one device's memory. */
export function deviceMemory(device: string): DeviceMemory {
  let m = devices.get(device);
  if (m === undefined) {
    m = new DeviceMemory(device);
    devices.set(device, m);
  }
  return m;
}

setFinalizationHandlers(
  (record) => record.memory.onCollected(record),
  (record) => record.memory.onViewCollected(record),
);

/** Runs the sweeps requested during the op that just returned. */
export function runDueSweeps(): void {
  if (due.size === 0) return; // the rule, after every op: skip making an iterator
  for (const m of due) m.sweep();
}

/** Whether the backend's storage lives in device memory (backends that do not say: all of it). */
export function isDeviceMemory(backend: Backend, handle: StorageHandle): boolean {
  return backend.isDeviceMemory === undefined || backend.isDeviceMemory(handle);
}

/** Accounts a new storage: its placement, finalization and residency. */
export function admit(storage: object, handle: StorageHandle, record: StorageRecord): Placement {
  const placement = new Placement(handle, clock.epoch);
  record.tracked = watchStorage(storage, record);
  record.memory.add(record, placement, isDeviceMemory(record.backend, handle));
  return placement;
}

/**
 * Sets the device memory (bytes) that `device` may hold before a sweep moves storages no kernel used
 * lately into garbage-collected memory (default 32 MiB; the limit grows past it when the working set
 * needs more). Backends that cannot move storages ignore it. For tests and tight memory budgets.
 * Returns the previous setting.
 * (PyTorch: `torch.cuda.set_per_process_memory_fraction`, roughly: there the limit is a hard cap.)
 */
export function setDeviceMemoryLimit(device: string, bytes: number): number {
  if (!(bytes >= 0)) throw new RangeError(`setDeviceMemoryLimit(): expected a byte count >= 0, got ${bytes}`);
  const m = deviceMemory(device);
  const previous = m.base;
  m.base = bytes;
  m.headroom = bytes / 2;
  m.limit = Math.max(bytes, Math.min(m.limit, m.deviceBytes + m.headroom));
  return previous;
}

/** What is held on one device (see {@link memory}; PyTorch: `torch.cuda.memory_stats()`, roughly). */
export interface MemoryInfo {
  /** Tensors neither disposed nor known to be collected, views included (PyTorch has no equivalent). */
  numTensors: number;
  /** Storages (allocations) neither freed nor known to be collected (PyTorch: `memory_stats()['allocation.all.current']`). */
  numStorages: number;
  /** Bytes of those storages, wherever they are (the two fields below) (PyTorch: `torch.cuda.memory_allocated()`). */
  numBytes: number;
  /**
   * Of `numBytes`, what is in the device's own memory (backend-cpu's WebAssembly heap, GPU buffers),
   * including storages that are unreachable but not yet reclaimed: the finalizer frees them when the
   * event loop turns, a sweep moves them out when this exceeds `deviceLimitBytes`.
   * PyTorch: `torch.cuda.memory_allocated()` is the nearest figure.
   */
  deviceBytes: number;
  /**
   * Of `numBytes`, what is in garbage-collected memory (typed arrays): small and non-float32 storages
   * on the CPU, and storages sweeps moved out. The garbage collector frees what is unreachable;
   * memory() learns of it when the event loop turns.
   * PyTorch has no equivalent.
   */
  hostBytes: number;
  /** Device bytes that make the next allocation sweep, or null when this device cannot move storages (PyTorch has no equivalent). */
  deviceLimitBytes: number | null;
  /** Storages sweeps moved out of device memory so far (PyTorch has no equivalent: its storages never move). */
  evictions: number;
  /** The bytes of those {@link evictions} (PyTorch has no equivalent). */
  evictedBytes: number;
  /** Of those, how many were used again and moved back in (PyTorch has no equivalent). */
  readmissions: number;
  /** Storages freed because the garbage collector found them unreachable (the rest were disposed); PyTorch has no equivalent. */
  collected: number;
  /**
   * Storages memory() stopped following: created while the event loop had not turned for so long
   * that finalizations were paused (see `finalizer.ts`). The garbage collector frees them as usual.
   * PyTorch has no equivalent.
   */
  untracked: number;
}

function info(m: DeviceMemory): MemoryInfo {
  return {
    numTensors: m.tensors,
    numStorages: m.storages,
    numBytes: m.bytes,
    deviceBytes: m.deviceBytes,
    hostBytes: m.bytes - m.deviceBytes,
    deviceLimitBytes: m.canEvict ? m.limit : null,
    evictions: m.evictions,
    evictedBytes: m.evictedBytes,
    readmissions: m.readmissions,
    collected: m.collected,
    untracked: m.untracked,
  };
}

/**
 * What is held per device (in the spirit of `torch.cuda.memory_allocated` and
 * `torch.cuda.memory_stats`), or for one device when named.
 */
export function memory(): Record<string, MemoryInfo>;
export function memory(device: string): MemoryInfo;
export function memory(device?: string): MemoryInfo | Record<string, MemoryInfo> {
  if (device !== undefined) return info(deviceMemory(device));
  const out: Record<string, MemoryInfo> = {};
  for (const [d, m] of devices) out[d] = info(m);
  return out;
}
