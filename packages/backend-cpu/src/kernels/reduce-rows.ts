/**
 * Reductions of one strided row `x[i], x[i + s], ..., x[i + (n - 1) * s]`: the innermost loops of
 * the reduce kernel. Each op has its own loop so nothing is called per element.
 */
import type { TypedArray } from '@typetorch/tensor';

/**
 * Sum in double accumulators (float32 inputs lose nothing to intermediate rounding). Four independent
 * accumulators hide the latency of floating-point addition, which otherwise bounds a single running sum.
 */
export function sumRow(x: TypedArray, i: number, s: number, n: number): number {
  let a0 = 0;
  let a1 = 0;
  let a2 = 0;
  let a3 = 0;
  const s2 = 2 * s;
  const s3 = 3 * s;
  const s4 = 4 * s;
  let j = 0;
  for (; j + 3 < n; j += 4, i += s4) {
    a0 += x[i];
    a1 += x[i + s];
    a2 += x[i + s2];
    a3 += x[i + s3];
  }
  for (; j < n; j++, i += s) a0 += x[i];
  return a0 + a1 + (a2 + a3);
}

/** Floating product. */
export function prodRow(x: TypedArray, i: number, s: number, n: number): number {
  let acc = 1;
  for (let j = 0; j < n; j++, i += s) acc *= x[i];
  return acc;
}

/** int32 product wrapping modulo 2^32 as PyTorch's does (a double product would lose low bits). */
export function prodRowInt32(x: TypedArray, i: number, s: number, n: number): number {
  let acc = 1;
  for (let j = 0; j < n; j++, i += s) acc = Math.imul(acc, x[i]);
  return acc;
}

/** Maximum; NaN as soon as one element is NaN (torch.max). Requires `n >= 1`. */
export function maxRow(x: TypedArray, i: number, s: number, n: number): number {
  let acc = x[i];
  for (let j = 1; j < n; j++) {
    const v = x[(i += s)];
    if (v > acc) acc = v;
    else if (v !== v) return v;
  }
  return acc;
}

/** Minimum; NaN as soon as one element is NaN (torch.min). Requires `n >= 1`. */
export function minRow(x: TypedArray, i: number, s: number, n: number): number {
  let acc = x[i];
  for (let j = 1; j < n; j++) {
    const v = x[(i += s)];
    if (v < acc) acc = v;
    else if (v !== v) return v;
  }
  return acc;
}

/** Position of the first maximum within the row; the first NaN counts as the maximum. Requires `n >= 1`. */
export function argmaxRow(x: TypedArray, i: number, s: number, n: number): number {
  let best = x[i];
  if (best !== best) return 0;
  let at = 0;
  for (let j = 1; j < n; j++) {
    const v = x[(i += s)];
    if (v > best) {
      best = v;
      at = j;
    } else if (v !== v) {
      return j;
    }
  }
  return at;
}

/** Position of the first minimum within the row; the first NaN counts as the minimum. Requires `n >= 1`. */
export function argminRow(x: TypedArray, i: number, s: number, n: number): number {
  let best = x[i];
  if (best !== best) return 0;
  let at = 0;
  for (let j = 1; j < n; j++) {
    const v = x[(i += s)];
    if (v < best) {
      best = v;
      at = j;
    } else if (v !== v) {
      return j;
    }
  }
  return at;
}

/** 1 if every element is non-zero (NaN counts as true), else 0. */
export function allRow(x: TypedArray, i: number, s: number, n: number): number {
  for (let j = 0; j < n; j++, i += s) if (x[i] === 0) return 0;
  return 1;
}

/** 1 if some element is non-zero (NaN counts as true), else 0. */
export function anyRow(x: TypedArray, i: number, s: number, n: number): number {
  for (let j = 0; j < n; j++, i += s) if (x[i] !== 0) return 1;
  return 0;
}
