import { philoxNormal, philoxUniform, type View } from '@typetorch/tensor';
import { describe, expect, it } from 'vitest';
import { cpuBackend } from '../backend.js';
import { wasmRuntime } from '../wasm/runtime.js';
import { random } from './random.js';

const key: [number, number] = [0x12345678, 0x9abcdef0];

function contiguous(storage: Float32Array | Float64Array, shape: number[]): View {
  const strides = shape.map((_, d) => shape.slice(d + 1).reduce((a, b) => a * b, 1));
  return {
    storage,
    dtype: storage instanceof Float32Array ? 'float32' : 'float64',
    shape,
    strides,
    offset: 0,
  };
}

describe('random', () => {
  it('uses stream counter offset + i for element i (uniform)', () => {
    const out = new Float32Array(6);
    random(contiguous(out, [2, 3]), 'uniform', key, 100);
    expect(Array.from(out)).toEqual(
      Array.from({ length: 6 }, (_, i) => Math.fround(philoxUniform(key, 100 + i))),
    );
  });

  it('uses stream counter offset + i for element i (normal)', () => {
    const out = new Float64Array(5);
    random(contiguous(out, [5]), 'normal', key, 2 ** 33);
    expect(Array.from(out)).toEqual(Array.from({ length: 5 }, (_, i) => philoxNormal(key, 2 ** 33 + i)));
  });

  it('continues a stream across calls and numbers strided outputs in row-major order', () => {
    const whole = new Float32Array(8);
    random(contiguous(whole, [8]), 'uniform', key, 0);
    const firstHalf = new Float32Array(4);
    random(contiguous(firstHalf, [4]), 'uniform', key, 0);
    const secondHalf = new Float32Array(4);
    random(contiguous(secondHalf, [4]), 'uniform', key, 4);
    expect([...firstHalf, ...secondHalf]).toEqual(Array.from(whole));
    // A transposed [2, 4] view of an [4, 2] buffer, at offset 1: element (i, j) lives at 1 + i + 2j.
    const buffer = new Float32Array(9);
    random(
      { storage: buffer, dtype: 'float32', shape: [2, 4], strides: [1, 2], offset: 1 },
      'uniform',
      key,
      0,
    );
    for (let i = 0; i < 2; i++)
      for (let j = 0; j < 4; j++) expect(buffer[1 + i + 2 * j]).toBe(whole[i * 4 + j]);
    expect(buffer[0]).toBe(0);
  });

  it('draws uniforms in [0, 1) and normals with mean 0 and variance 1', () => {
    const u = new Float64Array(20000);
    random(contiguous(u, [20000]), 'uniform', key, 0);
    expect(Math.min(...u)).toBeGreaterThanOrEqual(0);
    expect(Math.max(...u)).toBeLessThan(1);
    expect(Math.abs(u.reduce((a, b) => a + b, 0) / u.length - 0.5)).toBeLessThan(0.01);
    const z = new Float64Array(20000);
    random(contiguous(z, [20000]), 'normal', key, 0);
    const mean = z.reduce((a, b) => a + b, 0) / z.length;
    const variance = z.reduce((a, b) => a + (b - mean) ** 2, 0) / z.length;
    expect(Math.abs(mean)).toBeLessThan(0.03);
    expect(Math.abs(variance - 1)).toBeLessThan(0.05);
  });
});

describe('random (WebAssembly uniform fill)', () => {
  it('gives the same bits as philoxUniform, across the 2^32 counter boundary', () => {
    const out = cpuBackend.alloc('float32', 1000) as Float32Array;
    expect(wasmRuntime()?.owns(out)).toBe(true);
    const offset = 2 ** 32 - 300;
    random(contiguous(out, [1000]), 'uniform', key, offset);
    const want = Array.from({ length: 1000 }, (_, i) => Math.fround(philoxUniform(key, offset + i)));
    expect(Array.from(out)).toEqual(want);
    cpuBackend.free(out);
  });
});
