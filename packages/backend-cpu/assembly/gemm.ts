// Single-precision matrix product with 128-bit SIMD, GotoBLAS/BLIS-style (AssemblyScript).
//
// `C = A @ B` for strided A (m x k) and B (k x n) in linear memory, C row-major with row stride
// `ldc`. The work is cut into chunks that any thread may run (see `job.ts`):
// - PACK chunks copy groups of MR-row panels of A and NR-column panels of B, for every K slice, into
//   packed buffers, in the order the micro-kernel reads them (any strides: a transposed operand costs
//   a 4 x 4 register transpose, not a copy);
// - GEMM chunks each own a rectangle of C (whole MR x NR tiles) and run the micro-kernel over it,
//   K slice by K slice and NC columns at a time, so an A panel stays in L1 while the B panels of the
//   column block (and the chunk's slice of packed A) stay in L2.
// Every element of C is computed by the same sequence of operations whatever the chunking, so the
// result does not depend on the number of threads.
//
// Micro-kernel: a 4 x 8 tile of C in eight f32x4 accumulators; per k step two vector loads of B,
// four broadcast loads of A and eight multiply-adds (`madd.ts`: a multiply and an add in plain SIMD,
// one fused instruction in the relaxed-SIMD build where the CPU has FMA). Larger tiles spill in V8:
// it issues all of a step's broadcast loads first, so a 6 x 8 tile needs 12 accumulators, 2 B and
// 6 A registers (measured slower even with relaxed SIMD's temporary-free fused multiply-add).

import { MR, NC, NR } from './layout';
import { F32x4 } from './madd';

/**
 * Packs panels `[panel0, panel1)` of width `w` (MR for A, NR for B) of a `k x n` operand whose element
 * (p, j) is at `src + 4 * (p * rs + j * cs)`, for every K slice of depth `kcMax`, into `dst`: the slice
 * starting at row `p0` at `dst + 4 * p0 * nPad` (`nPad` = n rounded up to `w`), its panel `jp` at
 * `+ 4 * jp * kc * w`, then `kc` rows of `w` values. Columns past `n` are zero.
 * B is packed as it is; A as its transpose (p runs along A's columns, j along its rows).
 */
export function packPanels(
  src: usize,
  rs: i32,
  cs: i32,
  k: i32,
  n: i32,
  kcMax: i32,
  dst: usize,
  panel0: i32,
  panel1: i32,
  w: i32,
): void {
  const nPad = ((n + w - 1) / w) * w;
  const rowStep = <usize>rs * 4;
  const c1 = <usize>cs * 4;
  const wBytes = <usize>w * 4;
  for (let p0 = 0; p0 < k; p0 += kcMax) {
    const kc = min(kcMax, k - p0);
    const slice = dst + <usize>p0 * <usize>nPad * 4;
    for (let jp = panel0; jp < panel1; jp++) {
      let q = slice + <usize>jp * <usize>kc * <usize>w * 4;
      const j0 = jp * w;
      const cols = min(w, n - j0);
      let from = src + <usize>p0 * rowStep + <usize>j0 * c1;
      if (cols === w && cs === 1) {
        if (w === 8) {
          for (let p = 0; p < kc; p++, from += rowStep, q += 32) {
            v128.store(q, v128.load(from));
            v128.store(q, v128.load(from, 16), 16);
          }
        } else if (w === 4) {
          for (let p = 0; p < kc; p++, from += rowStep, q += 16) v128.store(q, v128.load(from));
        } else {
          for (let p = 0; p < kc; p++, from += rowStep, q += wBytes) {
            for (let j = 0; j < w; j++) store<f32>(q + <usize>j * 4, load<f32>(from + <usize>j * 4));
          }
        }
      } else if (cols === w && rs === 1 && w === 4) {
        // Transposed layout (e.g. a row-major A read along k): four rows of four, transposed in registers.
        let p = 0;
        for (; p + 4 <= kc; p += 4, from += 16, q += 64) transpose4(from, c1, q);
        for (; p < kc; p++, from += 4, q += 16) gather4(from, c1, q);
      } else if (cols === w && rs === 1 && w === 8) {
        let p = 0;
        for (; p + 4 <= kc; p += 4, from += 16, q += 128) {
          transpose4Into(from, c1, q, 32);
          transpose4Into(from + 4 * c1, c1, q + 16, 32);
        }
        for (; p < kc; p++, from += 4, q += 32) {
          gather4(from, c1, q);
          gather4(from + 4 * c1, c1, q + 16);
        }
      } else if (cols === w) {
        for (let p = 0; p < kc; p++, from += rowStep, q += wBytes) {
          for (let j = 0; j < w; j++) store<f32>(q + <usize>j * 4, load<f32>(from + <usize>j * c1));
        }
      } else {
        for (let p = 0; p < kc; p++, from += rowStep, q += wBytes) {
          for (let j = 0; j < w; j++) {
            store<f32>(q + <usize>j * 4, j < cols ? load<f32>(from + <usize>j * c1) : 0);
          }
        }
      }
    }
  }
}

