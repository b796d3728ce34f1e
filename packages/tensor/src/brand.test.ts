/**
 * `instanceof Tensor` across two copies of @typetorch/tensor (brand.ts): a tensor made by one copy is
 * a Tensor to the other, subclasses keep the ordinary test, and a tensor of an incompatible copy gets
 * an error naming the cause.
 */
import { afterEach, describe, expect, it, vi } from 'vitest';
import * as A from './index.js';
import { hostBackend, secondCopy } from './memory/testing/second-copy.js';

afterEach(() => {
  vi.restoreAllMocks();
  for (const d of A.listDevices()) A.unregisterBackend(d);
});

describe('Tensor brand', () => {
  it('a tensor of another copy is an instanceof Tensor, both ways', async () => {
    vi.spyOn(console, 'warn').mockImplementation(() => {});
    const B = await secondCopy();
    B.registerBackend(hostBackend('brand'));
    const a = A.zeros(2);
    const b = B.zeros(2);
    expect(b instanceof A.Tensor).toBe(true);
    expect(a instanceof B.Tensor).toBe(true);
    // Ops across copies, with a real backend: packages/autograd/src/duplicate-tensor.test.ts.
  });

  it('leaves other values and subclasses to the ordinary test', () => {
    class Sub extends A.Tensor {}
    expect(Object.create(A.Tensor.prototype) instanceof Sub).toBe(false);
    expect(Object.create(Sub.prototype) instanceof Sub).toBe(true);
    expect(Object.create(Sub.prototype) instanceof A.Tensor).toBe(true);
    for (const v of [null, undefined, 1, 'x', {}, [], new Float32Array(2)])
      expect(v instanceof A.Tensor).toBe(false);
  });

  it('a tensor of a copy with another state layout is named as such', () => {
    const foreign = { [Symbol.for('@typetorch/tensor.Tensor')]: { layout: 999, version: '9.0.0' } };
    expect(() => foreign instanceof A.Tensor).toThrow(
      'Got a tensor from another copy of @typetorch/tensor (version 9.0.0, state layout 999)',
    );
    expect(() => foreign instanceof A.Tensor).toThrow('npm ls @typetorch/tensor');
  });
});
