/**
 * The JS side of the WebAssembly max pooling kernel (`assembly/pool.ts`): float32 inputs stored in the
 * kernels' memory are pooled there (2x2 stride-2 windows four at a time in SIMD, any other window one at
 * a time, planes split across threads), with results identical to the TypeScript kernel's, indices
 * included. The int32 indices, and
 * the values when their storage is elsewhere, are written to scratch and copied out.
 */
import type { View, Window2d } from '@typetorch/tensor';
import { isContiguousLayout } from '@typetorch/tensor';
import { parallelMaxPool2d } from './conv-jobs.js';
import { wasmRuntime } from './runtime.js';

/** `FastPaths.maxPool2d` in WebAssembly; false, doing nothing, when it does not apply. */
export function wasmMaxPool2d(x: View, out: View, indices: View, window: Window2d): boolean {
  if (x.dtype !== 'float32' || !(indices.storage instanceof Int32Array)) return false;
  const rt = wasmRuntime();
  if (rt === null || !rt.owns(x.storage) || x.strides.some((s) => s < 0)) return false;
  if (!isContiguousLayout(out.shape, out.strides) || !isContiguousLayout(indices.shape, indices.strides))
    return false;
  const [N, C, H, W] = x.shape;
  const [, , oH, oW] = out.shape;
  const [sN, sC, sRow, sCol] = x.strides;
  const count = N * C * oH * oW;
  rt.reset();
  const outData = out.storage as Float32Array;
  const inPlace = rt.owns(out.storage);
  const valuesAt = inPlace ? outData.byteOffset + out.offset * 4 : rt.alloc(count * 4);
  const indicesAt = rt.alloc(count * 4);
  if (!parallelMaxPool2d(rt, x, oH, oW, window, valuesAt, indicesAt)) {
    const [kH, kW] = window.kernelSize;
    const [stH, stW] = window.stride;
    const [dH, dW] = window.dilation;
    const [pT, pL] = window.padding;
    const xAt = x.storage.byteOffset + x.offset * 4;
    const k = rt.kernels;
    k.maxPool2dF32(
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
      kH,
      kW,
      stH,
      stW,
      dH,
      dW,
      pT,
      pL,
      valuesAt,
      indicesAt,
      0,
      N * C,
    );
  }
  // Views of the memory after the kernel's scratch was reserved (a reservation may grow it).
  (indices.storage as Int32Array).set(
    rt.i32.subarray(indicesAt >> 2, (indicesAt >> 2) + count),
    indices.offset,
  );
  if (!inPlace) outData.set(rt.f32.subarray(valuesAt >> 2, (valuesAt >> 2) + count), out.offset);
  return true;
}
