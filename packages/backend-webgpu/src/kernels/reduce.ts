/**
 * Reductions over the trailing dims of a view. Two shapes of work, chosen by size:
 * - tree: one workgroup per output; its invocations stride through the block and combine their
 *   partial results in workgroup memory (a pairwise order, which also keeps float sums accurate);
 * - row: one invocation per output walks its whole block, for many small blocks.
 * Outer and reduced dims are collapsed separately and passed as metadata. float16 inputs accumulate in
 * f32 and the result is rounded to half once, as CUDA PyTorch does.
 */

import type { ReduceOp, View } from '@typetorch/tensor';
import { numelOf } from '@typetorch/tensor';
import { checkRank, collapse, Meta } from '../runtime/layout.js';
import { type Runtime, wgslType } from '../runtime/runtime.js';
import { asStorage, write } from '../runtime/storage.js';
import { GRID_LOOP, PRELUDE } from '../wgsl/prelude.js';
import { workgroupReduce } from '../wgsl/workgroup.js';
import { fill } from './elementwise.js';

interface Combine {
  /** Accumulator type. */
  t: string;
  identity: string;
  /** Body of `fn comb(a: T, b: T) -> T`. */
  comb: string;
}

function combineFor(op: ReduceOp, t: string): Combine {
  const isF = t === 'f32';
  switch (op) {
    case 'sum':
      return { t, identity: `${t}(0)`, comb: 'return a + b;' };
    case 'prod':
      return { t, identity: `${t}(1)`, comb: 'return a * b;' };
    case 'max':
      return isF
        ? {
            t,
            identity: 'neg_inf()',
            comb: 'if (is_nan(a)) { return a; } if (is_nan(b) || b > a) { return b; } return a;',
          }
        : { t, identity: t === 'i32' ? 'i32(-2147483648)' : '0u', comb: 'return max(a, b);' };
    case 'min':
      return isF
        ? {
            t,
            identity: 'pos_inf()',
            comb: 'if (is_nan(a)) { return a; } if (is_nan(b) || b < a) { return b; } return a;',
          }
        : { t, identity: t === 'i32' ? 'i32(2147483647)' : '1u', comb: 'return min(a, b);' };
    case 'all':
      return { t: 'u32', identity: '1u', comb: 'return select(0u, 1u, a != 0u && b != 0u);' };
    case 'any':
      return { t: 'u32', identity: '0u', comb: 'return select(0u, 1u, a != 0u || b != 0u);' };
    default:
      throw new Error(`reduce('${op}') has no combine`);
  }
}

/** Better-of for argmax/argmin on (value, index) pairs: NaN wins, ties go to the lower index. */
function argComb(op: 'argmax' | 'argmin', t: string): string {
  const better = op === 'argmax' ? '>' : '<';
  const nanCheck =
    t === 'f32'
      ? `let an = is_nan(a.v); let bn = is_nan(b.v);
  if (an && bn) { if (a.i < b.i) { return a; } return b; }
  if (an) { return a; }
  if (bn) { return b; }`
      : '';
  return `if (a.i == 0xffffffffu) { return b; }
  if (b.i == 0xffffffffu) { return a; }
  ${nanCheck}
  if (b.v ${better} a.v) { return b; }
  if (a.v ${better} b.v) { return a; }
  if (a.i < b.i) { return a; }
  return b;`;
}

