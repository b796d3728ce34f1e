/**
 * Choosing the device in the worker: WebGPU when the browser has it (navigator.gpu and an adapter), the
 * CPU backend otherwise, with the reason in words for the page.
 */
import { initWebGPU } from '@typetorch/backend-webgpu';
import type { DeviceRequest } from './protocol.js';

export interface DeviceChoice {
  device: 'webgpu' | 'cpu';
  /** E.g. "WebGPU: google swiftshader" or "CPU: navigator.gpu is undefined". */
  label: string;
}

/** Registers WebGPU if it is asked for (or `auto`) and available; falls back to the CPU with the reason. */
export async function chooseDevice(request: DeviceRequest): Promise<DeviceChoice> {
  if (request === 'cpu') return { device: 'cpu', label: 'CPU: chosen with ?device=cpu' };
  const gpu = (globalThis.navigator as Navigator | undefined)?.gpu;
  if (gpu === undefined) return { device: 'cpu', label: 'CPU: navigator.gpu is undefined' };
  let adapter: GPUAdapter | null;
  try {
    adapter = await gpu.requestAdapter();
  } catch (err) {
    return { device: 'cpu', label: `CPU: requestAdapter() failed (${message(err)})` };
  }
  if (adapter === null) {
    return { device: 'cpu', label: 'CPU: navigator.gpu found no adapter (requestAdapter() returned null)' };
  }
  try {
    const backend = await initWebGPU({ gpu, adapter });
    // A software adapter (SwiftShader in a browser started with --enable-unsafe-webgpu on a machine
    // without a GPU) runs the shaders on the CPU, slower than the CPU backend: say so.
    const fallback = adapter.info?.isFallbackAdapter === true;
    const note = fallback ? ' (a software fallback adapter: ?device=cpu may be faster)' : '';
    return { device: 'webgpu', label: `WebGPU: ${backend.adapterInfo}${note}` };
  } catch (err) {
    return { device: 'cpu', label: `CPU: the WebGPU device could not be created (${message(err)})` };
  }
}

function message(err: unknown): string {
  return err instanceof Error ? err.message : String(err);
}
