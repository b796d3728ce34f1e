/**
 * Scalar functions with PyTorch's semantics where WGSL's built-ins are undefined or imprecise:
 * log/sqrt of negatives, pow of negative bases, expm1/log1p near 0, erf, floor division and remainder,
 * and JavaScript's float-to-int32 conversion (truncate, wrap modulo 2^32, NaN and infinities to 0)
 * that the CPU backend's Int32Array stores perform.
 */
export const MATH = /* wgsl */ `
fn log_(x: f32) -> f32 {
  if (is_nan(x) || x < 0.0) { return nan(); }
  if (x == 0.0) { return neg_inf(); }
  if (is_inf(x)) { return x; }
  return log(x);
}
fn sqrt_(x: f32) -> f32 {
  if (is_nan(x) || x < 0.0) { return nan(); }
  if (is_inf(x) || x == 0.0) { return x; }
  return sqrt(x);
}
fn exp_(x: f32) -> f32 {
  if (is_nan(x)) { return x; }
  if (x > 88.8) { return pos_inf(); }
  if (x < -104.0) { return 0.0; }
  return exp(x);
}
// Kahan's expm1: exact near 0 where exp(x) - 1 cancels.
fn expm1_(x: f32) -> f32 {
  if (is_nan(x) || x > 88.8) { return exp_(x); }
  if (x < -20.0) { return -1.0; }
  let u = exp(x);
  if (u == 1.0) { return x; }
  let um1 = u - 1.0;
  if (um1 == -1.0) { return -1.0; }
  return um1 * x / log(u);
}
// Kahan's log1p.
fn log1p_(x: f32) -> f32 {
  if (is_nan(x) || x < -1.0) { return nan(); }
  if (x == -1.0) { return neg_inf(); }
  if (is_inf(x)) { return x; }
  let u = 1.0 + x;
  if (u == 1.0) { return x; }
  return log(u) * x / (u - 1.0);
}
fn sin_(x: f32) -> f32 { if (is_nan(x) || is_inf(x)) { return nan(); } return sin(x); }
fn cos_(x: f32) -> f32 { if (is_nan(x) || is_inf(x)) { return nan(); } return cos(x); }
fn tanh_(x: f32) -> f32 {
  if (is_nan(x)) { return x; }
  let a = abs(x);
  var r = 1.0;
  if (a < 9.0) {
    let e = expm1_(-2.0 * a);
    r = -e / (2.0 + e);
  }
  return select(r, -r, x < 0.0);
}
fn sigmoid_(x: f32) -> f32 { return 1.0 / (1.0 + exp_(-x)); }
fn relu_(x: f32) -> f32 { return select(x, 0.0, x < 0.0 && !is_nan(x)); }
fn sign_(x: f32) -> f32 {
  if (is_nan(x)) { return x; }
  return select(select(0.0, -1.0, x < 0.0), 1.0, x > 0.0);
}
fn maximum_(a: f32, b: f32) -> f32 { if (is_nan(a) || is_nan(b)) { return nan(); } return max(a, b); }
fn minimum_(a: f32, b: f32) -> f32 { if (is_nan(a) || is_nan(b)) { return nan(); } return min(a, b); }
fn unordered(a: f32, b: f32) -> bool { return is_nan(a) || is_nan(b); }

// Integer powers by squaring are exact where exp2(y * log2(x)) is not.
fn powi_(x: f32, n: u32) -> f32 {
  var r = 1.0;
  var b = x;
  var e = n;
  loop {
    if ((e & 1u) != 0u) { r *= b; }
    e = e >> 1u;
    if (e == 0u) { break; }
    b *= b;
  }
  return r;
}
// C's pow (as PyTorch): pow(x, 0) = 1 and pow(1, y) = 1 even for NaN; negative bases need integer y.
fn pow_(x: f32, y: f32) -> f32 {
  if (y == 0.0 || x == 1.0) { return 1.0; }
  if (is_nan(x) || is_nan(y)) { return nan(); }
  let ax = abs(x);
  if (is_inf(y)) {
    if (ax == 1.0) { return 1.0; }
    if ((ax > 1.0) == (y > 0.0)) { return pos_inf(); }
    return 0.0;
  }
  let integral = floor(y) == y;
  if (x < 0.0 && !integral && !is_inf(x)) { return nan(); }
  var r: f32;
  if (integral && abs(y) <= 64.0) {
    r = powi_(ax, u32(abs(y)));
    if (y < 0.0) { r = 1.0 / r; }
  } else if (ax == 0.0) {
    r = select(0.0, pos_inf(), y < 0.0);
  } else if (is_inf(ax)) {
    r = select(pos_inf(), 0.0, y < 0.0);
  } else {
    r = exp2(y * log2(ax));
  }
  let odd = integral && abs(y) < 16777216.0 && (i32(abs(y)) & 1) == 1;
  let negative = (bitcast<u32>(x) >> 31u) != 0u;
  return select(r, -r, odd && negative);
}

// The exact product a * b as p + e (Dekker's two-product with Veltkamp splitting): WGSL's fma need not
// be fused, so it cannot give the exact residual.
fn split_(a: f32) -> vec2<f32> {
  let c = 4097.0 * a;
  let hi = c - (c - a);
  return vec2<f32>(hi, a - hi);
}
fn two_prod(a: f32, b: f32) -> vec2<f32> {
  let p = a * b;
  let x = split_(a);
  let y = split_(b);
  let e = ((x.x * y.x - p) + x.x * y.y + x.y * y.x) + x.y * y.y;
  return vec2<f32>(p, e);
}
// fmod with the residual computed exactly, corrected when |a| / |b| rounded across an integer
// (exact while the quotient is below 2^24).
fn fmod_(a: f32, b: f32) -> f32 {
  if (b == 0.0 || is_inf(a) || is_nan(a) || is_nan(b)) { return nan(); }
  if (is_inf(b)) { return a; }
  let aa = abs(a);
  let ab = abs(b);
  let q = trunc(aa / ab);
  let pe = two_prod(ab, q);
  var r = (aa - pe.x) - pe.y;
  if (r < 0.0) { r += ab; }
  if (r >= ab) { r -= ab; }
  return select(r, -r, a < 0.0);
}
// torch.floor_divide: the quotient from the exact fmod, rounded toward -infinity (as PyTorch's div_floor).
fn floordiv_(x: f32, y: f32) -> f32 {
  if (y == 0.0) { return x / y; }
  let m = fmod_(x, y);
  var d = (x - m) / y;
  if (m != 0.0 && (y < 0.0) != (m < 0.0)) { d -= 1.0; }
  if (d == 0.0) {
    let q = x / y;
    return select(0.0, -0.0, q < 0.0 || (bitcast<u32>(q) == 0x80000000u));
  }
  let f = floor(d);
  return select(f, f + 1.0, d - f > 0.5);
}
fn remainder_(x: f32, y: f32) -> f32 {
  let m = fmod_(x, y);
  return select(m, m + y, m != 0.0 && (m < 0.0) != (y < 0.0));
}
fn ifloordiv_(a: i32, b: i32) -> i32 {
  if (b == 0) { return 0; }
  var q = a / b;
  if ((a % b) != 0 && ((a < 0) != (b < 0))) { q -= 1; }
  return q;
}
fn iremainder_(a: i32, b: i32) -> i32 {
  if (b == 0) { return 0; }
  let r = a % b;
  return select(r, r + b, r != 0 && ((r < 0) != (b < 0)));
}
fn ipow_(a: i32, b: i32) -> i32 {
  if (b < 0) {
    if (a == 1) { return 1; }
    if (a == -1) { return select(1, -1, (b & 1) != 0); }
    return 0;
  }
  var r = 1;
  var x = a;
  var e = u32(b);
  loop {
    if ((e & 1u) != 0u) { r *= x; }
    e = e >> 1u;
    if (e == 0u) { break; }
    x *= x;
  }
  return r;
}
fn isign_(x: i32) -> i32 { return select(select(0, -1, x < 0), 1, x > 0); }

// JavaScript's ToInt32 (what an Int32Array store does): truncate, wrap modulo 2^32; NaN and infinities
// become 0.
fn to_i32(x: f32) -> i32 {
  if (abs(x) < 2147483648.0) { return i32(x); }
  let bits = bitcast<u32>(x);
  let e = i32((bits >> 23u) & 0xffu) - 127;
  if (e == 128) { return 0; }
  let sh = e - 23;
  var low = 0u;
  if (sh < 32) { low = ((bits & 0x7fffffu) | 0x800000u) << u32(sh); }
  if ((bits >> 31u) != 0u) { low = ~low + 1u; }
  return bitcast<i32>(low);
}

// W. J. Cody's rational approximations of erf/erfc (the CPU backend's algorithm) in float32.
fn exp_neg_square(y: f32) -> f32 {
  let head = trunc(y * 16.0) / 16.0;
  let del = (y - head) * (y + head);
  return exp(-head * head) * exp(-del);
}
fn erf_(x: f32) -> f32 {
  if (is_nan(x)) { return x; }
  let y = abs(x);
  if (y <= 0.46875) {
    var z = 0.0;
    if (y > 1.11e-16) { z = y * y; }
    var num = 0.18577770618460315 * z;
    var den = z;
    num = (num + 3.1611237438705655) * z;
    den = (den + 23.601290952344122) * z;
    num = (num + 113.86415415105016) * z;
    den = (den + 244.02463793444417) * z;
    num = (num + 377.485237685302) * z;
    den = (den + 1282.6165260773723) * z;
    return (x * (num + 3209.3775891384694)) / (den + 2844.236833439171);
  }
  var erfc = 0.0;
  if (y <= 4.0) {
    var num = 2.1531153547440383e-8 * y;
    var den = y;
    num = (num + 0.5641884969886701) * y; den = (den + 15.744926110709835) * y;
    num = (num + 8.883149794388377) * y; den = (den + 117.6939508913125) * y;
    num = (num + 66.11919063714163) * y; den = (den + 537.1811018620099) * y;
    num = (num + 298.6351381974001) * y; den = (den + 1621.3895745666903) * y;
    num = (num + 881.952221241769) * y; den = (den + 3290.7992357334597) * y;
    num = (num + 1712.0476126340707) * y; den = (den + 4362.619090143247) * y;
    num = (num + 2051.0783778260716) * y; den = (den + 3439.3676741437216) * y;
    erfc = exp_neg_square(y) * ((num + 1230.3393547979972) / (den + 1230.3393548037495));
  } else if (y < 10.0) {
    let z = 1.0 / (y * y);
    var num = 0.016315387137302097 * z;
    var den = z;
    num = (num + 0.30532663496123236) * z; den = (den + 2.568520192289822) * z;
    num = (num + 0.36034489994980445) * z; den = (den + 1.8729528499234604) * z;
    num = (num + 0.12578172611122926) * z; den = (den + 0.5279051029514285) * z;
    num = (num + 0.016083785148742275) * z; den = (den + 0.06051834131244132) * z;
    let r = (z * (num + 0.0006587491615298378)) / (den + 0.0023352049762686918);
    erfc = exp_neg_square(y) * ((0.5641895835477563 - r) / y);
  }
  let r = 0.5 - erfc + 0.5;
  return select(r, -r, x < 0.0);
}
`;
