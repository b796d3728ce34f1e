/**
 * The NumPy bridge on the CPU: `fromTypedArray` (torch.from_numpy) and `Tensor.numpy()` share memory
 * both ways, with the WebAssembly heap in play (a heap storage moves out for good when an array
 * aliases it, and memory pressure never moves it back), and raise PyTorch's errors where they cannot.
 */

import { conformanceCases } from '@typetorch/conformance';
import {
  type Backend,
  fromTypedArray,
  memory,
  ones,
  registerBackend,
  setDeviceMemoryLimit,
  tensor,
  unregisterBackend,
  zeros,
} from '@typetorch/tensor';
import { afterEach, describe, expect, it } from 'vitest';
import { cpuBackend, isWasmEnabled } from './index.js';

const inHeap = (t: { storage: { handle: unknown } }) => cpuBackend.isDeviceMemory(t.storage.handle);

describe('fromTypedArray', () => {
  it('shares the array: writes through it show in ops, in-place ops show in it', () => {
    const data = new Float32Array(600).fill(1);
    const x = fromTypedArray(data, [20, 30]);
    expect(x.shape).toEqual([20, 30]);
    expect(x.dtype).toBe('float32');
    expect(x.isContiguous()).toBe(true);
    expect(x.numpy()).toBe(data); // the same array back
    data[31] = 5;
    expect(x.index(1).sum().itemSync()).toBe(34);
    expect(x.matmul(ones([30, 2])).dataSync()[2]).toBe(34); // the WebAssembly matmul reads it too
    const version = x.storage.version;
    x.mul_(2);
    expect(x.storage.version).toBe(version + 1);
    expect(data[31]).toBe(10);
    expect(data[0]).toBe(2);
    expect(inHeap(x)).toBe(false);
  });

  it('takes its dtype from the array, and its shape from the length by default', () => {
    expect(fromTypedArray(new Float64Array([1, 2])).dtype).toBe('float64');
    const i = new Int32Array([1, 2, 3]);
    const ti = fromTypedArray(i);
    expect(ti.dtype).toBe('int32');
    expect(ti.shape).toEqual([3]);
    ti.add_(1);
    expect(Array.from(i)).toEqual([2, 3, 4]);
    const b = new Uint8Array([0, 1, 1]);
    const tb = fromTypedArray(b);
    expect(tb.dtype).toBe('bool');
    expect(Array.from(tb.logicalNot().dataSync())).toEqual([1, 0, 0]);
    expect(fromTypedArray(new Float32Array(0), [0, 4]).shape).toEqual([0, 4]);
    expect(fromTypedArray(new Float32Array([7]), []).itemSync()).toBe(7);
  });

  it('shares an array that is a window of a larger buffer', () => {
    const buffer = new Float32Array(1000);
    const window = buffer.subarray(100, 700);
    const x = fromTypedArray(window, [600]);
    x.fill_(3);
    expect(buffer[99]).toBe(0);
    expect(buffer[100]).toBe(3);
    expect(buffer[699]).toBe(3);
    expect(buffer[700]).toBe(0);
  });

  it('raises for shapes that do not fit, arrays it cannot share and bools that are not 0 or 1', () => {
    const data = new Float32Array(6);
    expect(() => fromTypedArray(data, [2, 4])).toThrow(
      "fromTypedArray(): shape '[2, 4]' is invalid for input of size 6",
    );
    expect(() => fromTypedArray(data, [-2, -3])).toThrow('negative or non-integer dimension');
    expect(() => fromTypedArray([1, 2] as never)).toThrow(
      'fromTypedArray(): expected a typed array (got Array)',
    );
    expect(() => fromTypedArray(new Uint8ClampedArray(2) as never)).toThrow(
      'fromTypedArray(): unsupported typed array Uint8ClampedArray',
    );
    expect(() => fromTypedArray(new Uint8Array([0, 2]))).toThrow(
      'element 1 is 2; typetorch has no uint8 dtype',
    );
  });

  it('leaves the array as it is when the tensor is disposed (memory debugging poisons freed storages)', () => {
    const data = new Float32Array([1, 2, 3]);
    const before = memory('cpu');
    const x = fromTypedArray(data);
    expect(memory('cpu').hostBytes).toBe(before.hostBytes + 12);
    x.dispose();
    expect(Array.from(data)).toEqual([1, 2, 3]);
    expect(memory('cpu').numBytes).toBe(before.numBytes);
  });
});

