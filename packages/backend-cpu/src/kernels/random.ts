/**
 * Random fill from the tensor package's counter-based Philox4x32-10 stream, so the CPU produces
 * bit-for-bit the numbers every other backend produces for the same seed.
 */
import {
  isContiguousLayout,
  numelOf,
  philoxNormal,
  philoxUniform,
  type RandomDistribution,
  type View,
} from '@typetorch/tensor';
import { RowCursor } from '../strided.js';
import { parallelUniform } from '../wasm/parallel.js';
import { wasmRuntime } from '../wasm/runtime.js';
import { storageOf } from './dense.js';

/**
 * Element `i` of `out` (row-major over its shape) becomes the value of stream counter `offset + i`
 * under `key`: uniform in [0, 1) or standard normal.
 */
export function random(
  out: View,
  distribution: RandomDistribution,
  key: readonly [number, number],
  offset: number,
): void {
  const n = numelOf(out.shape);
  if (n === 0) return;
  const o = storageOf(out);
  // A uniform float32 fill of a storage in the kernels' memory runs in WebAssembly (same bits).
  const rt = wasmRuntime();
  if (distribution === 'uniform' && rt !== null && rt.owns(o) && isContiguousLayout(out.shape, out.strides)) {
    const at = o.byteOffset + out.offset * 4;
    if (parallelUniform(rt, at, n, offset, key)) return; // large fills (dropout masks) on every thread
    rt.kernels.uniformF32(
      at,
      n,
      offset >>> 0,
      Math.floor(offset / 4294967296) >>> 0,
      key[0] >>> 0,
      key[1] >>> 0,
    );
    return;
  }
  const cur = new RowCursor(out.shape, [out.strides], [out.offset]);
  const stride = cur.strides[0];
  const inner = cur.inner;
  let counter = offset;
  for (let r = 0; r < cur.rows; r++, cur.next()) {
    let oi = cur.offsets[0];
    // Two loops rather than a generator variable: a direct call lets V8 inline it.
    if (distribution === 'uniform') {
      for (let i = 0; i < inner; i++, oi += stride) o[oi] = philoxUniform(key, counter++);
    } else {
      for (let i = 0; i < inner; i++, oi += stride) o[oi] = philoxNormal(key, counter++);
    }
  }
}
