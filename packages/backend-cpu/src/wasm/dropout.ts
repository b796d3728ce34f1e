/**
 * Inverted dropout's mask in WebAssembly (`assembly/dropout.ts`): float32 storages in the kernels'
 * memory, split across threads as the uniform fill is (element `i` always draws counter `offset + i`,
 * so the mask does not depend on the thread count).
 */
import { JOB_DROPOUT_MASK } from './layout.js';
import { PARALLEL_MIN_RANDOM, params, perChunk, threadsFor } from './parallel.js';
import type { WasmRuntime } from './runtime.js';

/** Chunk boundaries on multiples of 16 elements (64 bytes): no two threads write one cache line. */
const ALIGN = 16;

/**
 * Writes `n` float32 elements at byte address `out`: `hit` where the uniform draw of counter
 * `offset + i` under `key` is below `keep`, else `miss` (all three float32 values).
 */
export function wasmDropoutMaskF32(
  rt: WasmRuntime,
  out: number,
  n: number,
  values: { readonly keep: number; readonly hit: number; readonly miss: number },
  key: readonly [number, number],
  offset: number,
): void {
  const lo = offset >>> 0;
  const hi = Math.floor(offset / 4294967296) >>> 0;
  const threads = threadsFor(rt, n, PARALLEL_MIN_RANDOM);
  if (threads === 0) {
    const k = rt.kernels;
    k.dropoutMaskF32(out, n, lo, hi, key[0] >>> 0, key[1] >>> 0, values.keep, values.hit, values.miss);
    return;
  }
  const per = perChunk(n, threads, ALIGN);
  const { i32, f32, p } = params(rt);
  i32[p] = out;
  i32[p + 1] = n;
  i32[p + 2] = per;
  i32[p + 3] = lo;
  i32[p + 4] = hi;
  i32[p + 5] = key[0] >>> 0;
  i32[p + 6] = key[1] >>> 0;
  f32[p + 7] = values.keep;
  f32[p + 8] = values.hit;
  f32[p + 9] = values.miss;
  rt.run(JOB_DROPOUT_MASK, Math.ceil(n / per), 0, true);
}
