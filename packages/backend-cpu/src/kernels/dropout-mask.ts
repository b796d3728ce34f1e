/**
 * Inverted dropout's mask in one pass (the contract's `dropoutMask`): bit for bit the composition
 * `random` (uniform), `fill` of the keep probability, `binary('lt')`, a cast back and `binary('div')`,
 * without its uniform and bool temporaries and their four extra passes.
 */
import { type DType, numelOf, philoxUniform, roundToHalf, type View } from '@typetorch/tensor';
import { wasmDropoutMaskF32 } from '../wasm/dropout.js';
import { wasmRuntime } from '../wasm/runtime.js';
import { storageOf } from './dense.js';

/**
 * `x` as this backend stores a result of `dtype`: float32 and float16 storages are Float32Arrays
 * (float16 rounded to half afterwards), so `fill` and `binary('div')` both round through float32.
 */
function stored(dtype: DType, x: number): number {
  if (dtype === 'float64') return x;
  return dtype === 'float16' ? roundToHalf(x) : Math.fround(x);
}

/**
 * Writes the contiguous floating `out`: element `i` is `1 / k` where the uniform draw of counter
 * `offset + i` under `key` is below `k` (the keep probability as `fill` stores it), else `0 / k`,
 * both divided and rounded as `binary('div')` does in out's dtype. float16 draws are the float32
 * draws truncated to half; since `k` lies on the half grid, comparing the float32 draw decides alike.
 */
export function dropoutMask(out: View, keep: number, key: readonly [number, number], offset: number): void {
  const n = numelOf(out.shape);
  if (n === 0) return;
  const o = storageOf(out);
  const k = stored(out.dtype, keep);
  // The TypeScript loops and WebAssembly's f32.div both round the quotient once to float32.
  const hit = stored(out.dtype, 1 / k);
  const miss = stored(out.dtype, 0 / k);
  const rt = wasmRuntime();
  if (out.dtype === 'float32' && rt !== null && rt.owns(o)) {
    wasmDropoutMaskF32(rt, o.byteOffset + out.offset * 4, n, { keep: k, hit, miss }, key, offset);
    return;
  }
  const at = out.offset;
  for (let i = 0; i < n; i++) o[at + i] = philoxUniform(key, offset + i) < k ? hit : miss;
}
