/**
 * Batched matrix product `[B, M, K] x [B, K, N] -> [B, M, N]` with a register-blocked kernel: each
 * invocation computes a 4x4 block of the output in registers, with no workgroup memory or barriers
 * (the fastest form on software Vulkan drivers, and a sound one on GPUs). The variant is chosen by
 * layout:
 * - `nn`: A rows and B rows contiguous: vec4 loads of A along k and of B along n;
 * - `nt`: A rows contiguous and B contiguous along k (a transposed weight, as in `x @ W.T`): vec4
 *   loads of both along k, combined with dot products;
 * - `any`: any strides (broadcast batches, transposed A): scalar loads.
 */
import type { View } from '@typetorch/tensor';
import { Meta } from '../runtime/layout.js';
import type { Runtime } from '../runtime/runtime.js';
import { asStorage, write } from '../runtime/storage.js';
import { GRID_LOOP, PRELUDE } from '../wgsl/prelude.js';

/** Whether dim `inner` of `v` is contiguous and every other step and the offset are vec4-aligned. */
function vec4Along(v: View, inner: 1 | 2, size: number): boolean {
  const other = inner === 1 ? 2 : 1;
  return (
    v.strides[inner] === 1 &&
    size % 4 === 0 &&
    v.offset % 4 === 0 &&
    v.strides[other] % 4 === 0 &&
    (v.shape[0] === 1 || v.strides[0] % 4 === 0)
  );
}

export function matmul(rt: Runtime, a: View, b: View, out: View): void {
  const [B, M, K] = a.shape;
  const N = b.shape[2];
  if (B === 0 || M === 0 || N === 0) return;
  if (a.dtype !== 'float32')
    throw new TypeError(`matmul(): the webgpu backend multiplies float32, got ${a.dtype}`);
  const distinct = a.storage !== b.storage;
  const aRows = distinct && vec4Along(a, 2, K);
  const variant = aRows && vec4Along(b, 2, N) ? 'nn' : aRows && vec4Along(b, 1, K) ? 'nt' : 'any';
  const tiles = B * Math.ceil(M / 4) * Math.ceil(N / 4);
  const meta = new Meta().push(tiles, B, M, N, K);
  meta.push(a.offset, a.strides[0], a.strides[1], a.strides[2]);
  meta.push(b.offset, b.strides[0], b.strides[1], b.strides[2]);
  meta.push(out.offset, out.strides[0], out.strides[1], out.strides[2]);
  const vec = variant !== 'any';
  rt.dispatch({
    op: 'matmul',
    key: `matmul:${variant}`,
    bindings: [
      { storage: asStorage(a.storage, 'matmul'), access: 'read', vec4: vec },
      { storage: asStorage(b.storage, 'matmul'), access: 'read', vec4: vec },
      write(out, 'matmul'),
    ],
    meta: meta.words,
    groups: Math.min(Math.ceil(tiles / rt.workgroupSize), rt.maxGroups),
    source: ([as, bs, os]) => `${PRELUDE}
fn s(i: u32) -> i32 { return bitcast<i32>(md[i]); }
fn body(t: u32) {
  let M = md[2]; let N = md[3]; let K = md[4];
  let tilesN = (N + 3u) / 4u;
  let perBatch = ((M + 3u) / 4u) * tilesN;
  let bt = t / perBatch;
  let r = t % perBatch;
  let m0 = (r / tilesN) * 4u;
  let n0 = (r % tilesN) * 4u;
  let ib = i32(bt);
  let aBase = s(5u) + ib * s(6u);
  let bBase = s(9u) + ib * s(10u);
  // Rows and columns past the edge read a valid neighbour and are never written.
  var am: array<i32, 4>;
  var bn: array<i32, 4>;
  for (var i = 0u; i < 4u; i++) {
    am[i] = aBase + i32(min(m0 + i, M - 1u)) * s(7u);
    bn[i] = bBase + i32(min(n0 + i, N - 1u)) * s(12u);
  }
  var acc: array<vec4<f32>, 4>;
  ${KERNELS[variant](as, bs)}
  let oBase = s(13u) + ib * s(14u);
  for (var i = 0u; i < 4u; i++) {
    let m = m0 + i;
    if (m >= M) { break; }
    for (var j = 0u; j < 4u; j++) {
      if (n0 + j < N) { ${os}[u32(oBase + i32(m) * s(15u) + i32(n0 + j) * s(16u))] = acc[i][j]; }
    }
  }
}
${GRID_LOOP}`,
  });
}

