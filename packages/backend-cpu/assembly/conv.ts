// im2col and col2im for float32 (the TypeScript versions in src/kernels/conv.ts are the reference and
// document the layout). Per kernel tap, the windows whose tap lands inside the input form one range of
// output rows and one of output columns, so the inner loops need no bounds checks; with stride 1 a
// row of taps is one contiguous run, copied with `memory.copy` or added four lanes at a time.

/** First output position whose tap (`o * stride + offset`) lands at or after 0. */
function insideLo(offset: i32, stride: i32): i32 {
  return offset >= 0 ? 0 : (-offset + stride - 1) / stride;
}

/** One past the last output position whose tap lands before `size` (at least `lo`). */
function insideHi(offset: i32, stride: i32, size: i32, outSize: i32, lo: i32): i32 {
  const hi = min(outSize, size - 1 - offset < 0 ? 0 : (size - 1 - offset) / stride + 1);
  return max(hi, lo);
}

/**
 * Columns of `channels` channels of one image (element (c, row, col) at `x + 4 * (c * sC + row * sRow
 * + col * sCol)`) into `dst`, contiguous `[channels, kH, kW, oH, oW]`; taps in the padding are 0.
 */
export function im2colF32(
  x: usize,
  sC: i32,
  sRow: i32,
  sCol: i32,
  channels: i32,
  H: i32,
  W: i32,
  kH: i32,
  kW: i32,
  strideH: i32,
  strideW: i32,
  dilH: i32,
  dilW: i32,
  padT: i32,
  padL: i32,
  oH: i32,
  oW: i32,
  dst: usize,
): void {
  let q = dst;
  const rowBytes = (<usize>oW) << 2;
  for (let c = 0; c < channels; c++) {
    const plane = x + ((<usize>c * <usize>sC) << 2);
    for (let i = 0; i < kH; i++) {
      const offH = i * dilH - padT;
      const hLo = insideLo(offH, strideH);
      const hHi = insideHi(offH, strideH, H, oH, hLo);
      for (let j = 0; j < kW; j++) {
        const offW = j * dilW - padL;
        const wLo = insideLo(offW, strideW);
        const wHi = insideHi(offW, strideW, W, oW, wLo);
        const run = wHi - wLo;
        if (hLo > 0) {
          memory.fill(q, 0, <usize>hLo * rowBytes);
          q += <usize>hLo * rowBytes;
        }
        for (let oh = hLo; oh < hHi; oh++) {
          if (wLo > 0) memory.fill(q, 0, (<usize>wLo) << 2);
          const out = q + ((<usize>wLo) << 2);
          let src = plane + ((<usize>((oh * strideH + offH) * sRow + (wLo * strideW + offW) * sCol)) << 2);
          if (strideW * sCol === 1) {
            memory.copy(out, src, (<usize>run) << 2);
          } else {
            const step = (<usize>(strideW * sCol)) << 2;
            for (let t = 0; t < run; t++, src += step) store<f32>(out + ((<usize>t) << 2), load<f32>(src));
          }
          if (wHi < oW) memory.fill(out + ((<usize>run) << 2), 0, (<usize>(oW - wHi)) << 2);
          q += rowBytes;
        }
        if (hHi < oH) {
          memory.fill(q, 0, <usize>(oH - hHi) * rowBytes);
          q += <usize>(oH - hHi) * rowBytes;
        }
      }
    }
  }
}

/**
 * Adds the columns of `channels` channels of one image (element (c, i, j, oh, ow) at `cols + 4 * (c *
 * c1 + i * c2 + j * c3 + oh * c4 + ow * c5)`) into the contiguous `[channels, H, W]` image at `dst`,
 * which the caller has zeroed; taps in the padding are dropped.
 */
export function col2imF32(
  cols: usize,
  c1: i32,
  c2: i32,
  c3: i32,
  c4: i32,
  c5: i32,
  channels: i32,
  H: i32,
  W: i32,
  kH: i32,
  kW: i32,
  strideH: i32,
  strideW: i32,
  dilH: i32,
  dilW: i32,
  padT: i32,
  padL: i32,
  oH: i32,
  oW: i32,
  dst: usize,
): void {
  for (let c = 0; c < channels; c++) {
    const plane = dst + ((<usize>c * <usize>H * <usize>W) << 2);
    const colBase = cols + ((<usize>c * <usize>c1) << 2);
    for (let i = 0; i < kH; i++) {
      const offH = i * dilH - padT;
      const hLo = insideLo(offH, strideH);
      const hHi = insideHi(offH, strideH, H, oH, hLo);
      for (let j = 0; j < kW; j++) {
        const offW = j * dilW - padL;
        const wLo = insideLo(offW, strideW);
        const wHi = insideHi(offW, strideW, W, oW, wLo);
        const run = wHi - wLo;
        const tapBase = colBase + ((<usize>(i * c2 + j * c3)) << 2);
        for (let oh = hLo; oh < hHi; oh++) {
          let s = tapBase + ((<usize>(oh * c4 + wLo * c5)) << 2);
          let d = plane + ((<usize>((oh * strideH + offH) * W + wLo * strideW + offW)) << 2);
          let t = 0;
          if (c5 === 1 && strideW === 1) {
            for (; t + 4 <= run; t += 4, s += 16, d += 16)
              v128.store(d, f32x4.add(v128.load(d), v128.load(s)));
          }
          const sStep = (<usize>c5) << 2;
          const dStep = (<usize>strideW) << 2;
          for (; t < run; t++, s += sStep, d += dStep) store<f32>(d, load<f32>(d) + load<f32>(s));
        }
      }
    }
  }
}

/**
 * Adds `bias[o]` (at `bias + 4 * o * biasStride`) to each `L`-element plane `o` of `planes` planes of
 * `O` channels at `out` (a convolution's `[N, O, oH, oW]` output, contiguous).
 */
export function addChannelBiasF32(
  out: usize,
  bias: usize,
  biasStride: i32,
  planes: i32,
  O: i32,
  L: i32,
): void {
  let q = out;
  for (let p = 0; p < planes; p++) {
    const o = p % O;
    const b = load<f32>(bias + ((<usize>(o * biasStride)) << 2));
    const splat = f32x4.splat(b);
    let t = 0;
    for (; t + 4 <= L; t += 4, q += 16) v128.store(q, f32x4.add(v128.load(q), splat));
    for (; t < L; t++, q += 4) store<f32>(q, load<f32>(q) + b);
  }
}
