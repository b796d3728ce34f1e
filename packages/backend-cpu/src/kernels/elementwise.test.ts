import type { DType, TypedArray, View } from '@typetorch/tensor';
import { describe, expect, it } from 'vitest';
import { binary, copy, fill, unary, where } from './elementwise.js';

function view(storage: TypedArray, dtype: DType, shape: number[], strides?: number[], offset = 0): View {
  const s = strides ?? shape.map((_, d) => shape.slice(d + 1).reduce((a, b) => a * b, 1));
  return { storage, dtype, shape, strides: s, offset };
}

const f32 = (...v: number[]) => Float32Array.from(v);
const i32 = (...v: number[]) => Int32Array.from(v);
const u8 = (...v: number[]) => Uint8Array.from(v);

describe('unary', () => {
  it('computes every op on a dense float32 view', () => {
    const x = f32(-1.5, -0.25, 0, 0.5, 2);
    const expected: Record<string, number[]> = {
      neg: [1.5, 0.25, -0, -0.5, -2],
      abs: [1.5, 0.25, 0, 0.5, 2],
      square: [2.25, 0.0625, 0, 0.25, 4],
      relu: [0, 0, 0, 0.5, 2],
      sign: [-1, -1, 0, 1, 1],
      floor: [-2, -1, 0, 0, 2],
      ceil: [-1, -0, 0, 1, 2],
      trunc: [-1, -0, 0, 0, 2],
      round: [-2, -0, 0, 0, 2],
      logicalNot: [0, 0, 1, 0, 0],
      isnan: [0, 0, 0, 0, 0],
    };
    for (const [op, want] of Object.entries(expected)) {
      const out = new Float32Array(5);
      unary(op as never, view(x, 'float32', [5]), view(out, 'float32', [5]));
      expect(Array.from(out), op).toEqual(want);
    }
  });

  it('matches Math for the transcendental ops', () => {
    const x = f32(0.1, 0.5, 1, 2, 3);
    const refs: Record<string, (v: number) => number> = {
      exp: Math.exp,
      expm1: Math.expm1,
      log: Math.log,
      log1p: Math.log1p,
      sqrt: Math.sqrt,
      rsqrt: (v) => 1 / Math.sqrt(v),
      sin: Math.sin,
      cos: Math.cos,
      tanh: Math.tanh,
      sigmoid: (v) => 1 / (1 + Math.exp(-v)),
      reciprocal: (v) => 1 / v,
    };
    for (const [op, ref] of Object.entries(refs)) {
      const out = new Float64Array(5);
      unary(op as never, view(Float64Array.from(x), 'float64', [5]), view(out, 'float64', [5]));
      expect(Array.from(out), op).toEqual(Array.from(x, ref));
    }
  });

  it('rounds half to even', () => {
    const out = new Float32Array(8);
    unary(
      'round',
      view(f32(-2.5, -1.5, -0.5, 0.5, 1.5, 2.5, 3.5, 2.4), 'float32', [8]),
      view(out, 'float32', [8]),
    );
    expect(Array.from(out)).toEqual([-2, -2, -0, 0, 2, 2, 4, 2]);
  });

  it('keeps NaN in sign and relu, and flags it in isnan and logicalNot', () => {
    const x = view(f32(Number.NaN, -0, 3), 'float32', [3]);
    const out = new Float32Array(3);
    unary('sign', x, view(out, 'float32', [3]));
    expect(Array.from(out)).toEqual([Number.NaN, 0, 1]);
    unary('relu', x, view(out, 'float32', [3]));
    expect(Array.from(out)).toEqual([Number.NaN, -0, 3]);
    const flags = new Uint8Array(3);
    unary('isnan', x, view(flags, 'bool', [3]));
    expect(Array.from(flags)).toEqual([1, 0, 0]);
    unary('logicalNot', x, view(flags, 'bool', [3]));
    // NaN is truthy, so its logical not is false.
    expect(Array.from(flags)).toEqual([0, 1, 0]);
  });

  it('takes relu on float32 bit patterns exactly as x < 0 ? 0 : x, in place too', () => {
    const values = [-Infinity, Infinity, -3.4e38, 3.4e38, -1e-45, 1e-45, -0, 0, -1, 1, Number.NaN];
    const x = Float32Array.from(values);
    const withNegNaN = new Float32Array(x.length + 1);
    withNegNaN.set(x);
    new Uint32Array(withNegNaN.buffer)[x.length] = 0xffc00000; // a NaN with the sign bit set
    const out = new Float32Array(withNegNaN.length);
    unary('relu', view(withNegNaN, 'float32', [out.length]), view(out, 'float32', [out.length]));
    expect(Array.from(out)).toEqual([0, Infinity, 0, x[3], 0, x[5], -0, 0, 0, 1, Number.NaN, Number.NaN]);
    expect(new Uint32Array(out.buffer)[x.length]).toBe(0xffc00000);
    unary('relu', view(x, 'float32', [x.length]), view(x, 'float32', [x.length]));
    expect(Array.from(x)).toEqual(Array.from(out.subarray(0, x.length)));
  });

  it('reads transposed views with an offset and writes strided outputs', () => {
    // storage[1..7) holds a 2x3 matrix; read its transpose (3x2).
    const x = view(f32(99, 1, 2, 3, 4, 5, 6), 'float32', [3, 2], [1, 3], 1);
    const storage = new Float32Array(12).fill(-7);
    // Every other element of a [3, 4] buffer: shape [3, 2], strides [4, 2], offset 1.
    const out = view(storage, 'float32', [3, 2], [4, 2], 1);
    unary('neg', x, out);
    expect(Array.from(storage)).toEqual([-7, -1, -7, -4, -7, -2, -7, -5, -7, -3, -7, -6]);
  });

  it('wraps int32 overflow like PyTorch', () => {
    const out = new Int32Array(2);
    unary('square', view(i32(65536, -3), 'int32', [2]), view(out, 'int32', [2]));
    expect(Array.from(out)).toEqual([0, 9]);
    unary('neg', view(i32(-2147483648, 5), 'int32', [2]), view(out, 'int32', [2]));
    expect(Array.from(out)).toEqual([-2147483648, -5]);
  });

  it('does nothing on empty views and handles 0-d views', () => {
    const out = new Float32Array(1).fill(5);
    unary('exp', view(new Float32Array(0), 'float32', [0, 3]), view(out, 'float32', [0, 3]));
    expect(out[0]).toBe(5);
    unary('neg', view(f32(4), 'float32', []), view(out, 'float32', []));
    expect(out[0]).toBe(-4);
  });
});

