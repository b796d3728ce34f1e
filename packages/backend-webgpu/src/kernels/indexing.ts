/**
 * gather and scatter / scatter-add along one dim, one invocation per element of `index`. The indexed
 * operand's stride along `dim` is applied from the index value; the other dims are collapsed like any
 * strided walk. The tensor package cannot range-check indices on an asynchronous device, so the
 * kernels do: gather writes 0 for an index outside `[0, size)`, scatter skips it (the device analogue
 * of CUDA's device-side assert, without stopping the stream).
 *
 * scatter-add on float32 uses a compare-and-swap loop on the bits (WGSL has no float atomics), so
 * duplicate indices add in an unspecified order, as on CUDA; on float16 the loop swaps the u32 word
 * that holds the half (two halves share a word) and rounds each sum to half.
 */

import type { View } from '@typetorch/tensor';
import { numelOf } from '@typetorch/tensor';
import { checkRank, collapse, Meta } from '../runtime/layout.js';
import { type Runtime, wgslType } from '../runtime/runtime.js';
import { asStorage } from '../runtime/storage.js';
import { grid } from './grid.js';

function withZero(strides: readonly number[], dim: number): number[] {
  const s = strides.slice();
  s[dim] = 0;
  return s;
}

/** meta: n, rank, shape, then per operand offset + strides, then the indexed dim's stride and size. */
function walk(
  op: string,
  index: View,
  operands: readonly View[],
  zeroed: number,
  dim: number,
): { meta: number[]; at: (k: number) => string } {
  const strides = operands.map((v, k) => (k === zeroed ? withZero(v.strides, dim) : v.strides));
  const c = collapse(index.shape, strides);
  checkRank(op, c.shape);
  const meta = new Meta().push(numelOf(index.shape), c.shape.length, ...c.shape);
  operands.forEach((v, k) => {
    meta.push(v.offset, ...c.strides[k]);
  });
  const target = operands[zeroed];
  meta.push(target.strides[dim], target.shape[dim]);
  const at = (k: number) =>
    `(s(2u + rank + ${k}u * (rank + 1u)) + strided(2u, rank, 3u + rank + ${k}u * (rank + 1u), i))`;
  return { meta: meta.words, at };
}

export function gather(rt: Runtime, x: View, dim: number, index: View, out: View): void {
  if (numelOf(index.shape) === 0) return;
  const { meta, at } = walk('gather', index, [index, out, x], 2, dim);
  const t = wgslType(out.dtype);
  grid(
    rt,
    'gather',
    'gather',
    [
      { storage: asStorage(index.storage, 'gather'), access: 'read' },
      { storage: asStorage(out.storage, 'gather'), access: 'write' },
      { storage: asStorage(x.storage, 'gather'), access: 'read' },
    ],
    meta,
    ([is, os, xs]) => `
fn body(i: u32) {
  let rank = md[1];
  let extra = 2u + rank + 3u * (rank + 1u);
  let j = ${is}[u32(${at(0)})];
  var v = ${t}(0);
  if (j >= 0 && j < s(extra + 1u)) { v = ${xs}[u32(${at(2)} + j * s(extra))]; }
  ${os}[u32(${at(1)})] = v;
}`,
  );
}

export function scatter(
  rt: Runtime,
  out: View,
  dim: number,
  index: View,
  src: View,
  reduce: 'none' | 'add',
): void {
  if (numelOf(index.shape) === 0) return;
  const { meta, at } = walk('scatter', index, [index, src, out], 2, dim);
  const t = wgslType(out.dtype);
  const add = reduce === 'add';
  const update = !add
    ? (o: string, target: string) => `${o}[${target}] = v;`
    : t === 'f16'
      ? (o: string, target: string) => `let word = ${target} >> 1u;
    let shift = (${target} & 1u) * 16u;
    var old = atomicLoad(&${o}[word]);
    loop {
      let sum = f32(bitcast<vec2<f16>>(old)[${target} & 1u]) + f32(v);
      let next = (old & ~(0xffffu << shift)) | (half_bits(sum) << shift);
      let r = atomicCompareExchangeWeak(&${o}[word], old, next);
      if (r.exchanged) { break; }
      old = r.old_value;
    }`
      : t === 'f32'
        ? (o: string, target: string) => `var old = atomicLoad(&${o}[${target}]);
    loop {
      let r = atomicCompareExchangeWeak(&${o}[${target}], old, bitcast<u32>(bitcast<f32>(old) + v));
      if (r.exchanged) { break; }
      old = r.old_value;
    }`
        : t === 'i32'
          ? (o: string, target: string) => `atomicAdd(&${o}[${target}], v);`
          : (o: string, target: string) => `atomicOr(&${o}[${target}], v);`;
  grid(
    rt,
    add ? 'scatterAdd' : 'scatter',
    `scatter:${reduce}`,
    [
      { storage: asStorage(index.storage, 'scatter'), access: 'read' },
      { storage: asStorage(src.storage, 'scatter'), access: 'read' },
      { storage: asStorage(out.storage, 'scatter'), access: add ? 'atomic' : 'write' },
    ],
    meta,
    ([is, ss, os]) => `
fn body(i: u32) {
  let rank = md[1];
  let extra = 2u + rank + 3u * (rank + 1u);
  let j = ${is}[u32(${at(0)})];
  if (j < 0 || j >= s(extra + 1u)) { return; }
  let v = ${ss}[u32(${at(1)})];
  let dst = u32(${at(2)} + j * s(extra));
  ${update(os, 'dst')}
}`,
  );
}
