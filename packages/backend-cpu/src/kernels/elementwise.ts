/**
 * Elementwise kernels: unary, binary, where, fill and copy.
 *
 * Each picks its per-op loop once, then either runs it once over dense (contiguous, same-shape)
 * operands, or walks the shape row by row with a {@link RowCursor} and runs the strided loop per row.
 * Broadcast operands (stride 0) and in-place writes through strided views take the strided path.
 */
import {
  type BinaryOp,
  BOOL_VALUED_OPS,
  numelOf,
  type TypedArray,
  type UnaryOp,
  type View,
} from '@typetorch/tensor';
import { RowCursor } from '../strided.js';
import { wasmBinary, wasmUnary } from '../wasm/elementwise.js';
import { wasmRuntime } from '../wasm/runtime.js';
import {
  DENSE_BINARY,
  type DenseBinaryLoop,
  denseMulInt32,
  STRIDED_BINARY,
  type StridedBinaryLoop,
  stridedMulInt32,
} from './binary-loops.js';
import { denseArray, storageOf } from './dense.js';
import {
  DENSE_UNARY,
  type DenseUnaryLoop,
  denseReluFloat32,
  denseSquareInt32,
  STRIDED_UNARY,
  type StridedUnaryLoop,
  stridedSquareInt32,
} from './unary-loops.js';

/** Ops whose results are already 0/1, so a bool output needs no normalisation. */
const BOOL_VALUED = new Set<string>(BOOL_VALUED_OPS);

/** `out[i] = op(x[i])`. */
export function unary(op: UnaryOp, x: View, out: View): void {
  const n = numelOf(out.shape);
  if (n === 0) return;
  const int32Square = op === 'square' && out.dtype === 'int32';
  const xd = denseArray(x, n);
  const od = denseArray(out, n);
  if (wasmUnary(op, x, out, n, xd !== undefined && od !== undefined)) return;
  if (xd !== undefined && od !== undefined) {
    const loop: DenseUnaryLoop = int32Square
      ? denseSquareInt32
      : op === 'relu' && out.dtype === 'float32'
        ? denseReluFloat32
        : DENSE_UNARY[op];
    loop(xd, od, n);
  } else {
    const loop: StridedUnaryLoop = int32Square ? stridedSquareInt32 : STRIDED_UNARY[op];
    const xs = storageOf(x);
    const os = storageOf(out);
    const cur = new RowCursor(out.shape, [x.strides, out.strides], [x.offset, out.offset]);
    const inner = cur.inner;
    const xStride = cur.strides[0];
    const oStride = cur.strides[1];
    for (let r = 0; r < cur.rows; r++, cur.next()) {
      loop(xs, cur.offsets[0], xStride, os, cur.offsets[1], oStride, inner);
    }
  }
  if (out.dtype === 'bool' && !BOOL_VALUED.has(op)) normalizeBool(out);
}

/** `out[i] = op(a[i], b[i])`; broadcasting is already in the strides. */
export function binary(op: BinaryOp, a: View, b: View, out: View): void {
  const n = numelOf(out.shape);
  if (n === 0) return;
  if (wasmBinary(op, a, b, out, n)) return;
  const int32Mul = op === 'mul' && out.dtype === 'int32';
  const ad = denseArray(a, n);
  const bd = denseArray(b, n);
  const od = denseArray(out, n);
  if (ad !== undefined && bd !== undefined && od !== undefined) {
    const loop: DenseBinaryLoop = int32Mul ? denseMulInt32 : DENSE_BINARY[op];
    loop(ad, bd, od, n);
  } else {
    const loop: StridedBinaryLoop = int32Mul ? stridedMulInt32 : STRIDED_BINARY[op];
    const as = storageOf(a);
    const bs = storageOf(b);
    const os = storageOf(out);
    const cur = new RowCursor(
      out.shape,
      [a.strides, b.strides, out.strides],
      [a.offset, b.offset, out.offset],
    );
    const inner = cur.inner;
    const aStride = cur.strides[0];
    const bStride = cur.strides[1];
    const oStride = cur.strides[2];
    const offsets = cur.offsets;
    for (let r = 0; r < cur.rows; r++, cur.next()) {
      loop(as, offsets[0], aStride, bs, offsets[1], bStride, os, offsets[2], oStride, inner);
    }
  }
  if (out.dtype === 'bool' && !BOOL_VALUED.has(op)) normalizeBool(out);
}

