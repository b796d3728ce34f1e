/**
 * Pooling fast paths: direct max and average pooling loops, one pass over each window, instead of
 * the reference composition's strided copy of every window followed by reductions (and, for max
 * pooling's indices, an argmax and a gather).
 *
 * For each window the taps inside the input form one range of kernel rows and one of kernel columns
 * (computed once per window), so the loops over taps need no bounds checks.
 */
import type { View, Window2d } from '@typetorch/tensor';
import { wasmMaxPool2d } from '../wasm/pool.js';
import { storageOf } from './dense.js';

/** Taps `[lo, hi)` of a window starting at `start` whose position `start + t * dilation` is in `[0, size)`. */
function tapRange(start: number, k: number, dilation: number, size: number): [number, number] {
  const lo = start >= 0 ? 0 : Math.ceil(-start / dilation);
  const hi = Math.min(k, Math.floor((size - 1 - start) / dilation) + 1);
  return hi > lo ? [lo, hi] : [lo, lo];
}

/**
 * `FastPaths.maxPool2d`: per window, the first maximum over the taps inside the input (NaN counts as
 * the maximum) and its flat position `row * W + col`; -Infinity and -1 for a window with no such tap.
 * float32 inputs in the WebAssembly kernels' memory run the same loop there (`assembly/pool.ts`).
 */
export function maxPool2d(x: View, out: View, indices: View, window: Window2d): void {
  if (wasmMaxPool2d(x, out, indices, window)) return;
  const [N, C, H, W] = x.shape;
  const [, , oH, oW] = out.shape;
  const [kH, kW] = window.kernelSize;
  const [sH, sW] = window.stride;
  const [dH, dW] = window.dilation;
  const [pT, pL] = window.padding;
  const [sN, sC, sRow, sCol] = x.strides;
  const xd = storageOf(x);
  const od = storageOf(out);
  const id = storageOf(indices);
  // Per output column: the first tap inside the input, the number of such taps, and its input column.
  const jFirst = new Int32Array(oW);
  const jCount = new Int32Array(oW);
  for (let ow = 0; ow < oW; ow++) {
    const [lo, hi] = tapRange(ow * sW - pL, kW, dW, W);
    jFirst[ow] = lo;
    jCount[ow] = hi - lo;
  }
  const colStep = dW * sCol;
  const rowStep = dH * sRow;
  let o = out.offset;
  let oi = indices.offset;
  for (let n = 0; n < N; n++) {
    for (let c = 0; c < C; c++) {
      const plane = x.offset + n * sN + c * sC;
      for (let oh = 0; oh < oH; oh++) {
        const h0 = oh * sH - pT;
        const [iLo, iHi] = tapRange(h0, kH, dH, H);
        for (let ow = 0; ow < oW; ow++, o++, oi++) {
          const count = jCount[ow];
          const col0 = ow * sW - pL + jFirst[ow] * dW;
          let best = Number.NEGATIVE_INFINITY;
          let where = -1;
          if (iHi > iLo && count > 0) {
            // The first tap inside the input always counts (it may be -Infinity); a later one wins
            // when strictly greater or NaN (`!(v <= best)`), and a NaN ends the search: it stays.
            let row = h0 + iLo * dH;
            let src = plane + row * sRow + col0 * sCol;
            best = xd[src];
            let bestRow = row;
            let bestJ = 0;
            search: for (let i = iLo; i < iHi; i++, row += dH, src += rowStep) {
              for (let j = 0, q = src; j < count; j++, q += colStep) {
                const v = xd[q];
                if (!(v <= best)) {
                  if (best !== best) break search;
                  best = v;
                  bestRow = row;
                  bestJ = j;
                  if (v !== v) break search;
                }
              }
            }
            where = bestRow * W + col0 + bestJ * dW;
          }
          od[o] = best;
          id[oi] = where;
        }
      }
    }
  }
}

/**
 * `FastPaths.avgPool2d`: per window, the sum of the taps inside the input divided by PyTorch's
 * divisor (`divisorOverride`, else the window clipped to the padded extent with `countIncludePad`,
 * else the taps inside the input); 0 for a window with no tap inside the input.
 */
export function avgPool2d(
  x: View,
  out: View,
  window: Window2d,
  options: { readonly countIncludePad: boolean; readonly divisorOverride: number | null },
): void {
  const [N, C, H, W] = x.shape;
  const [, , oH, oW] = out.shape;
  const [kH, kW] = window.kernelSize;
  const [sH, sW] = window.stride;
  const [pT, pL] = window.padding;
  const [sN, sC, sRow, sCol] = x.strides;
  const { countIncludePad, divisorOverride } = options;
  const xd = storageOf(x);
  const od = storageOf(out);
  // Per output column: first/last input column and the padded width of the window.
  const c0 = new Int32Array(oW);
  const c1 = new Int32Array(oW);
  const padW = new Int32Array(oW);
  for (let ow = 0; ow < oW; ow++) {
    const w0 = ow * sW - pL;
    const w1 = Math.min(w0 + kW, W + pL);
    padW[ow] = w1 - w0;
    c0[ow] = Math.max(w0, 0);
    c1[ow] = Math.min(w1, W);
  }
  let o = out.offset;
  for (let n = 0; n < N; n++) {
    for (let c = 0; c < C; c++) {
      const plane = x.offset + n * sN + c * sC;
      for (let oh = 0; oh < oH; oh++) {
        const h0 = oh * sH - pT;
        const h1 = Math.min(h0 + kH, H + pT);
        const r0 = Math.max(h0, 0);
        const r1 = Math.min(h1, H);
        for (let ow = 0; ow < oW; ow++, o++) {
          const a = c0[ow];
          const b = c1[ow];
          if (r1 <= r0 || b <= a) {
            od[o] = 0;
            continue;
          }
          let total = 0;
          for (let r = r0; r < r1; r++) {
            let src = plane + r * sRow + a * sCol;
            for (let col = a; col < b; col++, src += sCol) total += xd[src];
          }
          const divisor =
            divisorOverride !== null
              ? divisorOverride
              : countIncludePad
                ? (h1 - h0) * padW[ow]
                : (r1 - r0) * (b - a);
          od[o] = total / divisor;
        }
      }
    }
  }
}
