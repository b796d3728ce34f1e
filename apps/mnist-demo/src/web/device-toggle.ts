/**
 * The page's Device toggle (auto / CPU / WebGPU): kept in the URL's `?device=` so that a reload keeps
 * the choice, and disabled while training (the worker refuses a switch mid-run).
 */
import type { DeviceRequest } from './protocol.js';

/** The page's URL with `?device=` set; `auto`, the default, is left out. Other parameters stay. */
export function withDevice(href: string, device: DeviceRequest): string {
  const url = new URL(href);
  if (device === 'auto') url.searchParams.delete('device');
  else url.searchParams.set('device', device);
  return url.href;
}

/** Shows `initial` and calls `onChange` with each new choice, after writing it into the URL. */
export function setupDeviceToggle(
  select: HTMLSelectElement,
  initial: DeviceRequest,
  onChange: (device: DeviceRequest) => void,
): void {
  select.value = initial;
  select.addEventListener('change', () => {
    const device = select.value as DeviceRequest;
    history.replaceState(history.state, '', withDevice(location.href, device));
    onChange(device);
  });
}