const KERNELS: Record<'nn' | 'nt' | 'any', (a: string, b: string) => string> = {
  any: (a, b) => `
  let ak = s(8u); let bk = s(11u); let bc = s(12u);
  let b0 = bBase + i32(n0) * bc;
  let nLast = i32(N - 1u - n0);
  for (var k = 0u; k < K; k++) {
    let kb = b0 + i32(k) * bk;
    let bv = vec4<f32>(${b}[u32(kb)], ${b}[u32(kb + min(1, nLast) * bc)], ${b}[u32(kb + min(2, nLast) * bc)], ${b}[u32(kb + min(3, nLast) * bc)]);
    let ka = i32(k) * ak;
    acc[0] += ${a}[u32(am[0] + ka)] * bv;
    acc[1] += ${a}[u32(am[1] + ka)] * bv;
    acc[2] += ${a}[u32(am[2] + ka)] * bv;
    acc[3] += ${a}[u32(am[3] + ka)] * bv;
  }`,
  // A [.., k] and B [k, n] both vec4-contiguous: 4 k-steps per iteration.
  nn: (a, b) => `
  let bk = s(11u);
  let nCol = u32(bBase + i32(min(n0, N - 4u))) / 4u;
  for (var k = 0u; k < K; k += 4u) {
    let a0 = ${a}[u32(am[0] + i32(k)) / 4u];
    let a1 = ${a}[u32(am[1] + i32(k)) / 4u];
    let a2 = ${a}[u32(am[2] + i32(k)) / 4u];
    let a3 = ${a}[u32(am[3] + i32(k)) / 4u];
    let row = u32(i32(k) * bk) / 4u + nCol;
    let step = u32(bk) / 4u;
    let b0 = ${b}[row];
    let b1 = ${b}[row + step];
    let b2 = ${b}[row + 2u * step];
    let b3 = ${b}[row + 3u * step];
    acc[0] += a0.x * b0 + a0.y * b1 + a0.z * b2 + a0.w * b3;
    acc[1] += a1.x * b0 + a1.y * b1 + a1.z * b2 + a1.w * b3;
    acc[2] += a2.x * b0 + a2.y * b1 + a2.z * b2 + a2.w * b3;
    acc[3] += a3.x * b0 + a3.y * b1 + a3.z * b2 + a3.w * b3;
  }`,
  // A [.., k] and B^T [n, k] both vec4-contiguous along k.
  nt: (a, b) => `
  for (var k = 0u; k < K; k += 4u) {
    let a0 = ${a}[u32(am[0] + i32(k)) / 4u];
    let a1 = ${a}[u32(am[1] + i32(k)) / 4u];
    let a2 = ${a}[u32(am[2] + i32(k)) / 4u];
    let a3 = ${a}[u32(am[3] + i32(k)) / 4u];
    let b0 = ${b}[u32(bn[0] + i32(k)) / 4u];
    let b1 = ${b}[u32(bn[1] + i32(k)) / 4u];
    let b2 = ${b}[u32(bn[2] + i32(k)) / 4u];
    let b3 = ${b}[u32(bn[3] + i32(k)) / 4u];
    acc[0] += vec4<f32>(dot(a0, b0), dot(a0, b1), dot(a0, b2), dot(a0, b3));
    acc[1] += vec4<f32>(dot(a1, b0), dot(a1, b1), dot(a1, b2), dot(a1, b3));
    acc[2] += vec4<f32>(dot(a2, b0), dot(a2, b1), dot(a2, b2), dot(a2, b3));
    acc[3] += vec4<f32>(dot(a3, b0), dot(a3, b1), dot(a3, b2), dot(a3, b3));
  }`,
};
