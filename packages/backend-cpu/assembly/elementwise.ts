// Dense float32 elementwise kernels and column sums with 128-bit SIMD, for storages in this memory.
// The TypeScript loops (src/kernels/*-loops.ts) are the reference: add, sub, mul, div and sqrt are
// correctly rounded in both (a double result rounded to float32 equals the float32 operation), and the
// selects reproduce the reference's signed zeros and NaNs, so results are bit-identical.

import { EW_ABS, EW_ADD, EW_DIV, EW_MUL, EW_NEG, EW_RELU, EW_SQRT, EW_SQUARE, EW_SUB } from './layout';

/** `op(x, y)` for one of the binary op codes. */
function apply2(op: i32, x: v128, y: v128): v128 {
  switch (op) {
    case EW_ADD:
      return f32x4.add(x, y);
    case EW_SUB:
      return f32x4.sub(x, y);
    case EW_MUL:
      return f32x4.mul(x, y);
    case EW_DIV:
      return f32x4.div(x, y);
    default:
      // reluBackward: x (the gradient) where y (ReLU's output) > 0 or NaN, else +0.
      return v128.andnot(x, f32x4.le(y, f32x4.splat(0)));
  }
}

/** `op(x)` for one of the unary op codes. */
function apply1(op: i32, x: v128): v128 {
  switch (op) {
    case EW_RELU:
      // Negative values (not -0, not NaN) become +0, as the reference's bit trick.
      return v128.andnot(x, f32x4.lt(x, f32x4.splat(0)));
    case EW_NEG:
      return f32x4.neg(x);
    case EW_ABS:
      return f32x4.abs(x);
    case EW_SQRT:
      return f32x4.sqrt(x);
    default:
      // EW_SQUARE
      return f32x4.mul(x, x);
  }
}

/**
 * Binary op `op` (an `EW_*` code) over `n` elements: `o[i] = op(a[i], b[i])`, where an operand whose
 * step is 0 is a broadcast scalar, read as the f32x4 of four copies at its address (the JS side
 * stages it so). `o` may be `a` or `b` (in place).
 */
export function binaryF32(op: i32, aStep: i32, bStep: i32, a: usize, b: usize, o: usize, n: i32): void {
  const aInc: usize = aStep ? 16 : 0;
  const bInc: usize = bStep ? 16 : 0;
  const end = o + ((<usize>n >> 2) << 4);
  // One loop per op: a switch inside the loop runs at half the speed.
  switch (op) {
    case EW_ADD:
      for (; o < end; a += aInc, b += bInc, o += 16) v128.store(o, f32x4.add(v128.load(a), v128.load(b)));
      break;
    case EW_SUB:
      for (; o < end; a += aInc, b += bInc, o += 16) v128.store(o, f32x4.sub(v128.load(a), v128.load(b)));
      break;
    case EW_MUL:
      for (; o < end; a += aInc, b += bInc, o += 16) v128.store(o, f32x4.mul(v128.load(a), v128.load(b)));
      break;
    case EW_DIV:
      for (; o < end; a += aInc, b += bInc, o += 16) v128.store(o, f32x4.div(v128.load(a), v128.load(b)));
      break;
    default: {
      // reluBackward
      const zero = f32x4.splat(0);
      for (; o < end; a += aInc, b += bInc, o += 16) {
        v128.store(o, v128.andnot(v128.load(a), f32x4.le(v128.load(b), zero)));
      }
    }
  }
  // The tail, one element at a time (a broadcast operand's first lane is its value).
  const aTail: usize = aStep ? 4 : 0;
  const bTail: usize = bStep ? 4 : 0;
  for (let i = n & ~3; i < n; i++, a += aTail, b += bTail, o += 4) {
    store<f32>(o, f32x4.extract_lane(apply2(op, v128.load32_splat(a), v128.load32_splat(b)), 0));
  }
}

/** Unary op `op` (an `EW_*` code) over `n` dense elements; `o` may be `x`. */
export function unaryF32(op: i32, x: usize, o: usize, n: i32): void {
  const end = o + ((<usize>n >> 2) << 4);
  switch (op) {
    case EW_NEG:
      for (; o < end; x += 16, o += 16) v128.store(o, f32x4.neg(v128.load(x)));
      break;
    case EW_SQUARE:
      for (; o < end; x += 16, o += 16) v128.store(o, f32x4.mul(v128.load(x), v128.load(x)));
      break;
    case EW_RELU: {
      const zero = f32x4.splat(0);
      for (; o < end; x += 16, o += 16) {
        const v = v128.load(x);
        v128.store(o, v128.andnot(v, f32x4.lt(v, zero)));
      }
      break;
    }
    default:
      // abs, sqrt: rare in training loops
      for (; o < end; x += 16, o += 16) v128.store(o, apply1(op, v128.load(x)));
  }
  for (let i = n & ~3; i < n; i++, x += 4, o += 4) {
    store<f32>(o, f32x4.extract_lane(apply1(op, v128.load32_splat(x)), 0));
  }
}

/**
 * `acc[t] += x[r * rowStride + t]` for `r < rows`, `t < count`, in float64 (`acc` holds `count`
 * doubles), row after row: the order and precision of the reference's column-wise sum.
 */
export function sumColumnsF32(x: usize, rowStride: i32, rows: i32, count: i32, acc: usize): void {
  const rowBytes = (<usize>rowStride) << 2;
  for (let r = 0; r < rows; r++, x += rowBytes) {
    let t = 0;
    for (; t + 4 <= count; t += 4) {
      const v = v128.load(x + ((<usize>t) << 2));
      const q = acc + ((<usize>t) << 3);
      v128.store(q, f64x2.add(v128.load(q), f64x2.promote_low_f32x4(v)));
      v128.store(
        q,
        f64x2.add(v128.load(q, 16), f64x2.promote_low_f32x4(v128.shuffle<f32>(v, v, 2, 3, 0, 1))),
        16,
      );
    }
    for (; t < count; t++) {
      const q = acc + ((<usize>t) << 3);
      store<f64>(q, load<f64>(q) + <f64>load<f32>(x + ((<usize>t) << 2)));
    }
  }
}
