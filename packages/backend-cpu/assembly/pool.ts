// Max pooling with indices for float32 (the TypeScript kernel in src/kernels/pooling.ts is the reference
// and states the rules). Per window, the first tap inside the input always counts; a later tap wins
// when strictly greater or NaN, and a NaN, once taken, stays. The 2x2, stride-2 windows of a CNN run
// four output columns at a time: the even and odd input columns of a row are split into two vectors,
// and the four taps are compared in the reference's order with the same rule, lane by lane.

/** First tap `t` of a window starting at `start` whose position `start + t * dil` is at or after 0. */
function tapLo(start: i32, dil: i32): i32 {
  return start >= 0 ? 0 : (-start + dil - 1) / dil;
}

/** One past the last tap of a window starting at `start` whose position is before `size` (at least `lo`). */
function tapHi(start: i32, k: i32, dil: i32, size: i32, lo: i32): i32 {
  const hi = size - 1 - start < 0 ? 0 : min(k, (size - 1 - start) / dil + 1);
  return max(hi, lo);
}

// Window geometry of the current call, as WebAssembly globals (every instance, so every thread, has its
// own): input and output sizes, kernel, stride, dilation, padding, row and column strides.
let gH = 0;
let gW = 0;
let gOH = 0;
let gOW = 0;
let gKH = 0;
let gKW = 0;
let gSH = 0;
let gSW = 0;
let gDH = 0;
let gDW = 0;
let gPT = 0;
let gPL = 0;
let gRow = 0;
let gCol = 0;

/** One window of the plane at `plane` (output (oh, ow)): writes its maximum and flat index. */
function maxWindow(plane: usize, oh: i32, ow: i32, out: usize, idx: usize): void {
  const h0 = oh * gSH - gPT;
  const w0 = ow * gSW - gPL;
  const iLo = tapLo(h0, gDH);
  const iHi = tapHi(h0, gKH, gDH, gH, iLo);
  const jLo = tapLo(w0, gDW);
  const jHi = tapHi(w0, gKW, gDW, gW, jLo);
  let best = -Infinity as f32;
  let where = -1;
  if (iHi > iLo && jHi > jLo) {
    let row = h0 + iLo * gDH;
    const col0 = w0 + jLo * gDW;
    best = load<f32>(plane + ((<usize>(row * gRow + col0 * gCol)) << 2));
    let bestRow = row;
    let bestCol = col0;
    let done = false;
    for (let i = iLo; i < iHi && !done; i++, row += gDH) {
      for (let j = jLo, col = col0; j < jHi; j++, col += gDW) {
        const v = load<f32>(plane + ((<usize>(row * gRow + col * gCol)) << 2));
        if (!(v <= best)) {
          if (best !== best) {
            done = true;
            break;
          }
          best = v;
          bestRow = row;
          bestCol = col;
          if (v !== v) {
            done = true;
            break;
          }
        }
      }
    }
    where = bestRow * gW + bestCol;
  }
  store<f32>(out, best);
  store<i32>(idx, where);
}

/** Keeps `best`/`at` unless tap `v` (at `vAt`) wins: strictly greater or NaN, while `best` is not NaN. */
function takeIfWins(best: v128, at: v128, v: v128, vAt: v128, out: usize, outAt: usize): void {
  const wins = v128.and(v128.not(f32x4.le(v, best)), f32x4.eq(best, best));
  v128.store(out, v128.bitselect(v, best, wins));
  v128.store(outAt, v128.bitselect(vAt, at, wins));
}

