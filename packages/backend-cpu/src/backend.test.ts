import { getBackend, type View } from '@typetorch/tensor';
import { describe, expect, it } from 'vitest';
import { CpuBackend, cpuBackend } from './index.js';

describe('CpuBackend', () => {
  it('registers itself as device cpu on import', () => {
    expect(getBackend('cpu')).toBe(cpuBackend);
    expect(cpuBackend).toBeInstanceOf(CpuBackend);
    expect(cpuBackend.device).toBe('cpu');
  });

  it('declares its capabilities', () => {
    expect(cpuBackend.capabilities.syncRead).toBe(true);
    expect(cpuBackend.capabilities.dtypes).toEqual(['float16', 'float32', 'float64', 'int32', 'bool']);
    expect(cpuBackend.capabilities.maxBufferBytes).toBe(2 ** 31 - 1);
    expect(typeof cpuBackend.fast.softmax).toBe('function');
  });

  it('allocates zero-filled typed arrays of each dtype', () => {
    const kinds = [
      ['float32', Float32Array],
      ['float64', Float64Array],
      ['int32', Int32Array],
      ['bool', Uint8Array],
    ] as const;
    for (const [dtype, ctor] of kinds) {
      const storage = cpuBackend.alloc(dtype, 5);
      expect(storage).toBeInstanceOf(ctor);
      expect(Array.from(storage as ArrayLike<number>)).toEqual([0, 0, 0, 0, 0]);
    }
    expect(() => cpuBackend.free(cpuBackend.alloc('float32', 2))).not.toThrow();
  });

  it('writes host data at an offset, casting element types', () => {
    const f = cpuBackend.alloc('float32', 4) as Float32Array;
    cpuBackend.write(f, 'float32', Float32Array.from([1.5, 2.5]), 1);
    expect(Array.from(f)).toEqual([0, 1.5, 2.5, 0]);
    const i = cpuBackend.alloc('int32', 3) as Int32Array;
    cpuBackend.write(i, 'int32', Float64Array.from([2.9, -2.9, Number.NaN]), 0);
    expect(Array.from(i)).toEqual([2, -2, 0]);
    const b = cpuBackend.alloc('bool', 4) as Uint8Array;
    cpuBackend.write(b, 'bool', Float32Array.from([0.5, 0, Number.NaN]), 1);
    expect(Array.from(b)).toEqual([0, 1, 0, 1]);
    cpuBackend.write(b, 'bool', Uint8Array.from([2, 0]), 0);
    expect(Array.from(b)).toEqual([1, 0, 0, 1]);
    expect(() => cpuBackend.write(b, 'bool', Uint8Array.from([1, 1]), 3)).toThrow(RangeError);
    expect(() => cpuBackend.write(f, 'float32', Float32Array.from([1, 1]), 3)).toThrow(RangeError);
  });

  it('reads views as new contiguous arrays, synchronously and asynchronously', async () => {
    const storage = Float32Array.from([9, 1, 2, 3, 4, 5, 6]);
    const transposed: View = { storage, dtype: 'float32', shape: [3, 2], strides: [1, 3], offset: 1 };
    const sync = cpuBackend.readSync(transposed);
    expect(sync).toBeInstanceOf(Float32Array);
    expect(Array.from(sync)).toEqual([1, 4, 2, 5, 3, 6]);
    const dense: View = { storage, dtype: 'float32', shape: [2, 2], strides: [2, 1], offset: 2 };
    const copy = await cpuBackend.read(dense);
    expect(Array.from(copy)).toEqual([2, 3, 4, 5]);
    // The result never aliases storage.
    copy[0] = 100;
    expect(storage[2]).toBe(2);
    const bool: View = {
      storage: Uint8Array.from([1, 0]),
      dtype: 'bool',
      shape: [2, 2],
      strides: [0, 1],
      offset: 0,
    };
    const flags = cpuBackend.readSync(bool);
    expect(flags).toBeInstanceOf(Uint8Array);
    expect(Array.from(flags)).toEqual([1, 0, 1, 0]);
    await expect(cpuBackend.flush()).resolves.toBeUndefined();
  });

  it('runs kernels through the contract', () => {
    const a = cpuBackend.alloc('float32', 4) as Float32Array;
    const av: View = { storage: a, dtype: 'float32', shape: [2, 2], strides: [2, 1], offset: 0 };
    cpuBackend.fill(av, 2);
    cpuBackend.binary('mul', av, av, av);
    expect(Array.from(a)).toEqual([4, 4, 4, 4]);
    const out = cpuBackend.alloc('float32', 4) as Float32Array;
    const ov: View = { storage: out, dtype: 'float32', shape: [1, 2, 2], strides: [4, 2, 1], offset: 0 };
    const a3: View = { ...av, shape: [1, 2, 2], strides: [4, 2, 1] };
    cpuBackend.matmul(a3, a3, ov);
    expect(Array.from(out)).toEqual([32, 32, 32, 32]);
    const sum = cpuBackend.alloc('float32', 1) as Float32Array;
    cpuBackend.reduce('sum', av, { storage: sum, dtype: 'float32', shape: [], strides: [], offset: 0 });
    expect(sum[0]).toBe(16);
  });
});
