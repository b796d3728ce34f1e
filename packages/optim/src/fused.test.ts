/**
 * The CPU backend's fused `adamStep` kernel against the composition of tensor ops it replaces. The
 * composition runs on a second device registered without fast paths (`fast: {}`), the way
 * packages/backend-cpu/src/devices.test.ts registers 'other'.
 */
import '@typetorch/backend-cpu';
import { cpuBackend } from '@typetorch/backend-cpu';
import { Parameter } from '@typetorch/nn';
import {
  type Backend,
  type DType,
  manualSeed,
  memory,
  randn,
  registerBackend,
  type Tensor,
  unregisterBackend,
} from '@typetorch/tensor';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { Adam, type AdamOptions, AdamW } from './index.js';

const NOFAST = 'nofast';

beforeAll(() => {
  registerBackend(
    Object.assign(Object.create(Object.getPrototypeOf(cpuBackend)), cpuBackend, {
      device: NOFAST,
      fast: {},
    }) as Backend,
  );
});
afterAll(() => unregisterBackend(NOFAST));
afterEach(() => vi.restoreAllMocks());

type Ctor = typeof Adam | typeof AdamW;

/** Trains a copy of `init` for `steps` steps with gradients `grads(step)` on `device`; returns the values. */
function train(
  Optimizer: Ctor,
  options: Partial<AdamOptions>,
  init: Tensor,
  grads: Tensor[],
  device: string,
  layout: (t: Tensor) => Tensor = (t) => t,
): { param: Float64Array; expAvgSq: Float64Array } {
  const p = new Parameter(layout(init.to(device).clone()));
  const opt = new Optimizer([p], options);
  for (const g of grads) {
    p.grad?.dispose();
    p.grad = layout(g.to(device).clone());
    opt.step();
  }
  const out = {
    param: Float64Array.from(p.dataSync()),
    expAvgSq: Float64Array.from(opt.state.get(p)!.expAvgSq.dataSync()),
  };
  opt.disposeState();
  p.grad?.dispose();
  p.dispose();
  return out;
}

function maxRelDiff(a: Float64Array, b: Float64Array): number {
  let worst = 0;
  for (let i = 0; i < a.length; i++) {
    worst = Math.max(worst, Math.abs(a[i] - b[i]) / Math.max(Math.abs(b[i]), 1e-6));
  }
  return worst;
}

const OPTION_SETS: [Ctor, Partial<AdamOptions>][] = [
  [Adam, {}],
  [Adam, { lr: 0.01, betas: [0.8, 0.95], eps: 1e-6 }],
  [Adam, { lr: 0.01, weightDecay: 0.1, amsgrad: true }],
  [Adam, { lr: 0.01, maximize: true, amsgrad: true }],
  [AdamW, {}],
  [AdamW, { lr: 0.01, weightDecay: 0.3, amsgrad: true, maximize: true }],
];

describe('fused adamStep vs composed tensor ops', () => {
  for (const dtype of ['float32', 'float64'] as DType[]) {
    for (const [Optimizer, options] of OPTION_SETS) {
      it(`${Optimizer.name}(${JSON.stringify(options)}) ${dtype}: same results`, () => {
        manualSeed(7);
        const init = randn([37, 23], { dtype });
        const grads = Array.from({ length: 12 }, (_, i) => randn([37, 23], { dtype }).mul(i % 2 ? 0.01 : 2));
        const fused = train(Optimizer, options, init, grads, 'cpu');
        const composed = train(Optimizer, options, init, grads, NOFAST);
        // float32: a few ulps apart (the kernel rounds like PyTorch's fused multiply-adds, the composition
        // rounds products and sums separately), far below what any formula error would give.
        const tol = dtype === 'float32' ? 1e-5 : 1e-14;
        expect(maxRelDiff(fused.param, composed.param)).toBeLessThanOrEqual(tol);
        expect(maxRelDiff(fused.expAvgSq, composed.expAvgSq)).toBeLessThanOrEqual(tol);
        expect(fused.param).not.toEqual(Float64Array.from(init.dataSync())); // it did train
      });
    }
  }

  it('runs the fused kernel on cpu for contiguous tensors, the composition otherwise', () => {
    const kernel = vi.spyOn(cpuBackend.fast, 'adamStep');
    manualSeed(1);
    const init = randn([6, 5]);
    const grads = [randn([6, 5]), randn([6, 5])];
    const contiguous = train(Adam, { lr: 0.1 }, init, grads, 'cpu');
    expect(kernel).toHaveBeenCalledTimes(2);
    kernel.mockClear();
    // A transposed (non-contiguous) parameter and gradient take the composition.
    const transposed = train(
      Adam,
      { lr: 0.1 },
      init.t().contiguous(),
      grads.map((g) => g.t().contiguous()),
      'cpu',
      (t) => t.t(),
    );
    expect(kernel).not.toHaveBeenCalled();
    expect(maxRelDiff(transposed.param, contiguous.param)).toBeLessThanOrEqual(1e-6);
    // `fused = false` forces the composition too.
    const p = new Parameter(init.clone());
    const opt = new Adam([p]);
    opt.fused = false;
    p.grad = grads[0].clone();
    opt.step();
    expect(kernel).not.toHaveBeenCalled();
  });

  it('leaves no temporaries behind on either path', () => {
    for (const device of ['cpu', NOFAST]) {
      const p = new Parameter(randn([16, 8], { device }));
      const g = randn([16, 8], { device });
      const opt = new AdamW([p], { amsgrad: true });
      p.grad = g;
      opt.step();
      const before = memory(device);
      for (let i = 0; i < 20; i++) opt.step();
      expect(memory(device)).toEqual(before);
    }
  });

  it('bumps the version counters of what it writes', () => {
    const p = new Parameter(randn([4]));
    p.grad = randn([4]);
    const opt = new Adam([p]);
    const v = p.storage.version;
    opt.step();
    expect(p.storage.version).toBeGreaterThan(v);
  });
});
