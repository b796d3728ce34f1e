import type { DType, TypedArray, View } from '@typetorch/tensor';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { getNumThreads, setNumThreads, setWasmEnabled } from '../wasm/settings.js';
import { isWasmEnabled, wasmStatus } from '../wasm/status.js';
import { matmul } from './matmul.js';

/** A deterministic pseudo-random generator, so failures reproduce. */
function lcg(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
    return s / 4294967296;
  };
}

type Layout = 'rowMajor' | 'transposed';

interface Operand {
  view: View;
  /** Element (t, i, j) of the logical [B, R, C] matrix. */
  at(t: number, i: number, j: number): number;
}

/**
 * A [batch, rows, cols] operand stored row-major or transposed (column-major), at an offset, with its
 * batch stride 0 when `broadcast` (one matrix shared by every batch).
 */
function operand(
  rand: () => number,
  ctor: Float32ArrayConstructor | Float64ArrayConstructor | Int32ArrayConstructor,
  dtype: DType,
  [batch, rows, cols]: [number, number, number],
  layout: Layout,
  broadcast: boolean,
  offset: number,
): Operand {
  const stored = broadcast ? 1 : batch;
  const data: TypedArray = new ctor(offset + stored * rows * cols);
  for (let i = offset; i < data.length; i++)
    data[i] = dtype === 'int32' ? Math.floor(rand() * 9) - 4 : rand() * 2 - 1;
  const matrix = rows * cols;
  const strides = layout === 'rowMajor' ? [matrix, cols, 1] : [matrix, 1, rows];
  if (broadcast) strides[0] = 0;
  const view: View = { storage: data, dtype, shape: [batch, rows, cols], strides, offset };
  return { view, at: (t, i, j) => data[offset + t * strides[0] + i * strides[1] + j * strides[2]] };
}

/** Runs the kernel and checks it against a float64 triple loop. */
function check(
  [batch, m, k, n]: [number, number, number, number],
  options: {
    dtype?: DType;
    aLayout?: Layout;
    bLayout?: Layout;
    aBroadcast?: boolean;
    bBroadcast?: boolean;
    outTransposed?: boolean;
    seed?: number;
  } = {},
): void {
  const dtype = options.dtype ?? 'float32';
  const ctor = dtype === 'float64' ? Float64Array : dtype === 'int32' ? Int32Array : Float32Array;
  const rand = lcg(options.seed ?? m * 1000003 + k * 1009 + n);
  const a = operand(
    rand,
    ctor,
    dtype,
    [batch, m, k],
    options.aLayout ?? 'rowMajor',
    options.aBroadcast ?? false,
    3,
  );
  const b = operand(
    rand,
    ctor,
    dtype,
    [batch, k, n],
    options.bLayout ?? 'rowMajor',
    options.bBroadcast ?? false,
    5,
  );
  // The output starts as garbage so a missed element is caught; optionally transposed per batch.
  const out: TypedArray = new ctor(2 + batch * m * n).fill(77);
  const outStrides = options.outTransposed ? [m * n, 1, m] : [m * n, n, 1];
  matmul(a.view, b.view, { storage: out, dtype, shape: [batch, m, n], strides: outStrides, offset: 2 });
  const tolerance = dtype === 'float32' ? 1e-5 : dtype === 'float64' ? 1e-12 : 0;
  for (let t = 0; t < batch; t++) {
    for (let i = 0; i < m; i++) {
      for (let j = 0; j < n; j++) {
        let want = 0;
        let scale = 0;
        for (let p = 0; p < k; p++) {
          const prod = a.at(t, i, p) * b.at(t, p, j);
          want += prod;
          scale += Math.abs(prod);
        }
        const got: number = out[2 + t * outStrides[0] + i * outStrides[1] + j * outStrides[2]];
        if (Math.abs(got - want) > tolerance * Math.max(1, scale)) {
          expect.fail(
            `[${batch},${m},${k},${n}] ${JSON.stringify(options)}: out[${t},${i},${j}] = ${got}, want ${want}`,
          );
        }
      }
    }
  }
  // Nothing outside the output view was written.
  expect([out[0], out[1]]).toEqual([77, 77]);
}

