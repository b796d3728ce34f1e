/**
 * `FastPaths.sort`: a stable sort of each row (the last dim) of a contiguous input, by sorting the
 * row's indices with a comparator on the values: ascending or descending, NaN as the largest value
 * (last ascending, first descending), -0 equal to 0, ties by index. The order is the reference
 * composition's (tensor's `sortComposite`), so both give the same permutation.
 */
import type { View } from '@typetorch/tensor';
import { numelOf } from '@typetorch/tensor';
import { storageOf } from './dense.js';

export function sort(x: View, values: View, indices: View, descending: boolean): void {
  const total = numelOf(x.shape);
  if (total === 0) return;
  const n = x.shape.length === 0 ? 1 : x.shape[x.shape.length - 1];
  const xd = storageOf(x);
  const vd = storageOf(values);
  const id = storageOf(indices);
  const order = new Uint32Array(n);
  const sign = descending ? -1 : 1;
  let base = 0;
  const compare = (a: number, b: number): number => {
    const va = xd[base + a];
    const vb = xd[base + b];
    if (va < vb) return -sign;
    if (va > vb) return sign;
    const na = va !== va;
    const nb = vb !== vb;
    // NaN is the largest value; equal values (and two NaNs) keep their index order.
    if (na !== nb) return na ? sign : -sign;
    return a - b;
  };
  for (let r = 0; r < total / n; r++) {
    base = x.offset + r * n;
    for (let i = 0; i < n; i++) order[i] = i;
    order.sort(compare);
    const vo = values.offset + r * n;
    const io = indices.offset + r * n;
    for (let i = 0; i < n; i++) {
      vd[vo + i] = xd[base + order[i]];
      id[io + i] = order[i];
    }
  }
}