/** Four 2x2 stride-2 windows starting at output column `ow` of output row `oh`, all inside the input. */
function maxQuad(plane: usize, oh: i32, ow: i32, out: usize, idx: usize): void {
  const r0 = plane + ((<usize>(2 * oh * gRow + 2 * ow)) << 2);
  const r1 = r0 + ((<usize>gRow) << 2);
  const a0 = v128.load(r0);
  const a1 = v128.load(r0, 16);
  const b0 = v128.load(r1);
  const b1 = v128.load(r1, 16);
  const even0 = v128.shuffle<f32>(a0, a1, 0, 2, 4, 6);
  const odd0 = v128.shuffle<f32>(a0, a1, 1, 3, 5, 7);
  const even1 = v128.shuffle<f32>(b0, b1, 0, 2, 4, 6);
  const odd1 = v128.shuffle<f32>(b0, b1, 1, 3, 5, 7);
  // Flat indices of the four taps, lane l for output column ow + l.
  const at00 = i32x4.add(i32x4.splat(2 * oh * gW + 2 * ow), i32x4(0, 2, 4, 6));
  const one = i32x4.splat(1);
  const down = i32x4.splat(gW);
  const at01 = i32x4.add(at00, one);
  const at10 = i32x4.add(at00, down);
  const at11 = i32x4.add(at10, one);
  v128.store(out, even0);
  v128.store(idx, at00);
  takeIfWins(v128.load(out), v128.load(idx), odd0, at01, out, idx);
  takeIfWins(v128.load(out), v128.load(idx), even1, at10, out, idx);
  takeIfWins(v128.load(out), v128.load(idx), odd1, at11, out, idx);
}

/** Pools planes `[first, end)` (plane p = (n, c) at `x + 4 * (n * sN + c * sC)`), outputs from plane 0's at `out`, `idx`. */
function poolPlanes(x: usize, sN: i32, sC: i32, C: i32, first: i32, end: i32, out: usize, idx: usize): void {
  // The vector path: 2x2 windows, stride 2, no dilation or padding, unit column stride; its rows and
  // columns are those whose windows lie inside the input (ceil mode's last window may not).
  const quad =
    gKH === 2 && gKW === 2 && gSH === 2 && gSW === 2 && gDH === 1 && gDW === 1 && gPT === 0 && gPL === 0;
  const vRows = quad && gCol === 1 ? min(gOH, gH / 2) : 0;
  const vCols = quad && gCol === 1 ? (min(gOW, gW / 2) / 4) * 4 : 0;
  const planeBytes = (<usize>(gOH * gOW)) << 2;
  let o = out + <usize>first * planeBytes;
  let q = idx + <usize>first * planeBytes;
  for (let p = first; p < end; p++) {
    const n = p / C;
    const plane = x + ((<usize>(n * sN + (p - n * C) * sC)) << 2);
    for (let oh = 0; oh < gOH; oh++) {
      let ow = 0;
      if (oh < vRows) {
        for (; ow < vCols; ow += 4, o += 16, q += 16) maxQuad(plane, oh, ow, o, q);
      }
      for (; ow < gOW; ow++, o += 4, q += 4) maxWindow(plane, oh, ow, o, q);
    }
  }
}

/**
 * Max pooling of `planes` planes (plane p = (n, c) at `x + 4 * (n * sN + c * sC)`, `C` per sample)
 * into the contiguous `[planes, oH, oW]` values at `out` and int32 flat indices at `idx`: planes
 * `[first, end)` of them (a chunk of a job, or all).
 */
export function maxPool2dF32(
  x: usize,
  sN: i32,
  sC: i32,
  sRow: i32,
  sCol: i32,
  C: i32,
  H: i32,
  W: i32,
  oH: i32,
  oW: i32,
  kH: i32,
  kW: i32,
  sH: i32,
  sW: i32,
  dH: i32,
  dW: i32,
  pT: i32,
  pL: i32,
  out: usize,
  idx: usize,
  first: i32,
  end: i32,
): void {
  gH = H;
  gW = W;
  gOH = oH;
  gOW = oW;
  gKH = kH;
  gKW = kW;
  gSH = sH;
  gSW = sW;
  gDH = dH;
  gDW = dW;
  gPT = pT;
  gPL = pL;
  gRow = sRow;
  gCol = sCol;
  poolPlanes(x, sN, sC, C, first, end, out, idx);
}
