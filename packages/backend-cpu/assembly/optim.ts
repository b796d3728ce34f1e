// The fused float32 Adam/AdamW step with 128-bit SIMD (the TypeScript reference is
// src/kernels/optim.ts; the formula and every rounding step are the same, so results are bit-identical).
//
// Most steps of the reference round a product or quotient of two float32 values once to float32, which
// is exactly a float32 operation. Two steps add a float32 value and an unrounded product, rounding once
// at the end (PyTorch's fused multiply-adds): those run in float64 lanes (`roundedMulAdd`), where the
// product of two float32 values is exact, as in the reference's double arithmetic.

/** float32(a + b * c) computed in float64, lane by lane, as the reference's `Math.fround(a + b * c)`. */
function roundedMulAdd(a: v128, b: v128, c: v128): v128 {
  const lo = f64x2.add(
    f64x2.promote_low_f32x4(a),
    f64x2.mul(f64x2.promote_low_f32x4(b), f64x2.promote_low_f32x4(c)),
  );
  const ah = v128.shuffle<f32>(a, a, 2, 3, 0, 1);
  const bh = v128.shuffle<f32>(b, b, 2, 3, 0, 1);
  const ch = v128.shuffle<f32>(c, c, 2, 3, 0, 1);
  const hi = f64x2.add(
    f64x2.promote_low_f32x4(ah),
    f64x2.mul(f64x2.promote_low_f32x4(bh), f64x2.promote_low_f32x4(ch)),
  );
  return v128.shuffle<f32>(f32x4.demote_f64x2_zero(lo), f32x4.demote_f64x2_zero(hi), 0, 1, 4, 5);
}

/**
 * One Adam step over `n` float32 elements in place: `p` param, `g` grad, `m` exp_avg, `v` exp_avg_sq,
 * `vmax` max_exp_avg_sq (0 without amsgrad). Scalars as in the reference's `AdamScalars`, already
 * rounded to float32; `l2` is 0 unless Adam (not AdamW) has weight decay, `decay` is 1 unless AdamW.
 */
export function adamStepF32(
  p: usize,
  g: usize,
  m: usize,
  v: usize,
  vmax: usize,
  n: i32,
  sign: f32,
  beta1: f32,
  oneMinusBeta1: f32,
  beta2: f32,
  oneMinusBeta2: f32,
  l2: f32,
  decay: f32,
  biasCorrection2Sqrt: f32,
  negStepSize: f32,
  eps: f32,
): void {
  const vSign = f32x4.splat(sign);
  const vBeta1 = f32x4.splat(beta1);
  const vOmb1 = f32x4.splat(oneMinusBeta1);
  const vBeta2 = f32x4.splat(beta2);
  const vOmb2 = f32x4.splat(oneMinusBeta2);
  const vL2 = f32x4.splat(l2);
  const vDecay = f32x4.splat(decay);
  const vBc2 = f32x4.splat(biasCorrection2Sqrt);
  const vStep = f32x4.splat(negStepSize);
  const vEps = f32x4.splat(eps);
  const withL2 = l2 !== 0;
  const amsgrad = vmax !== 0;
  const n4 = n & ~3;
  for (let i = 0; i < n4; i += 4) {
    const o = (<usize>i) << 2;
    const pi = v128.load(p + o);
    let gi = f32x4.mul(vSign, v128.load(g + o));
    if (withL2) gi = roundedMulAdd(gi, vL2, pi);
    const mi = roundedMulAdd(f32x4.mul(v128.load(m + o), vBeta1), vOmb1, gi);
    const vi = roundedMulAdd(f32x4.mul(v128.load(v + o), vBeta2), f32x4.mul(vOmb2, gi), gi);
    v128.store(m + o, mi);
    v128.store(v + o, vi);
    let second = vi;
    if (amsgrad) {
      second = f32x4.max(v128.load(vmax + o), vi);
      v128.store(vmax + o, second);
    }
    const denom = f32x4.add(f32x4.div(f32x4.sqrt(second), vBc2), vEps);
    v128.store(p + o, f32x4.add(f32x4.mul(pi, vDecay), f32x4.div(f32x4.mul(vStep, mi), denom)));
  }
  for (let i = n4; i < n; i++) {
    const o = (<usize>i) << 2;
    const pi = load<f32>(p + o);
    let gi: f32 = sign * load<f32>(g + o);
    if (withL2) gi = <f32>(<f64>gi + <f64>l2 * <f64>pi);
    const mi = <f32>(<f64>(load<f32>(m + o) * beta1) + <f64>oneMinusBeta1 * <f64>gi);
    const vi = <f32>(<f64>(load<f32>(v + o) * beta2) + <f64>(oneMinusBeta2 * gi) * <f64>gi);
    store<f32>(m + o, mi);
    store<f32>(v + o, vi);
    let second = vi;
    if (amsgrad) {
      second = max(load<f32>(vmax + o), vi);
      store<f32>(vmax + o, second);
    }
    const denom = sqrt<f32>(second) / biasCorrection2Sqrt + eps;
    store<f32>(p + o, pi * decay + (negStepSize * mi) / denom);
  }
}
