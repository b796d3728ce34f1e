// Inverted dropout's scaled mask in one pass (the contract's `dropoutMask`): element i is `hit` where
// the uniform draw of stream counter `counter + i` (exactly `uniformF32`'s) is below `keep`, else
// `miss`. The JS side computes `hit = 1 / keep` and `miss = 0 / keep` as float32 divisions, so the
// mask is bit for bit the old `bernoulli(keep).div_(keep)` without its bool and uniform temporaries.

import { philoxFirst } from './random';

const M0: u32 = 0xd2511f53;
const M1: u32 = 0xcd9e8d57;
const W0: u32 = 0x9e3779b9;
const W1: u32 = 0xbb67ae85;

/** The high words of the four 32 x 32 -> 64-bit products `a[j] * m` (i64x2's extending multiplies). */
function mulhi4(a: v128, m: v128): v128 {
  return v128.shuffle<u32>(i64x2.extmul_low_i32x4_u(a, m), i64x2.extmul_high_i32x4_u(a, m), 1, 3, 5, 7);
}

/** Four consecutive counters' low words from `base` (a splat of the first), and their high words. */
function lowWords(base: v128, step: i32): v128 {
  return i32x4.add(base, i32x4(step, step + 1, step + 2, step + 3));
}

/** `hi` plus the carry of each lane whose low word `x0` wrapped past 2^32 (the comparison gives -1). */
function highWords(x0: v128, base: v128, hi: u32): v128 {
  return i32x4.sub(i32x4.splat(hi), i32x4.lt_u(x0, base));
}

/** The mask values of four Philox words: `hit` where `(bits >>> 8) * 2^-24` (exact) is below `keep`. */
function maskOf(bits: v128, keep: v128, hit: v128, miss: v128): v128 {
  const u = f32x4.mul(f32x4.convert_i32x4_u(i32x4.shr_u(bits, 8)), f32x4.splat(5.9604644775390625e-8));
  return v128.bitselect(hit, miss, f32x4.lt(u, keep));
}

/**
 * Eight elements from counters `(lo, hi) + 0..7`: Philox4x32-10's first word, as `philoxFirst`
 * computes it, for two groups of four lanes whose rounds interleave (one group alone waits on its
 * multiplies' latency), then the mask values stored at `out`.
 */
function maskBlock8(out: usize, lo: u32, hi: u32, k0: u32, k1: u32, keep: v128, hit: v128, miss: v128): void {
  const base = i32x4.splat(lo);
  let a0 = lowWords(base, 0);
  let b0 = lowWords(base, 4);
  let a1 = highWords(a0, base, hi);
  let b1 = highWords(b0, base, hi);
  let a2 = i32x4.splat(0);
  let b2 = a2;
  let a3 = a2;
  let b3 = a2;
  const m0 = i32x4.splat(M0);
  const m1 = i32x4.splat(M1);
  let key0 = k0;
  let key1 = k1;
  for (let round = 0; round < 10; round++) {
    const kx = i32x4.splat(key0);
    const kz = i32x4.splat(key1);
    const an0 = v128.xor(v128.xor(mulhi4(a2, m1), a1), kx);
    const bn0 = v128.xor(v128.xor(mulhi4(b2, m1), b1), kx);
    const an2 = v128.xor(v128.xor(mulhi4(a0, m0), a3), kz);
    const bn2 = v128.xor(v128.xor(mulhi4(b0, m0), b3), kz);
    a1 = i32x4.mul(a2, m1);
    b1 = i32x4.mul(b2, m1);
    a3 = i32x4.mul(a0, m0);
    b3 = i32x4.mul(b0, m0);
    a0 = an0;
    b0 = bn0;
    a2 = an2;
    b2 = bn2;
    key0 += W0;
    key1 += W1;
  }
  v128.store(out, maskOf(a0, keep, hit, miss));
  v128.store(out, maskOf(b0, keep, hit, miss), 16);
}

/**
 * `out[i] = uniform(counter + i) < keep ? hit : miss` for `i < n` (`counter` as two 32-bit halves):
 * eight elements a step in SIMD, the last `n % 8` one at a time.
 */
export function dropoutMaskF32(
  out: usize,
  n: i32,
  counterLo: u32,
  counterHi: u32,
  k0: u32,
  k1: u32,
  keep: f32,
  hit: f32,
  miss: f32,
): void {
  let counter = ((<u64>counterHi) << 32) | <u64>counterLo;
  const keeps = f32x4.splat(keep);
  const hits = f32x4.splat(hit);
  const misses = f32x4.splat(miss);
  let i = 0;
  for (; i + 8 <= n; i += 8, counter += 8) {
    maskBlock8(out + ((<usize>i) << 2), <u32>counter, <u32>(counter >> 32), k0, k1, keeps, hits, misses);
  }
  for (; i < n; i++, counter++) {
    const u = <f32>(philoxFirst(<u32>counter, <u32>(counter >> 32), k0, k1) >>> 8) * 5.9604644775390625e-8;
    store<f32>(out + ((<usize>i) << 2), select<f32>(hit, miss, u < keep));
  }
}

/**
 * Chunk `chunk` of a dropout-mask range job. Parameters (i32 fields at `p`): out, n, per, counter low
 * and high words, key words, then keep, hit and miss as float32. Element i draws from counter
 * `counter + i` wherever the chunk boundaries fall, so the mask does not depend on the thread count.
 */
export function dropoutMaskChunk(p: usize, chunk: i32): void {
  const per = load<i32>(p + 8);
  const first = chunk * per;
  const lo = <u64>load<u32>(p + 12);
  const counter = (((<u64>load<u32>(p + 16)) << 32) | lo) + <u64>first;
  dropoutMaskF32(
    <usize>load<i32>(p) + ((<usize>first) << 2),
    min(per, load<i32>(p + 4) - first),
    <u32>counter,
    <u32>(counter >> 32),
    load<u32>(p + 20),
    load<u32>(p + 24),
    load<f32>(p + 28),
    load<f32>(p + 32),
    load<f32>(p + 36),
  );
}
