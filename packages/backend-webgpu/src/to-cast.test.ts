import '@typetorch/backend-cpu';
import { tensor } from '@typetorch/tensor';
import { beforeAll, describe, expect, it } from 'vitest';
import { initWebGPUNode } from './node.js';

beforeAll(async () => {
  await initWebGPUNode();
});

describe('Tensor.to with a device and a dtype casts where both dtypes live', () => {
  it('a float64 CPU tensor goes to WebGPU as float32 (cast on the CPU first)', async () => {
    const x = tensor([1.5, -2.25, 3], { dtype: 'float64' });
    const y = x.to({ device: 'webgpu', dtype: 'float32' });
    expect([y.device, y.dtype]).toEqual(['webgpu', 'float32']);
    expect(Array.from(await y.data())).toEqual([1.5, -2.25, 3]);
    const z = await x.toAsync({ device: 'webgpu', dtype: 'float32' });
    expect([z.device, z.dtype]).toEqual(['webgpu', 'float32']);
    expect(Array.from(await z.data())).toEqual([1.5, -2.25, 3]);
  });

  it('a WebGPU float32 tensor comes back to the CPU as float64 (cast on the CPU after the read)', async () => {
    const x = tensor([0.5, 2], { device: 'webgpu' });
    const y = await x.toAsync({ device: 'cpu', dtype: 'float64' });
    expect([y.device, y.dtype]).toEqual(['cpu', 'float64']);
    expect(Array.from(await y.data())).toEqual([0.5, 2]);
  });
});
