/**
 * Batched matrix product `out[b] = a[b] @ b[b]`, GotoBLAS-style.
 *
 * Plain JS cannot use SIMD, so speed comes from doing as little besides multiply-adds as possible:
 * - Packing: each KC-deep slice of B is copied into NR-column panels and each MC x KC block of A into
 *   MR-row panels, as float64, in the order the micro-kernel reads them. Packing reads the inputs
 *   through their strides, so transposed and batch-broadcast (stride 0) operands cost nothing extra,
 *   and zero padding lets the micro-kernel ignore M/N edges.
 * - Cache blocking: one packed A block (MC x KC doubles, 128 KiB) stays in L2 while NR-wide B panels
 *   (KC x NR, 8 KiB) stream through L1.
 * - Register blocking: the micro-kernel keeps a 4x4 tile of accumulators in locals, so each k step does
 *   16 multiply-adds for 8 loads. Measured on x64 V8 against 2x2 ... 8x4 tiles, 4x4 (tied with 4x3)
 *   was fastest: larger tiles spill accumulators to the stack, smaller ones load more per flop.
 *   Unrolling the k loop did not help.
 * - Both packed operands live in ONE Float64Array: V8 re-checks a typed array's map and reloads its
 *   data pointer on every loop iteration, so reading two arrays costs measurably more than one.
 * Products with one row or one column take a matrix-vector path instead (packing would dominate).
 */
import type { TypedArray, View } from '@typetorch/tensor';
import { wasmMatmul } from '../wasm/matmul.js';
import { storageOf } from './dense.js';

/** Micro-tile rows (A panel height). */
const MR = 4;
/** Micro-tile columns (B panel width). */
const NR = 4;
/** Depth of one K block. */
const KC = 256;
/** Rows of A per packed block (a multiple of MR). */
const MC = 64;
/** Columns of B per packed slice (a multiple of NR). */
const NC = 2048;

/** The packed A block, followed by the packed B slice; reused across calls and grown on demand. */
let packed = new Float64Array(0);
/** The micro-kernel's result tile, row-major MR x NR. */
const tile = new Float64Array(MR * NR);
/** Accumulators of the matrix-vector path. */
let vectorScratch = new Float64Array(0);

/**
 * `out[b] = a[b] @ b[b]` for `a: [B, M, K]`, `b: [B, K, N]`, `out: [B, M, N]` with arbitrary strides
 * (batch strides may be 0). Accumulates in float64 and rounds once per K block when storing.
 */
export function matmul(a: View, b: View, out: View): void {
  if (a.shape[1] === 0 || b.shape[2] === 0) return;
  // float32 runs the WebAssembly SIMD kernels when they are on and supported; this file is the
  // reference implementation, and the path for float64 and engines without SIMD.
  if (wasmMatmul(a, b, out)) return;
  matmulTs(a, b, out);
}

/** The TypeScript kernel (see the file comment); also the reference the WebAssembly path is tested against. */
export function matmulTs(a: View, b: View, out: View): void {
  const [batch, m, k] = a.shape;
  const n = b.shape[2];
  const as = storageOf(a);
  const bs = storageOf(b);
  const os = storageOf(out);
  const [asB, asM, asK] = a.strides;
  const [bsB, bsK, bsN] = b.strides;
  const [osB, osM, osN] = out.strides;
  if (m === 0 || n === 0) return;
  for (let t = 0; t < batch; t++) {
    const aBase = a.offset + t * asB;
    const bBase = b.offset + t * bsB;
    const oBase = out.offset + t * osB;
    if (k === 0) {
      zeroMatrix(os, oBase, osM, osN, m, n);
    } else if (m === 1) {
      // out[0, j] = sum_k a[0, k] * b[k, j]
      vectorTimesMatrix(as, aBase, asK, bs, bBase, bsK, bsN, os, oBase, osN, k, n);
    } else if (n === 1) {
      // out[i, 0] = sum_k b[k, 0] * a[i, k], the same product with the operands' roles swapped.
      vectorTimesMatrix(bs, bBase, bsK, as, aBase, asK, asM, os, oBase, osM, k, m);
    } else {
      gemm(as, aBase, asM, asK, bs, bBase, bsK, bsN, os, oBase, osM, osN, m, n, k);
    }
  }
}