describe('binary', () => {
  const a = f32(-7, -2.5, 0, 3, 7.5, 9);
  const b = f32(2, -2, 4, 0.5, -2, 3);
  const expected: Record<string, number[]> = {
    add: [-5, -4.5, 4, 3.5, 5.5, 12],
    sub: [-9, -0.5, -4, 2.5, 9.5, 6],
    mul: [-14, 5, 0, 1.5, -15, 27],
    div: [-3.5, 1.25, 0, 6, -3.75, 3],
    pow: [49, 1 / 6.25, 0, 3 ** 0.5, 1 / 56.25, 729],
    maximum: [2, -2, 4, 3, 7.5, 9],
    minimum: [-7, -2.5, 0, 0.5, -2, 3],
    eq: [0, 0, 0, 0, 0, 0],
    ne: [1, 1, 1, 1, 1, 1],
    lt: [1, 1, 1, 0, 0, 0],
    le: [1, 1, 1, 0, 0, 0],
    gt: [0, 0, 0, 1, 1, 1],
    ge: [0, 0, 0, 1, 1, 1],
    logicalAnd: [1, 1, 0, 1, 1, 1],
    logicalOr: [1, 1, 1, 1, 1, 1],
    logicalXor: [0, 0, 1, 0, 0, 0],
    floorDivide: [-4, 1, 0, 6, -4, 3],
    remainder: [1, -0.5, 0, 0, -0.5, 0],
  };

  // The inputs are exact in float32 and the output is float64, so every expected value is exact.
  it('computes every op on dense views', () => {
    for (const [op, want] of Object.entries(expected)) {
      const out = new Float64Array(6);
      binary(op as never, view(a, 'float32', [6]), view(b, 'float32', [6]), view(out, 'float64', [6]));
      expect(Array.from(out), op).toEqual(want);
    }
  });

  it('gives the same answers through the strided path', () => {
    // The same values laid out in reverse order, read with a stride of -1 from the end.
    const aRev = Float32Array.from(a).reverse();
    for (const [op, want] of Object.entries(expected)) {
      const out = new Float64Array(12);
      binary(
        op as never,
        view(aRev, 'float32', [6], [-1], 5),
        view(b, 'float32', [6]),
        view(out, 'float64', [6], [2], 1),
      );
      expect(
        Array.from(out).filter((_, i) => i % 2 === 1),
        op,
      ).toEqual(want);
    }
  });

  it('broadcasts through stride-0 dims', () => {
    // [2, 1] + [1, 3] -> [2, 3], expressed as stride-0 views of the output shape.
    const col = view(f32(10, 20), 'float32', [2, 3], [1, 0]);
    const row = view(f32(1, 2, 3), 'float32', [2, 3], [0, 1]);
    const out = new Float32Array(6);
    binary('add', col, row, view(out, 'float32', [2, 3]));
    expect(Array.from(out)).toEqual([11, 12, 13, 21, 22, 23]);
    // A scalar broadcast to every element.
    binary(
      'mul',
      view(out, 'float32', [2, 3]),
      view(f32(2), 'float32', [2, 3], [0, 0]),
      view(out, 'float32', [2, 3]),
    );
    expect(Array.from(out)).toEqual([22, 24, 26, 42, 44, 46]);
  });

  it('compares equal values and writes bool outputs', () => {
    const flags = new Uint8Array(3);
    const x = view(f32(1, 2, -0), 'float32', [3]);
    const y = view(f32(1, 3, 0), 'float32', [3]);
    binary('eq', x, y, view(flags, 'bool', [3]));
    expect(Array.from(flags)).toEqual([1, 0, 1]);
    binary('le', x, y, view(flags, 'bool', [3]));
    expect(Array.from(flags)).toEqual([1, 1, 1]);
    binary('gt', x, y, view(flags, 'bool', [3]));
    expect(Array.from(flags)).toEqual([0, 0, 0]);
  });

  it('propagates NaN through maximum and minimum', () => {
    const out = new Float32Array(3);
    const x = view(f32(Number.NaN, 1, 2), 'float32', [3]);
    const y = view(f32(5, Number.NaN, 1), 'float32', [3]);
    binary('maximum', x, y, view(out, 'float32', [3]));
    expect(Array.from(out)).toEqual([Number.NaN, Number.NaN, 2]);
    binary('minimum', x, y, view(out, 'float32', [3]));
    expect(Array.from(out)).toEqual([Number.NaN, Number.NaN, 1]);
    const flags = new Uint8Array(3);
    binary('ne', x, y, view(flags, 'bool', [3]));
    expect(Array.from(flags)).toEqual([1, 1, 1]);
    binary('logicalAnd', x, y, view(flags, 'bool', [3]));
    expect(Array.from(flags)).toEqual([1, 1, 1]);
  });
});

