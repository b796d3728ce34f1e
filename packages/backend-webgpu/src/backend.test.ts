import '@typetorch/backend-cpu';
import {
  conv2d,
  Generator,
  philoxNormal,
  philoxUniform,
  rand,
  randn,
  type Tensor,
  tensor,
  zeros,
} from '@typetorch/tensor';
import { beforeAll, describe, expect, it } from 'vitest';
import type { WebGPUBackend } from './index.js';
import { initWebGPUNode } from './node.js';

let backend: WebGPUBackend;

beforeAll(async () => {
  backend = await initWebGPUNode();
});

async function values(t: Tensor): Promise<number[]> {
  return Array.from(await t.data(), Number);
}

describe('device and capabilities', () => {
  it('reports what it can do: no sync reads, no float64, limits from the adapter', () => {
    expect(backend.capabilities.syncRead).toBe(false);
    expect(backend.capabilities.dtypes).toEqual(['float32', 'int32', 'bool']);
    const limits = backend.gpuDevice.limits;
    expect(backend.capabilities.maxBufferBytes).toBe(
      Math.min(limits.maxStorageBufferBindingSize, limits.maxBufferSize),
    );
  });

  it('rejects allocations beyond the adapter limit with a clear error', () => {
    const elements = backend.capabilities.maxBufferBytes / 4 + 1024;
    expect(() => zeros([elements], { device: 'webgpu' })).toThrow(/largest buffer it supports/);
  });
});

describe('random numbers on the device', () => {
  it('uniforms are bit-identical to the CPU Philox stream, across the 2^32 counter carry', async () => {
    // Start the stream just below 2^32 so the kernel's 64-bit counter carries mid-tensor.
    const offset = 2 ** 32 - 100;
    const g = new Generator(1234).setState({ seed: 1234, offset });
    const key: [number, number] = [1234, 0];
    const u = await values(rand([300], { device: 'webgpu', generator: g }));
    for (let i = 0; i < u.length; i++) expect(u[i]).toBe(Math.fround(philoxUniform(key, offset + i)));
  });

  it('normals match the CPU Box-Muller within float32 tolerance', async () => {
    const z = await values(randn([2000], { device: 'webgpu', generator: new Generator(5) }));
    const c = await values(randn([2000], { device: 'cpu', generator: new Generator(5) }));
    for (let i = 0; i < z.length; i++) {
      expect(Math.abs(z[i] - c[i])).toBeLessThan(1e-5 * Math.max(1, Math.abs(c[i])));
      expect(Math.abs(z[i] - philoxNormal([5, 0], i))).toBeLessThan(1e-5 * Math.max(1, Math.abs(c[i])));
    }
  });

  it('dropout draws its mask on the device: no host upload per step', async () => {
    const x = zeros([4096], { device: 'webgpu' }).add(1);
    await x.data();
    const before = backend.stats().writes;
    const mask = rand([4096], { device: 'webgpu' }).lt(0.5);
    const y = x.mul(mask);
    await y.data();
    expect(backend.stats().writes).toBe(before);
  });
});

