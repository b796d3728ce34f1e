import type { DType, ReduceOp, TypedArray, View } from '@typetorch/tensor';
import { describe, expect, it } from 'vitest';
import { reduce } from './reduce.js';

function view(storage: TypedArray, dtype: DType, shape: number[], strides?: number[], offset = 0): View {
  const s = strides ?? shape.map((_, d) => shape.slice(d + 1).reduce((a, b) => a * b, 1));
  return { storage, dtype, shape, strides: s, offset };
}

function numel(shape: readonly number[]): number {
  return shape.reduce((a, b) => a * b, 1);
}

/** Elements of `x` in row-major order of its shape, by brute force. */
function elements(x: View): number[] {
  const data = x.storage as TypedArray;
  const result: number[] = [];
  for (let flat = 0; flat < numel(x.shape); flat++) {
    let rest = flat;
    let o = x.offset;
    for (let d = x.shape.length - 1; d >= 0; d--) {
      o += (rest % x.shape[d]) * x.strides[d];
      rest = Math.floor(rest / x.shape[d]);
    }
    result.push(data[o]);
  }
  return result;
}

/** PyTorch semantics on a plain list. */
function reference(op: ReduceOp, values: number[]): number {
  switch (op) {
    case 'sum':
      return values.reduce((a, b) => a + b, 0);
    case 'prod':
      return values.reduce((a, b) => a * b, 1);
    case 'max':
      return values.some(Number.isNaN) ? Number.NaN : Math.max(...values);
    case 'min':
      return values.some(Number.isNaN) ? Number.NaN : Math.min(...values);
    case 'argmax': {
      const nan = values.findIndex(Number.isNaN);
      return nan >= 0 ? nan : values.indexOf(Math.max(...values));
    }
    case 'argmin': {
      const nan = values.findIndex(Number.isNaN);
      return nan >= 0 ? nan : values.indexOf(Math.min(...values));
    }
    case 'all':
      return values.every((v) => v !== 0) ? 1 : 0;
    case 'any':
      return values.some((v) => v !== 0) ? 1 : 0;
  }
}

/** Reduces `x` (trailing dims past `outRank`) with the kernel and by brute force, into float64. */
function check(op: ReduceOp, x: View, outRank: number): void {
  const outShape = x.shape.slice(0, outRank);
  const blockSize = numel(x.shape.slice(outRank));
  const out = new Float64Array(numel(outShape));
  reduce(op, x, view(out, 'float64', outShape));
  const all = elements(x);
  const want = Array.from(out, (_, i) => reference(op, all.slice(i * blockSize, (i + 1) * blockSize)));
  for (let i = 0; i < want.length; i++) {
    const tolerance = op === 'sum' || op === 'prod' ? 1e-9 * Math.max(1, Math.abs(want[i])) : 0;
    if (Number.isNaN(want[i])) expect(out[i], `${op} output ${i}`).toBeNaN();
    else
      expect(Math.abs(out[i] - want[i]), `${op} output ${i}: ${out[i]} vs ${want[i]}`).toBeLessThanOrEqual(
        tolerance,
      );
  }
}

/** A deterministic pseudo-random generator, so failures reproduce. */
function lcg(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
    return s / 4294967296;
  };
}

const OPS: ReduceOp[] = ['sum', 'prod', 'max', 'min', 'argmax', 'argmin', 'all', 'any'];

describe('reduce', () => {
  it('reduces the last dim of a contiguous matrix', () => {
    const x = view(Float32Array.from([3, 1, 4, 1, 5, 9, 2, 6]), 'float32', [2, 4]);
    const out = new Float32Array(2);
    reduce('sum', x, view(out, 'float32', [2]));
    expect(Array.from(out)).toEqual([9, 22]);
    reduce('max', x, view(out, 'float32', [2]));
    expect(Array.from(out)).toEqual([4, 9]);
    const idx = new Int32Array(2);
    reduce('argmax', x, view(idx, 'int32', [2]));
    expect(Array.from(idx)).toEqual([2, 1]);
    reduce('argmin', x, view(idx, 'int32', [2]));
    // Ties keep the first occurrence.
    expect(Array.from(idx)).toEqual([1, 2]);
  });

  it('reduces everything to a 0-d output', () => {
    const out = new Float32Array(1);
    reduce('prod', view(Float32Array.from([1, 2, 3, 4]), 'float32', [2, 2]), view(out, 'float32', []));
    expect(out[0]).toBe(24);
  });

  it('matches a brute-force reference on permuted, strided, broadcast and offset views', () => {
    const rand = lcg(7);
    const layouts: { shape: number[]; strides: number[]; offset: number; size: number }[] = [
      // sum(dim=0) of a row-major [5, 6]: permuted to [6, 5] with strides [1, 6] (column-wise path).
      { shape: [6, 5], strides: [1, 6], offset: 0, size: 30 },
      // Reduce the last two dims of a contiguous [3, 4, 5].
      { shape: [3, 4, 5], strides: [20, 5, 1], offset: 0, size: 60 },
      // Reduce dims 0 and 2 of [4, 3, 5] (permuted to [3, 4, 5]): a non-contiguous block.
      { shape: [3, 4, 5], strides: [5, 15, 1], offset: 2, size: 62 },
      // A broadcast reduced dim and a gap: every other element.
      { shape: [4, 3, 2], strides: [2, 0, 8], offset: 1, size: 20 },
      // Size-1 dims everywhere.
      { shape: [1, 7, 1], strides: [7, 1, 1], offset: 0, size: 7 },
      // Many short blocks.
      { shape: [50, 2], strides: [2, 1], offset: 0, size: 100 },
      // Column-wise with a multi-dim block: [8, 3, 4] with the output dim contiguous.
      { shape: [8, 3, 4], strides: [1, 32, 8], offset: 0, size: 96 },
    ];
    for (const { shape, strides, offset, size } of layouts) {
      const data = Float64Array.from({ length: size }, () => Math.round(rand() * 8 - 4) / 2);
      for (const outRank of [0, 1, shape.length - 1]) {
        for (const op of OPS) check(op, view(data, 'float64', shape, strides, offset), outRank);
      }
    }
  });
});

