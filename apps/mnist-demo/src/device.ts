/**
 * `--device`: the CPU backend is always there; WebGPU is created on demand (Dawn's Node bindings, the
 * npm package `webgpu`), and a machine without an adapter gets a message saying what to do.
 */
import { listDevices } from '@typetorch/tensor';
import { UsageError } from './errors.js';

export const DEVICE_NAMES = ['cpu', 'webgpu'] as const;
export type DeviceName = (typeof DEVICE_NAMES)[number];

/** Makes `device` usable (registers the WebGPU backend on first use). */
export async function useDevice(device: DeviceName): Promise<void> {
  if (device === 'cpu' || listDevices().includes(device)) return;
  const { initWebGPUNode } = await import('@typetorch/backend-webgpu/node');
  try {
    await initWebGPUNode();
  } catch (err) {
    const reason = err instanceof Error ? err.message.replace(/^initWebGPU(Node)?\(\): /, '') : String(err);
    throw new UsageError(
      `--device webgpu: ${reason}\n\nOn a machine without a GPU, point VK_DRIVER_FILES at a software Vulkan driver before starting, e.g. VK_DRIVER_FILES=/usr/lib/chromium/vk_swiftshader_icd.json (Debian's chromium package) or lavapipe (see packages/backend-webgpu/README.md), or use --device cpu.`,
    );
  }
}
