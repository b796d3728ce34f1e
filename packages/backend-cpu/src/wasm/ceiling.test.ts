// The SIMD ceiling micro-benchmark computes what it says (lane 0 checked against a float32 model of
// its eight accumulators, across the wrap of its operand rings) and is off with the kernels.
import { afterEach, describe, expect, it } from 'vitest';
import { SIMD_CEILING_FLOPS, wasmSimdCeiling } from './ceiling.js';
import { setWasmEnabled } from './settings.js';
import { wasmStatus } from './status.js';

const f = Math.fround;

/** Lane 0 of `simdCeilingF32(iterations, 1)` in the plain build (multiply, round, add, round). */
function model(iterations: number): number {
  const mem = Array.from({ length: 384 }, (_, j) => f(1 + f(f(j) * f(0.001))));
  const c = new Array<number>(8).fill(0);
  let at = 0;
  for (let s = 0; s < iterations; s++) {
    for (let i = 0; i < 4; i++) {
      for (let j = 0; j < 2; j++) {
        const a = mem[at / 4 + i];
        const b = mem[128 + at / 2 + 4 * j];
        c[2 * i + j] = f(c[2 * i + j] + f(a * b));
      }
    }
    at = (at + 16) & 511;
  }
  const add = (x: number, y: number) => f(x + y);
  return add(add(add(c[0], c[1]), add(c[2], c[3])), add(add(c[4], c[5]), add(c[6], c[7])));
}

describe('wasmSimdCeiling', () => {
  afterEach(() => setWasmEnabled(true));

  it('runs the 4 x 8 micro-kernel update over its operands, 64 flops a step', () => {
    expect(wasmStatus().relaxedSimd).toBe(false); // the model below rounds as the plain build does
    expect(SIMD_CEILING_FLOPS).toBe(64);
    for (const n of [0, 1, 5, 37, 1000]) expect(wasmSimdCeiling(n)).toBe(model(n));
  });

  it('returns null with the WebAssembly kernels off, and rejects a bad count', () => {
    setWasmEnabled(false);
    expect(wasmSimdCeiling(10)).toBeNull();
    expect(() => wasmSimdCeiling(-1)).toThrow(RangeError);
    expect(() => wasmSimdCeiling(1.5)).toThrow(RangeError);
  });
});
