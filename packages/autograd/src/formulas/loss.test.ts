/**
 * Gradient checks of the fused cross entropy (float64 finite differences on the CPU), its double
 * backward, and the reference compositions run through the conformance cases on a CPU device
 * without fast paths.
 */
import { cpuBackend } from '@typetorch/backend-cpu';
import { coreCases, gradientCases } from '@typetorch/conformance';
import {
  crossEntropyPerSample,
  registerBackend,
  type Tensor,
  tensor,
  unregisterBackend,
} from '@typetorch/tensor';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { enableGrad, grad, gradcheck } from '../index.js';

/** A float64 leaf that requires grad, `[rows, C]`, with distinct values in about [-2, 2]. */
const logits = (rows: number, C: number, seed = 0) =>
  tensor(
    Array.from({ length: rows * C }, (_, i) => 2 * Math.sin(1.7 * i + seed)),
    { dtype: 'float64' },
  )
    .reshape([rows, C])
    .requiresGrad_();

const ints = (v: number[]) => tensor(v, { dtype: 'int32' });
const f64 = (v: number[]) => tensor(v, { dtype: 'float64' });

const SETTINGS = [
  { label: 'plain', target: [2, 0, 3, 1], options: {} },
  { label: 'weight', target: [2, 0, 3, 1], options: { weight: f64([0.5, 2, 1.25, 0.75]) } },
  { label: 'ignoreIndex 3', target: [2, 3, 3, 1], options: { ignoreIndex: 3 } },
  { label: 'labelSmoothing 0.2', target: [2, 0, 3, 1], options: { labelSmoothing: 0.2 } },
  {
    label: 'weight, ignoreIndex -100, labelSmoothing 0.3',
    target: [2, -100, 3, 1],
    options: { weight: f64([0.5, 2, 1.25, 0.75]), labelSmoothing: 0.3 },
  },
];

describe('crossEntropyPerSample gradcheck', () => {
  for (const { label, target, options } of SETTINGS) {
    it(label, () => {
      expect(gradcheck((x) => crossEntropyPerSample(x, ints(target), options)[0], [logits(4, 4)])).toBe(true);
    });
    it(`${label}: weighted mean, as nn reduces`, () => {
      const fn = (x: Tensor) => {
        const [loss, weights] = crossEntropyPerSample(x, ints(target), options);
        return loss.sum().div(weights.sum());
      };
      expect(gradcheck(fn, [logits(4, 4, 1)])).toBe(true);
    });
    it(`${label}: double backward`, () => {
      // gradcheck evaluates fn under noGrad with perturbed copies: take the inner gradient regardless.
      const fn = (x: Tensor) =>
        enableGrad(() => {
          const leaf = x.requiresGrad ? x : x.detach().requiresGrad_();
          const [loss] = crossEntropyPerSample(leaf, ints(target), options);
          return grad([loss.square().sum()], [leaf], undefined, { createGraph: true })[0]!;
        });
      expect(gradcheck(fn, [logits(4, 4, 2)])).toBe(true);
    });
  }

  it("records one node, named after PyTorch's", () => {
    const [loss] = crossEntropyPerSample(logits(2, 3), ints([0, 2]));
    expect(loss.gradFn?.name).toBe('CrossEntropyLossBackward0');
  });

  it('the fused backward and the differentiable composition agree', () => {
    for (const { target, options } of SETTINGS) {
      const x = logits(4, 4, 3);
      const [loss] = crossEntropyPerSample(x, ints(target), options);
      const g = f64([0.5, -1, 2, 0.25]);
      const [fused] = grad([loss], [x], [g], { retainGraph: true });
      const [composed] = grad([loss], [x], [g], { createGraph: true });
      const a = Array.from(fused!.dataSync());
      const b = Array.from(composed!.dataSync());
      for (let i = 0; i < a.length; i++) expect(a[i]).toBeCloseTo(b[i], 12);
    }
  });
});

describe('reference compositions on a CPU device without fast paths', () => {
  const device = 'cpu-nofast-loss';
  beforeAll(() => {
    registerBackend(
      Object.assign(Object.create(Object.getPrototypeOf(cpuBackend)), cpuBackend, { device, fast: {} }),
    );
  });
  afterAll(() => unregisterBackend(device));
  const cases = [...coreCases(), ...gradientCases()].filter(
    (c) => c.group === 'loss' || c.group === 'loss-grad',
  );
  it('finds the cases', () => expect(cases.length).toBeGreaterThan(8));
  for (const c of cases) it(`${c.group}: ${c.name}`, () => c.run(device));
});
