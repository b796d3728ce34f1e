/**
 * Convolution fast paths: im2col, col2im and a conv2d that feeds the blocked matmul kernel.
 *
 * The tensor package's reference conv2d materialises the columns of the whole batch (for a 3x3 conv of
 * `[64, 32, 28, 28]` that is 64 x 288 x 784 floats, 58 MB) and then multiplies. Here the columns of
 * one sample and one group at a time go into a scratch buffer that is reused across samples and calls
 * and stays in cache (0.9 MB for that example), and `matmul` reads them straight from there and writes
 * straight into the output. A 1x1 convolution with stride 1 and no padding needs no columns at all:
 * the input plane already is the `[C, H * W]` matrix.
 *
 * The column loops work per tap `(i, j)`: the windows whose tap falls inside the input form one
 * contiguous range of output rows and one of output columns, so the inner loop is a plain strided
 * copy with no bounds checks, and the padding is written with `fill`.
 */
import { allocTypedArray, type DType, type TypedArray, type View, type Window2d } from '@typetorch/tensor';
import { storageOf } from './dense.js';
import { matmul } from './matmul.js';

/**
 * The output positions `[lo, hi)` along one dim whose tap lands inside `[0, size)`: position `o`
 * reads `o * stride + offset`, where `offset = tap * dilation - padding`.
 */
export function insideRange(offset: number, stride: number, size: number, outSize: number): [number, number] {
  const lo = offset >= 0 ? 0 : Math.ceil(-offset / stride);
  const hi = Math.min(outSize, Math.floor((size - 1 - offset) / stride) + 1);
  return hi > lo ? [lo, hi] : [lo, lo];
}

/** Geometry of one input image: its storage, base offset and element strides. */
interface Image {
  data: TypedArray;
  base: number;
  sC: number;
  sRow: number;
  sCol: number;
  H: number;
  W: number;
}

/**
 * Writes the columns of channels `[0, channels)` of `img` into `dst` from `at`, contiguous
 * `[channels, kH, kW, oH, oW]` (the rows of im2col's matrix, channel-major).
 */
function columns(
  img: Image,
  channels: number,
  w: Window2d,
  oH: number,
  oW: number,
  dst: TypedArray,
  at: number,
): void {
  const [kH, kW] = w.kernelSize;
  const [sH, sW] = w.stride;
  const [dH, dW] = w.dilation;
  const [pT, pL] = w.padding;
  const { data, sRow, sCol, H, W } = img;
  const step = sW * sCol;
  let q = at;
  for (let c = 0; c < channels; c++) {
    const plane = img.base + c * img.sC;
    for (let i = 0; i < kH; i++) {
      const offH = i * dH - pT;
      const [hLo, hHi] = insideRange(offH, sH, H, oH);
      for (let j = 0; j < kW; j++) {
        const offW = j * dW - pL;
        const [wLo, wHi] = insideRange(offW, sW, W, oW);
        if (hLo > 0) {
          dst.fill(0, q, q + hLo * oW);
          q += hLo * oW;
        }
        for (let oh = hLo; oh < hHi; oh++) {
          if (wLo > 0) {
            dst.fill(0, q, q + wLo);
            q += wLo;
          }
          let src = plane + (oh * sH + offH) * sRow + (wLo * sW + offW) * sCol;
          for (let ow = wLo; ow < wHi; ow++, src += step) dst[q++] = data[src];
          if (wHi < oW) {
            dst.fill(0, q, q + oW - wHi);
            q += oW - wHi;
          }
        }
        if (hHi < oH) {
          dst.fill(0, q, q + (oH - hHi) * oW);
          q += (oH - hHi) * oW;
        }
      }
    }
  }
}

function imageOf(x: View, n: number): Image {
  const [, , H, W] = x.shape;
  const [sN, sC, sRow, sCol] = x.strides;
  return { data: storageOf(x), base: x.offset + n * sN, sC, sRow, sCol, H, W };
}

/** `FastPaths.im2col`: `x` `[N, C, H, W]` (any strides) to a contiguous `[N, C, kH, kW, oH, oW]`. */
export function im2col(x: View, out: View, window: Window2d): void {
  const [N, C] = x.shape;
  const [, , kH, kW, oH, oW] = out.shape;
  const dst = storageOf(out);
  const perSample = C * kH * kW * oH * oW;
  for (let n = 0; n < N; n++) columns(imageOf(x, n), C, window, oH, oW, dst, out.offset + n * perSample);
}

/** `FastPaths.col2im`: sums `cols` `[N, C, kH, kW, oH, oW]` (any strides) into a contiguous `[N, C, H, W]`. */
export function col2im(cols: View, out: View, window: Window2d): void {
  const [N, C, kH, kW, oH, oW] = cols.shape;
  const [, , H, W] = out.shape;
  const [sH, sW] = window.stride;
  const [dH, dW] = window.dilation;
  const [pT, pL] = window.padding;
  const [c0, c1, c2, c3, c4, c5] = cols.strides;
  const src = storageOf(cols);
  const dst = storageOf(out);
  dst.fill(0, out.offset, out.offset + N * C * H * W);
  for (let n = 0; n < N; n++) {
    for (let c = 0; c < C; c++) {
      const plane = out.offset + (n * C + c) * H * W;
      const colBase = cols.offset + n * c0 + c * c1;
      for (let i = 0; i < kH; i++) {
        const offH = i * dH - pT;
        const [hLo, hHi] = insideRange(offH, sH, H, oH);
        for (let j = 0; j < kW; j++) {
          const offW = j * dW - pL;
          const [wLo, wHi] = insideRange(offW, sW, W, oW);
          const tapBase = colBase + i * c2 + j * c3;
          for (let oh = hLo; oh < hHi; oh++) {
            let s = tapBase + oh * c4 + wLo * c5;
            let d = plane + (oh * sH + offH) * W + wLo * sW + offW;
            for (let ow = wLo; ow < wHi; ow++, s += c5, d += sW) dst[d] += src[s];
          }
        }
      }
    }
  }
}

