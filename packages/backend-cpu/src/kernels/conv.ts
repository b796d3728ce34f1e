/**
 * Convolution fast paths: im2col, col2im and a conv2d that feeds the blocked matmul kernel.
 *
 * The tensor package's reference conv2d materialises the columns of the whole batch (for a 3x3 conv of
 * `[64, 32, 28, 28]` that is 64 x 288 x 784 floats, 58 MB) and then multiplies. Here:
 * - in float32 with the WebAssembly kernels on, every convolution is im2col + the SIMD matmul below
 *   (with the columns in the kernels' memory, nothing is copied); with one group, the columns of a
 *   few samples at a time feed one batched product (`src/wasm/conv.ts`); otherwise
 * - 3x3 kernels with stride 1, dilation 1 and one group (most of a CNN's work) use Winograd's
 *   F(2x2, 3x3): 2.25x fewer multiply-adds, as 16 matrix products (see `winograd3x3`);
 * - a 1x1 convolution with stride 1 and no padding needs no columns at all: the input plane already
 *   is the `[C, H * W]` matrix;
 * - otherwise the columns of one sample and one group at a time go into a scratch buffer that is
 *   reused across samples and calls and stays in cache (0.9 MB for the example above), and `matmul`
 *   reads them straight from there and writes straight into the output.
 *
 * The column loops (here and in `columns.ts`) work per tap `(i, j)`: the windows whose tap falls
 * inside the input form one contiguous range of output rows and one of output columns, so the inner
 * loop is a plain strided copy with no bounds checks, and the padding is written with `fill`. For
 * float32 storages in the WebAssembly kernels' memory, im2col and col2im run as the same loops in
 * WebAssembly (`assembly/conv.ts`; a stride-1 row is one `memory.copy`), split by sample across
 * threads when there are several (`src/wasm/conv-jobs.ts`).
 */
import type { TypedArray, View, Window2d } from '@typetorch/tensor';
import { wasmConv2d } from '../wasm/conv.js';
import { parallelCol2im, parallelIm2col } from '../wasm/conv-jobs.js';
import { wasmRuntime } from '../wasm/runtime.js';
import { columns, imageOf, insideRange, scratchOf, weightMatrix } from './columns.js';
import { storageOf } from './dense.js';
import { matmul } from './matmul.js';

