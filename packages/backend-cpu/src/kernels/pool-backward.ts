/**
 * Max pooling's input gradient (`FastPaths.maxPool2dBackward`): one pass that zeroes each plane and
 * adds the output gradient at the saved indices, instead of the reference composition's zero fill,
 * generic `scatter` walk and host-side range check of every index.
 */
import type { View } from '@typetorch/tensor';
import { wasmMaxPool2dBackward } from '../wasm/pool-backward.js';
import { storageOf } from './dense.js';

/**
 * `FastPaths.maxPool2dBackward`: per plane, zero, then `out[index] += grad` in ascending output
 * position (the scatter's order, so the same bits); indices outside the plane (-1) add nothing. float32
 * storages in the WebAssembly kernels' memory run the same loop there (`assembly/pool-backward.ts`).
 */
export function maxPool2dBackward(grad: View, indices: View, out: View): void {
  if (wasmMaxPool2dBackward(grad, indices, out)) return;
  const [N, C, oH, oW] = grad.shape;
  const [, , H, W] = out.shape;
  const [sN, sC, sRow, sCol] = grad.strides;
  const gd = storageOf(grad);
  const id = storageOf(indices);
  const od = storageOf(out);
  const plane = H * W;
  od.fill(0, out.offset, out.offset + N * C * plane);
  let i = indices.offset;
  for (let n = 0; n < N; n++) {
    for (let c = 0; c < C; c++) {
      const base = out.offset + (n * C + c) * plane;
      const g0 = grad.offset + n * sN + c * sC;
      for (let oh = 0; oh < oH; oh++) {
        for (let ow = 0, g = g0 + oh * sRow; ow < oW; ow++, i++, g += sCol) {
          const q = id[i];
          // One unsigned comparison rejects -1 (and anything else outside the plane).
          if (q >>> 0 < plane) od[base + q] += gd[g];
        }
      }
    }
  }
}
