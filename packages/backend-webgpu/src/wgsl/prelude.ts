/**
 * WGSL shared by every shader: strided index arithmetic over the metadata words and float helpers that
 * do not depend on how a driver compiles NaN comparisons (NaN tests go through the bit pattern).
 * WGSL forbids infinities and NaNs in constant expressions, so they are built from runtime bits.
 */
export const PRELUDE = /* wgsl */ `
// Element offset of linear index i in a row-major walk of md[shapeAt .. shapeAt+rank) with the
// strides (signed) at md[stridesAt ..]. Shapes are walked from the last dim.
fn strided(shapeAt: u32, rank: u32, stridesAt: u32, i: u32) -> i32 {
  if (rank == 1u) { return i32(i) * bitcast<i32>(md[stridesAt]); }
  var o = 0;
  var rem = i;
  for (var d = rank; d > 0u; d--) {
    let s = md[shapeAt + d - 1u];
    o += i32(rem % s) * bitcast<i32>(md[stridesAt + d - 1u]);
    rem = rem / s;
  }
  return o;
}

fn is_nan(x: f32) -> bool { return (bitcast<u32>(x) & 0x7fffffffu) > 0x7f800000u; }
fn is_inf(x: f32) -> bool { return (bitcast<u32>(x) & 0x7fffffffu) == 0x7f800000u; }
// Non-zero test that treats NaN (and -0) as a float's truth value does: NaN is true, -0 is false.
fn truthy(x: f32) -> bool { return (bitcast<u32>(x) & 0x7fffffffu) != 0u; }
fn pos_inf() -> f32 { return bitcast<f32>(0x7f800000u | (md[0] & 0u)); }
fn neg_inf() -> f32 { return bitcast<f32>(0xff800000u | (md[0] & 0u)); }
fn nan() -> f32 { return bitcast<f32>(0x7fc00000u | (md[0] & 0u)); }
`;

/**
 * The standard 1-D loop header: invocation `i` visits `i, i + stride, ...` below `n`, so any number of
 * elements fits in the dispatch limit.
 */
export const GRID_LOOP = /* wgsl */ `
@compute @workgroup_size(WG)
fn main(@builtin(workgroup_id) wid: vec3u, @builtin(num_workgroups) nwg: vec3u, @builtin(local_invocation_index) lid: u32) {
  let n = md[0];
  let stride = nwg.x * WG;
  for (var i = wid.x * WG + lid; i < n; i += stride) {
    body(i);
  }
}
`;
