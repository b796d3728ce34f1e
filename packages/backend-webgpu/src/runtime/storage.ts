/// <reference types="@webgpu/types" preserve="true" />
import type { DType, StorageHandle, View } from '@typetorch/tensor';
import { coversStorage } from './layout.js';

/**
 * The storage handle of the WebGPU backend. float32 is `f32`, int32 `i32`, bool a `u32` holding 0 or 1
 * (WGSL has no byte type, and packing four bools per word would make every strided bool access a
 * read-modify-write), and float16 (with the `shader-f16` feature) `f16`, 2 bytes per element; buffers
 * are rounded up to whole 4-byte words.
 */
export class GpuStorage {
  /** Batch number of the last command encoder that referenced this storage (see `Runtime.batch`). */
  lastUse = -1;
  freed = false;
  /** A pooled buffer that still holds old data: cleared at its first use (see `Runtime.alloc`). */
  needsZero = false;
  /**
   * Set when a batch that wrote this storage failed on the device (or a kernel read a poisoned input
   * into it): reading it rejects with this error instead of returning whatever the buffer holds.
   */
  poison: Error | null = null;

  constructor(
    readonly buffer: GPUBuffer,
    readonly dtype: DType,
    /** Number of elements. */
    readonly size: number,
  ) {}
}

export function asStorage(handle: StorageHandle, op: string): GpuStorage {
  if (!(handle instanceof GpuStorage)) {
    throw new TypeError(`${op}(): expected a storage of the webgpu backend, got ${String(handle)}`);
  }
  if (handle.freed) throw new Error(`${op}(): the storage was already freed`);
  return handle;
}

/** Bytes per element on the device (see {@link GpuStorage}). */
export function elementBytes(dtype: DType): number {
  return dtype === 'float16' ? 2 : 4;
}

/** Bytes of the buffer behind `size` elements of `dtype`: at least one 4-byte word, whole words. */
export function bufferBytes(dtype: DType, size: number): number {
  return Math.ceil((Math.max(size, 1) * elementBytes(dtype)) / 4) * 4;
}

/** The binding of a kernel's output view; marks when the kernel overwrites the whole storage. */
export function write(out: View, op: string): { storage: GpuStorage; access: 'write'; overwrites: boolean } {
  const storage = asStorage(out.storage, op);
  return { storage, access: 'write', overwrites: coversStorage(out, storage.size) };
}
