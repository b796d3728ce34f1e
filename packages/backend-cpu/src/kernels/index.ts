/**
 * Indexing kernels along one dim: gather (torch.gather) and scatter / scatter-add (torch.scatter_,
 * torch.scatter_add_). Both iterate over the shape of `index`; the indexed operand's stride along
 * `dim` is applied per element from the index value, while every other dim advances by rows.
 */

import type { View } from '@typetorch/tensor';
import { numelOf } from '@typetorch/tensor';
import { RowCursor } from '../strided.js';
import { storageOf } from './dense.js';

/** `out[...i, j, k...] = x[...i, index[...i, j, k...], k...]` along `dim`. */
export function gather(x: View, dim: number, index: View, out: View): void {
  if (numelOf(index.shape) === 0) return;
  const xs = storageOf(x);
  const is = storageOf(index);
  const os = storageOf(out);
  const xDimStride = x.strides[dim];
  // With x's stride along `dim` zeroed, the cursor yields the offset of x[...i, 0, k...].
  const xStrides = withZero(x.strides, dim);
  const cur = new RowCursor(
    index.shape,
    [xStrides, index.strides, out.strides],
    [x.offset, index.offset, out.offset],
  );
  const [xStride, iStride, oStride] = cur.strides;
  const inner = cur.inner;
  for (let r = 0; r < cur.rows; r++, cur.next()) {
    let xi = cur.offsets[0];
    let ii = cur.offsets[1];
    let oi = cur.offsets[2];
    for (let t = 0; t < inner; t++, xi += xStride, ii += iStride, oi += oStride) {
      os[oi] = xs[xi + is[ii] * xDimStride];
    }
  }
}

/**
 * In place on `out`: `out[...i, index[...], k...] = src[...]` (`'none'`) or `+=` (`'add'`),
 * for every position of `index`. Later positions win on duplicate indices with `'none'`.
 */
export function scatter(out: View, dim: number, index: View, src: View, reduce: 'none' | 'add'): void {
  if (numelOf(index.shape) === 0) return;
  const os = storageOf(out);
  const is = storageOf(index);
  const ss = storageOf(src);
  const oDimStride = out.strides[dim];
  const oStrides = withZero(out.strides, dim);
  const cur = new RowCursor(
    index.shape,
    [oStrides, index.strides, src.strides],
    [out.offset, index.offset, src.offset],
  );
  const [oStride, iStride, sStride] = cur.strides;
  const inner = cur.inner;
  const add = reduce === 'add';
  for (let r = 0; r < cur.rows; r++, cur.next()) {
    let oi = cur.offsets[0];
    let ii = cur.offsets[1];
    let si = cur.offsets[2];
    if (add) {
      for (let t = 0; t < inner; t++, oi += oStride, ii += iStride, si += sStride) {
        os[oi + is[ii] * oDimStride] += ss[si];
      }
    } else {
      for (let t = 0; t < inner; t++, oi += oStride, ii += iStride, si += sStride) {
        os[oi + is[ii] * oDimStride] = ss[si];
      }
    }
  }
}

function withZero(strides: readonly number[], dim: number): number[] {
  const copy = strides.slice();
  copy[dim] = 0;
  return copy;
}
