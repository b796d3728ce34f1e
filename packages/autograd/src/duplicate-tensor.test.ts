/**
 * The drifted layout of issue 19: npm nested a second copy of @typetorch/tensor, so the CPU backend
 * (or autograd) is bound to one copy while the user's code imports the other. A second instance of
 * the module graph is loaded with `vi.resetModules()`; the backend registers into the shared global
 * registry (tensor's global-state.ts), and tensors of both copies compute and differentiate together.
 */
import * as A from '@typetorch/tensor';
import { describe, expect, it, vi } from 'vitest';
import './index.js'; // autograd bound to copy A, as the user's own import

type Copy = typeof A;

/** Loads `@typetorch/backend-cpu` (and optionally autograd) bound to a fresh copy B of the tensor package. */
async function cpuOnSecondCopy(withAutograd: boolean) {
  vi.resetModules();
  await import('@typetorch/backend-cpu');
  const autograd = withAutograd ? await import('./index.js') : undefined;
  const B: Copy = await import('@typetorch/tensor');
  expect(B.Tensor).not.toBe(A.Tensor); // really a second copy, and the backend is bound to it
  return { B, autograd };
}

const values = (t: A.Tensor | null) => Array.from(t!.dataSync());

describe('backend-cpu bound to a second copy of @typetorch/tensor', () => {
  it('registers a device the first copy uses: forward, backward, and tensors of both copies mixed', async () => {
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => {});
    const { B } = await cpuOnSecondCopy(false);
    expect(warn).toHaveBeenCalledTimes(1);
    expect(String(warn.mock.calls[0][0])).toContain('two copies are loaded');
    warn.mockRestore();

    // Before the shared registry: "No backend is registered: import '@typetorch/backend-cpu'".
    expect(A.getDefaultDevice()).toBe('cpu');
    expect(A.listDevices()).toEqual(['cpu']);
    const f32 = { dtype: 'float32', requiresGrad: true } as const;
    const x = A.tensor(
      [
        [1, 2],
        [3, 4],
      ],
      f32,
    );
    const w = B.tensor([[0.5], [-1]], f32); // made by copy B
    const y = x.matmul(w).relu().sum().add(B.tensor(1)); // copy A's ops on copy B's tensors
    expect(await y.item()).toBeCloseTo(1, 6); // relu([-1.5, -2.5]) = 0, + 1
    const z = x.mul(x).sum().add(B.mul(w, w).sum()); // and copy B's ops on copy A's tensors
    z.backward();
    expect(values(x.grad)).toEqual([2, 4, 6, 8]);
    expect(values(w.grad)).toEqual([1, -2]);
    expect(x.grad instanceof B.Tensor && w.grad instanceof A.Tensor).toBe(true);
  });

  it('autograd bound to the second copy records the ops of the first', async () => {
    vi.spyOn(console, 'warn').mockImplementation(() => {});
    const { B, autograd } = await cpuOnSecondCopy(true);
    try {
      const x = A.tensor([1, 2, 3], { dtype: 'float32', requiresGrad: true });
      const y = x
        .exp()
        .mul(B.tensor([1, 0, 2]))
        .sum();
      expect(y.gradFn?.name).toMatch(/^SumBackward/); // recorded by autograd B's engine
      y.backward();
      const e = [1, 2, 3].map(Math.exp);
      const g = values(x.grad);
      for (const [i, want] of [e[0], 0, 2 * e[2]].entries()) expect(g[i]).toBeCloseTo(want, 4);
      // The installed engine's grad mode is the second autograd's: its noGrad governs copy A's ops.
      expect(autograd!.noGrad(() => x.mul(2)).requiresGrad).toBe(false);
      expect(x.mul(2).requiresGrad).toBe(true);
    } finally {
      vi.restoreAllMocks();
    }
  });

  it('device checks, scopes and print options are one per process', async () => {
    vi.spyOn(console, 'warn').mockImplementation(() => {});
    const { B } = await cpuOnSecondCopy(false);
    vi.restoreAllMocks();
    const { cpuBackend } = await import('@typetorch/backend-cpu'); // bound to copy B
    // The CPU as an asynchronous device: a failed check waits for the next read from the device.
    const capabilities = { ...cpuBackend.capabilities, syncRead: false };
    B.registerBackend(
      Object.create(cpuBackend, { device: { value: 'cpu-async' }, capabilities: { value: capabilities } }),
    );
    try {
      B.assertAsync(A.tensor([0], { device: 'cpu-async' }), 'flagged through copy B');
      await expect(A.ones(2, { device: 'cpu-async' }).data()).rejects.toThrow('flagged through copy B');
    } finally {
      A.unregisterBackend('cpu-async');
    }
    let made: A.Tensor | undefined;
    A.scope(() => {
      made = B.ones(2); // a package bound to copy B makes a tensor inside the user's scope
    });
    expect(made!.isDisposed).toBe(true);
    B.setPrintOptions({ precision: 2 });
    try {
      expect(String(A.tensor([1.23456], { dtype: 'float32' }))).toBe('tensor([1.23])');
    } finally {
      A.setPrintOptions();
    }
  });
});
