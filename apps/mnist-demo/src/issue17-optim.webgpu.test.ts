/**
 * Issue 17's optimizers on WebGPU: a few steps of Adamax, NAdam, RAdam, Rprop and ASGD (several
 * option sets, two parameter groups) on 'webgpu' against the same steps on the CPU. The optimizers
 * are compositions of tensor ops; a step never reads the device.
 */
import '@typetorch/backend-cpu';
import { initWebGPUNode } from '@typetorch/backend-webgpu/node';
import { Adamax, ASGD, NAdam, type Optimizer, RAdam, Rprop } from '@typetorch/optim';
import { manualSeed, randn, type Tensor, tensor } from '@typetorch/tensor';
import { beforeAll, describe, expect, it } from 'vitest';

beforeAll(async () => {
  await initWebGPUNode();
});

type Make = (groups: { params: Tensor[]; lr?: number }[]) => Optimizer;

const CASES: [string, Make][] = [
  ['Adamax', (g) => new Adamax(g, { lr: 0.01, weightDecay: 0.1 })],
  ['Adamax maximize', (g) => new Adamax(g, { lr: 0.02, maximize: true, betas: [0.8, 0.99] })],
  ['NAdam', (g) => new NAdam(g, { lr: 0.01, weightDecay: 0.05, momentumDecay: 0.1 })],
  ['RAdam', (g) => new RAdam(g, { lr: 0.01, betas: [0.8, 0.9], weightDecay: 0.1 })],
  ['Rprop', (g) => new Rprop(g, { lr: 0.05, etas: [0.3, 1.5], stepSizes: [1e-3, 0.2] })],
  ['Rprop maximize', (g) => new Rprop(g, { lr: 0.01, maximize: true })],
  ['ASGD', (g) => new ASGD(g, { lr: 0.05, lambd: 0.01, t0: 2, weightDecay: 0.05 })],
  ['ASGD maximize', (g) => new ASGD(g, { lr: 0.05, maximize: true, t0: 3 })],
];

const STEPS = 6;

/** Fixed inputs: two parameters and, per step, their gradients (p1 gets none on step 2). */
function inputs(): { params: Float32Array[]; grads: (Float32Array | null)[][]; shapes: number[][] } {
  manualSeed(17);
  const shapes = [[3, 4], [5]];
  const read = (t: Tensor) => Float32Array.from(t.dataSync() as Float32Array);
  const params = shapes.map((s) => read(randn(s)));
  const grads = Array.from({ length: STEPS }, (_, step) =>
    shapes.map((s, i) => (i === 1 && step === 2 ? null : read(randn(s).mul_(step % 2 ? 0.2 : 2)))),
  );
  return { params, grads, shapes };
}

/** Runs the steps on `device`; returns every parameter's values after each step. */
async function run(make: Make, device: string): Promise<Float32Array[][]> {
  const { params: init, grads, shapes } = inputs();
  const params = init.map((v, i) => tensor(v, { device }).reshape(shapes[i]).requiresGrad_());
  const optimizer = make([{ params: [params[0]] }, { params: [params[1]], lr: 0.03 }]);
  const out: Float32Array[][] = [];
  for (const row of grads) {
    params.forEach((p, i) => {
      p.grad?.dispose();
      const g = row[i];
      p.grad = g === null ? null : tensor(g, { device }).reshape(shapes[i]);
    });
    optimizer.step();
    out.push(await Promise.all(params.map(async (p) => Float32Array.from((await p.data()) as Float32Array))));
  }
  optimizer.zeroGrad();
  optimizer.disposeState();
  for (const p of params) p.dispose();
  return out;
}

describe('Adamax, NAdam, RAdam, Rprop and ASGD on webgpu match the CPU', () => {
  for (const [name, make] of CASES) {
    it(name, async () => {
      const cpu = await run(make, 'cpu');
      const gpu = await run(make, 'webgpu');
      let worst = 0;
      cpu.forEach((row, s) => {
        row.forEach((c, i) => {
          const g = gpu[s][i];
          expect(g.length).toBe(c.length);
          for (let k = 0; k < c.length; k++) {
            const r = Math.abs(g[k] - c[k]) / (1e-5 + 1e-4 * Math.abs(c[k]));
            if (!(r <= worst)) worst = r;
          }
        });
      });
      expect(worst).toBeLessThanOrEqual(1);
    });
  }
});
