/**
 * `@typetorch/backend-webgpu/node`: WebGPU in Node through Dawn's bindings (the npm package `webgpu`,
 * an optional peer dependency). Kept out of the main entry point so browser bundles never see it.
 *
 * @module @typetorch/backend-webgpu/node
 */
import { initWebGPU, type WebGPUBackend, type WebGPUOptions } from './index.js';

/**
 * Options of {@link initWebGPUNode}: those of `initWebGPU` but the entry point, plus Dawn's toggles
 * (PyTorch has none: its devices need no setup).
 */
export interface WebGPUNodeOptions extends Omit<WebGPUOptions, 'gpu'> {
  /** Dawn toggles passed to the `webgpu` package's `create()`; none are needed (PyTorch has none). */
  readonly dawnOptions?: readonly string[];
}

/**
 * Creates the backend on a Dawn adapter and registers it as device `'webgpu'`. `dawnOptions` are
 * Dawn toggles for `create()` (none are needed). The Vulkan driver is chosen by the environment
 * (`VK_DRIVER_FILES`), which must be set before the process loads Dawn.
 *
 * Idempotent: a process has one Dawn instance, and a later call with the same options (as a second
 * `--device webgpu` setup would make) resolves to the first call's backend instead of creating
 * another. Different options (`float16`, `register: false`) get their own device on that instance.
 * (PyTorch has no WebGPU device: the nearest is `torch.device('cuda')`, which needs no setup.)
 */
export function initWebGPUNode(options: WebGPUNodeOptions = {}): Promise<WebGPUBackend> {
  if (options.adapter !== undefined || options.device !== undefined) return createNodeBackend(options);
  const key = JSON.stringify([
    options.powerPreference,
    options.register,
    options.float16,
    options.dawnOptions ?? [],
  ]);
  let backend = started.get(key);
  if (backend === undefined) {
    backend = createNodeBackend(options).catch((error: unknown) => {
      started.delete(key); // a failed start can be retried
      throw error;
    });
    started.set(key, backend);
  }
  return backend;
}

/** The backends started by {@link initWebGPUNode}, by their options. */
const started = new Map<string, Promise<WebGPUBackend>>();

/** Dawn's instances by their toggles: created once per process, as Dawn expects. */
const instances = new Map<string, GPU>();

async function createNodeBackend(options: WebGPUNodeOptions): Promise<WebGPUBackend> {
  const toggles = [...(options.dawnOptions ?? [])];
  let gpu = instances.get(JSON.stringify(toggles));
  if (gpu === undefined) {
    let create: (options: string[]) => GPU;
    try {
      ({ create } = await import('webgpu'));
    } catch (error) {
      throw new Error(
        "initWebGPUNode(): the npm package 'webgpu' (Dawn's Node bindings) is not installed: `npm install webgpu`",
        { cause: error },
      );
    }
    gpu = create(toggles);
    instances.set(JSON.stringify(toggles), gpu);
  }
  return initWebGPU({ ...options, gpu });
}
