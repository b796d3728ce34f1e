/**
 * Views made inside a scope ask the finalizer about themselves only when they leave the scopes alive
 * (a scope holds them until then, so the collector cannot take them earlier): a view the scope
 * disposes never registers, one that leaves (returned from the outermost scope, `keep`, `untrack`) does.
 */
import { describe, expect, it } from 'vitest';
import { Storage } from '../storage.js';
import { Tensor } from '../tensor.js';
import { pendingFinalizations } from './finalizer.js';
import { keep, scope, untrack } from './scope.js';
import { fakeBackend } from './testing/fake-backend.js';

const { backend } = fakeBackend({ evict: false });

function base(): Tensor {
  return new Tensor(new Storage(backend, backend.alloc('float32', 4), 'float32', 4), [4], [1], 0);
}

/** A second tensor on `t`'s storage: a view, which the finalizer watches. */
const viewOf = (t: Tensor) => new Tensor(t.storage, [2], [1], 0);

describe('views made inside scopes', () => {
  it('register at once outside scopes, and unregister when disposed', () => {
    const b = base();
    const before = pendingFinalizations();
    const v = viewOf(b);
    expect(pendingFinalizations()).toBe(before + 1);
    v.dispose();
    expect(pendingFinalizations()).toBe(before);
    b.dispose();
  });

  it('never register when their scope disposes them', () => {
    const b = base();
    const before = pendingFinalizations();
    scope(() => {
      viewOf(b);
      expect(pendingFinalizations()).toBe(before);
    });
    expect(pendingFinalizations()).toBe(before);
    expect(b.storage.record.refs).toBe(1);
    b.dispose();
  });

  it('register when returned from the outermost scope, not from an inner one', () => {
    const b = base();
    const before = pendingFinalizations();
    const v = scope(() => {
      const inner = scope(() => viewOf(b));
      expect(pendingFinalizations()).toBe(before); // still held by the outer scope
      return inner;
    });
    expect(pendingFinalizations()).toBe(before + 1);
    v.dispose();
    expect(pendingFinalizations()).toBe(before);
    b.dispose();
  });

  it('register when kept past the outermost scope or untracked', () => {
    const b = base();
    const before = pendingFinalizations();
    let kept: Tensor | undefined;
    scope(() => {
      kept = keep(viewOf(b));
      expect(pendingFinalizations()).toBe(before + 1);
    });
    expect(kept?.isDisposed).toBe(false);
    const loose = scope(() => untrack(viewOf(b)));
    expect(pendingFinalizations()).toBe(before + 2);
    kept?.dispose();
    loose.dispose();
    expect(pendingFinalizations()).toBe(before);
    b.dispose();
  });

  it('stay unregistered when disposed before leaving', () => {
    const b = base();
    const before = pendingFinalizations();
    const v = scope(() => {
      const t = viewOf(b);
      t.dispose();
      return t;
    });
    expect(v.isDisposed).toBe(true);
    expect(pendingFinalizations()).toBe(before);
    b.dispose();
  });
});
