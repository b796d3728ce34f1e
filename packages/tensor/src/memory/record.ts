/**
 * The two small objects the memory manager keeps per storage, kept apart from the `Storage` itself so
 * that the manager and a pending finalization never keep a storage (or its elements) alive.
 */
import type { Backend, StorageHandle } from '../backend/contract.js';
import type { DType } from '../dtype.js';
import type { DeviceMemory } from './device-memory.js';

/**
 * Where a storage's elements are now. Kernels read `handle` at every call; the memory manager replaces
 * it when it moves the elements out of device memory and back, so tensors and views never notice.
 */
export class Placement {
  /** The manager's epoch when a kernel last used the storage (see `DeviceMemory.sweep`). */
  lastUse: number;
  /** Moved out of device memory by a sweep; the next kernel that uses it brings it back. */
  evicted = false;
  /** The epoch of that sweep. */
  evictedAt = -1;

  constructor(
    public handle: StorageHandle,
    epoch: number,
  ) {
    this.lastUse = epoch;
  }
}

/**
 * What the memory manager knows of one storage. It is also what a pending finalization holds: once the
 * storage has left device memory it references no elements, so a storage collected while the event
 * loop is busy costs only this record until the finalizer runs.
 */
export class StorageRecord {
  /** Tensors on the storage that were neither disposed nor (for views) collected. */
  refs = 0;
  /** Freed, by the last dispose or by finalization; nothing more to account. */
  released = false;
  /** Registered with the finalizer, which reports the storage when it is garbage-collected. */
  tracked = false;
  /** Included in `memory()`'s counts (see `DeviceMemory.add` for the storages that are not). */
  counted = false;
  /** The placement while the storage is in device memory, else null. */
  resident: Placement | null = null;
  /** Index in its device's resident list, -1 when not resident. */
  slot = -1;
  /** Host code holds an array aliasing it: it stays in garbage-collected memory, never poisoned (`pin`). */
  pinned = false;

  constructor(
    readonly backend: Backend,
    /** The manager of the backend's device. */
    readonly memory: DeviceMemory,
    readonly dtype: DType,
    /** Number of elements. */
    readonly size: number,
    readonly bytes: number,
  ) {}
}