export function reduce(rt: Runtime, op: ReduceOp, x: View, out: View): void {
  const O = numelOf(out.shape);
  if (O === 0) return;
  const outRank = out.shape.length;
  const R = numelOf(x.shape.slice(outRank));
  if (R === 0) {
    if (op === 'sum' || op === 'any') fill(rt, out, 0);
    else if (op === 'prod' || op === 'all') fill(rt, out, 1);
    else throw new RangeError(`reduce('${op}'): cannot reduce an empty block (it has no identity)`);
    return;
  }
  const outer = collapse(out.shape, [x.strides.slice(0, outRank), out.strides]);
  const inner = collapse(x.shape.slice(outRank), [x.strides.slice(outRank)]);
  checkRank(op, outer.shape);
  checkRank(op, inner.shape);
  const rO = outer.shape.length;
  const rR = inner.shape.length;
  // meta: O, R, rO, rR, shapeO, shapeR, xOffset, xStridesO, outOffset, outStridesO, xStridesR
  const meta = new Meta().push(O, R, rO, rR, ...outer.shape, ...inner.shape);
  meta.push(x.offset, ...outer.strides[0], out.offset, ...outer.strides[1], ...inner.strides[0]);
  const tree = R >= 128 && O <= 65536;
  const half = x.dtype === 'float16';
  // The accumulator type; float16 elements are loaded as f32.
  const t = half ? 'f32' : wgslType(x.dtype);
  const load = (raw: string) => (half ? `f32(${raw})` : raw);
  const store = (r: string) => (half && out.dtype === 'float16' ? `to_f16(${r})` : r);
  const arg = op === 'argmax' || op === 'argmin';
  const key = `reduce:${op}:${tree ? 'tree' : 'row'}`;
  const groups = tree ? Math.min(O, rt.maxGroups) : Math.min(Math.ceil(O / rt.workgroupSize), rt.maxGroups);
  rt.dispatch({
    op: op,
    key,
    bindings: [{ storage: asStorage(x.storage, op), access: 'read' }, write(out, op)],
    meta: meta.words,
    groups,
    source: ([xs, os]) => {
      const c = arg ? null : combineFor(op, t);
      const T = arg ? 'P' : c!.t;
      const typeDefs = arg
        ? `struct P { v: ${t}, i: u32 }
fn comb(a: P, b: P) -> P {
  ${argComb(op as 'argmax' | 'argmin', t)}
}
fn ident() -> P { return P(${t}(0), 0xffffffffu); }
fn elem(j: u32, v: ${t}) -> P { return P(v, j); }
fn result(p: P) -> i32 { return i32(p.i); }`
        : `fn comb(a: ${T}, b: ${T}) -> ${T} { ${c!.comb} }
fn ident() -> ${T} { return ${c!.identity}; }
fn elem(j: u32, v: ${t}) -> ${T} { return ${op === 'all' || op === 'any' ? `select(0u, 1u, v != ${t}(0))` : 'v'}; }
fn result(p: ${T}) -> ${T} { return p; }`;
      const common = `${PRELUDE}
${typeDefs}
fn x_base(o: u32) -> i32 {
  let rO = md[2]; let rR = md[3];
  return bitcast<i32>(md[4u + rO + rR]) + strided(4u, rO, 5u + rO + rR, o);
}
fn out_at(o: u32) -> u32 {
  let rO = md[2]; let rR = md[3];
  return u32(bitcast<i32>(md[5u + 2u * rO + rR]) + strided(4u, rO, 6u + 2u * rO + rR, o));
}
fn x_at(base: i32, j: u32) -> u32 {
  let rO = md[2]; let rR = md[3];
  return u32(base + strided(4u + rO, rR, 6u + 3u * rO + rR, j));
}`;
      if (!tree) {
        return `${common}
fn body(o: u32) {
  let R = md[1];
  let base = x_base(o);
  var acc = ident();
  for (var j = 0u; j < R; j++) { acc = comb(acc, elem(j, ${load(`${xs}[x_at(base, j)]`)})); }
  ${os}[out_at(o)] = ${store('result(acc)')};
}
${GRID_LOOP}`;
      }
      return `${common}
var<workgroup> partial: array<${T}, WG>;
@compute @workgroup_size(WG)
fn main(@builtin(workgroup_id) wid: vec3u, @builtin(num_workgroups) nwg: vec3u, @builtin(local_invocation_index) lid: u32) {
  let O = md[0];
  let R = md[1];
  for (var o = wid.x; o < O; o += nwg.x) {
    let base = x_base(o);
    var acc = ident();
    for (var j = lid; j < R; j += WG) { acc = comb(acc, elem(j, ${load(`${xs}[x_at(base, j)]`)})); }
    ${workgroupReduce('comb(partial[lid], partial[lid + s])')}
    if (lid == 0u) { ${os}[out_at(o)] = ${store('result(partial[0])')}; }
    workgroupBarrier();
  }
}`;
    },
  });
}
