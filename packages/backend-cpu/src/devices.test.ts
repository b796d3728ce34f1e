import {
  type Backend,
  getDefaultDevice,
  listDevices,
  memory,
  registerBackend,
  setDefaultDevice,
  tensor,
  unregisterBackend,
  zeros,
} from '@typetorch/tensor';
import { afterEach, describe, expect, it } from 'vitest';
import { cpuBackend } from './index.js';

/** A second device backed by the same kernels, to exercise the device registry. */
function secondDevice(name: string): Backend {
  return Object.assign(Object.create(Object.getPrototypeOf(cpuBackend)), cpuBackend, { device: name });
}

describe('devices', () => {
  afterEach(() => {
    unregisterBackend('other');
    setDefaultDevice('cpu');
  });

  it('registers cpu on import and makes it the default', () => {
    expect(listDevices()).toContain('cpu');
    expect(getDefaultDevice()).toBe('cpu');
    expect(zeros(2).device).toBe('cpu');
  });

  it('rejects ops that mix devices with PyTorch wording', () => {
    registerBackend(secondDevice('other'));
    const a = tensor([1, 2], { dtype: 'float32' });
    const b = tensor([1, 2], { device: 'other', dtype: 'float32' });
    expect(() => a.add(b)).toThrow(
      'Expected all tensors to be on the same device, but found at least two devices, cpu and other!',
    );
    expect(() => a.matmul(b)).toThrow('found at least two devices');
  });

  it('moves tensors between devices with to() and accounts memory per device', async () => {
    registerBackend(secondDevice('other'));
    const before = memory('other').numBytes;
    const a = tensor([
      [1, 2],
      [3, 4],
    ]).t();
    const b = a.to('other');
    expect(b.device).toBe('other');
    expect(await b.toArray()).toEqual([
      [1, 3],
      [2, 4],
    ]);
    expect(memory('other').numBytes).toBe(before + 16);
    const c = b.to({ device: 'cpu', dtype: 'int32' });
    expect(c.device).toBe('cpu');
    expect(c.dtype).toBe('int32');
    expect(a.to('cpu')).toBe(a);
    b.dispose();
    expect(memory('other').numBytes).toBe(before);
    const z = zeros([2], { device: 'other' });
    z.copy_(tensor([5, 6]));
    expect(await z.toArray()).toEqual([5, 6]);
  });

  it('uses the default device for creation and fails clearly for unknown devices', () => {
    registerBackend(secondDevice('other'));
    setDefaultDevice('other');
    expect(zeros(1).device).toBe('other');
    expect(() => zeros(1, { device: 'webgpu' })).toThrow(
      "No backend is registered for device 'webgpu': import the backend package for 'webgpu' first.",
    );
    expect(() => setDefaultDevice('nope')).toThrow("No backend is registered for device 'nope'");
  });
});

describe('autograd seam without @typetorch/autograd', () => {
  it('backward() says what to import', () => {
    const x = tensor([1, 2], { requiresGrad: true });
    expect(x.requiresGrad).toBe(true);
    expect(x.isLeaf).toBe(true);
    expect(() => x.sum().backward()).toThrow(
      "backward() needs the autograd engine: add `import '@typetorch/autograd'`",
    );
  });

  it('only floating tensors can require gradients', () => {
    expect(() => tensor([1], { dtype: 'int32', requiresGrad: true })).toThrow(
      'only Tensors of floating point dtype can require gradients',
    );
    expect(tensor([1], { requiresGrad: true }).toString()).toBe('tensor([1.], requires_grad=True)');
  });
});
