/**
 * A fixture consumer of @typetorch/backend-webgpu's published declarations: WebGPU set up with typed
 * options, in a browser (`initWebGPU`) and in Node (`@typetorch/backend-webgpu/node`). The GPU* names
 * come from @webgpu/types through the package's own `/// <reference types>`: this project lists no
 * `types` for them. @webgpu/types extends the DOM's types, so the tsconfigs that check this file have
 * the DOM lib. Never run; only type-checked.
 */
import { initWebGPU, type WebGPUBackend, type WebGPUOptions } from '@typetorch/backend-webgpu';
import { initWebGPUNode } from '@typetorch/backend-webgpu/node';
import { randn } from '@typetorch/tensor';

/** Browser or Node: an adapter of our own choosing and typed options, or Dawn's bindings. */
async function webgpu(gpu: GPU | undefined): Promise<WebGPUBackend> {
  const adapter: GPUAdapter | null = gpu === undefined ? null : await gpu.requestAdapter();
  const options: WebGPUOptions = {
    powerPreference: 'high-performance',
    float16: adapter?.features.has('shader-f16') ?? false,
    ...(adapter === null ? {} : { adapter }),
  };
  if (gpu === undefined) return initWebGPUNode({ float16: false, dawnOptions: [] });
  return initWebGPU(options);
}

/** A device made by the application, handed over as is. */
async function fromDevice(device: GPUDevice): Promise<number> {
  const backend = await initWebGPU({ device, register: false });
  const gpuDevice: GPUDevice = backend.gpuDevice;
  const info: string = backend.adapterInfo;
  const y = randn([64, 64], { device: 'webgpu' }).matmul(randn([64, 64], { device: 'webgpu' }));
  return info.length + gpuDevice.limits.maxBufferSize + Number(await y.sum().item());
}

export const results = [webgpu(undefined), webgpu(globalThis.navigator?.gpu), fromDevice];
