/**
 * The MLP loop without `scope()` on WebGPU: GPU memory (`memory('webgpu').deviceBytes`) holds steady,
 * freed by the finalizer in the event loop turns that every await of a GPU read gives.
 */
import { describe, expect, it } from 'vitest';
import { judge } from './report.js';
import { soak } from './run.js';

const MiB = 2 ** 20;

describe('a loop written without scope() on webgpu', { timeout: 600_000 }, () => {
  it('holds steady GPU memory when it awaits loss.item() every step', async () => {
    const points = await soak({ loop: 'mlp-async', steps: 300, every: 50, device: 'webgpu' });
    const v = judge(points, undefined, 100);
    const device = points.map((c) => (c.memory.deviceBytes / MiB).toFixed(0)).join(', ');
    expect(v.to.step).toBe(300);
    // The model, Adam's state and a few steps' worth of garbage: about 12 MiB, never growing.
    expect(v.peakDeviceMiB, `device MiB at each checkpoint: ${device}`).toBeLessThan(48);
    expect(v.to.memory.numStorages, `device MiB: ${device}`).toBeLessThan(400);
    expect(v.growthMiB, `RSS ${v.from.rssMiB.toFixed(0)} -> ${v.to.rssMiB.toFixed(0)} MiB`).toBeLessThan(48);
  });
});
