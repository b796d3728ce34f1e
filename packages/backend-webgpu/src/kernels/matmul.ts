/**
 * Batched matrix product `[B, M, K] x [B, K, N] -> [B, M, N]` with a register-blocked kernel: each
 * invocation computes a 4x4 or 8x4 block of the output in registers, with no workgroup memory or barriers
 * (the fastest form on software Vulkan drivers, and a sound one on GPUs). The variant is chosen by
 * layout:
 * - `nn`: A rows and B rows contiguous: vec4 loads of A along k and of B along n;
 * - `nt`: A rows contiguous and B contiguous along k (a transposed weight, as in `x @ W.T`): vec4
 *   loads of both along k, combined with dot products;
 * - `tn`: A contiguous along m (a transposed operand, as the weights in a convolution's input
 *   gradient `W.T @ dy`) and B rows contiguous: per k, one vec4 of each, an outer product;
 * - `any`: any other strides: scalar loads.
 */
import type { View } from '@typetorch/tensor';
import { Meta } from '../runtime/layout.js';
import type { Runtime } from '../runtime/runtime.js';
import { asStorage, write } from '../runtime/storage.js';
import { GRID_LOOP, PRELUDE } from '../wgsl/prelude.js';

/**
 * Whether dim `inner` of `v` is contiguous and every other step and the offset are vec4-aligned (and
 * not negative: the vec4 kernels step through the buffer with unsigned indices).
 */
function vec4Along(v: View, inner: 1 | 2, size: number): boolean {
  const other = inner === 1 ? 2 : 1;
  return (
    v.strides[inner] === 1 &&
    size % 4 === 0 &&
    v.offset % 4 === 0 &&
    v.strides[other] % 4 === 0 &&
    v.strides[other] >= 0 &&
    (v.shape[0] === 1 || (v.strides[0] % 4 === 0 && v.strides[0] >= 0))
  );
}

/**
 * `out = a @ b`, plus `rowBias[m]` on every element of row `m` when given (a 1-D view of length M on
 * a storage of its own: conv2d's bias, fused to spare a pass over the output).
 */
export function matmul(rt: Runtime, a: View, b: View, out: View, rowBias?: View): void {
  const [B, M, K] = a.shape;
  const N = b.shape[2];
  if (B === 0 || M === 0 || N === 0) return;
  if (a.dtype !== 'float32' && a.dtype !== 'float16')
    throw new TypeError(`matmul(): the webgpu backend multiplies float32 and float16, got ${a.dtype}`);
  // float16 operands are read as f32 and accumulate in f32; each result is rounded to half once.
  const half = a.dtype === 'float16';
  const distinct = a.storage !== b.storage;
  const aRows = distinct && vec4Along(a, 2, K);
  const bRows = vec4Along(b, 2, N);
  const variant =
    aRows && bRows
      ? 'nn'
      : aRows && vec4Along(b, 1, K)
        ? 'nt'
        : distinct && bRows && vec4Along(a, 1, M)
          ? 'tn'
          : 'any';
  // 8-row tiles where the kernel has them: fewer loads per multiply-add (see ROWS).
  const rows = variant === 'nn' || (variant === 'tn' && M % 8 === 0) ? ROWS : 4;
  const tiles = B * Math.ceil(M / rows) * Math.ceil(N / 4);
  const meta = new Meta().push(tiles, B, M, N, K);
  meta.push(a.offset, a.strides[0], a.strides[1], a.strides[2]);
  meta.push(b.offset, b.strides[0], b.strides[1], b.strides[2]);
  meta.push(out.offset, out.strides[0], out.strides[1], out.strides[2]);
  const bias = rowBias === undefined ? undefined : asStorage(rowBias.storage, 'matmul');
  if (rowBias !== undefined) meta.push(rowBias.offset, rowBias.strides[0]);
  const vec = variant !== 'any';
  const reader =
    (buffer: string): Reader =>
    (index) =>
      half ? `${vec ? 'vec4<f32>' : 'f32'}(${buffer}[${index}])` : `${buffer}[${index}]`;
  const bf = bias?.dtype === 'float16' ? (v: string) => `f32(${v})` : (v: string) => v;
  rt.dispatch({
    op: 'matmul',
    key: `matmul:${variant}${rows}${bias === undefined ? '' : ':bias'}`,
    bindings: [
      { storage: asStorage(a.storage, 'matmul'), access: 'read', vec4: vec },
      { storage: asStorage(b.storage, 'matmul'), access: 'read', vec4: vec },
      write(out, 'matmul'),
      ...(bias === undefined ? [] : [{ storage: bias, access: 'read' as const }]),
    ],
    meta: meta.words,
    groups: Math.min(Math.ceil(tiles / rt.workgroupSize), rt.maxGroups),
    source: ([as, bs, os, rs]) => `${PRELUDE}
fn s(i: u32) -> i32 { return bitcast<i32>(md[i]); }
const R: u32 = ${rows}u;
fn body(t: u32) {
  let M = md[2]; let N = md[3]; let K = md[4];
  let tilesN = (N + 3u) / 4u;
  let perBatch = ((M + R - 1u) / R) * tilesN;
  let bt = t / perBatch;
  let r = t % perBatch;
  let m0 = (r / tilesN) * R;
  let n0 = (r % tilesN) * 4u;
  let ib = i32(bt);
  let aBase = s(5u) + ib * s(6u);
  let bBase = s(9u) + ib * s(10u);
  // Rows and columns past the edge read a valid neighbour and are never written.
  var am: array<i32, R>;
  var bn: array<i32, 4>;
  for (var i = 0u; i < R; i++) { am[i] = aBase + i32(min(m0 + i, M - 1u)) * s(7u); }
  for (var i = 0u; i < 4u; i++) { bn[i] = bBase + i32(min(n0 + i, N - 1u)) * s(12u); }
  var acc: array<vec4<f32>, R>;
  ${KERNELS[variant](reader(as), reader(bs), rows)}
  let oBase = s(13u) + ib * s(14u);
  for (var i = 0u; i < R; i++) {
    let m = m0 + i;
    if (m >= M) { break; }
    ${rs === undefined ? '' : `acc[i] += vec4<f32>(${bf(`${rs}[u32(s(17u) + i32(m) * s(18u))]`)});`}
    for (var j = 0u; j < 4u; j++) {
      if (n0 + j < N) { ${os}[u32(oBase + i32(m) * s(15u) + i32(n0 + j) * s(16u))] = ${half ? 'to_f16(acc[i][j])' : 'acc[i][j]'}; }
    }
  }
}
${GRID_LOOP}`,
  });
}

