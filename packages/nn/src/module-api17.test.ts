/**
 * Module's traversal methods against PyTorch 1.13 (the `moduleApi` record of
 * packages/nn/src/fixtures/nn_misc17.json, from scripts/fixtures/nn_misc17.py): `namedModules` (memo,
 * prefix, removeDuplicate), `namedChildren`, `namedParameters` / `namedBuffers` (prefix, recurse, a
 * shared module or buffer listed once), `apply`, `modules`, `children` and `requiresGrad_`.
 */
import '@typetorch/backend-cpu';
import type { Tensor } from '@typetorch/tensor';
import { describe, expect, it } from 'vitest';
import fixture from './fixtures/nn_misc17.json' with { type: 'json' };
import { BatchNorm1d, Linear, Module, Sequential } from './index.js';

class Net extends Module {
  a = new Linear(2, 2);
  b = new Sequential(new Linear(2, 3), new BatchNorm1d(3), this.a);
  c = this.a;
  declare shared: Tensor;

  constructor() {
    super();
    this.registerBuffer('shared', (this.b.at(1) as BatchNorm1d).running_mean);
  }

  forward(x: Tensor): Tensor {
    return x;
  }
}

const names = (items: [string, unknown][]) => items.map(([k]) => k);
const api = fixture.moduleApi;

describe('Module traversal: PyTorch 1.13', () => {
  const n = new Net();
  it('namedModules: memo of shared modules, prefix, removeDuplicate', () => {
    expect(names(n.namedModules())).toEqual(api.namedModules);
    expect(names(n.namedModules(null, 'net'))).toEqual(api.namedModulesPrefix);
    expect(names(n.namedModules(null, '', false))).toEqual(api.namedModulesAll);
    const memo = new Set<Module>([n.a]);
    expect(names(n.namedModules(memo))).toEqual(['', 'b', 'b.0', 'b.1']);
    expect(n.modules().map((m) => m.constructor.name)).toEqual(api.modules);
  });

  it('namedChildren and children list a shared child once', () => {
    expect(names(n.namedChildren())).toEqual(api.namedChildren);
    expect(n.children().map((m) => m.constructor.name)).toEqual(api.children);
  });

  it('namedParameters and namedBuffers: prefix, recurse, each tensor once', () => {
    expect(names(n.namedParameters('p'))).toEqual(api.namedParametersPrefix);
    expect(names(n.b.at(0).namedParameters('', false))).toEqual(api.namedParametersNoRecurse);
    expect(names(n.b.namedParameters('', false))).toEqual(api.namedParametersOfB);
    expect(names(n.namedBuffers())).toEqual(api.namedBuffers);
    expect(names(n.namedBuffers('', false))).toEqual(api.namedBuffersNoRecurse);
    expect(names(n.b.namedBuffers('x'))).toEqual(api.namedBuffersPrefix);
  });

  it('apply visits children (each once per parent) before the module', () => {
    const order: string[] = [];
    expect(n.apply((m) => order.push(m.constructor.name))).toBe(n);
    expect(order).toEqual(api.apply);
  });

  it('requiresGrad_ sets every parameter and returns the module', () => {
    expect(n.requiresGrad_(false)).toBe(n);
    expect(n.parameters().map((p) => p.requiresGrad)).toEqual([false, false, false, false, false, false]);
    n.requiresGrad_();
    expect(n.parameters().every((p) => p.requiresGrad)).toBe(true);
  });
});