/** `out[i] = cond[i] ? a[i] : b[i]`. */
export function where(cond: View, a: View, b: View, out: View): void {
  const n = numelOf(out.shape);
  if (n === 0) return;
  const cd = denseArray(cond, n);
  const ad = denseArray(a, n);
  const bd = denseArray(b, n);
  const od = denseArray(out, n);
  if (cd !== undefined && ad !== undefined && bd !== undefined && od !== undefined) {
    for (let i = 0; i < n; i++) od[i] = cd[i] !== 0 ? ad[i] : bd[i];
    return;
  }
  const c = storageOf(cond);
  const x = storageOf(a);
  const y = storageOf(b);
  const o = storageOf(out);
  const cur = new RowCursor(
    out.shape,
    [cond.strides, a.strides, b.strides, out.strides],
    [cond.offset, a.offset, b.offset, out.offset],
  );
  const [cs, xs, ys, os] = cur.strides;
  const inner = cur.inner;
  for (let r = 0; r < cur.rows; r++, cur.next()) {
    let ci = cur.offsets[0];
    let xi = cur.offsets[1];
    let yi = cur.offsets[2];
    let oi = cur.offsets[3];
    for (let i = 0; i < inner; i++, ci += cs, xi += xs, yi += ys, oi += os)
      o[oi] = c[ci] !== 0 ? x[xi] : y[yi];
  }
}

/** `out[i] = value`, cast to out's dtype (bool: `value != 0`, so NaN is true). */
export function fill(out: View, value: number): void {
  const n = numelOf(out.shape);
  if (n === 0) return;
  const v = out.dtype === 'bool' ? (value !== 0 ? 1 : 0) : value;
  const od = denseArray(out, n);
  if (od !== undefined) {
    od.fill(v);
    return;
  }
  const o = storageOf(out);
  const cur = new RowCursor(out.shape, [out.strides], [out.offset]);
  const os = cur.strides[0];
  const inner = cur.inner;
  for (let r = 0; r < cur.rows; r++, cur.next()) {
    let oi = cur.offsets[0];
    for (let i = 0; i < inner; i++, oi += os) o[oi] = v;
  }
}

/**
 * Strided copy with cast. Typed-array stores already implement the numeric casts PyTorch uses
 * (Float32Array rounds; Int32Array truncates toward zero and maps NaN to 0); only bool needs care,
 * because Uint8Array would store 0.5 as 0 and 256 as 0 where PyTorch's `!= 0` gives true.
 */
export function copy(x: View, out: View): void {
  const n = numelOf(out.shape);
  if (n === 0) return;
  const toBool = out.dtype === 'bool' && x.dtype !== 'bool';
  const xd = denseArray(x, n);
  const od = denseArray(out, n);
  if (xd !== undefined && od !== undefined) {
    const rt = wasmRuntime();
    if (rt?.owns(x.storage) && rt.owns(out.storage)) {
      // Both in the WebAssembly memory (float32): a memmove there, faster than `set` between shared views.
      rt.kernels.copyBytes(od.byteOffset, xd.byteOffset, n * 4);
    } else if (!toBool) {
      // `set` converts element types natively (and handles the identical-view case).
      od.set(xd);
    } else {
      for (let i = 0; i < n; i++) od[i] = xd[i] !== 0 ? 1 : 0;
    }
    return;
  }
  const xs = storageOf(x);
  const o = storageOf(out);
  const cur = new RowCursor(out.shape, [x.strides, out.strides], [x.offset, out.offset]);
  const xStride = cur.strides[0];
  const oStride = cur.strides[1];
  const inner = cur.inner;
  for (let r = 0; r < cur.rows; r++, cur.next()) {
    let xi = cur.offsets[0];
    let oi = cur.offsets[1];
    if (toBool) {
      for (let i = 0; i < inner; i++, xi += xStride, oi += oStride) o[oi] = xs[xi] !== 0 ? 1 : 0;
    } else {
      for (let i = 0; i < inner; i++, xi += xStride, oi += oStride) o[oi] = xs[xi];
    }
  }
}

/** Rewrites every element of a bool view as 0/1 after an arithmetic op (e.g. true + true = true). */
function normalizeBool(out: View): void {
  const o: TypedArray = storageOf(out);
  const cur = new RowCursor(out.shape, [out.strides], [out.offset]);
  const os = cur.strides[0];
  const inner = cur.inner;
  for (let r = 0; r < cur.rows; r++, cur.next()) {
    let oi = cur.offsets[0];
    for (let i = 0; i < inner; i++, oi += os) o[oi] = o[oi] !== 0 ? 1 : 0;
  }
}
