// Uniform random fill from Philox4x32-10 (the tensor package's `random/philox.ts`, bit for bit): the
// 32 x 32 -> 64-bit products that JS has to assemble from 16-bit halves are one i64 multiply here.

const M0: u64 = 0xd2511f53;
const M1: u64 = 0xcd9e8d57;
const W0: u32 = 0x9e3779b9;
const W1: u32 = 0xbb67ae85;

/** The first output word of Philox4x32-10 for counter `(c0, c1, 0, 0)` and key `(k0, k1)`. */
export function philoxFirst(c0: u32, c1: u32, k0: u32, k1: u32): u32 {
  let x0 = c0;
  let x1 = c1;
  let x2: u32 = 0;
  let x3: u32 = 0;
  let key0 = k0;
  let key1 = k1;
  for (let round = 0; round < 10; round++) {
    const p0 = M0 * <u64>x0;
    const p1 = M1 * <u64>x2;
    const n0 = <u32>(p1 >> 32) ^ x1 ^ key0;
    const n2 = <u32>(p0 >> 32) ^ x3 ^ key1;
    x0 = n0;
    x1 = <u32>p1;
    x2 = n2;
    x3 = <u32>p0;
    key0 += W0;
    key1 += W1;
  }
  return x0;
}

/**
 * `out[i] = uniform(counter + i)` for `i < n`: float32 values in [0, 1) with 24 random bits, element
 * `i` drawn from stream counter `counter + i` (`counter` given as two 32-bit halves).
 */
export function uniformF32(out: usize, n: i32, counterLo: u32, counterHi: u32, k0: u32, k1: u32): void {
  let counter = ((<u64>counterHi) << 32) | <u64>counterLo;
  for (let i = 0; i < n; i++, counter++) {
    const u = philoxFirst(<u32>counter, <u32>(counter >> 32), k0, k1);
    store<f32>(out + ((<usize>i) << 2), <f32>(u >>> 8) * 5.9604644775390625e-8);
  }
}
