/**
 * Convolution fast paths. conv2d is im2col + the register-blocked matmul over chunks of images (a
 * direct implicit-GEMM kernel remains as the fallback). im2col writes four neighbouring columns per
 * invocation; col2im is a gather with four neighbouring pixels per invocation, each summing the taps
 * that read it, so it needs no atomics.
 * Geometry (see `Window2d`) and all strides travel as metadata.
 */

import type { View, Window2d } from '@typetorch/tensor';
import { numelOf } from '@typetorch/tensor';
import { Meta } from '../runtime/layout.js';
import type { Binding, Runtime } from '../runtime/runtime.js';
import { asStorage, write } from '../runtime/storage.js';
import { binary } from './elementwise.js';
import { grid } from './grid.js';
import { matmul } from './matmul.js';

/** Window words: kH kW sH sW dH dW pT pL (8 words). */
function windowWords(w: Window2d): number[] {
  return [...w.kernelSize, ...w.stride, ...w.dilation, ...w.padding];
}

export function im2col(rt: Runtime, x: View, out: View, window: Window2d): void {
  const total = numelOf(out.shape);
  if (total === 0) return;
  const [N, C, H, W] = x.shape;
  const [, , , , oH, oW] = out.shape;
  const quads = Math.ceil(oW / 4);
  // 0 items, 1 N 2 C 3 H 4 W 5 oH 6 oW, 7..14 window, 15 xOff, 16..19 x strides, 20 outOff, 21 quads
  const meta = new Meta().push(
    (total / oW) * quads,
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
    quads,
  );
  grid(
    rt,
    'im2col',
    'im2col',
    [{ storage: asStorage(x.storage, 'im2col'), access: 'read' }, write(out, 'im2col')],
    meta.words,
    // Four neighbouring columns of one (n, c, i, j, oh) row per invocation: one index decode per four.
    ([xs, os]) => `
fn body(e: u32) {
  let oH = md[5]; let oW = md[6]; let kH = md[7]; let kW = md[8]; let quads = md[21];
  let ow0 = (e % quads) * 4u; var r = e / quads;
  let oh = r % oH; r = r / oH;
  let j = r % kW; r = r / kW;
  let i = r % kH; r = r / kH;
  let c = r % md[2]; let n = r / md[2];
  let row = i32(oh * md[9]) - s(13u) + i32(i * md[11]);
  let col0 = i32(ow0 * md[10]) - s(14u) + i32(j * md[12]);
  let inRow = row >= 0 && row < s(3u);
  let xr = s(15u) + i32(n) * s(16u) + i32(c) * s(17u) + row * s(18u);
  let ob = md[20] + ((((n * md[2] + c) * kH + i) * kW + j) * oH + oh) * oW;
  for (var t = 0u; t < 4u; t++) {
    let ow = ow0 + t;
    if (ow >= oW) { break; }
    let col = col0 + i32(t * md[10]);
    var v = 0.0;
    if (inRow && col >= 0 && col < s(4u)) { v = ${xs}[u32(xr + col * s(19u))]; }
    ${os}[ob + ow] = v;
  }
}`,
  );
}

