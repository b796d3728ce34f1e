/**
 * Device registry. Backend packages register themselves when imported
 * (`import '@typetorch/backend-cpu'`); tensors name their device by string.
 */
import type { Backend } from './contract.js';

const backends = new Map<string, Backend>();
let defaultDevice: string | undefined;

/**
 * Registers a backend under its device name. The first registered device becomes the default
 * unless {@link setDefaultDevice} chose one. Registering a name again replaces the backend.
 */
export function registerBackend(backend: Backend): void {
  backends.set(backend.device, backend);
  if (defaultDevice === undefined) defaultDevice = backend.device;
}

/** Removes a backend (for tests and hot reload). Existing tensors on it become unusable. */
export function unregisterBackend(device: string): void {
  backends.delete(device);
  if (defaultDevice === device) defaultDevice = backends.keys().next().value;
}

/** The backend for a device, or a clear error naming what to import. */
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

/** Devices with a registered backend. */
export function listDevices(): string[] {
  return [...backends.keys()];
}

/** Sets the device new tensors go to when no `device` option is given (PyTorch: `torch.set_default_device`). */
export function setDefaultDevice(device: string): void {
  getBackend(device);
  defaultDevice = device;
}

/** The current default device (PyTorch: `torch.get_default_device`). */
export function getDefaultDevice(): string {
  if (defaultDevice === undefined) {
    throw new Error(
      "No backend is registered: import '@typetorch/backend-cpu' (or another backend package) before creating tensors.",
    );
  }
  return defaultDevice;
}