describe('binary: division, int32, bool outputs, in place', () => {
  it('floor-divides and takes remainders with the divisor sign, as PyTorch', () => {
    const x = view(f32(7, -7, 7, -7, Number.POSITIVE_INFINITY, -0.5, 1), 'float32', [7]);
    const y = view(f32(2, 2, -2, -2, 2, 3, 0), 'float32', [7]);
    const out = new Float32Array(7);
    binary('floorDivide', x, y, view(out, 'float32', [7]));
    expect(Array.from(out)).toEqual([3, -4, -4, 3, Number.NaN, -1, Number.POSITIVE_INFINITY]);
    binary('remainder', x, y, view(out, 'float32', [7]));
    expect(Array.from(out)).toEqual([1, 1, -1, -1, Number.NaN, 2.5, Number.NaN]);
  });

  it('computes int32 floor division exactly and maps division by zero to 0', () => {
    const out = new Int32Array(4);
    binary(
      'floorDivide',
      view(i32(7, -7, 2147483647, 5), 'int32', [4]),
      view(i32(2, 2, -1, 0), 'int32', [4]),
      view(out, 'int32', [4]),
    );
    expect(Array.from(out)).toEqual([3, -4, -2147483647, 0]);
    binary(
      'remainder',
      view(i32(7, -7, 5, 5), 'int32', [4]),
      view(i32(-3, 3, 5, 0), 'int32', [4]),
      view(out, 'int32', [4]),
    );
    expect(Array.from(out)).toEqual([-2, 2, 0, 0]);
  });

  it('wraps int32 multiplication like PyTorch', () => {
    const out = new Int32Array(2);
    binary(
      'mul',
      view(i32(65536, 123456789), 'int32', [2]),
      view(i32(65536, 987654321), 'int32', [2]),
      view(out, 'int32', [2]),
    );
    expect(Array.from(out)).toEqual([0, Math.imul(123456789, 987654321)]);
  });

  it('keeps bool outputs 0/1 for arithmetic ops', () => {
    const out = new Uint8Array(4);
    binary(
      'add',
      view(u8(1, 1, 0, 0), 'bool', [4]),
      view(u8(1, 0, 1, 0), 'bool', [4]),
      view(out, 'bool', [4]),
    );
    expect(Array.from(out)).toEqual([1, 1, 1, 0]);
  });

  it('works in place on the identical view', () => {
    const data = f32(1, 2, 3, 4);
    const x = view(data, 'float32', [2, 2], [1, 2]);
    binary('add', x, view(f32(10, 20, 30, 40), 'float32', [2, 2]), x);
    // x[i, j] lives at data[i + 2j]: x + [[10, 20], [30, 40]].
    expect(Array.from(data)).toEqual([11, 32, 23, 44]);
  });
});

