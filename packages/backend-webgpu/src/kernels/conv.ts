/**
 * Convolution fast paths. conv2d is an implicit GEMM: each invocation computes four neighbouring
 * output columns of one `(n, o, oh)` row straight from the input (no column matrix in memory), so
 * each weight tap is loaded once per four outputs. im2col and col2im are gathers with one invocation
 * per element written: col2im sums, per pixel, the taps that read it, so it needs no atomics.
 * Geometry (see `Window2d`) and all strides travel as metadata.
 */
import type { View, Window2d } from '@typetorch/tensor';
import { Meta, numel } from '../runtime/layout.js';
import type { Binding, Runtime } from '../runtime/runtime.js';
import { asStorage, write } from '../runtime/storage.js';
import { grid } from './grid.js';

/** Window words: kH kW sH sW dH dW pT pL (8 words). */
function windowWords(w: Window2d): number[] {
  return [...w.kernelSize, ...w.stride, ...w.dilation, ...w.padding];
}

export function im2col(rt: Runtime, x: View, out: View, window: Window2d): void {
  const total = numel(out.shape);
  if (total === 0) return;
  const [N, C, H, W] = x.shape;
  const [, , , , oH, oW] = out.shape;
  // 0 n, 1 N 2 C 3 H 4 W 5 oH 6 oW, 7..14 window, 15 xOff, 16..19 x strides, 20 outOff
  const meta = new Meta().push(
    total,
    N,
    C,
    H,
    W,
    oH,
    oW,
    ...windowWords(window),
    x.offset,
    ...x.strides,
    out.offset,
  );
  grid(
    rt,
    'im2col',
    'im2col',
    [{ storage: asStorage(x.storage, 'im2col'), access: 'read' }, write(out, 'im2col')],
    meta.words,
    ([xs, os]) => `
fn body(e: u32) {
  let oH = md[5]; let oW = md[6]; let kH = md[7]; let kW = md[8];
  let ow = e % oW; var r = e / oW;
  let oh = r % oH; r = r / oH;
  let j = r % kW; r = r / kW;
  let i = r % kH; r = r / kH;
  let c = r % md[2]; let n = r / md[2];
  let row = i32(oh * md[9]) - s(13u) + i32(i * md[11]);
  let col = i32(ow * md[10]) - s(14u) + i32(j * md[12]);
  var v = 0.0;
  if (row >= 0 && row < s(3u) && col >= 0 && col < s(4u)) {
    v = ${xs}[u32(s(15u) + i32(n) * s(16u) + i32(c) * s(17u) + row * s(18u) + col * s(19u))];
  }
  ${os}[md[20] + e] = v;
}`,
  );
}

export function col2im(rt: Runtime, cols: View, out: View, window: Window2d): void {
  const total = numel(out.shape);
  if (total === 0) return;
  const [N, C, kH, kW, oH, oW] = cols.shape;
  const [, , H, W] = out.shape;
  // 0 n, 1 N 2 C 3 H 4 W 5 oH 6 oW, 7..14 window, 15 colsOff, 16..21 cols strides, 22 outOff
  const meta = new Meta().push(
    total,
    N,
    C,
    H,
    W,
    oH,
    oW,
    kH,
    kW,
    ...window.stride,
    ...window.dilation,
    ...window.padding,
  );
  meta.push(cols.offset, ...cols.strides, out.offset);
  grid(
    rt,
    'col2im',
    'col2im',
    [{ storage: asStorage(cols.storage, 'col2im'), access: 'read' }, write(out, 'col2im')],
    meta.words,
    ([cs, os]) => `
fn body(e: u32) {
  let H = md[3]; let W = md[4]; let oH = s(5u); let oW = s(6u);
  let w = i32(e % W); var r = e / W;
  let h = i32(r % H); r = r / H;
  let c = r % md[2]; let n = r / md[2];
  let sH = s(9u); let sW = s(10u); let dH = s(11u); let dW = s(12u);
  let base = s(15u) + i32(n) * s(16u) + i32(c) * s(17u);
  var acc = 0.0;
  for (var i = 0; i < s(7u); i++) {
    let th = h + s(13u) - i * dH;
    if (th < 0 || th % sH != 0 || th / sH >= oH) { continue; }
    for (var j = 0; j < s(8u); j++) {
      let tw = w + s(14u) - j * dW;
      if (tw < 0 || tw % sW != 0 || tw / sW >= oW) { continue; }
      acc += ${cs}[u32(base + i * s(18u) + j * s(19u) + (th / sH) * s(20u) + (tw / sW) * s(21u))];
    }
  }
  ${os}[md[22] + e] = acc;
}`,
  );
}