/** One blocked `[m, k] @ [k, n]` product (see the file comment). */
function gemm(
  a: TypedArray,
  aBase: number,
  asM: number,
  asK: number,
  b: TypedArray,
  bBase: number,
  bsK: number,
  bsN: number,
  out: TypedArray,
  oBase: number,
  osM: number,
  osN: number,
  m: number,
  n: number,
  k: number,
): void {
  // Split K into equal blocks no deeper than KC, so a K of 300 runs as 150 + 150 rather than 256 + 44.
  const kBlocks = Math.ceil(k / KC);
  const kcMax = Math.ceil(k / kBlocks);
  const ncMax = Math.min(NC, roundUp(n, NR));
  const mcMax = Math.min(MC, roundUp(m, MR));
  const bRegion = mcMax * kcMax;
  if (packed.length < bRegion + kcMax * ncMax) packed = new Float64Array(bRegion + kcMax * ncMax);
  const buf = packed;
  const t = tile;
  for (let jc = 0; jc < n; jc += NC) {
    const nc = Math.min(NC, n - jc);
    for (let pc = 0; pc < k; pc += kcMax) {
      const kc = Math.min(kcMax, k - pc);
      const accumulate = pc > 0;
      packB(b, bBase + pc * bsK + jc * bsN, bsK, bsN, kc, nc, buf, bRegion);
      for (let ic = 0; ic < m; ic += MC) {
        const mc = Math.min(MC, m - ic);
        packA(a, aBase + ic * asM + pc * asK, asM, asK, mc, kc, buf);
        for (let jr = 0; jr < nc; jr += NR) {
          const nr = Math.min(NR, nc - jr);
          const ib = bRegion + jr * kc;
          const oCol = oBase + (jc + jr) * osN;
          for (let ir = 0; ir < mc; ir += MR) {
            microKernel(buf, ir * kc, ib, kc, t);
            storeTile(t, out, oCol + (ic + ir) * osM, osM, osN, Math.min(MR, mc - ir), nr, accumulate);
          }
        }
      }
    }
  }
}

/**
 * `t = A_panel @ B_panel` for one MR-row panel of packed A at `buf[ia]` and one NR-column panel of
 * packed B at `buf[ib]`, both `kc` deep. The 16 accumulators stay in registers (mostly; x64 has 16).
 */
function microKernel(buf: Float64Array, ia: number, ib: number, kc: number, t: Float64Array): void {
  let c00 = 0;
  let c01 = 0;
  let c02 = 0;
  let c03 = 0;
  let c10 = 0;
  let c11 = 0;
  let c12 = 0;
  let c13 = 0;
  let c20 = 0;
  let c21 = 0;
  let c22 = 0;
  let c23 = 0;
  let c30 = 0;
  let c31 = 0;
  let c32 = 0;
  let c33 = 0;
  for (let p = 0; p < kc; p++, ia += MR, ib += NR) {
    const b0 = buf[ib];
    const b1 = buf[ib + 1];
    const b2 = buf[ib + 2];
    const b3 = buf[ib + 3];
    let x = buf[ia];
    c00 += x * b0;
    c01 += x * b1;
    c02 += x * b2;
    c03 += x * b3;
    x = buf[ia + 1];
    c10 += x * b0;
    c11 += x * b1;
    c12 += x * b2;
    c13 += x * b3;
    x = buf[ia + 2];
    c20 += x * b0;
    c21 += x * b1;
    c22 += x * b2;
    c23 += x * b3;
    x = buf[ia + 3];
    c30 += x * b0;
    c31 += x * b1;
    c32 += x * b2;
    c33 += x * b3;
  }
  t[0] = c00;
  t[1] = c01;
  t[2] = c02;
  t[3] = c03;
  t[4] = c10;
  t[5] = c11;
  t[6] = c12;
  t[7] = c13;
  t[8] = c20;
  t[9] = c21;
  t[10] = c22;
  t[11] = c23;
  t[12] = c30;
  t[13] = c31;
  t[14] = c32;
  t[15] = c33;
}

/** Writes (or adds, for K blocks after the first) the valid `mr x nr` corner of a tile into `out`. */
function storeTile(
  t: Float64Array,
  out: TypedArray,
  o: number,
  rs: number,
  cs: number,
  mr: number,
  nr: number,
  accumulate: boolean,
): void {
  for (let i = 0; i < mr; i++, o += rs) {
    const row = i * NR;
    if (accumulate) for (let j = 0, q = o; j < nr; j++, q += cs) out[q] += t[row + j];
    else for (let j = 0, q = o; j < nr; j++, q += cs) out[q] = t[row + j];
  }
}

