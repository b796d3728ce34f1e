/**
 * How the CPU backend's memory is reclaimed without `dispose()`: by the finalizer once the garbage
 * collector found a storage unreachable (in an event loop turn), and by sweeps that move storages no
 * kernel used lately out of the WebAssembly heap (in a loop that never yields).
 */
import v8 from 'node:v8';
import vm from 'node:vm';
import { memory, memoryDebug, ones, setDeviceMemoryLimit, setMemoryDebug, zeros } from '@typetorch/tensor';
import { describe, expect, it } from 'vitest';
import { cpuBackend, wasmStatus } from './index.js';

// Expose V8's collector to this test only, to watch the finalizer work.
v8.setFlagsFromString('--expose_gc');
const gc = vm.runInNewContext('gc') as () => void;
const turn = () => new Promise((resolve) => setTimeout(resolve, 5));

async function collectUntil(done: () => boolean): Promise<void> {
  for (let i = 0; i < 50 && !done(); i++) {
    gc();
    await turn();
  }
}

describe('the finalizer', () => {
  it('frees the storage of tensors that were never disposed once they are garbage-collected', async () => {
    await collectUntil(() => false); // earlier garbage first
    const before = memory('cpu');
    (() => {
      for (let i = 0; i < 10; i++) zeros([1000]).add(1);
    })();
    expect(memory('cpu').numStorages).toBe(before.numStorages + 20);
    await collectUntil(() => memory('cpu').numStorages === before.numStorages);
    expect(memory('cpu').numStorages).toBe(before.numStorages);
    expect(memory('cpu').numTensors).toBe(before.numTensors);
    expect(memory('cpu').numBytes).toBe(before.numBytes);
    expect(memory('cpu').deviceBytes).toBe(before.deviceBytes);
  });

  it('keeps a storage while a view of it lives, and counts collected views out', async () => {
    await collectUntil(() => false);
    const before = memory('cpu');
    let view = (() => {
      const base = ones([1024]).mul(3); // its first tensor is dropped at once
      return base.index('10:20');
    })();
    (() => {
      for (let i = 0; i < 5; i++) view.index('0:5'); // views of the view, dropped
    })();
    await collectUntil(() => memory('cpu').numTensors === before.numTensors + 2);
    expect(memory('cpu').numStorages).toBe(before.numStorages + 1);
    expect(Array.from(view.dataSync())).toEqual(new Array(10).fill(3));
    view = ones([1]);
    await collectUntil(() => memory('cpu').numStorages === before.numStorages + 1);
    expect(memory('cpu').numStorages).toBe(before.numStorages + 1); // the new `view` only
    view.dispose();
  });
});

describe('sweeps', () => {
  it('hold the WebAssembly heap steady in a loop that never yields and never disposes', () => {
    const previous = setDeviceMemoryLimit('cpu', 8 << 20);
    try {
      const w = ones([256, 256]);
      const x = ones([64, 256]);
      const step = () => x.matmul(w).relu().sum().itemSync();
      for (let i = 0; i < 200; i++) step(); // warm up to the steady state
      const heap = wasmStatus().memoryBytes;
      const device = memory('cpu').deviceBytes;
      for (let i = 0; i < 2000; i++) step(); // 2000 x 64 KiB of garbage
      expect(wasmStatus().memoryBytes).toBe(heap);
      expect(memory('cpu').deviceBytes).toBeLessThanOrEqual(Math.max(device, 8 << 20) + (4 << 20));
      expect(memory('cpu').evictions).toBeGreaterThan(0);
      w.dispose();
      x.dispose();
    } finally {
      setDeviceMemoryLimit('cpu', previous);
    }
  });

  it('leave storages in plain arrays the kernels still compute on', () => {
    const t = ones([1024]);
    expect(cpuBackend.isDeviceMemory(t.storage.handle)).toBe(true);
    const copy = cpuBackend.evict(t.storage.handle) as Float32Array;
    expect(cpuBackend.isDeviceMemory(copy)).toBe(false);
    expect(copy).toEqual(new Float32Array(1024).fill(1));
    t.dispose();
  });
});

describe('memory debugging', () => {
  it('poisons a storage when it is freed, so a stale reader sees NaN', () => {
    const debugging = memoryDebug();
    setMemoryDebug(true);
    try {
      const t = ones([1024]);
      const handle = t.storage.handle as Float32Array;
      const view = t.index('0:10');
      t.dispose();
      expect(handle[0]).toBe(1); // the view still holds it
      view.dispose();
      expect(handle.every((v) => Number.isNaN(v))).toBe(true);
      const ints = ones([8], { dtype: 'int32' });
      const intHandle = ints.storage.handle as Int32Array;
      ints.dispose();
      expect(Array.from(intHandle)).toEqual(new Array(8).fill(0xdeadbeef | 0));
    } finally {
      setMemoryDebug(debugging);
    }
  });
});
