/**
 * `FastPaths.sort`: a bitonic sort of each row (the last dim) of a contiguous input, keys and their
 * indices compared in a total order (ascending or descending, NaN as the largest value, -0 equal to
 * 0, ties by index: a stable sort, the reference composition's order). Rows are padded to a power of
 * two P with index -1, which sorts after every element.
 *
 * - P up to {@link LOCAL_MAX} (as many 4-byte keys and indices as the 16 KiB of workgroup memory
 *   every adapter offers hold): one dispatch, a workgroup per row, the whole network in workgroup
 *   memory (one shader per P, so short rows use little of it).
 * - Longer rows: the keys and indices go to scratch buffers and each of the network's
 *   k (k + 1) / 2 (P = 2^k) compare-exchange steps is one dispatch over all pairs. The scratch
 *   buffers (rows x P elements each) must fit the adapter's buffer limit.
 * Keys are f32, i32 or (bool) u32; float16 is sorted through a float32 copy by the backend.
 */
import type { View } from '@typetorch/tensor';
import { numelOf } from '@typetorch/tensor';
import { Meta } from '../runtime/layout.js';
import { type Binding, type Runtime, wgslType } from '../runtime/runtime.js';
import { asStorage, write } from '../runtime/storage.js';
import { PRELUDE } from '../wgsl/prelude.js';
import { grid } from './grid.js';

/** The longest padded row sorted in workgroup memory: 2048 keys and 2048 indices of 4 bytes. */
export const LOCAL_MAX = 2048;

/** WGSL of `key_lt(a, b)` (a orders strictly before b by value) and `before` (the total order). */
function order(type: string, descending: boolean): string {
  const floatLt = descending
    ? 'if (an || bn) { return an && !bn; } return a > b;'
    : 'if (an || bn) { return !an && bn; } return a < b;';
  const lt =
    type === 'f32'
      ? `let an = is_nan(a); let bn = is_nan(b); ${floatLt}`
      : `return a ${descending ? '>' : '<'} b;`;
  return `
fn key_lt(a: ${type}, b: ${type}) -> bool { ${lt} }
fn before(ka: ${type}, ia: i32, kb: ${type}, ib: i32) -> bool {
  if (ia < 0) { return false; }
  if (ib < 0) { return true; }
  if (key_lt(ka, kb)) { return true; }
  if (key_lt(kb, ka)) { return false; }
  return ia < ib;
}`;
}

/** The compare-exchange of pair `t` at step (k, j): positions `i` and `i + j` of the row at `base`. */
function exchange(keys: string, idx: string, base: string): string {
  return `
    let i = 2u * t - (t & (j - 1u));
    let l = i + j;
    let ki = ${keys}[${base} + i]; let ii = ${idx}[${base} + i];
    let kl = ${keys}[${base} + l]; let il = ${idx}[${base} + l];
    // An ascending block ((i & k) == 0) puts the element that comes first at i.
    if (select(before(ki, ii, kl, il), before(kl, il, ki, ii), (i & k) == 0u)) {
      ${keys}[${base} + i] = kl; ${idx}[${base} + i] = il;
      ${keys}[${base} + l] = ki; ${idx}[${base} + l] = ii;
    }`;
}

export function sort(rt: Runtime, x: View, values: View, indices: View, descending: boolean): void {
  const total = numelOf(x.shape);
  if (total === 0) return;
  const n = x.shape.length === 0 ? 1 : x.shape[x.shape.length - 1];
  const rows = total / n;
  let p = 2;
  while (p < n) p *= 2;
  if (p <= LOCAL_MAX) localSort(rt, x, values, indices, descending, rows, n, p);
  else globalSort(rt, x, values, indices, descending, rows, n, p);
}

