/**
 * The JS side of the WebAssembly max-pool backward kernel (`assembly/pool-backward.ts`): when the
 * float32 gradient and output live in the kernels' memory, the int32 indices are copied to scratch and
 * the planes are zeroed and summed there, split across threads by planes (each plane's additions stay
 * in one thread, in the TypeScript kernel's order, so results are identical to it at any thread count).
 */
import type { View } from '@typetorch/tensor';
import { isContiguousLayout } from '@typetorch/tensor';
import { J_PARAMS, JOB_MAX_POOL_BACKWARD } from './layout.js';
import { wasmRuntime } from './runtime.js';
import { getNumThreads } from './settings.js';

/** Floats written below which the job stays on the calling thread (as the other conv jobs). */
const PARALLEL_MIN_ELEMENTS = 1 << 16;

/** `FastPaths.maxPool2dBackward` in WebAssembly; false, doing nothing, when it does not apply. */
export function wasmMaxPool2dBackward(grad: View, indices: View, out: View): boolean {
  if (grad.dtype !== 'float32' || !(indices.storage instanceof Int32Array)) return false;
  const rt = wasmRuntime();
  if (rt === null || !rt.owns(grad.storage) || !rt.owns(out.storage)) return false;
  if (grad.strides.some((s) => s < 0) || !isContiguousLayout(out.shape, out.strides)) return false;
  if (!isContiguousLayout(indices.shape, indices.strides)) return false;
  const [N, C, oH, oW] = grad.shape;
  const [, , H, W] = out.shape;
  const planes = N * C;
  const count = planes * oH * oW;
  rt.reset();
  const idxAt = rt.alloc(count * 4);
  rt.i32.set((indices.storage as Int32Array).subarray(indices.offset, indices.offset + count), idxAt >> 2);
  const gradAt = grad.storage.byteOffset + grad.offset * 4;
  const outAt = (out.storage as Float32Array).byteOffset + out.offset * 4;
  const [sN, sC, sRow, sCol] = grad.strides;
  const args = [gradAt, sN, sC, sRow, sCol, C, oH, oW, idxAt, outAt, H * W];
  if (planes > 1 && planes * H * W >= PARALLEL_MIN_ELEMENTS && rt.canParallelize()) {
    const per = Math.ceil(planes / (4 * getNumThreads()));
    rt.i32.set([...args, planes, per], (rt.job >> 2) + J_PARAMS);
    rt.run(JOB_MAX_POOL_BACKWARD, Math.ceil(planes / per), 0, true);
  } else {
    const k = rt.kernels;
    k.maxPool2dBackwardF32(gradAt, sN, sC, sRow, sCol, C, oH, oW, idxAt, outAt, H * W, 0, planes);
  }
  return true;
}
