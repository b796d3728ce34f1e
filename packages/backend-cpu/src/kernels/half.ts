/**
 * float16 on the CPU: a float16 storage is a Float32Array whose values are always half-representable.
 * Kernels compute float16 exactly as float32 (in float32 or wider), and the backend rounds each
 * kernel's float16 output to half once afterwards with {@link roundHalfView}, as PyTorch's CPU half
 * kernels compute in float and round each result.
 */
import {
  numelOf,
  roundFloat32BitsToHalf,
  roundToHalfInPlace,
  truncateFloat32BitsToHalf,
  type View,
} from '@typetorch/tensor';
import { RowCursor } from '../strided.js';
import { denseArray, storageOf } from './dense.js';

/** Rounds every element of a float16 view to the nearest half in place (a no-op for other dtypes). */
export function roundHalfView(out: View): void {
  if (out.dtype !== 'float16') return;
  const n = numelOf(out.shape);
  const dense = n === 0 ? undefined : denseArray(out, n);
  if (dense !== undefined) roundToHalfInPlace(dense as Float32Array);
  else mapBits(out, roundFloat32BitsToHalf);
}

/** Truncates every element of a float16 view toward zero onto the half grid (uniform random fills). */
export function truncateHalfView(out: View): void {
  if (out.dtype === 'float16') mapBits(out, truncateFloat32BitsToHalf);
}

function mapBits(out: View, f: (bits: number) => number): void {
  if (numelOf(out.shape) === 0) return;
  const data = storageOf(out) as Float32Array;
  const bits = new Uint32Array(data.buffer, data.byteOffset, data.length);
  const cur = new RowCursor(out.shape, [out.strides], [out.offset]);
  const stride = cur.strides[0];
  const inner = cur.inner;
  for (let r = 0; r < cur.rows; r++, cur.next()) {
    for (let i = 0, o = cur.offsets[0]; i < inner; i++, o += stride) bits[o] = f(bits[o]);
  }
}
