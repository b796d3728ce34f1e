/**
 * The memory manager on its own, over a fake backend whose "device memory" is typed arrays it tags:
 * sweeps, readmission, the limit, accounting, and the warning for loops that never yield.
 */
import { afterEach, describe, expect, it, vi } from 'vitest';
import { DeviceMemory } from './device-memory.js';
import type { Placement, StorageRecord } from './record.js';
import { allocate, fakeBackend, MiB } from './testing/fake-backend.js';

/** What `Storage.touch` does. */
function touch(memory: DeviceMemory, s: { record: StorageRecord; placement: Placement }, epoch: number) {
  s.placement.lastUse = epoch;
  if (s.placement.evicted) memory.readmit(s.record, s.placement);
}

describe('sweeps', () => {
  it('move what no kernel used since the previous sweep, keep what was used, and bring it back', async () => {
    const { clock } = await import('./device-memory.js');
    const { backend, freed } = fakeBackend({ evict: true });
    const memory = new DeviceMemory('fake');
    memory.base = memory.limit = 8 * MiB;
    memory.headroom = 4 * MiB;
    const hot = allocate(memory, backend, 1);
    (hot.placement.handle as Float32Array).fill(7);
    const cold = allocate(memory, backend, 1);
    (cold.placement.handle as Float32Array).fill(3);
    const garbage = [];
    for (let i = 0; i < 40; i++) {
      touch(memory, hot, clock.epoch);
      garbage.push(allocate(memory, backend, 1)); // one sweep per few allocations
      expect(memory.deviceBytes).toBeLessThanOrEqual(memory.limit);
    }
    expect(memory.evictions).toBeGreaterThan(30);
    expect(memory.deviceBytes).toBeLessThanOrEqual(12 * MiB);
    expect(hot.placement.evicted).toBe(false);
    expect(cold.placement.evicted).toBe(true);
    expect(backend.isDeviceMemory!(cold.placement.handle)).toBe(false);
    expect((cold.placement.handle as Float32Array)[0]).toBe(3); // moved, not lost
    expect(freed.length).toBe(memory.evictions); // every evicted block was freed
    // Used again long after it left: it comes back, and the headroom stays as it was.
    touch(memory, cold, clock.epoch);
    expect(cold.placement.evicted).toBe(false);
    expect(backend.isDeviceMemory!(cold.placement.handle)).toBe(true);
    expect((cold.placement.handle as Float32Array)[1000]).toBe(3);
    expect(memory.readmissions).toBe(1);
    expect(memory.headroom).toBe(4 * MiB);
    // Used again right after the sweep that moved it: the working set is larger than the headroom.
    memory.sweep();
    memory.sweep();
    expect(cold.placement.evicted).toBe(true);
    touch(memory, cold, clock.epoch);
    expect(memory.headroom).toBe(6 * MiB);
  });

  it('count a storage the finalizer cannot watch only while it is in device memory', () => {
    const { backend } = fakeBackend({ evict: true });
    const memory = new DeviceMemory('fake');
    const s = allocate(memory, backend, 1, false);
    expect(memory.storages).toBe(1);
    expect(memory.tensors).toBe(1);
    memory.sweep();
    memory.sweep(); // unused since the first: evicted
    expect(s.placement.evicted).toBe(true);
    expect(memory.storages).toBe(0);
    expect(memory.tensors).toBe(0);
    expect(memory.bytes).toBe(0);
    memory.readmit(s.record, s.placement);
    expect(memory.storages).toBe(1);
    expect(memory.tensors).toBe(1);
  });

  it('free a collected storage’s device memory, and count its tensors out', () => {
    const { backend, freed } = fakeBackend({ evict: true });
    const memory = new DeviceMemory('fake');
    const s = allocate(memory, backend, 1);
    memory.retain(s.record); // a second tensor
    memory.onCollected(s.record);
    expect(freed).toEqual([s.placement.handle]);
    expect(memory.deviceBytes).toBe(0);
    expect(memory.tensors).toBe(0);
    expect(memory.storages).toBe(0);
    expect(memory.collected).toBe(1);
    memory.onViewCollected(s.record); // late: nothing more to count
    expect(memory.tensors).toBe(0);
  });
});

describe('a device that cannot evict', () => {
  afterEach(() => vi.restoreAllMocks());

  it('warns once when its memory doubles over thousands of allocations without an event loop turn', () => {
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => {});
    const { backend } = fakeBackend({ evict: false });
    const memory = new DeviceMemory('fake');
    memory.base = memory.limit = 1 * MiB;
    for (let i = 0; i < 200; i++) allocate(memory, backend, 1 / 16); // a model: 12.5 MiB, 200 tensors
    expect(warn).not.toHaveBeenCalled();
    for (let i = 0; i < 20_000; i++) allocate(memory, backend, 1 / 64); // a loop that never yields
    expect(warn).toHaveBeenCalledTimes(1);
    expect(String(warn.mock.calls[0][0])).toMatch(/event loop has not turned/);
    expect(memory.evictions).toBe(0);
  });

  it('stays quiet when the event loop turns between doublings', async () => {
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => {});
    const { backend } = fakeBackend({ evict: false });
    const memory = new DeviceMemory('fake');
    memory.base = memory.limit = 1 * MiB;
    for (let round = 0; round < 6; round++) {
      for (let i = 0; i < 6000; i++) allocate(memory, backend, 1 / 4096);
      await new Promise((resolve) => setImmediate(resolve));
    }
    expect(warn).not.toHaveBeenCalled();
  });
});