describe('reduce: NaN, empty blocks, int32 and float32 accumulation', () => {
  it('propagates NaN in max/min and picks the first NaN in argmax/argmin, on both paths', () => {
    const nan = Number.NaN;
    // Row-wise: blocks contiguous.
    const rows = view(Float32Array.from([1, nan, 3, nan, 2, 0, 5, 1]), 'float32', [2, 4]);
    // Column-wise: the same data transposed, so blocks are strided and outputs adjacent.
    const cols = view(Float32Array.from([1, 2, nan, 0, 3, 5, nan, 1]), 'float32', [2, 4], [1, 2]);
    for (const x of [rows, cols]) {
      const out = new Float32Array(2);
      reduce('max', x, view(out, 'float32', [2]));
      expect(Array.from(out)).toEqual([nan, 5]);
      reduce('min', x, view(out, 'float32', [2]));
      expect(Array.from(out)).toEqual([nan, 0]);
    }
    const idx = new Int32Array(2);
    reduce('argmax', rows, view(idx, 'int32', [2]));
    expect(Array.from(idx)).toEqual([1, 2]);
    reduce('argmin', rows, view(idx, 'int32', [2]));
    expect(Array.from(idx)).toEqual([1, 1]);
  });

  it('finds the first NaN across rows of a multi-dim block', () => {
    const nan = Number.NaN;
    // One block of shape [2, 3] whose rows are 4 apart (a gap, so they cannot merge): NaN at flat 4 and 5.
    const x = view(Float32Array.from([9, 1, 2, 99, 0, nan, nan, 99]), 'float32', [2, 3], [4, 1]);
    const idx = new Int32Array(1);
    reduce('argmax', x, view(idx, 'int32', []));
    expect(idx[0]).toBe(4);
    const transposed = view(Float32Array.from([9, 0, 1, 8, 9, 2]), 'float32', [3, 2], [1, 3]);
    reduce('argmax', transposed, view(idx, 'int32', []));
    // Elements in row-major order of the view: 9, 8, 0, 9, 1, 2; the first 9 wins.
    expect(idx[0]).toBe(0);
  });

  it('treats NaN as true in all/any and writes bool', () => {
    const out = new Uint8Array(3);
    const x = view(Uint8Array.from([1, 1, 0, 0, 1, 0]), 'bool', [3, 2]);
    reduce('all', x, view(out, 'bool', [3]));
    expect(Array.from(out)).toEqual([1, 0, 0]);
    reduce('any', x, view(out, 'bool', [3]));
    expect(Array.from(out)).toEqual([1, 0, 1]);
    const f = new Uint8Array(1);
    reduce('all', view(Float32Array.from([Number.NaN, 2]), 'float32', [2]), view(f, 'bool', []));
    expect(f[0]).toBe(1);
  });

  it('uses identities on empty blocks and rejects max on them', () => {
    const x = view(new Float32Array(0), 'float32', [3, 0]);
    const out = new Float32Array(3).fill(7);
    reduce('sum', x, view(out, 'float32', [3]));
    expect(Array.from(out)).toEqual([0, 0, 0]);
    reduce('prod', x, view(out, 'float32', [3]));
    expect(Array.from(out)).toEqual([1, 1, 1]);
    const flags = new Uint8Array(3);
    reduce('all', view(new Uint8Array(0), 'bool', [3, 0]), view(flags, 'bool', [3]));
    expect(Array.from(flags)).toEqual([1, 1, 1]);
    reduce('any', view(new Uint8Array(0), 'bool', [3, 0]), view(flags, 'bool', [3]));
    expect(Array.from(flags)).toEqual([0, 0, 0]);
    expect(() => reduce('max', x, view(out, 'float32', [3]))).toThrow(RangeError);
  });

  it('does nothing for an empty output', () => {
    expect(() =>
      reduce('max', view(new Float32Array(0), 'float32', [0, 4]), view(new Float32Array(0), 'float32', [0])),
    ).not.toThrow();
  });

  it('wraps int32 products and sums like int32 arithmetic', () => {
    const out = new Int32Array(1);
    reduce('prod', view(Int32Array.from([65536, 65536, 3]), 'int32', [3]), view(out, 'int32', []));
    expect(out[0]).toBe(0);
    reduce('prod', view(Int32Array.from([123456789, 987654321]), 'int32', [2]), view(out, 'int32', []));
    expect(out[0]).toBe(Math.imul(123456789, 987654321));
    reduce('sum', view(Int32Array.from([2147483647, 1]), 'int32', [2]), view(out, 'int32', []));
    expect(out[0]).toBe(-2147483648);
    // Column-wise int32 product: outputs adjacent, blocks strided.
    const cols = new Int32Array(4);
    reduce(
      'prod',
      view(Int32Array.from([65536, 2, 3, 4, 65536, 5, 6, 7]), 'int32', [4, 2], [1, 4]),
      view(cols, 'int32', [4]),
    );
    expect(Array.from(cols)).toEqual([0, 10, 18, 28]);
  });

  it('accumulates float32 sums in double precision', () => {
    // 2^24 + 1 + 1 + ... is not representable step by step in float32.
    const x = view(Float32Array.from([16777216, 1, 1, 1, 1]), 'float32', [5]);
    const out = new Float32Array(1);
    reduce('sum', x, view(out, 'float32', []));
    expect(out[0]).toBe(16777220);
  });
});