/** Four values at `from`, `from + c1`, `from + 2 c1`, `from + 3 c1` into `q`. */
function gather4(from: usize, c1: usize, q: usize): void {
  store<f32>(q, load<f32>(from));
  store<f32>(q, load<f32>(from + c1), 4);
  store<f32>(q, load<f32>(from + 2 * c1), 8);
  store<f32>(q, load<f32>(from + 3 * c1), 12);
}

/** Transposes the 4 x 4 block whose rows start at `from + r * c1` into four rows of 16 bytes at `q`. */
function transpose4(from: usize, c1: usize, q: usize): void {
  transpose4Into(from, c1, q, 16);
}

/** As {@link transpose4}, writing the output rows `qStride` bytes apart. */
function transpose4Into(from: usize, c1: usize, q: usize, qStride: usize): void {
  const r0 = v128.load(from);
  const r1 = v128.load(from + c1);
  const r2 = v128.load(from + 2 * c1);
  const r3 = v128.load(from + 3 * c1);
  // Interleave pairs of rows, then pairs of pairs: the classic 4 x 4 shuffle transpose.
  const t0 = v128.shuffle<f32>(r0, r1, 0, 4, 1, 5);
  const t1 = v128.shuffle<f32>(r2, r3, 0, 4, 1, 5);
  const t2 = v128.shuffle<f32>(r0, r1, 2, 6, 3, 7);
  const t3 = v128.shuffle<f32>(r2, r3, 2, 6, 3, 7);
  v128.store(q, v128.shuffle<f32>(t0, t1, 0, 1, 4, 5));
  v128.store(q + qStride, v128.shuffle<f32>(t0, t1, 2, 3, 6, 7));
  v128.store(q + 2 * qStride, v128.shuffle<f32>(t2, t3, 0, 1, 4, 5));
  v128.store(q + 3 * qStride, v128.shuffle<f32>(t2, t3, 2, 3, 6, 7));
}

/**
 * The micro-kernel, as a static method so that it can carry `@inline`: every call site gets its own
 * copy, and the full-tile one, called with constant MR and NR, loses the edge handling. The copy
 * inlined into the multiply loop measured 15-20% faster than one shared function.
 */
