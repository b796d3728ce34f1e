/**
 * Fused cross entropy of class-index targets and its gradient (see `FastPaths.crossEntropy` and
 * `crossEntropyBackward` in the contract), in float32.
 *
 * Forward: the row max, the sum of exponentials and (with label smoothing) the uniform term in one
 * dispatch. Long rows take a workgroup each with tree reductions in workgroup memory, short rows one
 * invocation each, as the softmax kernel.
 *
 * Backward: one invocation per gradient element, reading its row's saved normaliser. The sum of the
 * class weights that label smoothing needs comes from a one-invocation pre-pass into a scratch word.
 */
import type { CrossEntropyKernelOptions, View } from '@typetorch/tensor';
import { Meta } from '../runtime/layout.js';
import type { Binding, Runtime } from '../runtime/runtime.js';
import { asStorage, write } from '../runtime/storage.js';
import { MATH } from '../wgsl/math.js';
import { GRID_LOOP, PRELUDE } from '../wgsl/prelude.js';
import { workgroupReduce } from '../wgsl/workgroup.js';
import { grid } from './grid.js';

/** Rows at least this long take a workgroup each. */
const TREE_MIN = 128;

const HELPERS = /* wgsl */ `
fn s(i: u32) -> i32 { return bitcast<i32>(md[i]); }
fn f(i: u32) -> f32 { return bitcast<f32>(md[i]); }
fn row_max(a: f32, b: f32) -> f32 { if (is_nan(a)) { return a; } if (is_nan(b) || b > a) { return b; } return a; }
// log_softmax's shift: the row max, or 0 on a row of only -inf (whose sum of exponentials is then 0).
fn shift_of(m: f32) -> f32 { return select(m, 0.0, bitcast<u32>(m) == 0xff800000u); }`;

function checkFloat32(op: string, logits: View): void {
  if (logits.dtype !== 'float32') {
    throw new TypeError(`${op}(): the webgpu backend computes float32, got ${logits.dtype}`);
  }
}

/**
 * meta: 0 N, 1 C, 2 logits offset, 3 target offset, 4 target stride, 5 weight offset, 6 loss offset,
 * 7 targetWeight offset, 8 normalizer offset, 9 ignoreIndex, 10 unused, 11 s / C, 12 1 - s.
 */
