/**
 * The WebAssembly float32 convolution (one group, not a plain 1x1): the columns of several samples at a
 * time into one scratch buffer in the kernels' memory, one batched SIMD matmul for them (the weight,
 * shared by every item, is packed once), and the bias added in SIMD (`assembly/conv.ts`). Compared with
 * one im2col and one product per sample, the threads get many samples' worth of chunks per hand-off.
 * Every output element is the same sum in the same order as the per-sample product's, so results are
 * identical.
 */
import type { View, Window2d } from '@typetorch/tensor';
import { columns, imageOf, scratchOf } from '../kernels/columns.js';
import { storageOf } from '../kernels/dense.js';
import { matmul } from '../kernels/matmul.js';
import { parallelIm2col } from './conv-jobs.js';
import { wasmRuntime } from './runtime.js';

/**
 * Floats of columns per batched product: 4 MiB, a few samples of a large layer. Measured on the MNIST
 * CNN: more stops paying (the columns leave the cache before they are packed).
 */
const COLUMNS_MAX = 1 << 20;

/** The weight as a matrix, as `weightMatrix` in `columns.ts` gives it. */
interface WeightMatrix {
  data: View['storage'];
  offset: number;
  rs: number;
  cs: number;
}

/**
 * `out = conv2d(x, weight) + bias` for one group in WebAssembly, with `w` the weight as a matrix.
 * False, doing nothing, when the output is not in the kernels' memory or the columns cannot be.
 */
export function wasmConv2d(
  x: View,
  w: WeightMatrix,
  bias: View | null,
  out: View,
  window: Window2d,
): boolean {
  const rt = wasmRuntime();
  const od = storageOf(out);
  if (rt === null || x.dtype !== 'float32' || !rt.owns(od)) return false;
  const [N, C] = x.shape;
  const [, O, oH, oW] = out.shape;
  const [kH, kW] = window.kernelSize;
  const L = oH * oW;
  const K = C * kH * kW;
  const per = K * L;
  const items = Math.max(1, Math.min(N, Math.floor(COLUMNS_MAX / per)));
  const cols = scratchOf('float32', items * per);
  if (!rt.owns(cols)) return false;
  // The columns of the samples of one product are split across threads when x is in the kernels' memory.
  const inMemory = rt.owns(x.storage) && x.strides.every((stride) => stride >= 0);
  for (let n0 = 0; n0 < N; n0 += items) {
    const count = Math.min(items, N - n0);
    if (!(inMemory && parallelIm2col(rt, x, n0, count, window, { oH, oW, dst: cols, at: 0 }))) {
      for (let s = 0; s < count; s++) columns(imageOf(x, n0 + s), C, window, oH, oW, cols, s * per);
    }
    matmul(
      { storage: w.data, dtype: 'float32', shape: [count, O, K], strides: [0, w.rs, w.cs], offset: w.offset },
      { storage: cols, dtype: 'float32', shape: [count, K, L], strides: [per, L, 1], offset: 0 },
      {
        storage: od,
        dtype: 'float32',
        shape: [count, O, L],
        strides: [O * L, L, 1],
        offset: out.offset + n0 * O * L,
      },
    );
  }
  if (bias === null) return true;
  // The bias (small: usually a plain array) staged into scratch, then one SIMD pass over the output.
  rt.reset();
  const at = rt.alloc(O * 4);
  const bd = storageOf(bias);
  const f32 = rt.f32; // after the reservation, which may grow the memory
  for (let o = 0; o < O; o++) f32[(at >> 2) + o] = bd[bias.offset + o * bias.strides[0]];
  rt.kernels.addChannelBiasF32(od.byteOffset + out.offset * 4, at, 1, N * O, O, L);
  return true;
}
