/**
 * Fused cross entropy of class-index targets and its gradient (see `FastPaths.crossEntropy` and
 * `crossEntropyBackward` in the contract): per row, one pass for the max, one for the sum of
 * exponentials and, with label smoothing, one for the uniform term; the backward writes each
 * gradient element once. Arithmetic is in double precision whatever the storage dtype.
 */
import type { CrossEntropyKernelOptions, TypedArray, View } from '@typetorch/tensor';
import { storageOf } from './dense.js';

/** The per-class weights (1 without a weight view). */
function weightsOf(weight: View | null, C: number): (c: number) => number {
  if (weight === null) return () => 1;
  const w = storageOf(weight);
  const at = weight.offset;
  const step = C > 1 ? weight.strides[0] : 1;
  return (c) => w[at + c * step];
}

/** Sum over the row of `w[c] * -log_softmax(x)[c]`: the uniform part of a label-smoothed loss. */
function uniformTerm(
  x: TypedArray,
  row: number,
  C: number,
  shift: number,
  logSum: number,
  w: (c: number) => number,
): number {
  let acc = 0;
  for (let c = 0; c < C; c++) acc += w(c) * (shift - x[row + c] + logSum);
  return acc;
}

/** `FastPaths.crossEntropy`: per-row losses, target weights and log-softmax normalisers. */
export function crossEntropy(
  logits: View,
  target: View,
  weight: View | null,
  loss: View,
  targetWeight: View,
  normalizer: View,
  options: CrossEntropyKernelOptions,
): void {
  const [N, C] = logits.shape;
  const x = storageOf(logits);
  const t = storageOf(target);
  const lossOut = storageOf(loss);
  const weightOut = storageOf(targetWeight);
  const normOut = storageOf(normalizer);
  const w = weightsOf(weight, C);
  const { ignoreIndex, labelSmoothing: s } = options;
  const tStride = target.strides[0] ?? 1;
  for (let n = 0; n < N; n++) {
    const row = logits.offset + n * C;
    let m = Number.NEGATIVE_INFINITY;
    for (let c = 0; c < C; c++) {
      const v = x[row + c];
      if (v > m || v !== v) m = v;
    }
    // log_softmax's normaliser: a row of only -Infinity shifts by 0 (and gives -Infinity).
    const shift = m === Number.NEGATIVE_INFINITY ? 0 : m;
    let sumExp = 0;
    for (let c = 0; c < C; c++) sumExp += Math.exp(x[row + c] - shift);
    const logSum = Math.log(sumExp);
    normOut[normalizer.offset + 2 * n] = shift;
    normOut[normalizer.offset + 2 * n + 1] = logSum;
    const y = t[target.offset + n * tStride];
    const lossAt = loss.offset + n;
    const weightAt = targetWeight.offset + n;
    if (y === ignoreIndex) {
      lossOut[lossAt] = 0;
      weightOut[weightAt] = 0;
    } else if (y < 0 || y >= C) {
      lossOut[lossAt] = Number.NaN;
      weightOut[weightAt] = Number.NaN;
    } else {
      const wy = w(y);
      const nll = wy * (shift - x[row + y] + logSum);
      lossOut[lossAt] = s > 0 ? (1 - s) * nll + (s / C) * uniformTerm(x, row, C, shift, logSum, w) : nll;
      weightOut[weightAt] = wy;
    }
  }
}

/** `FastPaths.crossEntropyBackward`: the logits' gradient, each element written once. */
export function crossEntropyBackward(
  gradLoss: View,
  logits: View,
  target: View,
  weight: View | null,
  normalizer: View,
  out: View,
  options: CrossEntropyKernelOptions,
): void {
  const [N, C] = logits.shape;
  const x = storageOf(logits);
  const t = storageOf(target);
  const g = storageOf(gradLoss);
  const norm = storageOf(normalizer);
  const o = storageOf(out);
  const w = weightsOf(weight, C);
  const { ignoreIndex, labelSmoothing: s } = options;
  const tStride = target.strides[0] ?? 1;
  const gStride = gradLoss.strides[0] ?? 1;
  // With smoothing and weights, the softmax's factor is a = (1 - s) * w[y] + (s / C) * sum(w)
  // (without weights sum(w) = C, so a = 1).
  let weightSum = 0;
  if (s > 0 && weight !== null) for (let c = 0; c < C; c++) weightSum += w(c);
  for (let n = 0; n < N; n++) {
    const row = logits.offset + n * C;
    const outRow = out.offset + n * C;
    const y = t[target.offset + n * tStride];
    const shift = norm[normalizer.offset + 2 * n];
    const logSum = norm[normalizer.offset + 2 * n + 1];
    if (y === ignoreIndex) {
      // 0 whatever gradLoss, NaN where the softmax is (PyTorch's log_softmax backward of a 0 gradient).
      for (let c = 0; c < C; c++) o[outRow + c] = 0 * Math.exp(x[row + c] - shift - logSum);
      continue;
    }
    if (y < 0 || y >= C) {
      o.fill(Number.NaN, outRow, outRow + C);
      continue;
    }
    const gn = g[gradLoss.offset + n * gStride];
    const wy = w(y);
    if (s > 0) {
      const a = weight === null ? 1 : (1 - s) * wy + (s / C) * weightSum;
      const sc = s / C;
      for (let c = 0; c < C; c++)
        o[outRow + c] = gn * (a * Math.exp(x[row + c] - shift - logSum) - sc * w(c));
      o[outRow + y] = gn * (a * Math.exp(x[row + y] - shift - logSum) - (1 - s) * wy - sc * wy);
    } else {
      const scale = gn * wy;
      for (let c = 0; c < C; c++) o[outRow + c] = scale * Math.exp(x[row + c] - shift - logSum);
      o[outRow + y] = scale * (Math.exp(x[row + y] - shift - logSum) - 1);
    }
  }
}
