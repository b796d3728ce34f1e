/**
 * `@typetorch/backend-webgpu/node`: WebGPU in Node through Dawn's bindings (the npm package `webgpu`,
 * an optional peer dependency). Kept out of the main entry point so browser bundles never see it.
 */
import { initWebGPU, type WebGPUBackend, type WebGPUOptions } from './index.js';

/**
 * Creates the backend on a Dawn adapter and registers it as device `'webgpu'`. `dawnOptions` are
 * Dawn toggles for `create()` (none are needed). The Vulkan driver is chosen by the environment
 * (`VK_DRIVER_FILES`), which must be set before the process loads Dawn.
 */
export async function initWebGPUNode(
  options: Omit<WebGPUOptions, 'gpu'> & { readonly dawnOptions?: readonly string[] } = {},
): Promise<WebGPUBackend> {
  let create: (options: string[]) => GPU;
  try {
    ({ create } = await import('webgpu'));
  } catch (error) {
    throw new Error(
      "initWebGPUNode(): the npm package 'webgpu' (Dawn's Node bindings) is not installed: `npm install webgpu`",
      { cause: error },
    );
  }
  return initWebGPU({ ...options, gpu: create([...(options.dawnOptions ?? [])]) });
}
