/**
 * The WebAssembly max pooling kernel against the TypeScript kernel (the reference), on inputs in the
 * kernels' memory: the 2x2 stride-2 vector path (with ties, NaN, infinities and tails that are not a
 * multiple of four windows) and the one-window-at-a-time path (padding, dilation, strides, ceil mode,
 * transposed and offset inputs). Values and indices must agree exactly.
 */
import type { View, Window2d } from '@typetorch/tensor';
import { afterEach, describe, expect, it } from 'vitest';
import { cpuBackend } from '../backend.js';
import { maxPool2d } from '../kernels/pooling.js';
import { wasmRuntime } from './runtime.js';
import { getNumThreads, setNumThreads, setWasmEnabled } from './settings.js';

const SPECIAL = [0, -0, 1, 1, -1, Infinity, -Infinity, Number.NaN, 2, 2];

/** A float32 storage of `n` elements from the backend (in the kernels' memory when large enough). */
function filled(n: number, seed: number, special: boolean): Float32Array {
  const data = cpuBackend.alloc('float32', n) as Float32Array;
  for (let i = 0; i < n; i++) {
    const s = Math.sin(i * 1.37 + seed) * 3;
    // Rounding to halves makes ties common.
    data[i] = special && i % 5 === 0 ? SPECIAL[(i * 3 + seed) % SPECIAL.length] : Math.round(s * 2) / 2;
  }
  return data;
}

interface Case {
  shape: [number, number, number, number];
  strides: [number, number, number, number];
  offset: number;
  out: [number, number];
  window: Window2d;
}

/** Pools `c` with the kernels on or off; returns values and indices. */
function pool(c: Case, x: Float32Array, wasm: boolean): [Float32Array, Int32Array] {
  setWasmEnabled(wasm);
  const [N, C] = c.shape;
  const [oH, oW] = c.out;
  const n = N * C * oH * oW;
  const shape = [N, C, oH, oW];
  const strides = [C * oH * oW, oH * oW, oW, 1];
  const values = cpuBackend.alloc('float32', n) as Float32Array;
  const indices = cpuBackend.alloc('int32', n) as Int32Array;
  const xv: View = { storage: x, dtype: 'float32', shape: c.shape, strides: c.strides, offset: c.offset };
  const ov: View = { storage: values, dtype: 'float32', shape, strides, offset: 0 };
  const iv: View = { storage: indices, dtype: 'int32', shape, strides, offset: 0 };
  try {
    maxPool2d(xv, ov, iv, c.window);
  } finally {
    setWasmEnabled(true);
  }
  return [values.slice(), indices.slice()];
}

const win = (k: number[], s: number[], d: number[], p: number[]): Window2d => ({
  kernelSize: [k[0], k[1]],
  stride: [s[0], s[1]],
  dilation: [d[0], d[1]],
  padding: [p[0], p[1]],
});

/** Output size along one dim (ceil mode when `ceil`, its last window starting inside input or padding). */
function outSize(size: number, k: number, s: number, d: number, p: number, ceil: boolean): number {
  const span = size + 2 * p - d * (k - 1) - 1;
  let o = (ceil ? Math.ceil(span / s) : Math.floor(span / s)) + 1;
  if (ceil && (o - 1) * s >= size + p) o--;
  return o;
}

function contiguousCase(N: number, C: number, H: number, W: number, w: Window2d, ceil = false): Case {
  const oH = outSize(H, w.kernelSize[0], w.stride[0], w.dilation[0], w.padding[0], ceil);
  const oW = outSize(W, w.kernelSize[1], w.stride[1], w.dilation[1], w.padding[1], ceil);
  return { shape: [N, C, H, W], strides: [C * H * W, H * W, W, 1], offset: 0, out: [oH, oW], window: w };
}

function expectAgree(c: Case, special = true): void {
  const [N, C, H, W] = c.shape;
  let span = c.offset + 1;
  for (let d = 0; d < 4; d++) span += (c.shape[d] - 1) * c.strides[d];
  const x = filled(Math.max(span, 256), N * 7 + C * 5 + H * 3 + W, special);
  expect(wasmRuntime()?.owns(x)).toBe(true);
  const [gotV, gotI] = pool(c, x, true);
  const [wantV, wantI] = pool(c, x, false);
  expect(Array.from(gotI)).toEqual(Array.from(wantI));
  expect(Array.from(gotV)).toEqual(Array.from(wantV));
}

const threadsAtStart = getNumThreads();
afterEach(() => {
  setWasmEnabled(true);
  setNumThreads(threadsAtStart);
});

describe('WebAssembly maxPool2d', () => {
  const quad = win([2, 2], [2, 2], [1, 1], [0, 0]);
  it('2x2 stride 2: the vector path, with ties, NaN and infinities, and odd tails', () => {
    for (const [H, W] of [
      [24, 24],
      [9, 9],
      [8, 10],
      [7, 18],
      [2, 2],
      [3, 17],
    ]) {
      expectAgree(contiguousCase(2, 3, H, W, quad));
      expectAgree(contiguousCase(2, 3, H, W, quad), false);
    }
  });

  it('2x2 stride 2 in ceil mode: the last row and column of windows hang over the input', () => {
    expectAgree(contiguousCase(2, 3, 9, 11, quad, true));
    expectAgree(contiguousCase(1, 4, 13, 7, quad, true));
  });

  it('other windows: padding, dilation, strides, rectangular kernels, windows with no tap inside', () => {
    expectAgree(contiguousCase(2, 3, 9, 8, win([3, 3], [2, 2], [1, 1], [1, 1]), true));
    expectAgree(contiguousCase(2, 2, 9, 9, win([3, 3], [1, 1], [2, 2], [1, 1])));
    expectAgree(contiguousCase(2, 3, 9, 8, win([2, 3], [1, 2], [1, 1], [1, 1])));
    expectAgree(contiguousCase(2, 3, 9, 8, win([2, 2], [3, 3], [1, 1], [0, 0]), true));
    expectAgree(contiguousCase(1, 2, 5, 5, win([3, 3], [3, 3], [3, 3], [1, 1]), true));
    expectAgree(contiguousCase(1, 2, 16, 16, win([1, 1], [1, 1], [1, 1], [0, 0])));
  });

  it('strided inputs: transposed planes, channels last, an offset into the storage', () => {
    // [N, C, H, W] read as a transpose of its last two dims: column stride W, not 1.
    const t = contiguousCase(2, 3, 10, 12, quad);
    expectAgree({ ...t, strides: [360, 120, 1, 10] });
    // Channels last: [N, H, W, C] memory.
    const cl = contiguousCase(2, 4, 8, 10, quad);
    expectAgree({ ...cl, strides: [320, 1, 40, 4] });
    expectAgree({ ...cl, strides: [320, 1, 40, 4], window: win([3, 3], [2, 2], [1, 1], [1, 1]) });
    // A slice: an offset and a row stride wider than the row.
    expectAgree({ ...contiguousCase(2, 2, 8, 8, quad), strides: [200, 100, 12, 1], offset: 13 });
  });

  it('large inputs split by planes across two threads', () => {
    setNumThreads(2);
    // 8 x 64 planes of 12 x 12 windows: enough outputs for the job to be split.
    expectAgree(contiguousCase(8, 64, 24, 24, quad));
    expectAgree(contiguousCase(8, 64, 24, 24, win([3, 3], [2, 2], [1, 1], [1, 1]), true));
    expectAgree({ ...contiguousCase(8, 64, 24, 24, quad), strides: [36864, 1, 1536, 64] });
  });
});
