/**
 * Device registry. Backend packages register themselves when imported
 * (`import '@typetorch/backend-cpu'`); tensors name their device by string.
 */
import { shared } from '../global-state.js';
import type { Backend } from './contract.js';

// One registry per process, whichever copy of this package a backend was bound to (global-state.ts).
const registry = shared('registry', () => ({
  backends: new Map<string, Backend>(),
  defaultDevice: undefined as string | undefined,
}));
const backends = registry.backends;

/**
 * Registers a backend under its device name. The first registered device becomes the default
 * unless {@link setDefaultDevice} chose one. Registering a name again replaces the backend.
 * (PyTorch: `torch.utils.rename_privateuse1_backend` with its kernels, roughly; backends here are plain objects.)
 */
export function registerBackend(backend: Backend): void {
  backends.set(backend.device, backend);
  registry.defaultDevice ??= backend.device;
}

/** Removes a backend (for tests and hot reload). Existing tensors on it become unusable. PyTorch has no equivalent. */
export function unregisterBackend(device: string): void {
  backends.delete(device);
  if (registry.defaultDevice === device) registry.defaultDevice = backends.keys().next().value;
}

/** The backend for a device, or a clear error naming what to import (PyTorch has no public equivalent). */
export function getBackend(device: string): Backend {
  const backend = backends.get(device);
  if (backend === undefined) {
    const known = [...backends.keys()];
    const hint =
      device === 'cpu' ? "import '@typetorch/backend-cpu'" : `import the backend package for '${device}'`;
    throw new Error(
      `No backend is registered for device '${device}': ${hint} first.` +
        (known.length > 0 ? ` Registered devices: ${known.join(', ')}.` : ' No device is registered yet.'),
    );
  }
  return backend;
}

/** Devices with a registered backend (PyTorch has none; compare `torch.cuda.is_available()`). */
export function listDevices(): string[] {
  return [...backends.keys()];
}

/** Sets the device new tensors go to when no `device` option is given (PyTorch: `torch.set_default_device`). */
export function setDefaultDevice(device: string): void {
  getBackend(device);
  registry.defaultDevice = device;
}

/** The current default device (PyTorch: `torch.get_default_device`). */
export function getDefaultDevice(): string {
  const device = registry.defaultDevice;
  if (device === undefined) {
    throw new Error(
      "No backend is registered: import '@typetorch/backend-cpu' (or another backend package) before creating tensors.",
    );
  }
  return device;
}
