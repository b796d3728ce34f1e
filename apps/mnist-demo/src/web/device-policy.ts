/**
 * Which device the page trains on, and the badge that says so in plain words. Plain functions of what
 * the browser reported, so that every case is unit-tested without a browser (device.ts does the probing).
 *
 * On `auto`, a software WebGPU adapter (SwiftShader, llvmpipe, lavapipe: a browser started with WebGPU
 * on a machine without a GPU) counts as "the CPU is better": it runs the shaders on the CPU (issue 21
 * measured 126 samples/s there against 315-575 on the CPU backend; the CNN is ~15x slower there).
 */
import type { DeviceRequest } from './protocol.js';

/** What the browser offers: no `navigator.gpu`, no usable adapter, or an adapter. */
export type GpuProbe =
  | { kind: 'absent' }
  | { kind: 'no-adapter'; detail: string }
  | { kind: 'adapter'; software: boolean };

/** Why the page trains where it does. */
export type DeviceReason =
  | 'asked-cpu'
  | 'no-webgpu'
  | 'no-adapter'
  | 'software-adapter'
  | 'webgpu'
  | 'webgpu-failed';

export interface DeviceDecision {
  device: 'webgpu' | 'cpu';
  reason: DeviceReason;
}

/** The fields of `GPUAdapterInfo` that name a software rasterizer. */
export interface AdapterInfoLike {
  isFallbackAdapter?: boolean;
  vendor?: string;
  architecture?: string;
  device?: string;
  description?: string;
}

const SOFTWARE = /swiftshader|llvmpipe|lavapipe|software|microsoft basic render/i;

/** Whether an adapter emulates a GPU on the CPU: flagged as a fallback adapter, or named like one. */
export function isSoftwareAdapter(info: AdapterInfoLike | undefined): boolean {
  if (info === undefined) return false;
  if (info.isFallbackAdapter === true) return true;
  return [info.vendor, info.architecture, info.device, info.description].some(
    (field) => field !== undefined && SOFTWARE.test(field),
  );
}

/** The device for a request: `cpu` and `webgpu` are obeyed when possible; `auto` avoids software GPUs. */
export function decideDevice(request: DeviceRequest, probe: GpuProbe): DeviceDecision {
  if (request === 'cpu') return { device: 'cpu', reason: 'asked-cpu' };
  if (probe.kind === 'absent') return { device: 'cpu', reason: 'no-webgpu' };
  if (probe.kind === 'no-adapter') return { device: 'cpu', reason: 'no-adapter' };
  if (probe.software && request === 'auto') return { device: 'cpu', reason: 'software-adapter' };
  return { device: 'webgpu', reason: 'webgpu' };
}

/** What the badge needs to know besides the decision. */
export interface BadgeFacts {
  /** Threads the CPU backend computes on (1 unless the page is cross-origin isolated). */
  threads: number;
  /** `crossOriginIsolated` of the worker: without it the CPU backend has one thread. */
  isolated: boolean;
  /** E.g. "google swiftshader", for WebGPU. */
  adapterName?: string;
  softwareAdapter?: boolean;
  /** Why WebGPU could not be used (no adapter, device creation failed). */
  detail?: string;
}

function cpuThreads(facts: BadgeFacts): string {
  if (facts.threads > 1) return `${facts.threads} threads`;
  return facts.isolated ? '1 thread' : '1 thread: this page is not cross-origin isolated';
}

/** The badge at the top of the page, e.g. "Training on your CPU (4 threads)". */
export function badgeText(decision: DeviceDecision, facts: BadgeFacts): string {
  const cpu = `using the CPU (${cpuThreads(facts)})`;
  switch (decision.reason) {
    case 'asked-cpu':
      return `Training on your CPU (${cpuThreads(facts)})`;
    case 'no-webgpu':
      return `Your browser has no WebGPU: ${cpu}`;
    case 'no-adapter':
      return `WebGPU found no graphics adapter${facts.detail ? ` (${facts.detail})` : ''}: ${cpu}`;
    case 'software-adapter':
      return `WebGPU here is a software emulation, slower than the CPU: ${cpu}`;
    case 'webgpu-failed':
      return `WebGPU could not start${facts.detail ? ` (${facts.detail})` : ''}: ${cpu}`;
    case 'webgpu': {
      const name = facts.adapterName ? ` (${facts.adapterName})` : '';
      return facts.softwareAdapter
        ? `Training on WebGPU${name}, a software emulation: the CPU is faster`
        : `Training on your GPU with WebGPU${name}`;
    }
  }
}

/** A warning shown before Start, or null: the CNN on a software adapter takes hours. */
export function slowRunWarning(
  model: string,
  device: 'webgpu' | 'cpu',
  softwareAdapter: boolean,
): string | null {
  if (model !== 'cnn' || device !== 'webgpu' || !softwareAdapter) return null;
  return 'The CNN takes hours on this software WebGPU: choose Device: CPU (about 15x faster) or the MLP.';
}
