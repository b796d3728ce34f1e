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
import { numelOf } from '@typetorch/tensor';
import { parallelAdam } from '../wasm/parallel.js';
import { wasmRuntime } from '../wasm/runtime.js';
import { denseArray } from './dense.js';

type AdamStepOptions = Parameters<NonNullable<FastPaths['adamStep']>>[5];

/** Per-step scalars shared by both loops, rounded to the dtype as the composition's scalar operands are. */
interface AdamScalars {
  /** -1 with `maximize` (negating is exact), else 1. */
  sign: number;
  beta1: number;
  oneMinusBeta1: number;
  beta2: number;
  oneMinusBeta2: number;
  /** Adam's L2 coefficient; 0 for AdamW (or none). */
  l2: number;
  /** AdamW's `1 - lr * weightDecay`; exactly 1 for Adam (multiplying by 1 is exact). */
  decay: number;
  biasCorrection2Sqrt: number;
  negStepSize: number;
  eps: number;
}

function scalars(o: AdamStepOptions, round: (x: number) => number): AdamScalars {
  const biasCorrection1 = 1 - o.beta1 ** o.step;
  const biasCorrection2 = 1 - o.beta2 ** o.step;
  return {
    sign: o.maximize ? -1 : 1,
    beta1: round(o.beta1),
    oneMinusBeta1: round(1 - o.beta1),
    beta2: round(o.beta2),
    oneMinusBeta2: round(1 - o.beta2),
    l2: o.decoupled ? 0 : round(o.weightDecay),
    decay: o.decoupled ? round(1 - o.lr * o.weightDecay) : 1,
    biasCorrection2Sqrt: round(Math.sqrt(biasCorrection2)),
    negStepSize: round(-(o.lr / biasCorrection1)),
    eps: round(o.eps),
  };
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
  const n = numelOf(param.shape);
  if (n === 0) return;
  const p = denseArray(param, n);
  const g = denseArray(grad, n);
  const m = denseArray(expAvg, n);
  const v = denseArray(expAvgSq, n);
  const vmax = maxExpAvgSq === null ? null : denseArray(maxExpAvgSq, n);
  if (p === undefined || g === undefined || m === undefined || v === undefined || vmax === undefined) {
    throw new Error('adamStep(): every tensor must be contiguous');
  }
  if (options.amsgrad !== (vmax !== null))
    throw new Error('adamStep(): maxExpAvgSq is given exactly with amsgrad');
  if (param.dtype === 'float32') {
    const s = scalars(options, Math.fround);
    if (adamInWasm([param, grad, expAvg, expAvgSq, maxExpAvgSq], n, s)) return;
    const args = [p, g, m, v, vmax, n, s] as const;
    if (s.l2 !== 0) adamFloat32L2(...(args as unknown as Float32Args));
    else adamFloat32(...(args as unknown as Float32Args));
  } else if (param.dtype === 'float64') {
    adamFloat64(
      p as Float64Array,
      g as Float64Array,
      m as Float64Array,
      v as Float64Array,
      vmax as Float64Array | null,
      n,
      scalars(options, (x) => x),
    );
  } else {
    throw new TypeError(`adamStep(): expected a floating dtype, got ${param.dtype}`);
  }
}

/**
 * The WebAssembly SIMD version of the float32 loops (`assembly/optim.ts`, bit-identical to them) when
 * every tensor lives in the kernels' memory; false otherwise (the TypeScript loops run).
 */
function adamInWasm(views: (View | null)[], n: number, s: AdamScalars): boolean {
  const rt = wasmRuntime();
  if (rt === null) return false;
  const ptrs = [0, 0, 0, 0, 0];
  for (let i = 0; i < views.length; i++) {
    const view = views[i];
    if (view === null) continue;
    if (!rt.owns(view.storage)) return false;
    ptrs[i] = view.storage.byteOffset + view.offset * 4;
  }
  // The kernel's scalar arguments, in order (large parameters split across threads).
  const args = [
    s.sign,
    s.beta1,
    s.oneMinusBeta1,
    s.beta2,
    s.oneMinusBeta2,
    s.l2,
    s.decay,
    s.biasCorrection2Sqrt,
    s.negStepSize,
    s.eps,
  ] as const;
  if (!parallelAdam(rt, ptrs, n, args))
    rt.kernels.adamStepF32(ptrs[0], ptrs[1], ptrs[2], ptrs[3], ptrs[4], n, ...args);
  return true;
}