function localSort(
  rt: Runtime,
  x: View,
  values: View,
  indices: View,
  descending: boolean,
  rows: number,
  n: number,
  p: number,
): void {
  const type = wgslType(x.dtype);
  rt.dispatch({
    op: 'sort',
    key: `sort:local:${type}:${descending}:${p}`,
    bindings: [
      { storage: asStorage(x.storage, 'sort'), access: 'read' },
      write(values, 'sort'),
      write(indices, 'sort'),
    ],
    meta: new Meta().push(rows, n, x.offset, values.offset, indices.offset).words,
    groups: Math.min(rows, rt.maxGroups),
    source: ([xs, vs, is]) => `${PRELUDE}
const CAP: u32 = ${p}u;
var<workgroup> wk: array<${type}, CAP>;
var<workgroup> wi: array<i32, CAP>;
${order(type, descending)}
@compute @workgroup_size(WG)
fn main(@builtin(workgroup_id) wid: vec3u, @builtin(num_workgroups) nwg: vec3u, @builtin(local_invocation_index) lid: u32) {
  let rows = md[0];
  let n = md[1];
  for (var r = wid.x; r < rows; r += nwg.x) {
    for (var i = lid; i < CAP; i += WG) {
      if (i < n) { wk[i] = ${xs}[md[2] + r * n + i]; wi[i] = i32(i); } else { wi[i] = -1; }
    }
    workgroupBarrier();
    for (var k = 2u; k <= CAP; k <<= 1u) {
      for (var j = k >> 1u; j > 0u; j >>= 1u) {
        for (var t = lid; t < CAP / 2u; t += WG) {${exchange('wk', 'wi', '0u')}
        }
        workgroupBarrier();
      }
    }
    for (var i = lid; i < n; i += WG) {
      ${vs}[md[3] + r * n + i] = wk[i];
      ${is}[md[4] + r * n + i] = wi[i];
    }
    workgroupBarrier();
  }
}`,
  });
}

function globalSort(
  rt: Runtime,
  x: View,
  values: View,
  indices: View,
  descending: boolean,
  rows: number,
  n: number,
  p: number,
): void {
  const type = wgslType(x.dtype);
  const keys = rt.alloc(x.dtype, rows * p);
  const idx = rt.alloc('int32', rows * p);
  const scratch: Binding[] = [
    { storage: keys, access: 'write', overwrites: true },
    { storage: idx, access: 'write', overwrites: true },
  ];
  try {
    grid(
      rt,
      'sort',
      `sort:load:${type}`,
      [{ storage: asStorage(x.storage, 'sort'), access: 'read' }, ...scratch],
      [rows * p, n, p, x.offset],
      ([xs, ks, is]) => `
fn body(e: u32) {
  let r = e / md[2];
  let i = e % md[2];
  if (i < md[1]) { ${ks}[e] = ${xs}[md[3] + r * md[1] + i]; ${is}[e] = i32(i); } else { ${is}[e] = -1; }
}`,
    );
    for (let k = 2; k <= p; k *= 2) {
      for (let j = k / 2; j >= 1; j /= 2) {
        grid(
          rt,
          'sort',
          `sort:step:${type}:${descending}`,
          scratch,
          [(rows * p) / 2, p / 2, k, j],
          ([ks, is]) => `
${order(type, descending)}
fn body(e: u32) {
  let half = md[1];
  let k = md[2];
  let j = md[3];
  let t = e % half;
  let base = (e / half) * half * 2u;${exchange(ks, is, 'base')}
}`,
        );
      }
    }
    grid(
      rt,
      'sort',
      'sort:store',
      [
        ...scratch.map((b) => ({ ...b, access: 'read' as const })),
        write(values, 'sort'),
        write(indices, 'sort'),
      ],
      [rows * n, n, p, values.offset, indices.offset],
      ([ks, is, vs, os]) => `
fn body(e: u32) {
  let src = (e / md[1]) * md[2] + e % md[1];
  ${vs}[md[3] + e] = ${ks}[src];
  ${os}[md[4] + e] = ${is}[src];
}`,
    );
  } finally {
    rt.free(keys);
    rt.free(idx);
  }
}
