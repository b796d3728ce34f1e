/**
 * Fused softmax / log-softmax over the last dim of a contiguous input: the row max, the sum of
 * exponentials and the output in one dispatch. Long rows take a workgroup each (tree reductions in
 * workgroup memory); short rows take one invocation each.
 */

import type { View } from '@typetorch/tensor';
import { numelOf } from '@typetorch/tensor';
import { Meta } from '../runtime/layout.js';
import type { Runtime } from '../runtime/runtime.js';
import { asStorage, write } from '../runtime/storage.js';
import { MATH } from '../wgsl/math.js';
import { GRID_LOOP, PRELUDE } from '../wgsl/prelude.js';
import { workgroupReduce } from '../wgsl/workgroup.js';

export function softmax(rt: Runtime, x: View, out: View, log: boolean): void {
  const total = numelOf(x.shape);
  if (total === 0) return;
  const n = x.shape.length === 0 ? 1 : x.shape[x.shape.length - 1];
  const rows = total / n;
  const tree = n >= 128;
  const meta = new Meta().push(rows, n, x.offset, out.offset);
  // A row containing NaN or +inf, or only -inf, gives NaN (max - max is NaN there), as in PyTorch.
  const formula = log ? 'v - m - log(sum)' : 'exp_(v - m) / sum';
  rt.dispatch({
    op: log ? 'logSoftmax' : 'softmax',
    key: `softmax:${log}:${tree}`,
    bindings: [{ storage: asStorage(x.storage, 'softmax'), access: 'read' }, write(out, 'softmax')],
    meta: meta.words,
    groups: tree ? Math.min(rows, rt.maxGroups) : Math.min(Math.ceil(rows / rt.workgroupSize), rt.maxGroups),
    source: ([xs, os]) => {
      const common = `${PRELUDE}\n${MATH}
fn row_max(a: f32, b: f32) -> f32 { if (is_nan(a)) { return a; } if (is_nan(b) || b > a) { return b; } return a; }`;
      if (!tree) {
        return `${common}
fn body(r: u32) {
  let n = md[1];
  let xb = md[2] + r * n;
  let ob = md[3] + r * n;
  var m = neg_inf();
  for (var j = 0u; j < n; j++) { m = row_max(m, ${xs}[xb + j]); }
  var sum = 0.0;
  for (var j = 0u; j < n; j++) { sum += exp_(${xs}[xb + j] - m); }
  for (var j = 0u; j < n; j++) { let v = ${xs}[xb + j]; ${os}[ob + j] = ${formula}; }
}
${GRID_LOOP}`;
      }
      return `${common}
var<workgroup> partial: array<f32, WG>;
@compute @workgroup_size(WG)
fn main(@builtin(workgroup_id) wid: vec3u, @builtin(num_workgroups) nwg: vec3u, @builtin(local_invocation_index) lid: u32) {
  let rows = md[0];
  let n = md[1];
  for (var r = wid.x; r < rows; r += nwg.x) {
    let xb = md[2] + r * n;
    let ob = md[3] + r * n;
    var acc = neg_inf();
    for (var j = lid; j < n; j += WG) { acc = row_max(acc, ${xs}[xb + j]); }
    ${workgroupReduce('row_max(partial[lid], partial[lid + s])')}
    let m = partial[0];
    workgroupBarrier();
    acc = 0.0;
    for (var j = lid; j < n; j += WG) { acc += exp_(${xs}[xb + j] - m); }
    ${workgroupReduce('partial[lid] + partial[lid + s]')}
    let sum = partial[0];
    for (var j = lid; j < n; j += WG) { let v = ${xs}[xb + j]; ${os}[ob + j] = ${formula}; }
    workgroupBarrier();
  }
}`;
    },
  });
}