/**
 * Rows of the output tile of the `nn` and `tn` kernels (the others compute 4x4): 8x4 tiles load
 * 12 vec4s per 128 multiply-adds instead of 8 per 64, which measured faster on lavapipe for the
 * convolution's matmuls (`tn` 8x4 needs M a multiple of 8, else it keeps 4x4). `nt` showed no gain.
 */
const ROWS = 8;

/** `text(i)` for each row `i` of a tile, one per line. */
const perRow = (rows: number, text: (i: number) => string) =>
  Array.from({ length: rows }, (_, i) => text(i)).join('\n    ');

/** WGSL that reads element `index` of an operand (as f32 or vec4<f32>, converting float16). */
type Reader = (index: string) => string;

const KERNELS: Record<'nn' | 'nt' | 'tn' | 'any', (a: Reader, b: Reader, rows: number) => string> = {
  any: (a, b) => `
  let ak = s(8u); let bk = s(11u); let bc = s(12u);
  let b0 = bBase + i32(n0) * bc;
  let nLast = i32(N - 1u - n0);
  for (var k = 0u; k < K; k++) {
    let kb = b0 + i32(k) * bk;
    let bv = vec4<f32>(${b('u32(kb)')}, ${b('u32(kb + min(1, nLast) * bc)')}, ${b('u32(kb + min(2, nLast) * bc)')}, ${b('u32(kb + min(3, nLast) * bc)')});
    let ka = i32(k) * ak;
    acc[0] += ${a('u32(am[0] + ka)')} * bv;
    acc[1] += ${a('u32(am[1] + ka)')} * bv;
    acc[2] += ${a('u32(am[2] + ka)')} * bv;
    acc[3] += ${a('u32(am[3] + ka)')} * bv;
  }`,
  // A [.., k] and B [k, n] both vec4-contiguous: 4 k-steps per iteration.
  nn: (a, b, rows) => `
  let bk = s(11u);
  let nCol = u32(bBase + i32(min(n0, N - 4u))) / 4u;
  for (var k = 0u; k < K; k += 4u) {
    let row = u32(i32(k) * bk) / 4u + nCol;
    let step = u32(bk) / 4u;
    let b0 = ${b('row')};
    let b1 = ${b('row + step')};
    let b2 = ${b('row + 2u * step')};
    let b3 = ${b('row + 3u * step')};
    ${perRow(rows, (i) => `let a${i} = ${a(`u32(am[${i}] + i32(k)) / 4u`)};\n    acc[${i}] += a${i}.x * b0 + a${i}.y * b1 + a${i}.z * b2 + a${i}.w * b3;`)}
  }`,
  // A^T [k, m] and B [k, n] both vec4-contiguous: one vec4 of each per k, an outer product.
  tn: (a, b, rows) => `
  let aCol = u32(aBase + i32(m0)) / 4u;
  let bCol = u32(bBase + i32(n0)) / 4u;
  let aStep = u32(s(8u)) / 4u;
  let bStep = u32(s(11u)) / 4u;
  for (var k = 0u; k < K; k++) {
    let bv = ${b('bCol + k * bStep')};
    ${perRow(rows / 4, (q) => `let a${q} = ${a(`aCol + k * aStep + ${q}u`)};\n    acc[${4 * q}] += a${q}.x * bv;\n    acc[${4 * q + 1}] += a${q}.y * bv;\n    acc[${4 * q + 2}] += a${q}.z * bv;\n    acc[${4 * q + 3}] += a${q}.w * bv;`)}
  }`,
  // A [.., k] and B^T [n, k] both vec4-contiguous along k.
  nt: (a, b, rows) => `
  for (var k = 0u; k < K; k += 4u) {
    let b0 = ${b('u32(bn[0] + i32(k)) / 4u')};
    let b1 = ${b('u32(bn[1] + i32(k)) / 4u')};
    let b2 = ${b('u32(bn[2] + i32(k)) / 4u')};
    let b3 = ${b('u32(bn[3] + i32(k)) / 4u')};
    ${perRow(rows, (i) => `let a${i} = ${a(`u32(am[${i}] + i32(k)) / 4u`)};\n    acc[${i}] += vec4<f32>(dot(a${i}, b0), dot(a${i}, b1), dot(a${i}, b2), dot(a${i}, b3));`)}
  }`,
};
