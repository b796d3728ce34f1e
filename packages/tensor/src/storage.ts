/**
 * Reference-counted device memory shared by a tensor and all of its views.
 * The version counter is bumped by every in-place write, so autograd can detect that a tensor it
 * saved for backward was modified (as PyTorch's `_version`).
 */
import type { Backend, StorageHandle } from './backend/contract.js';
import { runningOp } from './dispatch.js';
import { type DType, itemSize } from './dtype.js';
import { accountStorage } from './memory.js';

export class Storage {
  private refs = 0;
  /** Incremented by every in-place modification of any view of this storage. */
  version = 0;
  private freed = false;

  constructor(
    readonly backend: Backend,
    readonly handle: StorageHandle,
    readonly dtype: DType,
    /** Number of elements. */
    readonly size: number,
  ) {
    accountStorage(backend.device, this.byteLength, +1);
  }

  get byteLength(): number {
    return this.size * itemSize(this.dtype);
  }

  get isFreed(): boolean {
    return this.freed;
  }

  retain(): void {
    this.refs++;
  }

  release(): void {
    if (--this.refs > 0 || this.freed) return;
    this.freed = true;
    accountStorage(this.backend.device, this.byteLength, -1);
    this.backend.free(this.handle);
  }

  static allocate(backend: Backend, dtype: DType, size: number): Storage {
    const { dtypes, dtypeHints } = backend.capabilities;
    if (!dtypes.includes(dtype)) {
      const op = runningOp();
      const hint = dtypeHints?.[dtype];
      throw new TypeError(
        `${op === undefined ? '' : `${op}(): `}Device '${backend.device}' does not support dtype ${dtype} (supported: ${dtypes.join(', ')})${hint === undefined ? '' : `. ${hint}`}`,
      );
    }
    const bytes = size * itemSize(dtype);
    if (bytes > backend.capabilities.maxBufferBytes) {
      throw new RangeError(
        `Cannot allocate ${bytes} bytes on device '${backend.device}': the largest buffer it supports is ${backend.capabilities.maxBufferBytes} bytes`,
      );
    }
    return new Storage(backend, backend.alloc(dtype, size), dtype, size);
  }
}
