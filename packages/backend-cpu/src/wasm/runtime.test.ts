import type { View } from '@typetorch/tensor';
import { describe, expect, it } from 'vitest';
import { cpuBackend } from '../backend.js';
import { matmulTs } from '../kernels/matmul.js';
import { KERNELS_THREADS, MAX_PAGES } from './kernels.generated.js';
import { matmulOn } from './matmul.js';
import { sizeClass, WasmRuntime, wasmRuntime } from './runtime.js';
import { decodeBase64, unsharedVariant } from './select.js';
import { isWasmEnabled, wasmStatus } from './status.js';

describe('WebAssembly runtime', () => {
  it('is enabled on this engine (Node 20 has 128-bit SIMD and shared memory)', () => {
    expect(isWasmEnabled()).toBe(true);
    expect(wasmStatus()).toMatchObject({ enabled: true, shared: true });
  });

  it('rounds blocks up to at most 12.5% above the request, in multiples of 64 bytes', () => {
    for (const bytes of [1, 64, 65, 1000, 1025, 4096, 5000, 123457, 2 ** 26 + 1]) {
      const size = sizeClass(bytes);
      expect(size).toBeGreaterThanOrEqual(bytes);
      expect(size % 64).toBe(0);
      if (bytes > 1024) expect(size / bytes).toBeLessThanOrEqual(1.125);
    }
  });

  it('keeps float32 storages in the kernels memory, reuses freed blocks, and zeroes them', () => {
    const rt = wasmRuntime()!;
    const a = cpuBackend.alloc('float32', 5000) as Float32Array;
    expect(rt.owns(a)).toBe(true);
    expect(a.buffer).toBeInstanceOf(SharedArrayBuffer);
    a.fill(3);
    const where = a.byteOffset;
    cpuBackend.free(a);
    const b = cpuBackend.alloc('float32', 4990) as Float32Array; // same size class
    expect(b.byteOffset).toBe(where);
    expect(b.every((x) => x === 0)).toBe(true);
    cpuBackend.free(b);
    // Small storages and other dtypes stay plain typed arrays.
    expect(rt.owns(cpuBackend.alloc('float32', 10))).toBe(false);
    expect(rt.owns(cpuBackend.alloc('float64', 5000))).toBe(false);
  });

  it('keeps earlier storages valid while the memory grows', () => {
    const rt = wasmRuntime()!;
    const first = cpuBackend.alloc('float32', 1000) as Float32Array;
    first.fill(7);
    const before = rt.memory.buffer.byteLength;
    const big = cpuBackend.alloc('float32', before / 4 + 1000) as Float32Array;
    expect(rt.memory.buffer.byteLength).toBeGreaterThan(before);
    expect(first.length).toBe(1000);
    expect(first.every((x) => x === 7)).toBe(true);
    cpuBackend.free(big);
    cpuBackend.free(first);
  });

  it('runs single-threaded on a plain (unshared) memory, as on a browser main thread', () => {
    const bytes = unsharedVariant(decodeBase64(KERNELS_THREADS));
    const memory = new WebAssembly.Memory({ initial: 1, maximum: MAX_PAGES });
    const rt = new WasmRuntime(new WebAssembly.Module(bytes), memory, false);
    expect(rt.allocFloat32(1000)).toBeUndefined(); // a grow would detach a storage's view
    const rand = (n: number) => Float32Array.from({ length: n }, (_, i) => Math.sin(i * 1.7));
    const v = (data: Float32Array, shape: number[], strides: number[]): View => ({
      storage: data,
      dtype: 'float32',
      shape,
      strides,
      offset: 0,
    });
    // Large enough to grow the memory (and so detach and refresh the runtime's own views) mid-op.
    const [m, k, n] = [150, 300, 170];
    const a = v(rand(m * k), [1, m, k], [0, k, 1]);
    const b = v(rand(k * n), [1, k, n], [0, 1, k]);
    const got = new Float32Array(m * n);
    const want = new Float32Array(m * n);
    matmulOn(rt, a, b, v(got, [1, m, n], [0, n, 1]));
    matmulTs(a, b, v(want, [1, m, n], [0, n, 1]));
    expect(memory.buffer.byteLength).toBeGreaterThan(65536);
    for (let i = 0; i < got.length; i++) expect(Math.abs(got[i] - want[i])).toBeLessThan(1e-3);
  });
});
