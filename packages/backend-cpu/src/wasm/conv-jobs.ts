/**
 * Convolution and pooling jobs (`assembly/conv-jobs.ts`): im2col and col2im split by sample and max
 * pooling by planes across the calling thread and the workers. Each chunk runs the single-threaded
 * kernel on its own samples or planes, so results are identical to one thread.
 *
 * Each function returns false, doing nothing, when threads are unavailable or the work is too small to
 * be worth waking them; the caller then runs the single-threaded kernel.
 */
import type { View, Window2d } from '@typetorch/tensor';
import { J_PARAMS, JOB_COL2IM, JOB_IM2COL, JOB_MAX_POOL } from './layout.js';
import type { WasmRuntime } from './runtime.js';
import { getNumThreads } from './settings.js';

/** Floats written below which a job stays on the calling thread (tens of microseconds of copying). */
const PARALLEL_MIN_ELEMENTS = 1 << 16;

/** Whether a job of `units` chunks writing `elements` floats is worth splitting across threads. */
function worthSplitting(rt: WasmRuntime, units: number, elements: number): boolean {
  return units > 1 && elements >= PARALLEL_MIN_ELEMENTS && rt.canParallelize();
}

/** Writes `values` into the job descriptor's parameter fields. */
function writeParams(rt: WasmRuntime, values: readonly number[]): void {
  rt.i32.set(values, (rt.job >> 2) + J_PARAMS);
}

/** The window's fields in the kernels' argument order: kernel, stride, dilation, padding. */
function windowFields(w: Window2d): number[] {
  return [
    w.kernelSize[0],
    w.kernelSize[1],
    w.stride[0],
    w.stride[1],
    w.dilation[0],
    w.dilation[1],
    w.padding[0],
    w.padding[1],
  ];
}

/**
 * The columns of samples `[n0, n0 + count)` of `x` (`[N, C, H, W]`, storage in the kernels' memory,
 * non-negative strides) into `dst` from element `at`, one contiguous `[C, kH, kW, oH, oW]` per sample.
 */
export function parallelIm2col(
  rt: WasmRuntime,
  x: View,
  n0: number,
  count: number,
  window: Window2d,
  out: { oH: number; oW: number; dst: Float32Array; at: number },
): boolean {
  const [, C, H, W] = x.shape;
  const { oH, oW, dst, at } = out;
  const per = C * window.kernelSize[0] * window.kernelSize[1] * oH * oW;
  if (!worthSplitting(rt, count, count * per)) return false;
  const [sN, sC, sRow, sCol] = x.strides;
  const xAt = (x.storage as Float32Array).byteOffset + (x.offset + n0 * sN) * 4;
  const dstAt = dst.byteOffset + at * 4;
  writeParams(rt, [xAt, sC, sRow, sCol, C, H, W, ...windowFields(window), oH, oW, dstAt, sN, per]);
  rt.run(JOB_IM2COL, count, 0, true);
  return true;
}

/**
 * `out` (contiguous `[N, C, H, W]` at byte `outAt`) = col2im of `cols` (`[N, C, kH, kW, oH, oW]`,
 * non-negative strides, at byte `colsAt`), each sample's image zeroed by its own chunk.
 */
export function parallelCol2im(
  rt: WasmRuntime,
  cols: View,
  colsAt: number,
  out: View,
  outAt: number,
  window: Window2d,
): boolean {
  const [N, C, , , oH, oW] = cols.shape;
  const [, , H, W] = out.shape;
  if (!worthSplitting(rt, N, N * C * H * W)) return false;
  const [c0, c1, c2, c3, c4, c5] = cols.strides;
  writeParams(rt, [colsAt, c1, c2, c3, c4, c5, C, H, W, ...windowFields(window), oH, oW, outAt, c0]);
  rt.run(JOB_COL2IM, N, 0, true);
  return true;
}

/**
 * Max pooling of `x` (`[N, C, H, W]` in the kernels' memory) into values at byte `outAt` and int32
 * indices at byte `idxAt`, contiguous `[N, C, oH, oW]`, split by planes.
 */
export function parallelMaxPool2d(
  rt: WasmRuntime,
  x: View,
  oH: number,
  oW: number,
  window: Window2d,
  outAt: number,
  idxAt: number,
): boolean {
  const [N, C, H, W] = x.shape;
  const planes = N * C;
  if (!worthSplitting(rt, planes, planes * oH * oW)) return false;
  const per = Math.ceil(planes / (4 * getNumThreads()));
  const [sN, sC, sRow, sCol] = x.strides;
  const xAt = (x.storage as Float32Array).byteOffset + x.offset * 4;
  writeParams(rt, [
    xAt,
    sN,
    sC,
    sRow,
    sCol,
    C,
    H,
    W,
    oH,
    oW,
    ...windowFields(window),
    outAt,
    idxAt,
    planes,
    per,
  ]);
  rt.run(JOB_MAX_POOL, Math.ceil(planes / per), 0, true);
  return true;
}
