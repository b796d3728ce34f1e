import '@typetorch/backend-cpu';
import { empty, Generator, type Tensor, zeros } from '@typetorch/tensor';
import { describe, expect, it } from 'vitest';
import { Parameter } from '../parameter.js';
import * as init from './index.js';

const values = (t: Tensor) => Array.from(t.dataSync());
const mean = (v: number[]) => v.reduce((a, b) => a + b, 0) / v.length;
const std = (v: number[]) => {
  const m = mean(v);
  return Math.sqrt(v.reduce((a, b) => a + (b - m) ** 2, 0) / (v.length - 1));
};
const bounds = (v: number[]) => [Math.min(...v), Math.max(...v)];

describe('calculateGain', () => {
  it("returns PyTorch's gains", () => {
    for (const linear of ['linear', 'conv1d', 'conv2d', 'conv3d', 'conv_transpose2d', 'sigmoid'] as const) {
      expect(init.calculateGain(linear)).toBe(1);
    }
    expect(init.calculateGain('tanh')).toBe(5 / 3);
    expect(init.calculateGain('relu')).toBe(Math.SQRT2);
    expect(init.calculateGain('selu')).toBe(0.75);
    expect(init.calculateGain('leaky_relu')).toBe(Math.sqrt(2 / (1 + 0.01 ** 2)));
    expect(init.calculateGain('leaky_relu', 0.2)).toBe(Math.sqrt(2 / 1.04));
    expect(init.calculateGain('leakyRelu', Math.sqrt(5))).toBe(Math.sqrt(2 / 6));
    expect(init.calculateGain('convTranspose1d')).toBe(1);
  });

  it('rejects unknown nonlinearities and bad slopes with PyTorch messages', () => {
    expect(() => init.calculateGain('softsign' as init.Nonlinearity)).toThrow(
      'Unsupported nonlinearity softsign',
    );
    expect(() => init.calculateGain('leaky_relu', 'x' as unknown as number)).toThrow(
      'negative_slope x not a valid number',
    );
  });
});

describe('fans', () => {
  it('reads [out, in, *kernel] layouts', () => {
    expect(init.calculateFanInAndFanOut(empty([5, 10]))).toEqual([10, 5]);
    expect(init.calculateFanInAndFanOut(empty([16, 3, 5, 5]))).toEqual([75, 400]);
    expect(init.calculateCorrectFan(empty([16, 3, 5, 5]), 'fan_out')).toBe(400);
    expect(init.calculateCorrectFan(empty([16, 3, 5, 5]), 'fanIn')).toBe(75);
  });

  it('fails for fewer than 2 dims and for unknown modes', () => {
    expect(() => init.calculateFanInAndFanOut(empty([5]))).toThrow(
      'Fan in and fan out can not be computed for tensor with fewer than 2 dimensions',
    );
    expect(() => init.xavierUniform_(empty([5]))).toThrow('Fan in and fan out can not be computed');
    expect(() => init.calculateCorrectFan(empty([2, 2]), 'fan_avg' as init.FanMode)).toThrow(
      'Mode fan_avg not supported, please use one of fan_in, fan_out',
    );
  });
});

describe('initialisers', () => {
  it('fill constants', () => {
    const t = empty([2, 3]);
    expect(init.constant_(t, 0.5)).toBe(t);
    expect(values(t)).toEqual([0.5, 0.5, 0.5, 0.5, 0.5, 0.5]);
    expect(values(init.zeros_(t))).toEqual([0, 0, 0, 0, 0, 0]);
    expect(values(init.ones_(t))).toEqual([1, 1, 1, 1, 1, 1]);
  });

  it('draw uniform and normal samples with the right moments', () => {
    const u = values(init.uniform_(empty([100, 100]), -3, 1));
    const [lo, hi] = bounds(u);
    expect(lo).toBeGreaterThanOrEqual(-3);
    expect(hi).toBeLessThan(1);
    expect(mean(u)).toBeCloseTo(-1, 1);
    const n = values(init.normal_(empty([100, 100]), 2, 0.5));
    expect(mean(n)).toBeCloseTo(2, 1);
    expect(std(n)).toBeCloseTo(0.5, 1);
  });

  it('Xavier: U(-a, a) with a = gain * sqrt(6 / (fan_in + fan_out)), or N(0, 2 / (fan_in + fan_out))', () => {
    const a = 2 * Math.sqrt(6 / (300 + 100));
    const u = values(init.xavierUniform_(empty([100, 300]), 2));
    const [lo, hi] = bounds(u);
    expect(lo).toBeGreaterThanOrEqual(-a);
    expect(hi).toBeLessThanOrEqual(a);
    expect(hi).toBeGreaterThan(0.99 * a);
    expect(std(u)).toBeCloseTo(a / Math.sqrt(3), 2);
    expect(std(values(init.xavierNormal_(empty([100, 300]))))).toBeCloseTo(Math.sqrt(2 / 400), 2);
  });

  it('Kaiming: bound gain * sqrt(3 / fan), std gain / sqrt(fan)', () => {
    // Default a = 0 with leaky_relu: gain sqrt(2), fan_in = 200.
    const u = values(init.kaimingUniform_(empty([150, 200])));
    const bound = Math.sqrt(2) * Math.sqrt(3 / 200);
    expect(Math.max(...u.map(Math.abs))).toBeLessThanOrEqual(bound);
    expect(Math.max(...u.map(Math.abs))).toBeGreaterThan(0.99 * bound);
    // Linear's initialisation: a = sqrt(5) gives a bound of exactly 1 / sqrt(fan_in).
    const linear = values(init.kaimingUniform_(empty([150, 200]), { a: Math.sqrt(5) }));
    expect(Math.max(...linear.map(Math.abs))).toBeLessThanOrEqual(1 / Math.sqrt(200) + 1e-7);
    const n = values(init.kaimingNormal_(empty([200, 150]), { mode: 'fan_out', nonlinearity: 'relu' }));
    expect(std(n)).toBeCloseTo(Math.sqrt(2 / 200), 2);
    expect(mean(n)).toBeCloseTo(0, 2);
  });

  it('are reproducible with a generator', () => {
    const draw = (seed: number) =>
      values(init.kaimingUniform_(empty([4, 5]), { generator: new Generator(seed) }));
    expect(draw(3)).toEqual(draw(3));
    expect(draw(3)).not.toEqual(draw(4));
    const n = (seed: number) =>
      values(init.xavierNormal_(empty([4, 5]), 1, { generator: new Generator(seed) }));
    expect(n(1)).toEqual(n(1));
  });

  it('work on parameters without recording gradients', () => {
    const p = new Parameter(zeros([3, 4]));
    for (const fill of [
      () => init.uniform_(p),
      () => init.normal_(p),
      () => init.kaimingNormal_(p),
      () => init.xavierUniform_(p),
      () => init.ones_(p),
    ]) {
      expect(fill()).toBe(p);
      expect(p.gradFn).toBeNull();
      expect(p.requiresGrad).toBe(true);
    }
  });

  it('leave zero-element tensors alone, as PyTorch', () => {
    const t = empty([0, 3]);
    expect(init.kaimingUniform_(t)).toBe(t);
    expect(init.kaimingNormal_(t)).toBe(t);
  });
});
