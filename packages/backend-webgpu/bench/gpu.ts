/**
 * One WebGPU entry point for both libraries: Dawn's Node bindings (npm `webgpu`) on the Vulkan driver
 * that `VK_DRIVER_FILES` names. typetorch gets the GPU object directly; TensorFlow.js's WebGPU backend
 * looks for `navigator.gpu`, so the same object is installed there before TF.js is imported.
 */
import { existsSync } from 'node:fs';
import { homedir } from 'node:os';
import { join } from 'node:path';

/** The software drivers the repository's tests use, fastest first (see the package README). */
const DRIVERS = [
  join(homedir(), '.cache/typetorch/lavapipe/lvp_icd.json'),
  '/opt/lavapipe/lvp_icd.json',
  '/usr/lib/chromium/vk_swiftshader_icd.json',
];

export interface Gpu {
  gpu: GPU;
  adapter: GPUAdapter;
  /** The driver file in use, or 'system' when none was set (a real GPU's driver). */
  driver: string;
}

/**
 * Loads Dawn and finds an adapter. Dawn reads `VK_DRIVER_FILES` when it loads, so a default is put into
 * this process's environment first (setting it on the main thread, before the import, reaches the driver).
 */
export async function openGpu(): Promise<Gpu> {
  if (process.env.VK_DRIVER_FILES === undefined) {
    const found = DRIVERS.find((d) => existsSync(d));
    if (found !== undefined) process.env.VK_DRIVER_FILES = found;
  }
  const { create, globals } = await import('webgpu');
  // GPUBufferUsage, GPUMapMode etc. are globals in a browser, and TF.js, written for browsers, reads them there.
  Object.assign(globalThis, globals);
  const gpu = create([]);
  Object.defineProperty(globalThis, 'navigator', {
    value: { gpu, userAgent: `Node.js ${process.version}` },
    configurable: true,
    writable: true,
  });
  const adapter = await gpu.requestAdapter();
  if (adapter === null) {
    throw new Error(
      `no WebGPU adapter (VK_DRIVER_FILES=${process.env.VK_DRIVER_FILES ?? 'unset'}); see packages/backend-webgpu/README.md`,
    );
  }
  return { gpu, adapter, driver: process.env.VK_DRIVER_FILES ?? 'system' };
}

/** "vendor architecture description" of an adapter, for the header line. */
export function describeAdapter(adapter: GPUAdapter): string {
  const { vendor, architecture, description } = adapter.info;
  return [vendor, architecture, description].filter((s) => s).join(' ') || 'unknown adapter';
}
