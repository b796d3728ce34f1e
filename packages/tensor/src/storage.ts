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

/**
 * The memory of a tensor and its views: `size` elements of `dtype` on one backend, refcounted by the
 * tensors that use it (PyTorch: `torch.UntypedStorage`, `Tensor.untyped_storage()`). Made by
 * {@link Storage.allocate}; users rarely touch it.
 */
export class Storage {
  /** Incremented by every in-place modification of any view of this storage (PyTorch: `Tensor._version`). */
  version = 0;
  /** @internal Where the elements are now (PyTorch has no equivalent: its storages never move). */
  readonly placement: Placement;
  /** @internal What the memory manager knows of this storage: refcount, bytes, device (PyTorch has no public equivalent). */
  readonly record: StorageRecord;

  /** Use {@link Storage.allocate}; this wraps a handle the backend already allocated. */
  constructor(
    /** The backend that owns the memory (PyTorch: `UntypedStorage.device`). */
    readonly backend: Backend,
    handle: StorageHandle,
    /** The tensors' dtype; an int64 storage holds int32 elements (PyTorch: storages are untyped). */
    readonly dtype: DType,
    /** Number of elements (PyTorch: `UntypedStorage.nbytes()` divided by the element size). */
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

  /** The backend's handle as it is now; kernels should use {@link touch} (PyTorch: `UntypedStorage.data_ptr()`). */
  get handle(): StorageHandle {
    return this.placement.handle;
  }

  /** Bytes held, as stored: 4 per int64 element (PyTorch: `UntypedStorage.nbytes()`). */
  get byteLength(): number {
    return this.record.bytes;
  }

  /** Whether the last tensor released the storage and its memory was freed (PyTorch has no equivalent). */
  get isFreed(): boolean {
    return this.record.released;
  }

  /**
   * The handle for a kernel about to use the storage: marks the use (storages unused for a while leave
   * device memory first) and brings the elements back into device memory if a sweep moved them out.
   * PyTorch has no equivalent: its storages never move.
   */
  touch(): StorageHandle {
    const p = this.placement;
    p.lastUse = clock.epoch;
    if (p.evicted) this.record.memory.readmit(this.record, p);
    return p.handle;
  }

  /** A tensor now uses this storage: one more reference (PyTorch: the storage's refcount). */
  retain(): void {
    this.record.memory.retain(this.record);
  }

  /** A tensor using this storage was disposed; the last one frees it (PyTorch: a refcount decrement). */
  release(): void {
    const { record } = this;
    if (record.released) return;
    if (record.memory.release(record)) record.memory.free(this, record, this.placement.handle);
  }

  /**
   * Allocates `size` zeroed elements of `dtype` on `backend`, checking that the backend supports the
   * dtype and the size (PyTorch: `torch.UntypedStorage(nbytes, device=...)`). With `zeroed` false the
   * elements are unspecified where the backend has `allocEmpty`: only for a kernel's output that the
   * kernel writes whole (PyTorch: the storage of `torch.empty`).
   */
  static allocate(backend: Backend, dtype: DType, size: number, zeroed = true): Storage {
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
    const stored = storageDType(dtype);
    const handle =
      !zeroed && backend.allocEmpty !== undefined
        ? backend.allocEmpty(stored, size)
        : backend.alloc(stored, size);
    return new Storage(backend, handle, dtype, size);
  }
}
