import { conv2d, rand, roundToHalf, softmax, tensor, zeros } from '@typetorch/tensor';
import { describe, expect, it } from 'vitest';
import { cpuBackend } from '../backend.js';
import '../index.js';

const isHalf = (values: ArrayLike<number>) => Array.from(values).every((v) => Object.is(roundToHalf(v), v));

describe('float16 storage on the CPU', () => {
  it('stores half values in a Float32Array and rounds writes', () => {
    const t = tensor([0.1, 1 / 3, 70000], { dtype: 'float16' });
    const storage = t.storage.handle;
    expect(storage).toBeInstanceOf(Float32Array);
    expect(Array.from(storage as Float32Array)).toEqual([
      0.0999755859375,
      0.333251953125,
      Number.POSITIVE_INFINITY,
    ]);
  });

  it('rounds outputs written through strided views (in place on a transpose)', () => {
    const x = tensor([0, 1, 2, 3, 4, 5], { dtype: 'float16' }).reshape([2, 3]);
    x.t().add_(0.1);
    const values = x.dataSync();
    expect(isHalf(values)).toBe(true);
    expect(Array.from(values)).toEqual([0, 1, 2, 3, 4, 5].map((v) => roundToHalf(v + roundToHalf(0.1))));
  });

  it('rounds the results of the fast paths: softmax, conv2d and the Adam step', () => {
    const x = rand([2, 3, 5, 5], { dtype: 'float16' });
    const w = rand([4, 3, 3, 3], { dtype: 'float16' });
    const y = conv2d(x, w, null, { padding: 1 });
    expect(y.dtype).toBe('float16');
    expect(isHalf(y.dataSync())).toBe(true);
    expect(isHalf(softmax(x, -1).dataSync())).toBe(true);
    const p = rand([33], { dtype: 'float16' });
    const m = zeros([33], { dtype: 'float16' });
    const v = zeros([33], { dtype: 'float16' });
    const g = rand([33], { dtype: 'float16' });
    const view = (t: typeof p) => ({
      storage: t.storage.handle,
      dtype: t.dtype,
      shape: t.shape,
      strides: t.strides,
      offset: 0,
    });
    cpuBackend.fast.adamStep!(view(p), view(g), view(m), view(v), null, {
      lr: 0.1,
      beta1: 0.9,
      beta2: 0.999,
      eps: 1e-8,
      weightDecay: 0,
      decoupled: false,
      amsgrad: false,
      maximize: false,
      step: 1,
    });
    for (const t of [p, m, v]) expect(isHalf(t.dataSync())).toBe(true);
    expect(Array.from(m.dataSync())).toEqual(
      Array.from(g.dataSync(), (gi) => roundToHalf(Math.fround(0.1) * gi)),
    );
  });

  it('keeps uniform samples below 1 and on the half grid', () => {
    const u = rand([20000], { dtype: 'float16' }).dataSync();
    expect(isHalf(u)).toBe(true);
    expect(Math.max(...u)).toBeLessThan(1);
    expect(Math.min(...u)).toBeGreaterThanOrEqual(0);
  });
});
