/// <reference types="@webgpu/types" preserve="true" />
// preserve="true": without it TypeScript drops the directive from the emitted .d.ts, and a consumer
// whose tsconfig does not list @webgpu/types sees the GPU* names of this file's declarations undefined.
/**
 * `@typetorch/backend-webgpu`: the typetorch backend contract on WebGPU. WebGPU hands out devices
 * asynchronously, so importing the package registers nothing; `await initWebGPU()` finds an adapter
 * (`navigator.gpu` in a browser, or the `GPU` object you pass, e.g. from the npm package `webgpu` in
 * Node), creates the device and registers it as device `'webgpu'`.
 *
 * @module @typetorch/backend-webgpu
 */
import { registerBackend } from '@typetorch/tensor';
import { WebGPUBackend } from './backend.js';

export type { RuntimeStats } from './runtime/runtime.js';
export { WebGPUBackend };

/** Options of {@link initWebGPU} (PyTorch has none: its devices need no setup). */
export interface WebGPUOptions {
  /**
   * The WebGPU entry point; defaults to `navigator.gpu`. In Node: `create([])` from the `webgpu` package
   * (PyTorch has none).
   */
  readonly gpu?: GPU;
  /** An adapter to use instead of requesting one (PyTorch: like choosing `torch.device('cuda', index)`). */
  readonly adapter?: GPUAdapter;
  /** A device to use as is (its limits are what it was created with; PyTorch has none). */
  readonly device?: GPUDevice;
  /** The adapter to request: `'high-performance'` or `'low-power'` (WebGPU's; PyTorch has none). */
  readonly powerPreference?: GPUPowerPreference;
  /** Register the backend as device `'webgpu'` (default true; PyTorch has none: its devices are built in). */
  readonly register?: boolean;
  /**
   * Offer float16 tensors (`torch.float16`), stored as WGSL `f16`: requests the adapter feature
   * 'shader-f16' and throws if the adapter lacks it. Off by default; float32 never needs it.
   */
  readonly float16?: boolean;
}

function describe(adapter: GPUAdapter): string {
  const info = adapter.info;
  const parts = [info?.vendor, info?.architecture, info?.device, info?.description].filter((p) => p);
  return parts.length > 0 ? parts.join(' ') : 'WebGPU adapter';
}

/**
 * Creates the WebGPU backend and registers it as device `'webgpu'` (PyTorch has no counterpart: its
 * CUDA context is created implicitly). Requests the adapter's own limits for buffer sizes and
 * workgroups rather than WebGPU's defaults, and with `float16: true` the 'shader-f16' feature.
 */
export async function initWebGPU(options: WebGPUOptions = {}): Promise<WebGPUBackend> {
  let device = options.device;
  let description = 'WebGPU device';
  // The GPU and adapter objects must stay reachable as long as the device: Dawn's Node bindings tear
  // down the instance under a live device when its JS object is garbage-collected.
  const keepAlive: unknown[] = [];
  if (device === undefined) {
    let adapter = options.adapter ?? null;
    if (adapter === null) {
      const gpu = options.gpu ?? (globalThis.navigator as Navigator | undefined)?.gpu;
      keepAlive.push(gpu);
      if (gpu === undefined) {
        throw new Error(
          "initWebGPU(): WebGPU is not available here: navigator.gpu is undefined. In Node, pass a GPU object: `import { create } from 'webgpu'; await initWebGPU({ gpu: create([]) })`.",
        );
      }
      adapter = await gpu.requestAdapter({ powerPreference: options.powerPreference });
      if (adapter === null) {
        throw new Error(
          'initWebGPU(): no WebGPU adapter was found (requestAdapter() returned null). Without a GPU, a software Vulkan driver (lavapipe or SwiftShader) provides one; see the package README.',
        );
      }
    }
    keepAlive.push(adapter);
    description = describe(adapter);
    if (options.float16 && !adapter.features.has('shader-f16')) {
      throw new Error(
        `initWebGPU({ float16: true }): the adapter (${description}) does not have the 'shader-f16' feature, so it cannot store or compute float16 tensors. float32 works on it: call initWebGPU() without float16 and use float32 tensors.`,
      );
    }
    const l = adapter.limits;
    device = await adapter.requestDevice({
      label: 'typetorch',
      requiredFeatures: options.float16 ? ['shader-f16'] : [],
      requiredLimits: {
        maxStorageBufferBindingSize: l.maxStorageBufferBindingSize,
        maxBufferSize: l.maxBufferSize,
        maxStorageBuffersPerShaderStage: l.maxStorageBuffersPerShaderStage,
        maxComputeInvocationsPerWorkgroup: l.maxComputeInvocationsPerWorkgroup,
        maxComputeWorkgroupSizeX: l.maxComputeWorkgroupSizeX,
        maxComputeWorkgroupsPerDimension: l.maxComputeWorkgroupsPerDimension,
      },
    });
  }
  if (options.float16 && !device.features.has('shader-f16')) {
    throw new Error(
      "initWebGPU({ float16: true }): the given device was created without the 'shader-f16' feature; request it with requiredFeatures: ['shader-f16'] (the adapter must have it), or use float32",
    );
  }
  const backend = new WebGPUBackend(device, description, keepAlive, options.float16 === true);
  if (options.register !== false) registerBackend(backend);
  return backend;
}