describe('numpy()', () => {
  it('moves a heap storage out for good, keeping the counts right', () => {
    expect(isWasmEnabled()).toBe(true);
    const x = ones([1000]).mul(2);
    expect(inHeap(x)).toBe(true);
    const before = memory('cpu');
    const a = x.numpy();
    expect(a).toBeInstanceOf(Float32Array);
    expect(a.length).toBe(1000);
    expect(inHeap(x)).toBe(false);
    expect(cpuBackend.isDeviceMemory(a)).toBe(false);
    const after = memory('cpu');
    expect(after.deviceBytes).toBe(before.deviceBytes - 4000);
    expect(after.hostBytes).toBe(before.hostBytes + 4000);
    expect(after.numBytes).toBe(before.numBytes);
    expect(after.numStorages).toBe(before.numStorages);
    expect(after.evictions).toBe(before.evictions);
    expect(x.numpy()).toBe(a); // pinned: the same array every time
    x.dispose();
    expect(a[0]).toBe(2); // not poisoned
  });

  it('shares both ways, and memory pressure never moves the storage back', () => {
    const previous = setDeviceMemoryLimit('cpu', 1 << 20);
    try {
      const x = zeros([512, 512]).add(1);
      const a = x.numpy();
      const version = x.storage.version;
      a[5] = 4;
      expect(x.sum().itemSync()).toBe(512 * 512 + 3);
      expect(x.storage.version).toBe(version); // as in PyTorch, writes through the array bump nothing
      const evictions = memory('cpu').evictions;
      for (let i = 0; i < 200; i++) x.mul(1).add(i).sum().itemSync(); // 1 MiB of garbage per step
      expect(memory('cpu').evictions).toBeGreaterThan(evictions);
      x.add_(1);
      expect(a[5]).toBe(5);
      expect(a[6]).toBe(2);
      expect(inHeap(x)).toBe(false);
      a[6] = 0;
      expect(x.index(0).sum().itemSync()).toBe(512 * 2 + 1);
      x.dispose();
    } finally {
      setDeviceMemoryLimit('cpu', previous);
    }
  });

  it('gives a subarray for a contiguous view with an offset, and raises for a non-contiguous one', () => {
    const data = new Float32Array(12).map((_, i) => i);
    const x = fromTypedArray(data, [3, 4]);
    const row = x.index(1).numpy();
    expect(Array.from(row)).toEqual([4, 5, 6, 7]);
    expect(row.buffer).toBe(data.buffer);
    row[0] = 40;
    expect(data[4]).toBe(40);
    expect(() => x.t().numpy()).toThrow(
      'numpy(): the tensor is not contiguous (shape [4, 3], strides [1, 4]) and a typed array has no strides; call .contiguous().numpy()',
    );
    const copy = x.t().contiguous().numpy();
    expect(Array.from(copy.subarray(0, 3))).toEqual([0, 40, 8]);
    expect(Array.from(x.t().numpy({ force: true }).subarray(0, 3))).toEqual([0, 40, 8]);
    expect(x.reshape(12).numpy()).toBe(data);
  });

  it('returns the typed array of each dtype, and raises for float16', () => {
    expect(tensor([1, 2], { dtype: 'float64' }).numpy()).toBeInstanceOf(Float64Array);
    expect(tensor([1, 2], { dtype: 'int32' }).numpy()).toBeInstanceOf(Int32Array);
    expect(tensor([true, false]).numpy()).toBeInstanceOf(Uint8Array);
    expect(() => tensor([1], { dtype: 'float16' }).numpy()).toThrow(
      "numpy(): no typed array can share a float16 tensor's memory",
    );
  });

  it("raises PyTorch's error for a tensor that requires grad; detach() or force shares the memory", () => {
    const w = ones([3]).requiresGrad_();
    expect(() => w.numpy()).toThrow(
      "Can't call numpy() on Tensor that requires grad. Use tensor.detach().numpy() instead.",
    );
    const a = w.detach().numpy();
    a[0] = 9;
    expect(w.dataSync()[0]).toBe(9);
    expect(w.numpy({ force: true })).toBe(a);
    const d = ones([2]);
    d.dispose();
    expect(() => d.numpy()).toThrow('numpy(): the tensor was already disposed');
  });
});

describe('devices that cannot share host memory', () => {
  /** A device on the CPU kernels without the bridge's members, reading asynchronously like a GPU. */
  function gpuLike(name: string): Backend {
    const b = Object.assign(Object.create(Object.getPrototypeOf(cpuBackend)), cpuBackend, {
      device: name,
      capabilities: { ...cpuBackend.capabilities, syncRead: false },
      adopt: undefined,
      hostArray: undefined,
    });
    return b;
  }

  afterEach(() => unregisterBackend('gpulike'));

  it('raise errors that name the device and what to do', async () => {
    registerBackend(gpuLike('gpulike'));
    const x = ones([3], { device: 'gpulike' });
    expect(() => x.numpy()).toThrow(
      "can't convert gpulike device type tensor to numpy. Use await tensor.toAsync('cpu') to copy the tensor to host memory first.",
    );
    expect(() => fromTypedArray(new Float32Array(3), [3], { device: 'gpulike' })).toThrow(
      "fromTypedArray(): device 'gpulike' cannot share memory with a typed array",
    );
    const copy = await x.toAsync('cpu');
    expect(Array.from(copy.numpy())).toEqual([1, 1, 1]);
    for (const c of conformanceCases().filter((k) => k.group === 'numpy')) await c.run('gpulike');
  });
});