// Every case runs twice: through the WebAssembly SIMD kernels (float32) and through the TypeScript ones.
for (const path of ['wasm', 'typescript'] as const)
  describe(`matmul (${path})`, () => {
    beforeAll(() => {
      setWasmEnabled(path === 'wasm');
      expect(isWasmEnabled()).toBe(path === 'wasm');
    });
    afterAll(() => setWasmEnabled(true));

    it('computes a small product exactly', () => {
      const a: View = {
        storage: Float32Array.from([1, 2, 3, 4, 5, 6]),
        dtype: 'float32',
        shape: [1, 2, 3],
        strides: [6, 3, 1],
        offset: 0,
      };
      const b: View = {
        storage: Float32Array.from([7, 8, 9, 10, 11, 12]),
        dtype: 'float32',
        shape: [1, 3, 2],
        strides: [6, 2, 1],
        offset: 0,
      };
      const out = new Float32Array(4);
      matmul(a, b, { storage: out, dtype: 'float32', shape: [1, 2, 2], strides: [4, 2, 1], offset: 0 });
      expect(Array.from(out)).toEqual([58, 64, 139, 154]);
    });

    it('matches the reference across sizes, including 1 and non-multiples of the 4x4 tile', () => {
      const sizes = [1, 2, 3, 4, 5, 7, 8, 9, 13, 16, 17];
      for (const m of sizes) for (const n of sizes) for (const k of [1, 3, 4, 9]) check([1, m, k, n]);
    });

    it('crosses the K, M and N cache-block boundaries', () => {
      // K = 600 runs as three 200-deep blocks; M = 130 spans three 64-row blocks; N = 2050 two 2048-col slices.
      check([1, 9, 600, 11]);
      check([1, 130, 70, 37]);
      check([1, 6, 7, 2050]);
      check([1, 67, 257, 69]);
    });

    it('handles transposed operands and a transposed output', () => {
      for (const aLayout of ['rowMajor', 'transposed'] as const) {
        for (const bLayout of ['rowMajor', 'transposed'] as const) {
          check([2, 13, 21, 10], { aLayout, bLayout });
          check([1, 1, 21, 10], { aLayout, bLayout });
          check([1, 13, 21, 1], { aLayout, bLayout });
          check([2, 6, 5, 7], { aLayout, bLayout, outTransposed: true });
        }
      }
    });

    it('broadcasts an operand across the batch with stride 0', () => {
      check([3, 5, 6, 7], { aBroadcast: true });
      check([3, 5, 6, 7], { bBroadcast: true });
      check([4, 1, 6, 7], { bBroadcast: true });
      check([4, 5, 6, 1], { aBroadcast: true, aLayout: 'transposed' });
    });

    it('writes zeros when K is 0 and nothing when M or N is 0', () => {
      const empty: View = {
        storage: new Float32Array(0),
        dtype: 'float32',
        shape: [2, 3, 0],
        strides: [0, 0, 1],
        offset: 0,
      };
      const emptyB: View = {
        storage: new Float32Array(0),
        dtype: 'float32',
        shape: [2, 0, 4],
        strides: [0, 4, 1],
        offset: 0,
      };
      const out = new Float32Array(24).fill(9);
      matmul(empty, emptyB, {
        storage: out,
        dtype: 'float32',
        shape: [2, 3, 4],
        strides: [12, 4, 1],
        offset: 0,
      });
      expect(Array.from(out)).toEqual(new Array(24).fill(0));
      check([2, 0, 5, 3]);
      check([2, 3, 5, 0]);
    });

    it('supports float64 and int32', () => {
      check([2, 19, 33, 23], { dtype: 'float64' });
      check([2, 1, 33, 23], { dtype: 'float64' });
      check([2, 19, 33, 23], { dtype: 'int32' });
      check([1, 5, 300, 6], { dtype: 'int32', bLayout: 'transposed' });
    });

    it('matches the reference on random shapes and layouts', () => {
      const rand = lcg(12345);
      const pick = (max: number) => 1 + Math.floor(rand() * max);
      for (let trial = 0; trial < 40; trial++) {
        check([pick(3), pick(40), pick(80), pick(40)], {
          aLayout: rand() < 0.5 ? 'rowMajor' : 'transposed',
          bLayout: rand() < 0.5 ? 'rowMajor' : 'transposed',
          aBroadcast: rand() < 0.2,
          bBroadcast: rand() < 0.2,
          outTransposed: rand() < 0.2,
          seed: trial,
        });
      }
    });

    it('gives the same results when called again with other sizes (scratch reuse)', () => {
      check([1, 70, 300, 70]);
      check([1, 5, 3, 5]);
      check([1, 70, 300, 70]);
    });
  });

/** A float32 `[batch, rows, cols]` view with random values, row-major or transposed. */
function randomView(rand: () => number, shape: [number, number, number], transposed: boolean): View {
  const [batch, rows, cols] = shape;
  const data = new Float32Array(batch * rows * cols);
  for (let i = 0; i < data.length; i++) data[i] = rand() * 2 - 1;
  const strides = transposed ? [rows * cols, 1, rows] : [rows * cols, cols, 1];
  return { storage: data, dtype: 'float32', shape, strides, offset: 0 };
}