/**
 * Packs rows `[0, mc)` x cols `[0, kc)` of A (element (i, p) at `a[base + i*rs + p*cs]`) into
 * MR-row panels at `dst[0]`: panel-major, then k, then the MR rows. Rows past `mc` are zero.
 */
function packA(
  a: TypedArray,
  base: number,
  rs: number,
  cs: number,
  mc: number,
  kc: number,
  dst: Float64Array,
): void {
  let q = 0;
  for (let i0 = 0; i0 < mc; i0 += MR) {
    const rows = Math.min(MR, mc - i0);
    let src = base + i0 * rs;
    if (rows === MR) {
      const rs2 = 2 * rs;
      const rs3 = 3 * rs;
      for (let p = 0; p < kc; p++, src += cs, q += MR) {
        dst[q] = a[src];
        dst[q + 1] = a[src + rs];
        dst[q + 2] = a[src + rs2];
        dst[q + 3] = a[src + rs3];
      }
    } else {
      for (let p = 0; p < kc; p++, src += cs, q += MR) {
        for (let i = 0; i < MR; i++) dst[q + i] = i < rows ? a[src + i * rs] : 0;
      }
    }
  }
}

/**
 * Packs rows `[0, kc)` x cols `[0, nc)` of B (element (p, j) at `b[base + p*rs + j*cs]`) into
 * NR-column panels at `dst[at]`: panel-major, then k, then the NR columns. Columns past `nc` are zero.
 */
function packB(
  b: TypedArray,
  base: number,
  rs: number,
  cs: number,
  kc: number,
  nc: number,
  dst: Float64Array,
  at: number,
): void {
  let q = at;
  for (let j0 = 0; j0 < nc; j0 += NR) {
    const cols = Math.min(NR, nc - j0);
    let src = base + j0 * cs;
    if (cols === NR) {
      const cs2 = 2 * cs;
      const cs3 = 3 * cs;
      for (let p = 0; p < kc; p++, src += rs, q += NR) {
        dst[q] = b[src];
        dst[q + 1] = b[src + cs];
        dst[q + 2] = b[src + cs2];
        dst[q + 3] = b[src + cs3];
      }
    } else {
      for (let p = 0; p < kc; p++, src += rs, q += NR) {
        for (let j = 0; j < NR; j++) dst[q + j] = j < cols ? b[src + j * cs] : 0;
      }
    }
  }
}

/**
 * `y[j] = sum_p x[p] * w[p, j]` for `p < k`, `j < n`: x at `x[xBase + p*xs]`, w(p, j) at
 * `w[wBase + p*wsK + j*wsJ]`, y at `y[yBase + j*ys]`. Walks w in whichever order is sequential in memory.
 */
function vectorTimesMatrix(
  x: TypedArray,
  xBase: number,
  xs: number,
  w: TypedArray,
  wBase: number,
  wsK: number,
  wsJ: number,
  y: TypedArray,
  yBase: number,
  ys: number,
  k: number,
  n: number,
): void {
  if (Math.abs(wsJ) <= Math.abs(wsK)) {
    // Rows of w are contiguous-ish: accumulate x[p] * row p into all outputs at once (axpy order).
    if (vectorScratch.length < n) vectorScratch = new Float64Array(n);
    const acc = vectorScratch;
    acc.fill(0, 0, n);
    for (let p = 0, xi = xBase, row = wBase; p < k; p++, xi += xs, row += wsK) {
      const xv = x[xi];
      for (let j = 0, wi = row; j < n; j++, wi += wsJ) acc[j] += xv * w[wi];
    }
    for (let j = 0, yi = yBase; j < n; j++, yi += ys) y[yi] = acc[j];
  } else {
    // Columns of w are contiguous-ish: one dot product per output.
    for (let j = 0, col = wBase, yi = yBase; j < n; j++, col += wsJ, yi += ys) {
      let s = 0;
      for (let p = 0, xi = xBase, wi = col; p < k; p++, xi += xs, wi += wsK) s += x[xi] * w[wi];
      y[yi] = s;
    }
  }
}

/** `out = 0` over an `m x n` strided matrix (a product over an empty K). */
function zeroMatrix(out: TypedArray, base: number, rs: number, cs: number, m: number, n: number): void {
  for (let i = 0, row = base; i < m; i++, row += rs) {
    for (let j = 0, q = row; j < n; j++, q += cs) out[q] = 0;
  }
}

function roundUp(x: number, multiple: number): number {
  return Math.ceil(x / multiple) * multiple;
}
