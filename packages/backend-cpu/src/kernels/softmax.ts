/**
 * Fused softmax / log-softmax over the last dim: one pass for the max, one for the sum of
 * exponentials, one to write, instead of the five kernels and temporaries of the composed reference.
 */

import type { View } from '@typetorch/tensor';
import { numelOf } from '@typetorch/tensor';
import { RowCursor } from '../strided.js';
import { storageOf } from './dense.js';

/**
 * `out = softmax(x)` (or `log_softmax` when `log`) along the last dim. Subtracting the row max keeps
 * `exp` from overflowing; a row containing NaN, +Infinity, or only -Infinity yields NaN, as in PyTorch.
 */
export function softmax(x: View, out: View, log: boolean): void {
  if (numelOf(x.shape) === 0) return;
  const rank = x.shape.length;
  const n = rank === 0 ? 1 : x.shape[rank - 1];
  const xs = rank === 0 ? 1 : x.strides[rank - 1];
  const os = rank === 0 ? 1 : out.strides[rank - 1];
  const lead = x.shape.slice(0, Math.max(0, rank - 1));
  const cur = new RowCursor(
    lead,
    [x.strides.slice(0, lead.length), out.strides.slice(0, lead.length)],
    [x.offset, out.offset],
  );
  const xd = storageOf(x);
  const od = storageOf(out);
  // Each row of `lead` is a run of independent softmax rows; visit them one softmax row at a time.
  const xRowStep = cur.strides[0];
  const oRowStep = cur.strides[1];
  for (let r = 0; r < cur.rows; r++, cur.next()) {
    for (
      let t = 0, xb = cur.offsets[0], ob = cur.offsets[1];
      t < cur.inner;
      t++, xb += xRowStep, ob += oRowStep
    ) {
      let max = Number.NEGATIVE_INFINITY;
      for (let j = 0, xi = xb; j < n; j++, xi += xs) {
        const v = xd[xi];
        if (v > max || v !== v) max = v;
      }
      let sum = 0;
      if (log) {
        for (let j = 0, xi = xb; j < n; j++, xi += xs) sum += Math.exp(xd[xi] - max);
        const logSum = Math.log(sum);
        for (let j = 0, xi = xb, oi = ob; j < n; j++, xi += xs, oi += os) od[oi] = xd[xi] - max - logSum;
      } else {
        // Write exp(x - max) once, then scale: avoids computing each exponential twice.
        for (let j = 0, xi = xb, oi = ob; j < n; j++, xi += xs, oi += os) {
          const e = Math.exp(xd[xi] - max);
          od[oi] = e;
          sum += e;
        }
        const inv = 1 / sum;
        for (let j = 0, oi = ob; j < n; j++, oi += os) od[oi] *= inv;
      }
    }
  }
}