/** Bitwise equality of two float32 arrays (vitest's deep equality is far too slow for 50k elements). */
function expectSameBits(got: Float32Array, want: Float32Array): void {
  expect(got.length).toBe(want.length);
  const x = new Uint32Array(got.buffer, got.byteOffset, got.length);
  const y = new Uint32Array(want.buffer, want.byteOffset, want.length);
  const first = x.findIndex((bits, i) => bits !== y[i]);
  expect(first, first < 0 ? '' : `element ${first}: ${got[first]} != ${want[first]}`).toBe(-1);
}

function product(a: View, b: View): Float32Array {
  const [batch, m] = a.shape;
  const n = b.shape[2];
  const out = new Float32Array(batch * m * n);
  matmul(a, b, { storage: out, dtype: 'float32', shape: [batch, m, n], strides: [m * n, n, 1], offset: 0 });
  return out;
}

describe('matmul (wasm, threads)', () => {
  const threads = getNumThreads();
  afterAll(() => setNumThreads(threads));

  it('gives bit-identical results on 1 and 3 threads, and matches the TypeScript kernel', () => {
    const rand = lcg(7);
    for (const [batch, m, k, n] of [
      [1, 200, 300, 260],
      [3, 67, 513, 129],
      [1, 1, 700, 2000],
    ] as const) {
      for (const ta of [false, true]) {
        for (const tb of [false, true]) {
          const a = randomView(rand, [batch, m, k], ta);
          const b = randomView(rand, [batch, k, n], tb);
          setNumThreads(1);
          const one = product(a, b);
          setNumThreads(3);
          const three = product(a, b);
          expect(wasmStatus().workers).toBe(2);
          expectSameBits(three, one);
          setWasmEnabled(false);
          const reference = product(a, b);
          setWasmEnabled(true);
          let worst = 0;
          for (let i = 0; i < one.length; i++) worst = Math.max(worst, Math.abs(one[i] - reference[i]));
          expect(worst).toBeLessThan(1e-4);
        }
      }
    }
  });

  it('keeps results identical while the thread count changes between products', () => {
    const rand = lcg(11);
    const a = randomView(rand, [2, 96, 257], false);
    const b = randomView(rand, [2, 257, 300], true);
    setNumThreads(1);
    const want = product(a, b);
    for (const threads of [3, 2, 1, 3, 2]) {
      setNumThreads(threads);
      for (let rep = 0; rep < 20; rep++) expectSameBits(product(a, b), want);
    }
    // Lowering the count never stops a worker (one could be mid-chunk): the extra ones sit jobs out.
    expect(wasmStatus().workers).toBe(2);
    expect(wasmStatus().workerError).toBeNull();
  });

  it('splits a large batch into several jobs (tall matrices: at most 4095 chunks a job)', () => {
    // 38400 rows are 300 row blocks of 128, so a job takes 3 of the 5 items; shared (broadcast)
    // operands are packed once for all of them.
    for (const [aShared, bShared] of [
      [false, false],
      [true, false],
      [false, true],
    ]) {
      const rand = lcg(5);
      const a = randomView(rand, [aShared ? 1 : 5, 38400, 3], false);
      const b = randomView(rand, [bShared ? 1 : 5, 3, 9], true);
      const av: View = { ...a, shape: [5, 38400, 3], strides: [aShared ? 0 : a.strides[0], 3, 1] };
      const bv: View = { ...b, shape: [5, 3, 9], strides: [bShared ? 0 : b.strides[0], 1, 3] };
      setNumThreads(2);
      const got = product(av, bv);
      setWasmEnabled(false);
      const want = product(av, bv);
      setWasmEnabled(true);
      let worst = 0;
      for (let i = 0; i < got.length; i++) worst = Math.max(worst, Math.abs(got[i] - want[i]));
      expect(worst).toBeLessThan(1e-5);
    }
  });

  it('reads an operand that is a narrow slice of a large storage', () => {
    const rand = lcg(9);
    const wide = randomView(rand, [1, 64, 4000], false);
    // Columns 100..139 of a 64 x 4000 matrix: the span is ~6000x larger than the slice.
    const slice: View = { ...wide, shape: [1, 64, 40], offset: 100 };
    const b = randomView(rand, [1, 40, 24], true);
    const got = product(slice, b);
    setWasmEnabled(false);
    const want = product(slice, b);
    setWasmEnabled(true);
    for (let i = 0; i < got.length; i++) expect(Math.abs(got[i] - want[i])).toBeLessThan(1e-5);
  });
});
