/**
 * `DeviceMemory.pin` on its own (the NumPy bridge's hold on a storage), over a fake backend whose
 * "device memory" is typed arrays it tags: a pinned storage leaves device memory once, is never
 * swept, readmitted or poisoned again, and the counts stay right.
 */
import { describe, expect, it } from 'vitest';
import type { Backend } from '../backend/contract.js';
import { memoryDebug, setMemoryDebug } from './debug.js';
import { clock, DeviceMemory } from './device-memory.js';
import { allocate as allocateAt, fakeBackend, MiB } from './testing/fake-backend.js';

const allocate = (memory: DeviceMemory, backend: Backend, mib: number, tracked = true) =>
  allocateAt(memory, backend, mib, tracked, clock.epoch);

describe('pin', () => {
  it('moves a resident storage out for good: sweeps and uses leave it where it is', () => {
    const { backend, freed } = fakeBackend({ evict: true });
    const memory = new DeviceMemory('fake');
    memory.base = memory.limit = 4 * MiB;
    memory.headroom = 2 * MiB;
    const s = allocate(memory, backend, 1);
    (s.placement.handle as Float32Array).fill(5);
    const old = s.placement.handle;
    expect(memory.pin(s.record, s.placement)).toBe(true);
    const host = s.placement.handle as Float32Array;
    expect(host).not.toBe(old);
    expect(backend.isDeviceMemory!(host)).toBe(false);
    expect(host[0]).toBe(5);
    expect(freed).toEqual([old]);
    expect(memory.evictions).toBe(0); // not a sweep's eviction
    expect(memory.deviceBytes).toBe(0);
    expect(memory.bytes).toBe(MiB);
    expect(memory.storages).toBe(1);
    expect(memory.tensors).toBe(1);
    // Memory pressure: sweeps move the others out, never touch the pinned one.
    for (let i = 0; i < 20; i++) allocate(memory, backend, 1);
    expect(memory.evictions).toBeGreaterThan(0);
    expect(s.placement.handle).toBe(host);
    expect(s.placement.evicted).toBe(false);
    expect(s.record.resident).toBeNull();
    // Pinning again changes nothing.
    expect(memory.pin(s.record, s.placement)).toBe(true);
    expect(s.placement.handle).toBe(host);
  });

  it('keeps an evicted storage out: a later use does not readmit it', () => {
    const { backend } = fakeBackend({ evict: true });
    const memory = new DeviceMemory('fake');
    const s = allocate(memory, backend, 1);
    memory.sweep();
    memory.sweep();
    expect(s.placement.evicted).toBe(true);
    const host = s.placement.handle;
    memory.pin(s.record, s.placement);
    expect(s.placement.evicted).toBe(false); // Storage.touch readmits only evicted storages
    expect(s.placement.handle).toBe(host);
    expect(memory.readmissions).toBe(0);
  });

  it('counts an untracked storage out as it leaves device memory, as a sweep does', () => {
    const { backend } = fakeBackend({ evict: true });
    const memory = new DeviceMemory('fake');
    const s = allocate(memory, backend, 1, false);
    expect(memory.storages).toBe(1);
    memory.pin(s.record, s.placement);
    expect(memory.storages).toBe(0);
    expect(memory.tensors).toBe(0);
    expect(memory.bytes).toBe(0);
  });

  it('refuses a resident storage on a backend that cannot move it', () => {
    const { backend } = fakeBackend({ evict: false });
    const memory = new DeviceMemory('fake');
    const s = allocate(memory, backend, 1);
    expect(memory.pin(s.record, s.placement)).toBe(false);
    expect(s.record.pinned).toBe(false);
    expect(memory.deviceBytes).toBe(MiB);
  });

  it('is never poisoned: host code may still read the array after the last dispose', () => {
    const { backend, freed } = fakeBackend({ evict: true });
    const memory = new DeviceMemory('fake');
    const previous = memoryDebug();
    setMemoryDebug(true);
    try {
      const s = allocate(memory, backend, 1);
      const other = allocate(memory, backend, 1);
      memory.pin(s.record, s.placement);
      const host = s.placement.handle as Float32Array;
      host.fill(2);
      if (memory.release(s.record)) memory.free({}, s.record, s.placement.handle);
      expect(host[0]).toBe(2);
      expect(freed.length).toBe(1); // only the block it left; garbage-collected memory is never freed
      expect(memory.storages).toBe(1);
      const handle = other.placement.handle as Float32Array;
      if (memory.release(other.record)) memory.free({}, other.record, handle);
      expect(Number.isNaN(handle[0])).toBe(true); // the others still are
    } finally {
      setMemoryDebug(previous);
    }
  });
});