export function conv2d(
  rt: Runtime,
  x: View,
  weight: View,
  bias: View | null,
  out: View,
  window: Window2d,
  groups: number,
): void {
  const [N, O, oH, oW] = out.shape;
  if (numel(out.shape) === 0) return;
  const [, , H, W] = x.shape;
  const [, Cg, kH, kW] = weight.shape;
  const quads = Math.ceil(oW / 4);
  const items = N * O * oH * quads;
  // 0 items, 1 N 2 O 3 oH 4 oW 5 quads 6 H 7 W 8 Cg 9 Og, 10..17 window, 18 xOff 19..22 x strides,
  // 23 wOff 24..27 w strides, 28 bOff 29 b stride, 30 outOff
  const meta = new Meta().push(items, N, O, oH, oW, quads, H, W, Cg, O / groups, kH, kW);
  meta.push(...window.stride, ...window.dilation, ...window.padding);
  meta.push(x.offset, ...x.strides, weight.offset, ...weight.strides);
  meta.push(bias?.offset ?? 0, bias?.strides[0] ?? 0, out.offset);
  const bindings: Binding[] = [
    { storage: asStorage(x.storage, 'conv2d'), access: 'read' },
    { storage: asStorage(weight.storage, 'conv2d'), access: 'read' },
    write(out, 'conv2d'),
  ];
  if (bias !== null) bindings.push({ storage: asStorage(bias.storage, 'conv2d'), access: 'read' });
  grid(
    rt,
    'conv2d',
    `conv2d:${bias !== null}`,
    bindings,
    meta.words,
    ([xs, ws, os, bs]) => `
fn body(e: u32) {
  let oW = s(4u); let quads = md[5];
  let q = e % quads; var r = e / quads;
  let oh = i32(r % md[3]); r = r / md[3];
  let o = r % md[2]; let n = r / md[2];
  let H = s(6u); let W = s(7u); let Cg = md[8];
  let g = o / md[9];
  let sH = s(12u); let sW = s(13u); let dH = s(14u); let dW = s(15u);
  let ow0 = i32(q) * 4;
  let xn = s(18u) + i32(n) * s(19u) + i32(g * Cg) * s(20u);
  let wo = s(23u) + i32(o) * s(24u);
  var acc = vec4<f32>(0.0);
  for (var c = 0u; c < Cg; c++) {
    let xc = xn + i32(c) * s(20u);
    let wc = wo + i32(c) * s(25u);
    for (var i = 0; i < s(10u); i++) {
      let row = oh * sH - s(16u) + i * dH;
      if (row < 0 || row >= H) { continue; }
      let xr = xc + row * s(21u);
      for (var j = 0; j < s(11u); j++) {
        let wv = ${ws}[u32(wc + i * s(26u) + j * s(27u))];
        let col0 = ow0 * sW - s(17u) + j * dW;
        var xv = vec4<f32>(0.0);
        for (var t = 0; t < 4; t++) {
          let col = col0 + t * sW;
          if (col >= 0 && col < W && ow0 + t < oW) { xv[t] = ${xs}[u32(xr + col * s(22u))]; }
        }
        acc += wv * xv;
      }
    }
  }
  ${bs === undefined ? '' : `acc += vec4<f32>(${bs}[u32(s(28u) + i32(o) * s(29u))]);`}
  let ob = md[30] + ((n * md[2] + o) * md[3] + u32(oh)) * u32(oW);
  for (var t = 0; t < 4; t++) {
    if (ow0 + t < oW) { ${os}[ob + u32(ow0 + t)] = acc[t]; }
  }
}`,
  );
}
