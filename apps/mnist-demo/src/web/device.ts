/**
 * Choosing the device in the worker: asks the browser what it has (navigator.gpu, an adapter, whether
 * it is a software one), decides with device-policy.ts, and registers WebGPU when it is chosen. The
 * page may switch devices later (its Device toggle): the adapter is probed and WebGPU started once.
 */
import { getNumThreads, wasmStatus } from '@typetorch/backend-cpu';
import { initWebGPU } from '@typetorch/backend-webgpu';
import { badgeText, decideDevice, type GpuProbe, isSoftwareAdapter } from './device-policy.js';
import type { DeviceRequest } from './protocol.js';

export interface DeviceChoice {
  device: 'webgpu' | 'cpu';
  /** The badge, e.g. "Training on your CPU (2 threads)". */
  label: string;
  /** Whether the browser's WebGPU adapter is a software emulation (whatever the choice). */
  softwareAdapter: boolean;
  /** Threads of the CPU backend (1 unless cross-origin isolated). */
  threads: number;
}

interface Probed {
  probe: GpuProbe;
  gpu?: GPU;
  adapter?: GPUAdapter;
}

let probed: Promise<Probed> | undefined;
/** WebGPU started once (an adapter gives one device): its adapter's name, or the reason it failed. */
let started: Promise<string> | undefined;

async function probeGpu(): Promise<Probed> {
  const gpu = (globalThis.navigator as Navigator | undefined)?.gpu;
  if (gpu === undefined) return { probe: { kind: 'absent' } };
  try {
    const adapter = await gpu.requestAdapter();
    if (adapter === null) {
      return { probe: { kind: 'no-adapter', detail: 'requestAdapter() returned null' } };
    }
    return { probe: { kind: 'adapter', software: isSoftwareAdapter(adapter.info) }, gpu, adapter };
  } catch (err) {
    return { probe: { kind: 'no-adapter', detail: `requestAdapter() failed: ${message(err)}` } };
  }
}

/**
 * Threads the CPU backend computes on: its WebAssembly memory is shared (threads possible) only in a
 * cross-origin-isolated worker; then it uses `getNumThreads()` (navigator.hardwareConcurrency).
 */
export function cpuThreads(): number {
  return wasmStatus().shared ? getNumThreads() : 1;
}

/** Chooses the device for a request and registers WebGPU if it is chosen; falls back to the CPU. */
export async function chooseDevice(request: DeviceRequest): Promise<DeviceChoice> {
  const { probe, gpu, adapter } = await (probed ??= probeGpu());
  let decision = decideDevice(request, probe);
  const softwareAdapter = probe.kind === 'adapter' && probe.software;
  const threads = cpuThreads();
  const facts = { threads, isolated: globalThis.crossOriginIsolated === true, softwareAdapter };
  let detail = probe.kind === 'no-adapter' ? probe.detail : undefined;
  let adapterName: string | undefined;
  if (decision.device === 'webgpu' && gpu !== undefined && adapter !== undefined) {
    try {
      adapterName = await (started ??= initWebGPU({ gpu, adapter }).then((b) => b.adapterInfo));
    } catch (err) {
      decision = { device: 'cpu', reason: 'webgpu-failed' };
      detail = message(err);
    }
  }
  const label = badgeText(decision, { ...facts, detail, adapterName });
  return { device: decision.device, label, softwareAdapter, threads };
}

function message(err: unknown): string {
  return err instanceof Error ? err.message : String(err);
}