export function col2im(rt: Runtime, cols: View, out: View, window: Window2d): void {
  const total = numelOf(out.shape);
  if (total === 0) return;
  const [N, C, kH, kW, oH, oW] = cols.shape;
  const [, , H, W] = out.shape;
  const quads = Math.ceil(W / 4);
  // 0 items, 1 N 2 C 3 H 4 W 5 oH 6 oW, 7..14 window, 15 colsOff, 16..21 cols strides, 22 outOff,
  // 23 quads
  const meta = new Meta().push(
    (total / W) * quads,
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
  meta.push(cols.offset, ...cols.strides, out.offset, quads);
  grid(
    rt,
    'col2im',
    'col2im',
    [{ storage: asStorage(cols.storage, 'col2im'), access: 'read' }, write(out, 'col2im')],
    meta.words,
    // Four neighbouring pixels of one row per invocation: they share every row test of the taps.
    ([cs, os]) => `
fn body(e: u32) {
  let H = md[3]; let W = md[4]; let oH = s(5u); let oW = s(6u); let quads = md[23];
  let w0 = (e % quads) * 4u; var r = e / quads;
  let h = i32(r % H); r = r / H;
  let c = r % md[2]; let n = r / md[2];
  let sH = s(9u); let sW = s(10u); let dH = s(11u); let dW = s(12u);
  let base = s(15u) + i32(n) * s(16u) + i32(c) * s(17u);
  var acc = vec4<f32>(0.0);
  for (var i = 0; i < s(7u); i++) {
    let th = h + s(13u) - i * dH;
    if (th < 0 || th % sH != 0 || th / sH >= oH) { continue; }
    let rowBase = base + i * s(18u) + (th / sH) * s(20u);
    for (var j = 0; j < s(8u); j++) {
      let jBase = rowBase + j * s(19u);
      let tw0 = i32(w0) + s(14u) - j * dW;
      for (var t = 0; t < 4; t++) {
        let tw = tw0 + t;
        if (tw >= 0 && tw % sW == 0 && tw / sW < oW) { acc[t] += ${cs}[u32(jBase + (tw / sW) * s(21u))]; }
      }
    }
  }
  let ob = md[22] + ((n * md[2] + c) * H + u32(h)) * W;
  for (var t = 0u; t < 4u; t++) {
    if (w0 + t < W) { ${os}[ob + w0 + t] = acc[t]; }
  }
}`,
  );
}

/** Elements of the column workspace of one im2col + matmul convolution chunk (16 MiB). */
const WORKSPACE = 1 << 22;

/** Whether `w`'s `[Cg, kH, kW]` dims are one contiguous run, so each filter is a row of a matrix. */
function filtersAreRows(w: View): boolean {
  const [, Cg, kH, kW] = w.shape;
  return (
    (kW === 1 || w.strides[3] === 1) &&
    (kH === 1 || w.strides[2] === kW) &&
    (Cg === 1 || w.strides[1] === kH * kW)
  );
}

/**
 * conv2d as im2col + the register-blocked matmul, per chunk of images whose columns fit the
 * workspace: out[n, g] = W[g] ([O/G, Cg*kH*kW]) @ cols[n, g] ([Cg*kH*kW, oH*oW]), then the bias in
 * place. The matmul takes its vec4 path when the filter length and oH*oW are multiples of 4; on
 * software drivers this is several times faster than the direct kernel, whose scalar gathers repeat
 * each input pixel's index arithmetic for every filter. The direct kernel remains for weights that are
 * not row-contiguous and for images whose columns alone exceed the workspace.
 */
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
  if (numelOf(out.shape) === 0) return;
  const C = x.shape[1];
  const [, Cg, kH, kW] = weight.shape;
  const K = Cg * kH * kW;
  const L = oH * oW;
  const perImage = C * kH * kW * L;
  const limit = Math.min(WORKSPACE, Math.floor(rt.limits.maxStorageBufferBindingSize / 4));
  if (!filtersAreRows(weight) || perImage > limit || K === 0) {
    conv2dDirect(rt, x, weight, bias, out, window, groups);
    return;
  }
  const chunk = Math.min(N, Math.floor(limit / perImage));
  const Og = O / groups;
  // The bias rides in the matmul unless it shares a buffer with an operand (bound once, maybe as vec4).
  const fuseBias = bias !== null && [x.storage, weight.storage, out.storage].every((s) => s !== bias.storage);
  const cols = rt.alloc(x.dtype, chunk * perImage);
  try {
    for (let n0 = 0; n0 < N; n0 += chunk) {
      const nc = Math.min(chunk, N - n0);
      im2col(
        rt,
        { ...x, shape: [nc, ...x.shape.slice(1)], offset: x.offset + n0 * x.strides[0] },
        {
          storage: cols,
          dtype: x.dtype,
          shape: [nc, C, kH, kW, oH, oW],
          strides: [perImage, kH * kW * L, kW * L, L, oW, 1],
          offset: 0,
        },
        window,
      );
      for (let g = 0; g < groups; g++) {
        matmul(
          rt,
          {
            ...weight,
            shape: [nc, Og, K],
            strides: [0, weight.strides[0], 1],
            offset: weight.offset + g * Og * weight.strides[0],
          },
          { storage: cols, dtype: x.dtype, shape: [nc, K, L], strides: [perImage, L, 1], offset: g * K * L },
          {
            ...out,
            shape: [nc, Og, L],
            strides: [O * L, L, 1],
            offset: out.offset + n0 * O * L + g * Og * L,
          },
          fuseBias && bias !== null
            ? { ...bias, shape: [Og], offset: bias.offset + g * Og * bias.strides[0] }
            : undefined,
        );
      }
    }
  } finally {
    rt.free(cols);
  }
  if (bias !== null && !fuseBias) {
    const b: View = { ...bias, shape: [N, O, oH, oW], strides: [0, bias.strides[0], 0, 0] };
    binary(rt, 'add', out, b, out);
  }
}

/**
 * The direct (implicit GEMM) conv2d: each invocation computes four neighbouring output columns of
 * one `(n, o, oh)` row straight from the input, with no column matrix in memory.
 */
function conv2dDirect(
  rt: Runtime,
  x: View,
  weight: View,
  bias: View | null,
  out: View,
  window: Window2d,
  groups: number,
): void {
  const [N, O, oH, oW] = out.shape;
  if (numelOf(out.shape) === 0) return;
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
