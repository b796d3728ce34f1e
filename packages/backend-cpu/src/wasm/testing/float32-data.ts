/**
 * Test data and comparisons shared by the WebAssembly kernels' tests (excluded from the build): float32
 * storages in the kernels' memory filled with values that exercise every rounding and NaN rule, and a
 * bit-for-bit comparison.
 */
import type { View } from '@typetorch/tensor';
import { expect } from 'vitest';
import { cpuBackend } from '../../backend.js';

/** Values that exercise every rule: signed zeros, infinities, NaN, tiny and huge magnitudes. */
export const SPECIAL = [
  0,
  -0,
  1,
  -1,
  0.5,
  -2.5,
  Infinity,
  -Infinity,
  Number.NaN,
  1e-40,
  -1e-40,
  3e38,
  -3e38,
  1e-7,
];

/** `n` float32 values from the backend's allocator (so large ones live in the kernels' memory). */
export function filled(n: number, seed: number): Float32Array {
  const data = cpuBackend.alloc('float32', n) as Float32Array;
  for (let i = 0; i < n; i++) {
    data[i] = i % 7 === 0 ? SPECIAL[(i * 5 + seed) % SPECIAL.length] : Math.sin(i * 1.37 + seed) * 3;
  }
  return data;
}

/** A float32 view of `storage`. */
export const view = (storage: Float32Array, shape: number[], strides: number[], offset = 0): View => ({
  storage,
  dtype: 'float32',
  shape,
  strides,
  offset,
});

/** Bit-identical, except that any NaN equals any NaN (payloads are not specified). */
export function expectSameBits(got: Float32Array, want: Float32Array): void {
  const g = new Int32Array(got.buffer, got.byteOffset, got.length);
  const w = new Int32Array(want.buffer, want.byteOffset, want.length);
  for (let i = 0; i < got.length; i++) {
    if (Number.isNaN(got[i]) && Number.isNaN(want[i])) continue;
    if (g[i] !== w[i]) expect(`${i}: ${got[i]}`).toBe(`${i}: ${want[i]}`);
  }
}
