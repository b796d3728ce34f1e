/**
 * The memory manager's tests run it over a fake backend whose "device memory" is Float32Arrays it
 * tags, so sweeps, readmission, pinning and accounting can be watched without a real device.
 * (Test support only: excluded from the build.)
 */
import type { Backend, StorageHandle, View } from '../../backend/contract.js';
import type { DType } from '../../dtype.js';
import type { DeviceMemory } from '../device-memory.js';
import { Placement, StorageRecord } from '../record.js';

export const MiB = 2 ** 20;

/** A backend whose allocations are Float32Arrays "in device memory" until evicted; `freed` lists frees. */
export function fakeBackend(options: { evict: boolean }) {
  const device = new WeakSet<object>();
  const freed: StorageHandle[] = [];
  const backend = {
    device: 'fake',
    alloc(_dtype: DType, size: number) {
      const a = new Float32Array(size);
      device.add(a);
      return a;
    },
    free(h: StorageHandle) {
      freed.push(h);
    },
    write(h: StorageHandle, _dtype: DType, data: Float32Array, offset: number) {
      (h as Float32Array).set(data, offset);
    },
    fill(v: View, value: number) {
      (v.storage as Float32Array).fill(value);
    },
    isDeviceMemory: (h: StorageHandle) => device.has(h as object),
    ...(options.evict ? { evict: (h: StorageHandle) => (h as Float32Array).slice() } : {}),
  };
  return { backend: backend as unknown as Backend, freed };
}

/** A storage of `mib` MiB, as `Storage` would account it, last used at `epoch`. */
export function allocate(memory: DeviceMemory, backend: Backend, mib: number, tracked = true, epoch = 0) {
  const size = (mib * MiB) / 4;
  const record = new StorageRecord(backend, memory, 'float32', size, size * 4);
  record.tracked = tracked;
  const placement = new Placement(backend.alloc('float32', size), epoch);
  memory.add(record, placement, true);
  memory.retain(record);
  return { record, placement };
}
