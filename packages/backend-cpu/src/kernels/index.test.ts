import type { DType, TypedArray, View } from '@typetorch/tensor';
import { describe, expect, it } from 'vitest';
import { gather, scatter } from './index.js';

function view(storage: TypedArray, dtype: DType, shape: number[], strides?: number[], offset = 0): View {
  const s = strides ?? shape.map((_, d) => shape.slice(d + 1).reduce((a, b) => a * b, 1));
  return { storage, dtype, shape, strides: s, offset };
}

const f32 = (...v: number[]) => Float32Array.from(v);
const i32 = (...v: number[]) => Int32Array.from(v);

describe('gather', () => {
  // x = [[1, 2, 3], [4, 5, 6]]
  const x = view(f32(1, 2, 3, 4, 5, 6), 'float32', [2, 3]);

  it('gathers along dim 1 and dim 0 (torch.gather)', () => {
    const out = new Float32Array(4);
    gather(x, 1, view(i32(2, 0, 1, 1), 'int32', [2, 2]), view(out, 'float32', [2, 2]));
    expect(Array.from(out)).toEqual([3, 1, 5, 5]);
    const out0 = new Float32Array(3);
    gather(x, 0, view(i32(1, 0, 1), 'int32', [1, 3]), view(out0, 'float32', [1, 3]));
    expect(Array.from(out0)).toEqual([4, 2, 6]);
  });

  it('reads transposed x, strided index and writes a strided out with offsets', () => {
    // xT = x viewed as [3, 2]: [[1, 4], [2, 5], [3, 6]], stored at offset 1.
    const xT = view(f32(0, 1, 2, 3, 4, 5, 6), 'float32', [3, 2], [1, 3], 1);
    // index [[1], [0], [1]] read with stride 2 from a padded buffer.
    const index = view(i32(1, -9, 0, -9, 1), 'int32', [3, 1], [2, 1]);
    const out = new Float32Array(7).fill(-1);
    gather(xT, 1, index, view(out, 'float32', [3, 1], [2, 1], 1));
    expect(Array.from(out)).toEqual([-1, 4, -1, 2, -1, 6, -1]);
  });

  it('gathers from a broadcast (stride 0) x and does nothing for an empty index', () => {
    const row = view(f32(7, 8, 9), 'float32', [2, 3], [0, 1]);
    const out = new Float32Array(2);
    gather(row, 1, view(i32(2, 0), 'int32', [2, 1]), view(out, 'float32', [2, 1]));
    expect(Array.from(out)).toEqual([9, 7]);
    const untouched = new Float32Array(1).fill(3);
    gather(x, 1, view(new Int32Array(0), 'int32', [2, 0]), view(untouched, 'float32', [2, 0]));
    expect(untouched[0]).toBe(3);
  });
});

describe('scatter', () => {
  it('writes along dim 0 (torch.scatter_)', () => {
    const out = new Float32Array(6);
    const src = view(f32(1, 2, 3, 4, 5, 6), 'float32', [2, 3]);
    // out[index[i][j]][j] = src[i][j]
    scatter(view(out, 'float32', [2, 3]), 0, view(i32(1, 0, 1), 'int32', [1, 3]), src, 'none');
    expect(Array.from(out)).toEqual([0, 2, 0, 1, 0, 3]);
  });

  it('accumulates duplicate indices with add (torch.scatter_add_)', () => {
    const out = new Float32Array(3).fill(10);
    scatter(
      view(out, 'float32', [3]),
      0,
      view(i32(0, 2, 0, 0), 'int32', [4]),
      view(f32(1, 2, 3, 4), 'float32', [4]),
      'add',
    );
    expect(Array.from(out)).toEqual([18, 10, 12]);
  });

  it('scatters into a strided out from a larger src and strided index', () => {
    // out: [2, 3] view with row stride 4 at offset 1 inside a buffer of 9.
    const buffer = new Float32Array(9);
    const outView = view(buffer, 'float32', [2, 3], [4, 1], 1);
    // index [2, 2] (smaller than src [2, 3]) along dim 1, transposed storage.
    const index = view(i32(2, 1, 0, 2), 'int32', [2, 2], [1, 2]);
    const src = view(f32(1, 2, 3, 4, 5, 6), 'float32', [2, 3]);
    scatter(outView, 1, index, src, 'none');
    // Row 0: out[0][2] = 1, out[0][0] = 2. Row 1: out[1][1] = 4, out[1][2] = 5.
    expect(Array.from(buffer)).toEqual([0, 2, 0, 1, 0, 0, 4, 5, 0]);
  });

  it('adds int32 values', () => {
    const out = new Int32Array(2);
    scatter(
      view(out, 'int32', [2]),
      0,
      view(i32(1, 1, 0), 'int32', [3]),
      view(i32(5, -2, 7), 'int32', [3]),
      'add',
    );
    expect(Array.from(out)).toEqual([7, 3]);
  });
});
