/**
 * Fused optimizer steps: one pass over the parameter and its state instead of the dozen kernels and
 * temporaries of the composed update in `@typetorch/optim`.
 *
 * The float32 loop rounds every intermediate to float32 where PyTorch's CPU kernels do (AVX2 build):
 * `x.add_(y, alpha=a)` and `addcmul_` are single-rounding fused multiply-adds there, which the
 * double-precision products here reproduce (a float32 product is exact in a double), and `addcdiv_`
 * is `self + (value * t1) / t2`. So this kernel tracks torch.optim's single-tensor Adam to the last bit
 * or so; the float64 loop computes the same formula in doubles.
 */
import type { FastPaths, View } from '@typetorch/tensor';
import { numel } from '../strided.js';
import { denseArray } from './dense.js';

type AdamStepOptions = Parameters<NonNullable<FastPaths['adamStep']>>[5];

/** Per-step scalars shared by both loops. */
interface AdamScalars {
  beta1: number;
  oneMinusBeta1: number;
  beta2: number;
  oneMinusBeta2: number;
  weightDecay: number;
  /** AdamW's `1 - lr * weightDecay`; 1 when there is nothing to decay. */
  decay: number;
  biasCorrection2Sqrt: number;
  negStepSize: number;
  eps: number;
}

function scalars(o: AdamStepOptions, round: (x: number) => number): AdamScalars {
  const biasCorrection1 = 1 - o.beta1 ** o.step;
  const biasCorrection2 = 1 - o.beta2 ** o.step;
  return {
    beta1: round(o.beta1),
    oneMinusBeta1: round(1 - o.beta1),
    beta2: round(o.beta2),
    oneMinusBeta2: round(1 - o.beta2),
    weightDecay: round(o.weightDecay),
    decay: o.decoupled ? round(1 - o.lr * o.weightDecay) : 1,
    biasCorrection2Sqrt: round(Math.sqrt(biasCorrection2)),
    negStepSize: round(-(o.lr / biasCorrection1)),
    eps: round(o.eps),
  };
}

/** NaN-propagating maximum (torch.maximum). */
function maximum(a: number, b: number): number {
  return a !== a || b !== b ? Number.NaN : a > b ? a : b;
}

/**
 * One Adam/AdamW step over contiguous views (see `FastPaths.adamStep` in the contract for the
 * formula); param, expAvg, expAvgSq and maxExpAvgSq are written in place.
 */
export function adamStep(
  param: View,
  grad: View,
  expAvg: View,
  expAvgSq: View,
  maxExpAvgSq: View | null,
  options: AdamStepOptions,
): void {
  const n = numel(param.shape);
  if (n === 0) return;
  const p = denseArray(param, n);
  const g = denseArray(grad, n);
  const m = denseArray(expAvg, n);
  const v = denseArray(expAvgSq, n);
  const vmax = maxExpAvgSq === null ? null : denseArray(maxExpAvgSq, n);
  if (p === undefined || g === undefined || m === undefined || v === undefined || vmax === undefined) {
    throw new Error('adamStep(): every tensor must be contiguous');
  }
  if (options.amsgrad && vmax === null) throw new Error('adamStep(): amsgrad needs maxExpAvgSq');
  if (param.dtype === 'float32') {
    adamFloat32(
      p as Float32Array,
      g as Float32Array,
      m as Float32Array,
      v as Float32Array,
      vmax as Float32Array | null,
      n,
      options,
    );
  } else if (param.dtype === 'float64') {
    adamFloat64(
      p as Float64Array,
      g as Float64Array,
      m as Float64Array,
      v as Float64Array,
      vmax as Float64Array | null,
      n,
      options,
    );
  } else {
    throw new TypeError(`adamStep(): expected a floating dtype, got ${param.dtype}`);
  }
}

function adamFloat32(
  p: Float32Array,
  g: Float32Array,
  m: Float32Array,
  v: Float32Array,
  vmax: Float32Array | null,
  n: number,
  o: AdamStepOptions,
): void {
  const f = Math.fround;
  const s = scalars(o, f);
  const { beta1, oneMinusBeta1, beta2, oneMinusBeta2, weightDecay, decay, biasCorrection2Sqrt, negStepSize, eps } =
    s;
  const l2 = !o.decoupled && o.weightDecay !== 0;
  const decoupled = decay !== 1;
  const maximize = o.maximize;
  for (let i = 0; i < n; i++) {
    let gi = maximize ? -g[i] : g[i];
    let pi = p[i];
    if (decoupled) pi = f(pi * decay);
    else if (l2) gi = f(gi + weightDecay * pi); // fma(param, weightDecay, grad)
    const mi = f(f(m[i] * beta1) + oneMinusBeta1 * gi); // mul_, then add_(alpha): fma
    const vi = f(f(v[i] * beta2) + f(oneMinusBeta2 * gi) * gi); // mul_, then addcmul_: fma(value * g, g, v)
    m[i] = mi;
    v[i] = vi;
    let second = vi;
    if (vmax !== null) second = vmax[i] = maximum(vmax[i], vi);
    const denom = f(f(f(Math.sqrt(second)) / biasCorrection2Sqrt) + eps);
    p[i] = pi + f(f(negStepSize * mi) / denom); // addcdiv_: param + (value * expAvg) / denom
  }
}

function adamFloat64(
  p: Float64Array,
  g: Float64Array,
  m: Float64Array,
  v: Float64Array,
  vmax: Float64Array | null,
  n: number,
  o: AdamStepOptions,
): void {
  const s = scalars(o, (x) => x);
  const { beta1, oneMinusBeta1, beta2, oneMinusBeta2, weightDecay, decay, biasCorrection2Sqrt, negStepSize, eps } =
    s;
  const l2 = !o.decoupled && o.weightDecay !== 0;
  const decoupled = decay !== 1;
  const maximize = o.maximize;
  for (let i = 0; i < n; i++) {
    let gi = maximize ? -g[i] : g[i];
    let pi = p[i];
    if (decoupled) pi *= decay;
    else if (l2) gi += weightDecay * pi;
    const mi = m[i] * beta1 + oneMinusBeta1 * gi;
    const vi = v[i] * beta2 + oneMinusBeta2 * gi * gi;
    m[i] = mi;
    v[i] = vi;
    let second = vi;
    if (vmax !== null) second = vmax[i] = maximum(vmax[i], vi);
    p[i] = pi + (negStepSize * mi) / (Math.sqrt(second) / biasCorrection2Sqrt + eps);
  }
}
