/**
 * Issue 17's LBFGS on WebGPU: a few steps (fixed step and strong-Wolfe line search, small history)
 * of a float32 least-squares fit on 'webgpu' against the same steps on the CPU. LBFGS reads its
 * scalars with `await t.item()`, so `step` is async; the closure here is async too.
 */
import '@typetorch/backend-cpu';
import { initWebGPUNode } from '@typetorch/backend-webgpu/node';
import { LBFGS, type LBFGSOptions } from '@typetorch/optim';
import { manualSeed, randn, type Tensor, tensor } from '@typetorch/tensor';
import { beforeAll, describe, expect, it } from 'vitest';

beforeAll(async () => {
  await initWebGPUNode();
});

const CASES: [string, Partial<LBFGSOptions>][] = [
  ['fixed step', { lr: 0.5, maxIter: 3 }],
  ['strong_wolfe', { lineSearchFn: 'strong_wolfe', maxIter: 4 }],
  ['strong_wolfe, historySize 2', { lineSearchFn: 'strong_wolfe', historySize: 2, maxIter: 6 }],
];

const STEPS = 3;

/** Fixed float32 inputs: x (8x3), y (8x2), and the starting W (3x2) and b (2). */
function inputs(): Float32Array[] {
  manualSeed(17);
  return [[8, 3], [8, 2], [3, 2], [2]].map((s) => Float32Array.from(randn(s).dataSync() as Float32Array));
}

/** Runs the steps on `device`; returns the losses and W, b after each step. */
async function run(options: Partial<LBFGSOptions>, device: string) {
  const [xv, yv, wv, bv] = inputs();
  const x = tensor(xv, { device }).reshape([8, 3]);
  const y = tensor(yv, { device }).reshape([8, 2]);
  const w = tensor(wv, { device }).reshape([3, 2]).requiresGrad_();
  const b = tensor(bv, { device }).requiresGrad_();
  const optimizer = new LBFGS([w, b], options);
  const out: { loss: number; params: Float32Array[] }[] = [];
  for (let s = 0; s < STEPS; s++) {
    const loss = await optimizer.step(async () => {
      optimizer.zeroGrad();
      const r = x.matmul(w).add(b).sub(y);
      const l = r.mul(r).mean();
      l.backward();
      return l;
    });
    const params = await Promise.all(
      [w, b].map(async (p) => Float32Array.from((await p.data()) as Float32Array)),
    );
    out.push({ loss: Number(await loss.item()), params });
  }
  expect(optimizer.stateDict().state[0].funcEvals).toBeGreaterThan(STEPS);
  optimizer.disposeState();
  for (const t of [x, y, w, b] as Tensor[]) t.dispose();
  return out;
}

describe('LBFGS on WebGPU matches the CPU (float32 least squares)', () => {
  for (const [name, options] of CASES) {
    it(name, async () => {
      const cpu = await run(options, 'cpu');
      const gpu = await run(options, 'webgpu');
      expect(cpu[STEPS - 1].loss).toBeLessThan(cpu[0].loss);
      gpu.forEach((row, s) => {
        expect(row.loss).toBeCloseTo(cpu[s].loss, 3);
        row.params.forEach((p, i) => {
          const want = cpu[s].params[i];
          for (let k = 0; k < p.length; k++) {
            expect(Math.abs(p[k] - want[k])).toBeLessThanOrEqual(1e-3 + 1e-3 * Math.abs(want[k]));
          }
        });
      });
    });
  }
});
