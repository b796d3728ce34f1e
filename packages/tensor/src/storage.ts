/**
 * Device memory shared by a tensor and all of its views, counted by the tensors that were not
 * disposed. The version counter is bumped by every in-place write, so autograd can detect that a
 * tensor it saved for backward was modified (as PyTorch's `_version`).
 *
 * The elements live where {@link Storage.placement} says; the memory manager may move them (see
 * `memory/device-memory.ts`), so kernels get the handle through {@link Storage.touch} at every call.
 */
import type { Backend, StorageHandle } from './backend/contract.js';
import { runningOp } from './dispatch.js';
import { type DType, itemSize, storageDType } from './dtype.js';
import { admit, clock, deviceMemory } from './memory/device-memory.js';
import { type Placement, StorageRecord } from './memory/record.js';

export class Storage {
  /** Incremented by every in-place modification of any view of this storage. */
  version = 0;
  /** Where the elements are now. */
  readonly placement: Placement;
  /** What the memory manager knows of this storage. */
  readonly record: StorageRecord;

  constructor(
    readonly backend: Backend,
    handle: StorageHandle,
    readonly dtype: DType,
    /** Number of elements. */
    readonly size: number,
  ) {
    // The record holds what the backend stores (int64 as int32), for moving and freeing the elements.
    const stored = storageDType(dtype);
    this.record = new StorageRecord(
      backend,
      deviceMemory(backend.device),
      stored,
      size,
      size * itemSize(stored),
    );
    this.placement = admit(this, handle, this.record);
  }

  /** The backend's handle as it is now; kernels should use {@link touch}. */
  get handle(): StorageHandle {
    return this.placement.handle;
  }

  get byteLength(): number {
    return this.record.bytes;
  }

  get isFreed(): boolean {
    return this.record.released;
  }

  /**
   * The handle for a kernel about to use the storage: marks the use (storages unused for a while leave
   * device memory first) and brings the elements back into device memory if a sweep moved them out.
   */
  touch(): StorageHandle {
    const p = this.placement;
    p.lastUse = clock.epoch;
    if (p.evicted) this.record.memory.readmit(this.record, p);
    return p.handle;
  }

  /** A tensor now uses this storage. */
  retain(): void {
    this.record.memory.retain(this.record);
  }

  /** A tensor using this storage was disposed; the last one frees it. */
  release(): void {
    const { record } = this;
    if (record.released) return;
    if (record.memory.release(record)) record.memory.free(this, record, this.placement.handle);
  }

  static allocate(backend: Backend, dtype: DType, size: number): Storage {
    const { dtypes, dtypeHints } = backend.capabilities;
    if (!dtypes.includes(storageDType(dtype))) {
      const op = runningOp();
      const hint = dtypeHints?.[dtype];
      throw new TypeError(
        `${op === undefined ? '' : `${op}(): `}Device '${backend.device}' does not support dtype ${dtype} (supported: ${dtypes.join(', ')})${hint === undefined ? '' : `. ${hint}`}`,
      );
    }
    const bytes = size * itemSize(storageDType(dtype));
    if (bytes > backend.capabilities.maxBufferBytes) {
      throw new RangeError(
        `Cannot allocate ${bytes} bytes on device '${backend.device}': the largest buffer it supports is ${backend.capabilities.maxBufferBytes} bytes`,
      );
    }
    return new Storage(backend, backend.alloc(storageDType(dtype), size), dtype, size);
  }
}