/** Column scratch buffers, one per dtype, reused across calls and grown on demand. */
const scratch = new Map<DType, TypedArray>();

function scratchOf(dtype: DType, size: number): TypedArray {
  let buf = scratch.get(dtype);
  if (buf === undefined || buf.length < size) {
    buf = allocTypedArray(dtype, size);
    scratch.set(dtype, buf);
  }
  return buf;
}

/**
 * The weight as an `[O, C/G * kH * kW]` matrix: `{ data, offset, rowStride, colStride }`, reading the
 * view in place when its last three dims fold into one stride, else a dense copy.
 */
function weightMatrix(weight: View): { data: TypedArray; offset: number; rs: number; cs: number } {
  const [O, Cg, kH, kW] = weight.shape;
  const [s0, s1, s2, s3] = weight.strides;
  const inner = Cg * kH * kW;
  // Size-1 dims may carry any stride; the others must be laid out back to back.
  const dims = [
    [Cg, s1],
    [kH, s2],
    [kW, s3],
  ].filter(([size]) => size !== 1);
  let cs = dims.length === 0 ? 1 : dims[dims.length - 1][1];
  let ok = true;
  for (let d = dims.length - 2; d >= 0; d--) if (dims[d][1] !== dims[d + 1][1] * dims[d + 1][0]) ok = false;
  if (ok) return { data: storageOf(weight), offset: weight.offset, rs: s0, cs };
  const data = allocTypedArray(weight.dtype, O * inner);
  const src = storageOf(weight);
  let q = 0;
  for (let o = 0; o < O; o++)
    for (let c = 0; c < Cg; c++)
      for (let i = 0; i < kH; i++)
        for (let j = 0; j < kW; j++) data[q++] = src[weight.offset + o * s0 + c * s1 + i * s2 + j * s3];
  cs = 1;
  return { data, offset: 0, rs: inner, cs };
}

/**
 * `FastPaths.conv2d`: per sample and group, the columns into a cached scratch buffer (none for a
 * plain 1x1 convolution), one blocked matmul into the output, then the bias.
 */
export function conv2d(
  x: View,
  weight: View,
  bias: View | null,
  out: View,
  window: Window2d,
  groups: number,
): void {
  const [N] = x.shape;
  const [O, Cg, kH, kW] = weight.shape;
  const [, , oH, oW] = out.shape;
  const L = oH * oW;
  const Og = O / groups;
  const K = Cg * kH * kW;
  const w = weightMatrix(weight);
  const od = storageOf(out);
  const [sN, sC, sRow, sCol] = x.strides;
  // A 1x1 kernel with stride 1 and no padding reads each input plane as the [C, H * W] matrix itself.
  const direct =
    kH === 1 &&
    kW === 1 &&
    window.stride[0] === 1 &&
    window.stride[1] === 1 &&
    window.padding[0] === 0 &&
    window.padding[1] === 0 &&
    oH === x.shape[2] &&
    oW === x.shape[3] &&
    (x.shape[2] === 1 || sRow === x.shape[3] * sCol);
  const cols = direct ? null : scratchOf(x.dtype, K * L);
  for (let n = 0; n < N; n++) {
    const img = imageOf(x, n);
    for (let g = 0; g < groups; g++) {
      let b: View;
      if (cols === null) {
        b = {
          storage: img.data,
          dtype: x.dtype,
          shape: [1, K, L],
          strides: [0, sC, sCol],
          offset: x.offset + n * sN + g * Cg * sC,
        };
      } else {
        columns({ ...img, base: img.base + g * Cg * sC }, Cg, window, oH, oW, cols, 0);
        b = { storage: cols, dtype: x.dtype, shape: [1, K, L], strides: [0, L, 1], offset: 0 };
      }
      const a: View = {
        storage: w.data,
        dtype: weight.dtype,
        shape: [1, Og, K],
        strides: [0, w.rs, w.cs],
        offset: w.offset + g * Og * w.rs,
      };
      const o: View = {
        storage: od,
        dtype: out.dtype,
        shape: [1, Og, L],
        strides: [0, L, 1],
        offset: out.offset + (n * O + g * Og) * L,
      };
      matmul(a, b, o);
    }
  }
  if (bias === null) return;
  const bd = storageOf(bias);
  for (let n = 0; n < N; n++) {
    for (let c = 0; c < O; c++) {
      const v = bd[bias.offset + c * bias.strides[0]];
      const start = out.offset + (n * O + c) * L;
      for (let q = start; q < start + L; q++) od[q] += v;
    }
  }
}
