/**
 * The column helpers of the convolution kernels (`conv.ts`, and the WebAssembly path in
 * `src/wasm/conv.ts`): im2col of one image into a buffer, the reused column scratch, the weight as a
 * matrix. The column loops work per tap `(i, j)`: the windows whose tap falls inside the input form one
 * contiguous range of output rows and one of output columns, so the inner loop is a plain strided copy
 * with no bounds checks, and the padding is written with `fill`.
 */
import { allocTypedArray, type DType, type TypedArray, type View, type Window2d } from '@typetorch/tensor';
import { wasmRuntime } from '../wasm/runtime.js';
import { storageOf } from './dense.js';

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
export interface Image {
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
export function columns(
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
  const rt = wasmRuntime();
  if (rt?.owns(data) && rt.owns(dst) && img.sC >= 0 && sRow >= 0 && sCol >= 0) {
    rt.kernels.im2colF32(
      data.byteOffset + img.base * 4,
      img.sC,
      sRow,
      sCol,
      channels,
      H,
      W,
      kH,
      kW,
      sH,
      sW,
      dH,
      dW,
      pT,
      pL,
      oH,
      oW,
      dst.byteOffset + at * 4,
    );
    return;
  }
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

/** Image `n` of `x` (`[N, C, H, W]`). */
export function imageOf(x: View, n: number): Image {
  const [, , H, W] = x.shape;
  const [sN, sC, sRow, sCol] = x.strides;
  return { data: storageOf(x), base: x.offset + n * sN, sC, sRow, sCol, H, W };
}

/** Column scratch buffers, one per dtype, reused across calls and grown on demand. */
const scratch = new Map<DType, TypedArray>();

/** The column scratch of `dtype`, at least `size` elements (its contents are not kept across calls). */
export function scratchOf(dtype: DType, size: number): TypedArray {
  let buf = scratch.get(dtype);
  if (buf === undefined || buf.length < size) {
    const rt = wasmRuntime();
    if (buf !== undefined) rt?.freeFloat32(buf);
    // float32 columns live in the WebAssembly kernels' memory when they can, so matmul reads them in place.
    buf = (dtype === 'float32' ? rt?.allocFloat32(size) : undefined) ?? allocTypedArray(dtype, size);
    scratch.set(dtype, buf);
  }
  return buf;
}

/**
 * The weight as an `[O, C/G * kH * kW]` matrix: `{ data, offset, rowStride, colStride }`, reading the
 * view in place when its last three dims fold into one stride, else a dense copy.
 */
export function weightMatrix(weight: View): { data: TypedArray; offset: number; rs: number; cs: number } {
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