describe('where', () => {
  it('selects dense and strided', () => {
    const out = new Float32Array(4);
    where(
      view(u8(1, 0, 0, 1), 'bool', [4]),
      view(f32(1, 2, 3, 4), 'float32', [4]),
      view(f32(-1, -2, -3, -4), 'float32', [4]),
      view(out, 'float32', [4]),
    );
    expect(Array.from(out)).toEqual([1, -2, -3, 4]);
    // cond broadcast along rows, b a scalar.
    where(
      view(u8(1, 0), 'bool', [2, 2], [0, 1]),
      view(f32(1, 2, 3, 4), 'float32', [2, 2], [1, 2]),
      view(f32(0), 'float32', [2, 2], [0, 0]),
      view(out, 'float32', [2, 2]),
    );
    expect(Array.from(out)).toEqual([1, 0, 2, 0]);
  });
});

describe('fill', () => {
  it('fills dense, strided and offset views, casting the value', () => {
    const data = new Float32Array(6);
    fill(view(data, 'float32', [2, 2], [3, 1], 1), 2.5);
    expect(Array.from(data)).toEqual([0, 2.5, 2.5, 0, 2.5, 2.5]);
    const ints = new Int32Array(3);
    fill(view(ints, 'int32', [3]), -2.7);
    expect(Array.from(ints)).toEqual([-2, -2, -2]);
    const flags = new Uint8Array(3);
    fill(view(flags, 'bool', [3]), Number.NaN);
    expect(Array.from(flags)).toEqual([1, 1, 1]);
    fill(view(flags, 'bool', [3], [1], 0), 0.5);
    expect(Array.from(flags)).toEqual([1, 1, 1]);
    fill(view(flags, 'bool', [3]), 0);
    expect(Array.from(flags)).toEqual([0, 0, 0]);
  });
});

describe('copy', () => {
  it('casts float to int32 by truncation with NaN -> 0', () => {
    const out = new Int32Array(5);
    copy(view(f32(2.9, -2.9, Number.NaN, 0.4, -0.6), 'float32', [5]), view(out, 'int32', [5]));
    expect(Array.from(out)).toEqual([2, -2, 0, 0, 0]);
  });

  it('casts to bool as != 0, so NaN and 0.5 are true', () => {
    const out = new Uint8Array(5);
    copy(view(f32(0, 0.5, Number.NaN, -0, 256), 'float32', [5]), view(out, 'bool', [5]));
    expect(Array.from(out)).toEqual([0, 1, 1, 0, 1]);
    out.fill(9);
    copy(view(f32(0, 0.5, Number.NaN, -0, 256), 'float32', [5], [1], 0), view(out, 'bool', [5], [1], 0));
    expect(Array.from(out)).toEqual([0, 1, 1, 0, 1]);
  });

  it('rounds float64 to float32 and widens int32', () => {
    const out = new Float32Array(2);
    copy(view(Float64Array.from([0.1, 16777217]), 'float64', [2]), view(out, 'float32', [2]));
    expect(Array.from(out)).toEqual([Math.fround(0.1), 16777216]);
    const wide = new Float64Array(2);
    copy(view(i32(-5, 7), 'int32', [2]), view(wide, 'float64', [2]));
    expect(Array.from(wide)).toEqual([-5, 7]);
  });

  it('makes transposed and broadcast views contiguous', () => {
    const out = new Float32Array(6);
    copy(view(f32(1, 2, 3, 4, 5, 6), 'float32', [3, 2], [1, 3]), view(out, 'float32', [3, 2]));
    expect(Array.from(out)).toEqual([1, 4, 2, 5, 3, 6]);
    copy(view(f32(0, 7, 8), 'float32', [2, 2], [0, 1], 1), view(out, 'float32', [2, 2], [2, 1], 2));
    expect(Array.from(out)).toEqual([1, 4, 7, 8, 7, 8]);
  });

  it('copies dense views at offsets without touching neighbours', () => {
    const src = f32(1, 2, 3, 4, 5);
    const out = new Float32Array(5);
    copy(view(src, 'float32', [3], [1], 2), view(out, 'float32', [3], [1], 1));
    expect(Array.from(out)).toEqual([0, 3, 4, 5, 0]);
  });
});
