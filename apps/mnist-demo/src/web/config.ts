/**
 * The page's settings from its URL: `?data=URL` (where the four MNIST .gz files are), `?limit=N`
 * (training images), `?device=auto|webgpu|cpu`. The data URL defaults to the build-time variable
 * `VITE_MNIST_URL`, else `data/mnist/` beside the page (which `pnpm demo:web` serves).
 */
import type { DeviceRequest } from './protocol.js';

export interface PageConfig {
  /** Absolute base URL of the MNIST files (the worker resolves nothing against the page). */
  dataUrl: string;
  limit?: number;
  device: DeviceRequest;
}

const DEVICES: readonly DeviceRequest[] = ['auto', 'webgpu', 'cpu'];

export function readConfig(location: Location, buildDataUrl: string | undefined): PageConfig {
  const params = new URLSearchParams(location.search);
  const data = params.get('data') || buildDataUrl || 'data/mnist/';
  const base = new URL(data.endsWith('/') ? data : `${data}/`, location.href).href;
  const limitText = params.get('limit');
  const limit = limitText !== null && /^[1-9]\d*$/.test(limitText) ? Number(limitText) : undefined;
  const device = (params.get('device') ?? 'auto') as DeviceRequest;
  return { dataUrl: base, limit, device: DEVICES.includes(device) ? device : 'auto' };
}