/** `FastPaths.im2col`: `x` `[N, C, H, W]` (any strides) to a contiguous `[N, C, kH, kW, oH, oW]`. */
export function im2col(x: View, out: View, window: Window2d): void {
  const [N, C] = x.shape;
  const [, , kH, kW, oH, oW] = out.shape;
  const dst = storageOf(out);
  const perSample = C * kH * kW * oH * oW;
  const rt = wasmRuntime();
  if (rt?.owns(x.storage) && rt.owns(dst) && x.strides.every((stride) => stride >= 0)) {
    if (parallelIm2col(rt, x, 0, N, window, { oH, oW, dst, at: out.offset })) return;
  }
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
  const rt = wasmRuntime();
  if (rt?.owns(src) && rt.owns(dst) && cols.strides.every((stride) => stride >= 0)) {
    const at = dst.byteOffset + out.offset * 4;
    if (parallelCol2im(rt, cols, src.byteOffset + cols.offset * 4, out, at, window)) return;
    rt.kernels.zero(at, N * C * H * W * 4);
    for (let n = 0; n < N; n++) {
      rt.kernels.col2imF32(
        src.byteOffset + (cols.offset + n * c0) * 4,
        c1,
        c2,
        c3,
        c4,
        c5,
        C,
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
        at + n * C * H * W * 4,
      );
    }
    return;
  }
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

/** Winograd tiles per chunk: enough columns for efficient products... */
const WINOGRAD_TILES = 2048;
/** ...within a bounded scratch: at most 4M doubles (32 MB) of transformed inputs and products. */
const WINOGRAD_SCRATCH = 1 << 22;

/** U[xi, o, c] = (G g G^T)[xi] for the 3x3 filter g of (o, c): Winograd's transformed filters. */
function winogradFilters(weight: View): Float64Array {
  const [O, C] = weight.shape;
  const [w0, w1, w2, w3] = weight.strides;
  const wd = storageOf(weight);
  const U = new Float64Array(16 * O * C);
  const OC = O * C;
  for (let o = 0; o < O; o++) {
    for (let c = 0; c < C; c++) {
      const base = weight.offset + o * w0 + c * w1;
      const g = (i: number, j: number) => wd[base + i * w2 + j * w3];
      // G g: rows g0, (g0 + g1 + g2) / 2, (g0 - g1 + g2) / 2, g2, each a 3-vector over j.
      for (let r = 0; r < 4; r++) {
        const row = [0, 1, 2].map((j) =>
          r === 0 ? g(0, j) : r === 3 ? g(2, j) : (g(0, j) + (r === 1 ? g(1, j) : -g(1, j)) + g(2, j)) / 2,
        );
        const q = o * C + c;
        U[r * 4 * OC + q] = row[0];
        U[(r * 4 + 1) * OC + q] = (row[0] + row[1] + row[2]) / 2;
        U[(r * 4 + 2) * OC + q] = (row[0] - row[1] + row[2]) / 2;
        U[(r * 4 + 3) * OC + q] = row[2];
      }
    }
  }
  return U;
}

/** Tiles `t0 .. t0 + T - 1` of a Winograd chunk, numbered sample-major: `tiles` per sample, `tW` per row. */
interface TileChunk {
  t0: number;
  T: number;
  tiles: number;
  tW: number;
  tH: number;
}

/**
 * Writes the output tiles of a chunk from its 16 products `V[mAt + xi * O * T ..]` (`[O, T]` each):
 * Y = A^T m A per tile, plus the bias.
 */
function winogradOutputs(V: TypedArray, mAt: number, chunk: TileChunk, bias: View | null, out: View): void {
  const { t0, T, tiles, tW, tH } = chunk;
  const [, O, oH, oW] = out.shape;
  const od = storageOf(out);
  // A^T = [[1, 1, 1, 0], [0, 1, -1, -1]].
  const mStep = O * T;
  for (let o = 0; o < O; o++) {
    const b = bias === null ? 0 : storageOf(bias)[bias.offset + o * bias.strides[0]];
    let n = Math.floor(t0 / tiles);
    let th = Math.floor((t0 - n * tiles) / tW);
    let tw = t0 - n * tiles - th * tW;
    for (let t = 0; t < T; t++) {
      const m = mAt + o * T + t;
      let y00 = 0;
      let y01 = 0;
      let y10 = 0;
      let y11 = 0;
      for (let i = 0; i < 4; i++) {
        const at = m + i * 4 * mStep;
        const m0 = V[at];
        const m1 = V[at + mStep];
        const m2 = V[at + 2 * mStep];
        const m3 = V[at + 3 * mStep];
        // Row i of m times A: [m0 + m1 + m2, m1 - m2 - m3]; rows combine through A^T.
        const u = m0 + m1 + m2;
        const v = m1 - m2 - m3;
        if (i < 3) {
          y00 += u;
          y01 += v;
        }
        if (i === 1) {
          y10 += u;
          y11 += v;
        } else if (i >= 2) {
          y10 -= u;
          y11 -= v;
        }
      }
      const r = 2 * th;
      const col = 2 * tw;
      const q = out.offset + (n * O + o) * oH * oW + r * oW + col;
      od[q] = y00 + b;
      if (col + 1 < oW) od[q + 1] = y01 + b;
      if (r + 1 < oH) {
        od[q + oW] = y10 + b;
        if (col + 1 < oW) od[q + oW + 1] = y11 + b;
      }
      if (++tw === tW) {
        tw = 0;
        if (++th === tH) {
          th = 0;
          n++;
        }
      }
    }
  }
}

/**
 * Winograd's minimal filtering F(2x2, 3x3) (Lavin & Gray, 2015) for 3x3 kernels with stride 1,
 * dilation 1 and one group: each 2x2 output tile is `A^T [(G g G^T) . (B^T d B)] A` for its 4x4 input
 * patch `d`, so the 36 multiplications per tile and channel pair become 16, done as 16 matrix products
 * `U[xi] (O x C) @ V[xi] (C x tiles)` by the blocked matmul. 2.25x fewer multiply-adds than im2col.
 * Every transform and product runs in float64 (JS arithmetic), so float32 results stay within the
 * final rounding of the direct sum.
 */
function winograd3x3(x: View, weight: View, bias: View | null, out: View, window: Window2d): void {
  const [N, C, H, W] = x.shape;
  const O = weight.shape[0];
  const [, , oH, oW] = out.shape;
  const [pT, pL] = window.padding;
  const [sN, sC, sRow, sCol] = x.strides;
  const xd = storageOf(x);
  const tH = Math.ceil(oH / 2);
  const tW = Math.ceil(oW / 2);
  const tiles = tH * tW;
  const U = winogradFilters(weight);
  const OC = O * C;
  // Tiles of all samples are numbered sample-major and processed in chunks of at most `chunk`, so
  // the scratch (transformed inputs and products, 16 * (C + O) doubles per tile) stays bounded.
  const total = N * tiles;
  const chunk = Math.max(16, Math.min(WINOGRAD_TILES, Math.floor(WINOGRAD_SCRATCH / (16 * (C + O)))));
  const maxT = Math.min(total, chunk);
  const V = scratchOf('float64', 16 * (C + O) * maxT);
  const d = new Float64Array(16);
  for (let t0 = 0; t0 < total; t0 += chunk) {
    const T = Math.min(chunk, total - t0);
    const mAt = 16 * C * T;
    const step = C * T;
    // V[xi, c, t] = (B^T d B)[xi] for the 4x4 input patch of tile t.
    for (let c = 0; c < C; c++) {
      let n = Math.floor(t0 / tiles);
      let th = Math.floor((t0 - n * tiles) / tW);
      let tw = t0 - n * tiles - th * tW;
      for (let t = 0; t < T; t++) {
        const plane = x.offset + n * sN + c * sC;
        const r0 = 2 * th - pT;
        const c0 = 2 * tw - pL;
        // The 4x4 patch, zero outside the input (border tiles only check bounds).
        if (r0 >= 0 && r0 + 3 < H && c0 >= 0 && c0 + 3 < W) {
          let q = plane + r0 * sRow + c0 * sCol;
          for (let i = 0; i < 16; i += 4, q += sRow) {
            d[i] = xd[q];
            d[i + 1] = xd[q + sCol];
            d[i + 2] = xd[q + 2 * sCol];
            d[i + 3] = xd[q + 3 * sCol];
          }
        } else {
          for (let i = 0; i < 4; i++) {
            const r = r0 + i;
            for (let j = 0; j < 4; j++) {
              const col = c0 + j;
              d[i * 4 + j] = r >= 0 && r < H && col >= 0 && col < W ? xd[plane + r * sRow + col * sCol] : 0;
            }
          }
        }
        // B^T d B with B^T = [[1, 0, -1, 0], [0, 1, 1, 0], [0, -1, 1, 0], [0, 1, 0, -1]]: the rows
        // become d0 - d2, d1 + d2, d2 - d1, d1 - d3, then the same on the columns.
        for (let i = 0; i < 4; i++) {
          const a = d[i];
          const b = d[4 + i];
          const e = d[8 + i];
          const f = d[12 + i];
          d[i] = a - e;
          d[4 + i] = b + e;
          d[8 + i] = e - b;
          d[12 + i] = b - f;
        }
        for (let i = 0, q = c * T + t; i < 16; i += 4, q += 4 * step) {
          const a = d[i];
          const b = d[i + 1];
          const e = d[i + 2];
          const f = d[i + 3];
          V[q] = a - e;
          V[q + step] = b + e;
          V[q + 2 * step] = e - b;
          V[q + 3 * step] = b - f;
        }
        if (++tw === tW) {
          tw = 0;
          if (++th === tH) {
            th = 0;
            n++;
          }
        }
      }
    }
    // M[xi] = U[xi] @ V[xi]: 16 products [O, C] x [C, T].
    for (let xi = 0; xi < 16; xi++) {
      matmul(
        { storage: U, dtype: 'float64', shape: [1, O, C], strides: [0, C, 1], offset: xi * OC },
        { storage: V, dtype: 'float64', shape: [1, C, T], strides: [0, T, 1], offset: xi * C * T },
        { storage: V, dtype: 'float64', shape: [1, O, T], strides: [0, T, 1], offset: mAt + xi * O * T },
      );
    }
    winogradOutputs(V, mAt, { t0, T, tiles, tW, tH }, bias, out);
  }
}

/**
 * `FastPaths.conv2d`: Winograd for 3x3 stride-1 convolutions in TypeScript; otherwise (and for every
 * float32 convolution when the WebAssembly kernels are on) per sample and group, the columns into a
 * cached scratch buffer (none for a plain 1x1 convolution), one blocked matmul into the output, then
 * the bias.
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
  // With the WebAssembly kernels, float32 runs as im2col + the SIMD matmul (faster than Winograd in JS).
  const simd = x.dtype === 'float32' && wasmRuntime() !== null;
  if (
    !simd &&
    kH === 3 &&
    kW === 3 &&
    groups === 1 &&
    window.stride[0] === 1 &&
    window.stride[1] === 1 &&
    window.dilation[0] === 1 &&
    window.dilation[1] === 1
  ) {
    winograd3x3(x, weight, bias, out, window);
    return;
  }
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
  if (simd && !direct && groups === 1 && wasmConv2d(x, w, bias, out, window)) return;
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