export function crossEntropy(
  rt: Runtime,
  logits: View,
  target: View,
  weight: View | null,
  loss: View,
  targetWeight: View,
  normalizer: View,
  o: CrossEntropyKernelOptions,
): void {
  const [N, C] = logits.shape;
  if (N === 0) return;
  checkFloat32('crossEntropy', logits);
  const s = o.labelSmoothing;
  const smooth = s > 0;
  const weighted = weight !== null;
  const tree = C >= TREE_MIN;
  const meta = new Meta().push(
    N,
    C,
    logits.offset,
    target.offset,
    target.strides[0] ?? 0,
    weight?.offset ?? 0,
    loss.offset,
    targetWeight.offset,
    normalizer.offset,
    o.ignoreIndex,
    0,
  );
  meta.pushF32(s / C).pushF32(1 - s);
  const op = 'crossEntropy';
  const bindings: Binding[] = [
    { storage: asStorage(logits.storage, op), access: 'read' },
    { storage: asStorage(target.storage, op), access: 'read' },
    ...(weight === null ? [] : [{ storage: asStorage(weight.storage, op), access: 'read' as const }]),
    write(loss, op),
    write(targetWeight, op),
    write(normalizer, op),
  ];
  rt.dispatch({
    op,
    key: `crossEntropy:${tree}:${smooth}:${weighted}`,
    bindings,
    meta: meta.words,
    groups: tree ? Math.min(N, rt.maxGroups) : Math.min(Math.ceil(N / rt.workgroupSize), rt.maxGroups),
    source: (names) => {
      const [xs, ts] = names;
      const [ws, ls, tws, ns] = weighted ? names.slice(2) : [null, ...names.slice(2)];
      const common = `${PRELUDE}\n${MATH}\n${HELPERS}
fn wt(c: u32) -> f32 { return ${ws === null ? '1.0' : `${ws}[md[5] + c]`}; }
// Writes row r's outputs from its shift m, the log of its sum of exponentials, and the uniform term.
fn finish(r: u32, m: f32, log_total: f32, uniform: f32) {
  ${ns}[md[8] + 2u * r] = m;
  ${ns}[md[8] + 2u * r + 1u] = log_total;
  let y = ${ts}[u32(s(3u) + i32(r) * s(4u))];
  var l = 0.0;
  var tw = 0.0;
  if (y != s(9u)) {
    if (y < 0 || y >= i32(md[1])) {
      l = nan();
      tw = nan();
    } else {
      tw = wt(u32(y));
      l = tw * ((m - ${xs}[md[2] + r * md[1] + u32(y)]) + log_total);
      ${smooth ? 'l = f(12u) * l + f(11u) * uniform;' : ''}
    }
  }
  ${ls}[md[6] + r] = l;
  ${tws}[md[7] + r] = tw;
}`;
      if (!tree) {
        return `${common}
fn body(r: u32) {
  let n = md[1];
  let xb = md[2] + r * n;
  var m = neg_inf();
  for (var j = 0u; j < n; j++) { m = row_max(m, ${xs}[xb + j]); }
  let sh = shift_of(m);
  var total = 0.0;
  for (var j = 0u; j < n; j++) { total += exp_(${xs}[xb + j] - sh); }
  let lt = log_(total);
  var uniform = 0.0;
  ${smooth ? `for (var j = 0u; j < n; j++) { uniform += wt(j) * ((sh - ${xs}[xb + j]) + lt); }` : ''}
  finish(r, sh, lt, uniform);
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
    var acc = neg_inf();
    for (var j = lid; j < n; j += WG) { acc = row_max(acc, ${xs}[xb + j]); }
    ${workgroupReduce('row_max(partial[lid], partial[lid + s])')}
    let sh = shift_of(partial[0]);
    workgroupBarrier();
    acc = 0.0;
    for (var j = lid; j < n; j += WG) { acc += exp_(${xs}[xb + j] - sh); }
    ${workgroupReduce('partial[lid] + partial[lid + s]')}
    let lt = log_(partial[0]);
    workgroupBarrier();
    var uniform = 0.0;
    ${
      smooth
        ? `acc = 0.0;
    for (var j = lid; j < n; j += WG) { acc += wt(j) * ((sh - ${xs}[xb + j]) + lt); }
    ${workgroupReduce('partial[lid] + partial[lid + s]')}
    uniform = partial[0];
    workgroupBarrier();`
        : ''
    }
    if (lid == 0u) { finish(r, sh, lt, uniform); }
  }
}`;
    },
  });
}

/**
 * meta: 0 N * C, 1 C, 2 logits offset, 3 target offset, 4 target stride, 5 weight offset, 6 gradLoss
 * offset, 7 gradLoss stride, 8 normalizer offset, 9 ignoreIndex, 10 out offset, 11 s / C, 12 1 - s.
 */
export function crossEntropyBackward(
  rt: Runtime,
  gradLoss: View,
  logits: View,
  target: View,
  weight: View | null,
  normalizer: View,
  out: View,
  o: CrossEntropyKernelOptions,
): void {
  const [N, C] = logits.shape;
  if (N * C === 0) return;
  checkFloat32('crossEntropyBackward', logits);
  const op = 'crossEntropyBackward';
  const s = o.labelSmoothing;
  const smooth = s > 0;
  // The sum of the weights, needed only for a weighted, smoothed gradient.
  const total = smooth && weight !== null ? rt.alloc('float32', 1) : null;
  if (total !== null && weight !== null) {
    grid(
      rt,
      op,
      'crossEntropyWeightSum',
      [
        { storage: asStorage(weight.storage, op), access: 'read' },
        { storage: total, access: 'write', overwrites: true },
      ],
      [1, C, weight.offset],
      ([ws, sums]) => `
fn body(i: u32) {
  var acc = 0.0;
  for (var c = 0u; c < md[1]; c++) { acc += ${ws}[md[2] + c]; }
  ${sums}[0] = acc;
}`,
    );
  }
  const meta = new Meta().push(
    N * C,
    C,
    logits.offset,
    target.offset,
    target.strides[0] ?? 0,
    weight?.offset ?? 0,
    gradLoss.offset,
    gradLoss.strides[0] ?? 0,
    normalizer.offset,
    o.ignoreIndex,
    out.offset,
  );
  meta.pushF32(s / C).pushF32(1 - s);
  const bindings: Binding[] = [
    { storage: asStorage(gradLoss.storage, op), access: 'read' },
    { storage: asStorage(logits.storage, op), access: 'read' },
    { storage: asStorage(target.storage, op), access: 'read' },
    { storage: asStorage(normalizer.storage, op), access: 'read' },
    write(out, op),
    ...(weight === null ? [] : [{ storage: asStorage(weight.storage, op), access: 'read' as const }]),
    ...(total === null ? [] : [{ storage: total, access: 'read' as const }]),
  ];
  const weighted = weight !== null;
  try {
    grid(rt, op, `crossEntropyBackward:${smooth}:${weighted}`, bindings, meta.words, (names) => {
      const [gs, xs, ts, ns, os, ws, sums] = names;
      const wt = (c: string) => (weighted ? `${ws}[md[5] + ${c}]` : '1.0');
      // (1 - s) * w[y] + (s / C) * sum(w); exactly 1 without weights.
      const a = weighted ? `(f(12u) * wy + f(11u) * ${sums}[0])` : '1.0';
      const value = smooth
        ? `g * (${a} * p - f(12u) * wy * hit - f(11u) * ${wt('c')})`
        : 'g * wy * (p - hit)';
      return `${MATH}
fn body(i: u32) {
  let n = md[1];
  let r = i / n;
  let c = i % n;
  let y = ${ts}[u32(s(3u) + i32(r) * s(4u))];
  let p = exp_((${xs}[md[2] + i] - ${ns}[md[8] + 2u * r]) - ${ns}[md[8] + 2u * r + 1u]);
  // An ignored row: 0 whatever gradLoss, NaN where the softmax is (as PyTorch).
  var v = select(0.0, nan(), is_nan(p));
  if (y != s(9u)) {
    if (y < 0 || y >= i32(n)) {
      v = nan();
    } else {
      let g = ${gs}[u32(s(6u) + i32(r) * s(7u))];
      let wy = ${wt('u32(y)')};
      let hit = select(0.0, 1.0, u32(y) == c);
      v = ${value};
    }
  }
  ${os}[md[10] + i] = v;
}`;
    });
  } finally {
    if (total !== null) rt.free(total);
  }
}
