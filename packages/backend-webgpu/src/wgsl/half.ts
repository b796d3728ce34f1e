/**
 * WGSL for float16 storages, added (after `enable f16;`) to every shader that binds one. Kernels load
 * halves as f32 (exact), compute in f32, and store through {@link HALF}'s `to_f16`, which rounds to
 * nearest even in integer arithmetic: WGSL lets `f16(x)` pick either neighbour of an inexact value and
 * leaves out-of-range conversions undefined, where PyTorch (CUDA's `__float2half_rn`) rounds to nearest
 * even and overflows to infinity. The result is bit-identical to the CPU backend's rounding.
 */
export const HALF = /* wgsl */ `
// The bits of the half nearest to x: ties to even, 65520 and beyond to infinity, NaN stays NaN.
fn half_bits(x: f32) -> u32 {
  let b = bitcast<u32>(x);
  let sign = (b >> 16u) & 0x8000u;
  let e = (b >> 23u) & 0xffu;
  let m = b & 0x7fffffu;
  if (e == 0xffu) { return sign | 0x7c00u | select(0u, 0x200u | (m >> 13u), m != 0u); }
  if (e >= 113u) {
    // Keep 10 mantissa bits, rounding the 13 dropped ones to even; a carry moves into the exponent.
    let r = (b & 0x7fffffffu) + 0xfffu + ((b >> 13u) & 1u);
    let re = r >> 23u;
    if (re > 142u) { return sign | 0x7c00u; }
    return sign | ((re - 112u) << 10u) | ((r >> 13u) & 0x3ffu);
  }
  if (e < 102u) { return sign; }
  // Subnormal halves: multiples of 2^-24, rounded to even on the dropped bits.
  let mant = m | 0x800000u;
  let shift = 126u - e;
  var q = mant >> shift;
  let rest = mant & ((1u << shift) - 1u);
  let halfway = 1u << (shift - 1u);
  if (rest > halfway || (rest == halfway && (q & 1u) == 1u)) { q += 1u; }
  return sign | q;
}
// The bits of x truncated toward zero onto the half grid (uniform random numbers stay below 1).
fn half_bits_trunc(x: f32) -> u32 {
  let b = bitcast<u32>(x);
  let sign = (b >> 16u) & 0x8000u;
  let e = (b >> 23u) & 0xffu;
  if (e >= 113u) { return sign | ((e - 112u) << 10u) | ((b & 0x7fffffu) >> 13u); }
  return sign | u32(floor(abs(x) * 16777216.0));
}
fn half_of(bits: u32) -> f16 { return bitcast<vec2<f16>>(bits).x; }
fn to_f16(x: f32) -> f16 { return half_of(half_bits(x)); }
fn to_f16_trunc(x: f32) -> f16 { return half_of(half_bits_trunc(x)); }
`;