// biome-ignore lint/complexity/noStaticOnlyClass: a static method is where @inline is valid TypeScript syntax
export class MicroKernel {
  /**
   * `C[tile] (+)= Apanel @ Bpanel` for one MR-row panel of packed A at `pa` and one NR-column panel of
   * packed B at `pb`, both `kc` deep. A full tile is stored straight into C (row stride `ldc` bytes);
   * an edge tile (`mr < MR` or `nr < NR`) goes through `tile` and only its valid corner is written.
   * With `accumulate` the tile is added to C (K slices after the first).
   */
  @inline
  static run(
    pa: usize,
    pb: usize,
    kc: i32,
    c: usize,
    ldc: usize,
    mr: i32,
    nr: i32,
    accumulate: bool,
    tile: usize,
  ): void {
    let c00 = f32x4.splat(0);
    let c01 = f32x4.splat(0);
    let c10 = f32x4.splat(0);
    let c11 = f32x4.splat(0);
    let c20 = f32x4.splat(0);
    let c21 = f32x4.splat(0);
    let c30 = f32x4.splat(0);
    let c31 = f32x4.splat(0);
    for (let p = 0; p < kc; p++) {
      const b0 = v128.load(pb);
      const b1 = v128.load(pb, 16);
      let a = v128.load32_splat(pa);
      c00 = F32x4.madd(a, b0, c00);
      c01 = F32x4.madd(a, b1, c01);
      a = v128.load32_splat(pa, 4);
      c10 = F32x4.madd(a, b0, c10);
      c11 = F32x4.madd(a, b1, c11);
      a = v128.load32_splat(pa, 8);
      c20 = F32x4.madd(a, b0, c20);
      c21 = F32x4.madd(a, b1, c21);
      a = v128.load32_splat(pa, 12);
      c30 = F32x4.madd(a, b0, c30);
      c31 = F32x4.madd(a, b1, c31);
      pa += MR * 4;
      pb += NR * 4;
    }
    const full = mr === MR && nr === NR;
    const dst = full ? c : tile;
    const ld = full ? ldc : NR * 4;
    if (full && accumulate) {
      c00 = f32x4.add(c00, v128.load(dst));
      c01 = f32x4.add(c01, v128.load(dst, 16));
      c10 = f32x4.add(c10, v128.load(dst + ld));
      c11 = f32x4.add(c11, v128.load(dst + ld, 16));
      c20 = f32x4.add(c20, v128.load(dst + 2 * ld));
      c21 = f32x4.add(c21, v128.load(dst + 2 * ld, 16));
      c30 = f32x4.add(c30, v128.load(dst + 3 * ld));
      c31 = f32x4.add(c31, v128.load(dst + 3 * ld, 16));
    }
    v128.store(dst, c00);
    v128.store(dst, c01, 16);
    v128.store(dst + ld, c10);
    v128.store(dst + ld, c11, 16);
    v128.store(dst + 2 * ld, c20);
    v128.store(dst + 2 * ld, c21, 16);
    v128.store(dst + 3 * ld, c30);
    v128.store(dst + 3 * ld, c31, 16);
    if (full) return;
    for (let i = 0; i < mr; i++) {
      const row = c + <usize>i * ldc;
      const t = tile + <usize>(i * NR) * 4;
      for (let j = 0; j < nr; j++) {
        const q = row + <usize>j * 4;
        const v = load<f32>(t + <usize>j * 4);
        store<f32>(q, accumulate ? load<f32>(q) + v : v);
      }
    }
  }
}

/**
 * Rows `[i0, i1)` x columns `[j0, j1)` of C (`i0` a multiple of MR, `j0` of NR) from the packed
 * operands `pa` and `pb` written by {@link packPanels}. `tile` is this thread's MR x NR edge tile.
 */
export function gemmBlock(
  pa: usize,
  pb: usize,
  c: usize,
  ldc: i32,
  m: i32,
  n: i32,
  k: i32,
  kcMax: i32,
  i0: i32,
  i1: i32,
  j0: i32,
  j1: i32,
  tile: usize,
): void {
  const mPad = ((m + MR - 1) / MR) * MR;
  const nPad = ((n + NR - 1) / NR) * NR;
  const ldcBytes = <usize>ldc * 4;
  for (let p0 = 0; p0 < k; p0 += kcMax) {
    const kc = min(kcMax, k - p0);
    const accumulate = p0 > 0;
    const aSlice = pa + <usize>p0 * <usize>mPad * 4;
    const bSlice = pb + <usize>p0 * <usize>nPad * 4;
    // Column blocks of NC: each A panel (in L1) meets every B panel of the block (in L2), so the
    // micro-kernel's four broadcast loads per step hit L1. (Sweeping A panels under each B panel
    // instead measured the same on whole products within this machine's noise, slower in isolation.)
    for (let jc = j0; jc < j1; jc += NC) {
      const jEnd = min(j1, jc + NC);
      for (let i = i0; i < i1; i += MR) {
        const aPanel = aSlice + <usize>i * <usize>kc * 4;
        const mr = min(MR, i1 - i);
        const cRow = c + <usize>i * ldcBytes;
        for (let j = jc; j < jEnd; j += NR) {
          const bPanel = bSlice + <usize>j * <usize>kc * 4;
          const nr = min(NR, jEnd - j);
          const cTile = cRow + <usize>j * 4;
          if (mr === MR && nr === NR) {
            MicroKernel.run(aPanel, bPanel, kc, cTile, ldcBytes, MR, NR, accumulate, tile);
          } else {
            MicroKernel.run(aPanel, bPanel, kc, cTile, ldcBytes, mr, nr, accumulate, tile);
          }
        }
      }
    }
  }
}
