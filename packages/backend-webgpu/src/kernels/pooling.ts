/**
 * Max and average pooling, one invocation per output element walking its window's taps (see the
 * contract's `FastPaths.maxPool2d` / `avgPool2d` for the tie, NaN, padding and divisor rules).
 */

import type { View, Window2d } from '@typetorch/tensor';
import { numelOf } from '@typetorch/tensor';
import { Meta } from '../runtime/layout.js';
import type { Runtime } from '../runtime/runtime.js';
import { asStorage, write } from '../runtime/storage.js';
import { grid } from './grid.js';

/** 0 n, 1 C 2 H 3 W 4 oH 5 oW, 6..13 window (kH kW sH sW dH dW pT pL), 14 xOff, 15..18 x strides. */
function poolMeta(x: View, out: View, w: Window2d): Meta {
  const [, C, H, W] = x.shape;
  const [, , oH, oW] = out.shape;
  return new Meta()
    .push(numelOf(out.shape), C, H, W, oH, oW, ...w.kernelSize, ...w.stride, ...w.dilation, ...w.padding)
    .push(x.offset, ...x.strides);
}

const DECODE = `
  let oW = md[5]; let oH = md[4];
  let ow = i32(e % oW); var r = e / oW;
  let oh = i32(r % oH); r = r / oH;
  let c = r % md[1]; let n = r / md[1];
  let H = s(2u); let W = s(3u);
  let h0 = oh * s(8u) - s(12u);
  let w0 = ow * s(9u) - s(13u);
  let plane = s(14u) + i32(n) * s(15u) + i32(c) * s(16u);`;

export function maxPool2d(rt: Runtime, x: View, out: View, indices: View, window: Window2d): void {
  const meta = poolMeta(x, out, window).push(out.offset, indices.offset);
  grid(
    rt,
    'maxPool2d',
    'maxPool2d',
    [
      { storage: asStorage(x.storage, 'maxPool2d'), access: 'read' },
      write(out, 'maxPool2d'),
      write(indices, 'maxPool2d'),
    ],
    meta.words,
    ([xs, os, is]) => `
fn body(e: u32) {
  ${DECODE}
  var best = neg_inf();
  var at = -1;
  var found = false;
  for (var i = 0; i < s(6u); i++) {
    let row = h0 + i * s(10u);
    if (row < 0 || row >= H) { continue; }
    for (var j = 0; j < s(7u); j++) {
      let col = w0 + j * s(11u);
      if (col < 0 || col >= W) { continue; }
      let v = ${xs}[u32(plane + row * s(17u) + col * s(18u))];
      // The first tap inside counts; later ones win when greater or NaN; a NaN ends the search.
      if (!found || (!is_nan(best) && (is_nan(v) || v > best))) {
        best = v;
        at = row * W + col;
        found = true;
      }
    }
  }
  ${os}[md[19] + e] = best;
  ${is}[md[20] + e] = at;
}`,
  );
}

export function avgPool2d(
  rt: Runtime,
  x: View,
  out: View,
  window: Window2d,
  options: { readonly countIncludePad: boolean; readonly divisorOverride: number | null },
): void {
  const meta = poolMeta(x, out, window).push(out.offset);
  meta.push(options.countIncludePad ? 1 : 0, options.divisorOverride === null ? 0 : 1);
  meta.pushF32(options.divisorOverride ?? 0);
  grid(
    rt,
    'avgPool2d',
    'avgPool2d',
    [{ storage: asStorage(x.storage, 'avgPool2d'), access: 'read' }, write(out, 'avgPool2d')],
    meta.words,
    ([xs, os]) => `
fn body(e: u32) {
  ${DECODE}
  let h1 = min(h0 + s(6u), H + s(12u));
  let w1 = min(w0 + s(7u), W + s(13u));
  let r0 = max(h0, 0); let r1 = min(h1, H);
  let c0 = max(w0, 0); let c1 = min(w1, W);
  var v = 0.0;
  if (r1 > r0 && c1 > c0) {
    var total = 0.0;
    for (var row = r0; row < r1; row++) {
      for (var col = c0; col < c1; col++) { total += ${xs}[u32(plane + row * s(17u) + col * s(18u))]; }
    }
    var divisor = f32((r1 - r0) * (c1 - c0));
    if (md[20] != 0u) { divisor = f32((h1 - h0) * (w1 - w0)); }
    if (md[21] != 0u) { divisor = f(22u); }
    v = total / divisor;
  }
  ${os}[md[19] + e] = v;
}`,
  );
}
