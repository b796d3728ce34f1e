/**
 * Random fill on the device: Philox4x32-10 in WGSL, the same algorithm and counters as the tensor
 * package's `random/philox.ts`, so element `i` gets the bits the CPU computes for counter
 * `offset + i` of `key`. The 32x32->64-bit products are formed from 16-bit halves exactly as there.
 * Uniforms are bit-identical to the CPU's; normals use the same Box-Muller formula in float32. float16
 * stores the float32 number on the half grid: normals rounded, uniforms truncated (so they stay below 1).
 */

import type { RandomDistribution, View } from '@typetorch/tensor';
import { numelOf } from '@typetorch/tensor';
import { checkRank, collapse, Meta } from '../runtime/layout.js';
import type { Runtime } from '../runtime/runtime.js';
import { write } from '../runtime/storage.js';
import { grid } from './grid.js';

export const PHILOX = /* wgsl */ `
fn mulhi(a: u32, b: u32) -> u32 {
  let aLo = a & 0xffffu; let aHi = a >> 16u;
  let bLo = b & 0xffffu; let bHi = b >> 16u;
  let lolo = aLo * bLo; let mid1 = aHi * bLo; let mid2 = aLo * bHi;
  let carry = ((lolo >> 16u) + (mid1 & 0xffffu) + (mid2 & 0xffffu)) >> 16u;
  return aHi * bHi + (mid1 >> 16u) + (mid2 >> 16u) + carry;
}
fn philox(c: vec4<u32>, k: vec2<u32>) -> vec4<u32> {
  var x = c;
  var key = k;
  for (var round = 0; round < 10; round++) {
    let hi0 = mulhi(0xd2511f53u, x.x); let lo0 = 0xd2511f53u * x.x;
    let hi1 = mulhi(0xcd9e8d57u, x.z); let lo1 = 0xcd9e8d57u * x.z;
    x = vec4<u32>(hi1 ^ x.y ^ key.x, lo1, hi0 ^ x.w ^ key.y, lo0);
    key = key + vec2<u32>(0x9e3779b9u, 0xbb67ae85u);
  }
  return x;
}
fn to_uniform(u: u32) -> f32 { return f32(u >> 8u) * 5.9604644775390625e-8; }
`;

/**
 * The metadata of a Philox kernel over `out` (`op` names it in errors): element count, rank, shape,
 * offset and strides, then the key and the 64-bit counter offset, which {@link PHILOX_COUNTER}'s WGSL
 * reads back; null for an empty `out`.
 */
export function philoxMeta(
  op: string,
  out: View,
  key: readonly [number, number],
  offset: number,
): Meta | null {
  const n = numelOf(out.shape);
  if (n === 0) return null;
  const c = collapse(out.shape, [out.strides]);
  checkRank(op, c.shape);
  const meta = new Meta().push(n, c.shape.length, ...c.shape, out.offset, ...c.strides[0]);
  return meta.push(key[0], key[1], offset >>> 0, Math.floor(offset / 4294967296) >>> 0);
}

/** WGSL: `r`, the Philox output for element `i` under {@link philoxMeta}'s layout (`rank` and `e` too). */
export const PHILOX_COUNTER = /* wgsl */ `
  let rank = md[1];
  let e = 3u + 2u * rank;
  let lo = md[e + 2u] + i;
  let hi = md[e + 3u] + select(0u, 1u, lo < i);
  let r = philox(vec4<u32>(lo, hi, 0u, 0u), vec2<u32>(md[e], md[e + 1u]));`;

export function random(
  rt: Runtime,
  out: View,
  distribution: RandomDistribution,
  key: readonly [number, number],
  offset: number,
): void {
  const meta = philoxMeta('random', out, key, offset);
  if (meta === null) return;
  const value =
    distribution === 'uniform'
      ? 'to_uniform(r.x)'
      : // cos(2 pi u) = -cos(2 pi (u - 1/2)): the argument stays in [-pi, pi), where cos is most accurate.
        'sqrt(-2.0 * log(1.0 - to_uniform(r.x))) * -cos(6.283185307179586 * (to_uniform(r.y) - 0.5))';
  grid(
    rt,
    'random',
    `random:${distribution}`,
    [write(out, 'random')],
    meta.words,
    ([os]) => `${PHILOX}
fn body(i: u32) {${PHILOX_COUNTER}
  ${os}[u32(s(2u + rank) + strided(2u, rank, 3u + rank, i))] = ${out.dtype === 'float16' ? `${distribution === 'uniform' ? 'to_f16_trunc' : 'to_f16'}(${value})` : value};
}`,
  );
}
