/**
 * The fused dropout mask (`fast.dropoutMask`) against the composition it replaces, run on this
 * backend's core kernels with the TypeScript loops: `random`, `fill`, `binary('lt')`, a cast back by
 * `copy` and `binary('div')`. Every path must give the same bits: WebAssembly on 1 and 2 threads,
 * TypeScript (storages outside the kernels' memory, or the kernels off), float32, float64 and float16,
 * offset views, and stream counters whose 32-bit carry falls inside the mask.
 */
import { contiguousStrides, type DType, type View } from '@typetorch/tensor';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { cpuBackend } from '../backend.js';
import { JOB_DROPOUT_MASK } from '../wasm/layout.js';
import { wasmRuntime } from '../wasm/runtime.js';
import { getNumThreads, setNumThreads, setWasmEnabled, wasmSwitchedOn } from '../wasm/settings.js';

const KEY: [number, number] = [0x2468ace0, 0x13579bdf];

const view = (storage: unknown, dtype: DType, n: number, offset = 0): View => ({
  storage,
  dtype,
  shape: [n],
  strides: contiguousStrides([n]),
  offset,
});

/** The old composition, on the TypeScript kernels: `bernoulli(full(keep)).div_(keep)`. */
function composition(dtype: DType, n: number, keep: number, offset: number): Float64Array {
  const wasOn = wasmSwitchedOn();
  setWasmEnabled(false);
  try {
    const u = cpuBackend.alloc(dtype, n);
    cpuBackend.random(view(u, dtype, n), 'uniform', KEY, offset);
    const k = cpuBackend.alloc(dtype, 1);
    cpuBackend.fill(view(k, dtype, 1), keep);
    const splat: View = { ...view(k, dtype, 1), shape: [n], strides: [0] };
    const hit = cpuBackend.alloc('bool', n);
    cpuBackend.binary('lt', view(u, dtype, n), splat, view(hit, 'bool', n));
    const out = cpuBackend.alloc(dtype, n);
    cpuBackend.copy(view(hit, 'bool', n), view(out, dtype, n));
    cpuBackend.binary('div', view(out, dtype, n), splat, view(out, dtype, n));
    return Float64Array.from(out as Float32Array | Float64Array);
  } finally {
    setWasmEnabled(wasOn);
  }
}

/** The fused kernel into a fresh storage from the backend, at element `at` of it. */
function fused(dtype: DType, n: number, keep: number, offset: number, at = 0): Float64Array {
  const storage = cpuBackend.alloc(dtype, n + at) as Float32Array | Float64Array;
  // With the kernels off no storage is in their memory, so the TypeScript loop runs.
  if (!wasmSwitchedOn()) expect(wasmRuntime()?.owns(storage) ?? false).toBe(false);
  cpuBackend.fast.dropoutMask!(view(storage, dtype, n, at), keep, KEY, offset);
  return Float64Array.from(storage.subarray(at));
}

/** Same bits (the values are float32 or float64, so comparing as float64 loses nothing); NaN equals NaN. */
function expectSame(got: Float64Array, want: Float64Array): void {
  expect(got.length).toBe(want.length);
  for (let i = 0; i < got.length; i++) {
    if (!Object.is(got[i], want[i])) expect(`${i}: ${got[i]}`).toBe(`${i}: ${want[i]}`);
  }
}

const threads = getNumThreads();
afterEach(() => {
  setWasmEnabled(true);
  setNumThreads(threads);
});

// 1 and 255 elements stay in plain typed arrays; 4099 and 20011 run in WebAssembly, split across threads.
const SIZES = [1, 255, 4099, 20011];
const PROBABILITIES = [0.1, 0.25, 0.5, 0.8, 0.999, 1 - 1e-12];
// The last two counters put the carry into the high word inside the mask.
const OFFSETS = [0, 12345, 2 ** 32 - 5000, 2 ** 40 - 3];

describe('the CPU dropout mask kernel', () => {
  for (const count of [1, 2]) {
    it(`matches the composition in float32 with the kernels on, ${count} thread(s)`, () => {
      setNumThreads(count);
      for (const n of SIZES) {
        for (const p of PROBABILITIES) {
          for (const offset of OFFSETS)
            expectSame(fused('float32', n, 1 - p, offset, 3), composition('float32', n, 1 - p, offset));
        }
      }
    });
  }

  it('runs large float32 masks as one WebAssembly range job on 2 threads', () => {
    const rt = wasmRuntime();
    expect(rt).not.toBeNull();
    const spy = vi.spyOn(rt!, 'run');
    setNumThreads(2);
    const out = fused('float32', 20011, 0.5, 7);
    const kinds = spy.mock.calls.map((call) => call[0]);
    spy.mockRestore();
    expect(kinds).toEqual(rt!.canParallelize() ? [JOB_DROPOUT_MASK] : []);
    expectSame(out, composition('float32', 20011, 0.5, 7));
  });

  it('matches the composition with the TypeScript kernels (the kernels off)', () => {
    setWasmEnabled(false);
    for (const dtype of ['float32', 'float64', 'float16'] as const) {
      for (const n of [1, 7, 4099]) {
        for (const p of PROBABILITIES) {
          for (const offset of OFFSETS)
            expectSame(fused(dtype, n, 1 - p, offset, 2), composition(dtype, n, 1 - p, offset));
        }
      }
    }
  });

  it('float16: a keep probability that rounds to 0 gives NaN, as 0 / 0 in the composition', () => {
    const got = fused('float16', 9, 1e-9, 0);
    expect([...got].every(Number.isNaN)).toBe(true);
    expectSame(got, composition('float16', 9, 1e-9, 0));
  });
});
