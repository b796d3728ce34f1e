import { describe, expect, it } from 'vitest';
import { getDefaultDevice, tensor, zeros } from './index.js';

// This file imports no backend package, so the registry is empty (vitest isolates test files).
describe('without a backend', () => {
  it('creating a tensor says which package to import', () => {
    expect(() => getDefaultDevice()).toThrow("No backend is registered: import '@typetorch/backend-cpu'");
    expect(() => tensor([1, 2])).toThrow("import '@typetorch/backend-cpu'");
    expect(() => zeros(2, { device: 'cpu' })).toThrow(
      "No backend is registered for device 'cpu': import '@typetorch/backend-cpu' first. No device is registered yet.",
    );
  });
});
