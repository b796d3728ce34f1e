import type { View } from '@typetorch/tensor';
import { afterAll, describe, expect, it } from 'vitest';
import { cpuBackend } from '../backend.js';
import { wasmRuntime } from '../wasm/runtime.js';
import { setWasmEnabled } from '../wasm/settings.js';
import { adamStep } from './optim.js';

type Options = Parameters<typeof adamStep>[5];

function lcg(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
    return s / 4294967296;
  };
}

/** A float32 storage of the backend (in the kernels' memory) holding `values`. */
function storage(values: Float32Array): Float32Array {
  const data = cpuBackend.alloc('float32', values.length) as Float32Array;
  data.set(values);
  return data;
}

function view(data: Float32Array): View {
  return { storage: data, dtype: 'float32', shape: [data.length], strides: [1], offset: 0 };
}

/** Runs `steps` Adam steps on fresh copies of the state, with the WebAssembly kernel on or off. */
function run(wasm: boolean, init: Float32Array[], grads: Float32Array[], options: Omit<Options, 'step'>) {
  setWasmEnabled(wasm);
  const [p, m, v, vmax] = init.map(storage);
  expect(wasmRuntime()?.owns(p) ?? false).toBe(wasm);
  grads.forEach((g, i) => {
    const grad = storage(g);
    adamStep(view(p), view(grad), view(m), view(v), options.amsgrad ? view(vmax) : null, {
      ...options,
      step: i + 1,
    });
    cpuBackend.free(grad);
  });
  return [p, m, v, vmax].map((x) => Float32Array.from(x));
}

const OPTIONS: Omit<Options, 'step'>[] = [
  {
    lr: 1e-3,
    beta1: 0.9,
    beta2: 0.999,
    eps: 1e-8,
    weightDecay: 0,
    decoupled: false,
    amsgrad: false,
    maximize: false,
  },
  {
    lr: 0.01,
    beta1: 0.8,
    beta2: 0.95,
    eps: 1e-6,
    weightDecay: 0.1,
    decoupled: false,
    amsgrad: true,
    maximize: false,
  },
  {
    lr: 0.01,
    beta1: 0.9,
    beta2: 0.999,
    eps: 1e-8,
    weightDecay: 0.3,
    decoupled: true,
    amsgrad: true,
    maximize: true,
  },
  {
    lr: 0.1,
    beta1: 0.5,
    beta2: 0.9,
    eps: 1e-3,
    weightDecay: 0.01,
    decoupled: true,
    amsgrad: false,
    maximize: false,
  },
];

describe('adamStep (WebAssembly SIMD) against the TypeScript loops', () => {
  afterAll(() => setWasmEnabled(true));

  for (const options of OPTIONS) {
    it(`is bit-identical: ${JSON.stringify(options)}`, () => {
      const rand = lcg(42);
      // 1003 elements: the SIMD loop and the scalar tail both run. Values span many magnitudes.
      const n = 1003;
      const values = () => Float32Array.from({ length: n }, () => (rand() - 0.5) * 10 ** (rand() * 8 - 4));
      const init = [
        values(),
        values().map((x) => x * 0.1),
        values().map((x) => x * x),
        values().map((x) => x * x),
      ];
      init[0][5] = 0;
      const grads = Array.from({ length: 5 }, values);
      grads[2][7] = 0;
      const simd = run(true, init, grads, options);
      const ts = run(false, init, grads, options);
      for (let i = 0; i < simd.length; i++) expect(simd[i]).toEqual(ts[i]);
      expect(simd[0]).not.toEqual(init[0]); // it did train
    });
  }

  it('propagates NaN through max_exp_avg_sq as Math.max does', () => {
    const options = OPTIONS[1];
    // 300 elements: large enough to live in the kernels' memory.
    const init = [0, 1, 2, 3].map((k) => Float32Array.from({ length: 300 }, (_, i) => (k === 0 ? i : 0)));
    init[3][1] = Number.NaN;
    init[3][6] = Number.NaN;
    const grad = Float32Array.from({ length: 300 }, (_, i) => Math.sin(i));
    grad[2] = Number.NaN;
    grad[9] = 1e30;
    const simd = run(true, init, [grad], options);
    const ts = run(false, init, [grad], options);
    for (let i = 0; i < simd.length; i++) expect(simd[i]).toEqual(ts[i]);
    expect(Number.isNaN(simd[0][1])).toBe(true);
  });
});