describe('execution', () => {
  it('new shapes reuse compiled pipelines: shapes travel as data', async () => {
    const a = tensor([1, 2, 3], { device: 'webgpu' });
    await a.add(a).data();
    const pipelines = backend.stats().pipelines;
    for (const n of [5, 17, 1000]) {
      const x = rand([n, 3], { device: 'webgpu' });
      const y = rand([3], { device: 'webgpu' });
      const z = x.add(y);
      const [xs, ys, zs] = await Promise.all([values(x), values(y), values(z)]);
      for (let i = 0; i < zs.length; i++) expect(zs[i]).toBeCloseTo(xs[i] + ys[i % 3], 6);
    }
    // rand and the strided add compile once; the sizes above add nothing.
    expect(backend.stats().pipelines).toBeLessThanOrEqual(pipelines + 1);
  });

  it('batches many dispatches into few submits', async () => {
    let x = zeros([64], { device: 'webgpu' });
    await x.data();
    const before = backend.stats().submits;
    for (let i = 0; i < 100; i++) x = x.add(1);
    expect((await values(x))[0]).toBe(100);
    expect(backend.stats().submits - before).toBeLessThanOrEqual(2);
  });

  it('an out-of-range gather index raises at the next read (the kernel never reads stray memory)', async () => {
    const x = tensor([[1, 2, 3]], { device: 'webgpu' });
    const index = tensor([[2, 7, -1, 0]], { device: 'webgpu', dtype: 'int32' });
    await expect(values(x.gather(1, index))).rejects.toThrow(
      'gather(): index out of bounds for dimension with size 3',
    );
    expect(await values(x.gather(1, tensor([[2, 0]], { device: 'webgpu' })))).toEqual([3, 1]);
  });

  it('matmul variants (row-major, transposed weight, strided) agree with the CPU', async () => {
    const shapes: [number, number, number][] = [
      [5, 8, 12],
      [33, 20, 7],
      [64, 128, 16],
    ];
    for (const [m, k, n] of shapes) {
      const a = randn([m, k], { device: 'cpu' });
      const b = randn([k, n], { device: 'cpu' });
      const bt = randn([n, k], { device: 'cpu' });
      const expected = [a.matmul(b), a.matmul(bt.t()), a.t().contiguous().t().matmul(b)];
      const ga = a.to('webgpu');
      const gb = b.to('webgpu');
      const gbt = bt.to('webgpu');
      const got = [ga.matmul(gb), ga.matmul(gbt.t()), ga.t().contiguous().t().matmul(gb)];
      for (let i = 0; i < got.length; i++) {
        const e = await values(expected[i]);
        const g = await values(got[i]);
        for (let j = 0; j < e.length; j++)
          expect(Math.abs(g[j] - e[j])).toBeLessThan(1e-4 * (1 + Math.abs(e[j])));
      }
    }
  });

  it('a transposed, batch-broadcast left operand (a conv input gradient W.T @ dy) agrees with the CPU', async () => {
    const w = randn([24, 16], { device: 'cpu' });
    const dy = randn([3, 24, 20], { device: 'cpu' });
    const e = await values(w.t().matmul(dy));
    const g = await values(w.to('webgpu').t().matmul(dy.to('webgpu')));
    for (let j = 0; j < e.length; j++)
      expect(Math.abs(g[j] - e[j])).toBeLessThan(1e-4 * (1 + Math.abs(e[j])));
  });

  it('conv2d over several column-workspace chunks, with groups, padding and bias, agrees with the CPU', async () => {
    // One image's columns take 64 * 9 * 62 * 64 elements, so each 16 MiB chunk holds one image.
    const x = randn([3, 64, 64, 64], { device: 'cpu' });
    const w = randn([8, 32, 3, 3], { device: 'cpu' });
    const b = randn([8], { device: 'cpu' });
    const options = { groups: 2, padding: [0, 1] };
    const e = await values(conv2d(x, w, b, options));
    const g = await values(conv2d(x.to('webgpu'), w.to('webgpu'), b.to('webgpu'), options));
    expect(g.length).toBe(e.length);
    for (let j = 0; j < e.length; j++)
      expect(Math.abs(g[j] - e[j])).toBeLessThan(1e-4 * (1 + Math.abs(e[j])));
  });

  it('conv2d with weight and bias in one storage (bias added apart from the matmul) agrees with the CPU', async () => {
    const params = randn([6 * 4 * 9 + 6], { device: 'cpu' });
    const x = randn([2, 4, 7, 9], { device: 'cpu' });
    const split = (p: Tensor) => [p.narrow(0, 0, 216).reshape([6, 4, 3, 3]), p.narrow(0, 216, 6)] as const;
    const [w, b] = split(params);
    const [gw, gb] = split(params.to('webgpu'));
    const e = await values(conv2d(x, w, b));
    const g = await values(conv2d(x.to('webgpu'), gw, gb));
    expect(g.length).toBe(e.length);
    for (let j = 0; j < e.length; j++)
      expect(Math.abs(g[j] - e[j])).toBeLessThan(1e-4 * (1 + Math.abs(e[j])));
  });
});

describe('errors', () => {
  it('device errors surface as JavaScript errors naming the op, then the device keeps working', async () => {
    const x = tensor([1, 2], { device: 'webgpu' });
    const y = tensor([3, 4], { device: 'webgpu' });
    await y.data();
    // Destroying a buffer under a live tensor makes the batch of the next kernel that binds it invalid.
    (x.storage.handle as { buffer: GPUBuffer }).buffer.destroy();
    const w = x.exp();
    // The first read reports the failed batch; later reads of its results still refuse to return
    // whatever the buffer holds.
    await expect(w.data()).rejects.toThrow(/a batch of \[.*exp.*failed on the device/);
    await expect(w.data()).rejects.toThrow(/holds no valid data/);
    await expect(w.add(1).data()).rejects.toThrow(/holds no valid data/);
    expect(await values(y.add(1))).toEqual([4, 5]);
  });
});