type Float32Args = [
  Float32Array,
  Float32Array,
  Float32Array,
  Float32Array,
  Float32Array | null,
  number,
  AdamScalars,
];

// The float32 loops round after every operation PyTorch rounds after. `Math.max` propagates NaN, as
// torch.maximum does. Adam with an L2 penalty has its own loop so the common cases carry no extra work.

function adamFloat32(
  p: Float32Array,
  g: Float32Array,
  m: Float32Array,
  v: Float32Array,
  vmax: Float32Array | null,
  n: number,
  s: AdamScalars,
): void {
  const f = Math.fround;
  const { sign, beta1, oneMinusBeta1, beta2, oneMinusBeta2, decay, biasCorrection2Sqrt, negStepSize, eps } =
    s;
  for (let i = 0; i < n; i++) {
    const gi = sign * g[i];
    const mi = f(f(m[i] * beta1) + oneMinusBeta1 * gi); // mul_, then add_(alpha): a fused multiply-add
    const vi = f(f(v[i] * beta2) + f(oneMinusBeta2 * gi) * gi); // mul_, then addcmul_: fma(value * g, g, v)
    m[i] = mi;
    v[i] = vi;
    const second = vmax === null ? vi : (vmax[i] = Math.max(vmax[i], vi));
    const denom = f(f(f(Math.sqrt(second)) / biasCorrection2Sqrt) + eps);
    p[i] = f(p[i] * decay) + f(f(negStepSize * mi) / denom); // addcdiv_: param + (value * expAvg) / denom
  }
}

function adamFloat32L2(
  p: Float32Array,
  g: Float32Array,
  m: Float32Array,
  v: Float32Array,
  vmax: Float32Array | null,
  n: number,
  s: AdamScalars,
): void {
  const f = Math.fround;
  const { sign, beta1, oneMinusBeta1, beta2, oneMinusBeta2, l2, biasCorrection2Sqrt, negStepSize, eps } = s;
  for (let i = 0; i < n; i++) {
    const pi = p[i];
    const gi = f(sign * g[i] + l2 * pi); // grad.add(param, alpha=weight_decay): a fused multiply-add
    const mi = f(f(m[i] * beta1) + oneMinusBeta1 * gi);
    const vi = f(f(v[i] * beta2) + f(oneMinusBeta2 * gi) * gi);
    m[i] = mi;
    v[i] = vi;
    const second = vmax === null ? vi : (vmax[i] = Math.max(vmax[i], vi));
    const denom = f(f(f(Math.sqrt(second)) / biasCorrection2Sqrt) + eps);
    p[i] = pi + f(f(negStepSize * mi) / denom);
  }
}

function adamFloat64(
  p: Float64Array,
  g: Float64Array,
  m: Float64Array,
  v: Float64Array,
  vmax: Float64Array | null,
  n: number,
  s: AdamScalars,
): void {
  const {
    sign,
    beta1,
    oneMinusBeta1,
    beta2,
    oneMinusBeta2,
    l2,
    decay,
    biasCorrection2Sqrt,
    negStepSize,
    eps,
  } = s;
  const withL2 = l2 !== 0;
  for (let i = 0; i < n; i++) {
    const pi = p[i];
    let gi = sign * g[i];
    if (withL2) gi += l2 * pi;
    const mi = m[i] * beta1 + oneMinusBeta1 * gi;
    const vi = v[i] * beta2 + oneMinusBeta2 * gi * gi;
    m[i] = mi;
    v[i] = vi;
    const second = vmax === null ? vi : (vmax[i] = Math.max(vmax[i], vi));
    p[i] = pi * decay + (negStepSize * mi) / (Math.sqrt(second) / biasCorrection2Sqrt + eps);
  }
}
