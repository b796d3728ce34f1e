/**
 * Who owns which gradient during backward. Every case runs with memory debugging on (freed storages
 * are poisoned with NaN) and with tensors of 256+ elements, which backend-cpu keeps in WebAssembly
 * memory and reuses right after a free: a storage released too early shows up as wrong numbers.
 */
import '@typetorch/backend-cpu';
import { isWasmEnabled } from '@typetorch/backend-cpu';
import { manualSeed, memoryDebug, rand, randn, setMemoryDebug, type Tensor } from '@typetorch/tensor';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { grad } from './index.js';

const n = 256;
const maxDiff = (a: Tensor, b: Tensor) => a.sub(b).abs().max().itemSync() as number;

describe('gradients are never read after their storage was released', () => {
  const debugging = memoryDebug();
  beforeAll(() => setMemoryDebug(true));
  afterAll(() => setMemoryDebug(debugging));

  it('runs on the WebAssembly heap, where a freed block is reused at once', () => {
    expect(isWasmEnabled()).toBe(true);
  });

  it('a non-leaf used twice: the gradient add passes to both inputs survives the first one', () => {
    manualSeed(0);
    const mu = randn([n]).requiresGrad_(true).mul(1); // a non-leaf used twice
    const s = rand([n]).requiresGrad_(true);
    const e = randn([n]);
    const z = mu.add(e.mul(s));
    z.square().sum().add(mu.sum()).backward();
    expect(maxDiff(s.grad!, z.mul(2).mul(e))).toBe(0);
  });

  it('one gradient passed through to three consumers, summed into a slot that already holds one', () => {
    manualSeed(1);
    const x = randn([n]).requiresGrad_(true);
    const y = x.mul(1);
    const w = randn([n]);
    // y's slot gets y.sum()'s gradient first, then add's passes the same tensor on three times.
    y.sum().add(y.add(y).add(y).mul(w).sum()).backward();
    expect(maxDiff(x.grad!, w.mul(3).add(1))).toBe(0);
  });

  it('a passed-through gradient that becomes a leaf .grad is not shared with one still in flight', () => {
    manualSeed(2);
    const a = randn([n]).requiresGrad_(true);
    const b = randn([n]).requiresGrad_(true);
    const c = randn([n]);
    // add hands the same gradient to a (a leaf: adopted as .grad) and to b.mul(c); b's own gradient
    // is computed after, from that tensor.
    a.add(b.mul(c)).mul(2).sum().backward();
    a.add(b.mul(c)).mul(2).sum().backward(); // accumulates in place into a.grad
    expect(maxDiff(a.grad!, randn([n]).mul(0).add(4))).toBe(0);
    expect(maxDiff(b.grad!, c.mul(4))).toBe(0);
  });

  it('retained grads and autograd.grad outputs are copies, not the gradient in flight', () => {
    manualSeed(3);
    const x = randn([n]).requiresGrad_(true);
    const h = x.mul(2);
    h.retainGrad();
    const k = h.add(h);
    k.sum().backward();
    expect(maxDiff(h.grad!, x.mul(0).add(2))).toBe(0);
    expect(maxDiff(x.grad!, x.mul(0).add(4))).toBe(0);
    const x2 = randn([n]).requiresGrad_(true);
    const y2 = x2.mul(1);
    const [gy, gx] = grad(y2.add(y2).sum(), [y2, x2]);
    expect(maxDiff(gy!, x2.mul(0).add(2))).toBe(0);
    expect(maxDiff(gx!, x2.mul(0).add(2))).toBe(0);
  });

  it('retainGrad() then an in-place op: the grad of the tensor as it ends up, as PyTorch gives', () => {
    // torch 1.13: y = x * 2; y.retain_grad(); y.mul_(3); y.sum().backward() -> y.grad [1, 1], x.grad [6, 6]
    const x = randn([n]).requiresGrad_(true);
    const y = x.mul(2);
    y.retainGrad();
    y.mul_(3);
    y.sum().backward();
    expect(maxDiff(y.grad!, x.mul(0).add(1))).toBe(0);
    expect(maxDiff(x.grad!, x.mul(0).add(6))).toBe(0);
  });

  it('a root gradient the caller passes stays the caller’s', () => {
    manualSeed(4);
    const x = randn([n]).requiresGrad_(true);
    const g = randn([n]);
    const before = g.clone();
    x.mul(1).backward(g);
    x.mul(1).backward(g); // in place into x.grad, which must not be g's storage
    expect(maxDiff(g, before)).toBe(0);
    expect(maxDiff(x.grad!, before.mul(2))).toBe(0);
  });
});
