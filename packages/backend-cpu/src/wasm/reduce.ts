/**
 * The JS side of the row-wise float32 sum (`assembly/reduce.ts`): a reduction whose blocks are dense
 * rows (e.g. a convolution's bias gradient, `dy.sum([0, 2, 3])`, reduces each channel's `N` rows of
 * `H * W` pixels) runs in WebAssembly, split by outputs across threads, with the TypeScript kernel's
 * exact order of float64 additions: the results are bit-identical.
 */
import type { TypedArray, View } from '@typetorch/tensor';
import { collapseLayout } from '@typetorch/tensor';
import type { RowCursor } from '../strided.js';
import { parallelSumRows } from './parallel.js';
import { wasmRuntime } from './runtime.js';

/** Rows shorter than this stay in TypeScript: the call into WebAssembly would cost more than the row. */
const MIN_ROW = 16;
/** Reductions smaller than this stay in TypeScript. */
const MIN_ELEMENTS = 4096;

/**
 * `out[o] = sum of x's block o` for every output the cursor `outer` visits (x's offsets and strides
 * first, out's second), when x is float32 in the kernels' memory and each block (`blockShape` with
 * `blockStrides`) collapses to rows of at least {@link MIN_ROW} contiguous elements, evenly spaced.
 * Writes `out` through `os` (its storage); false, doing nothing, when not applicable.
 */
export function wasmSumRows(
  x: View,
  blockShape: readonly number[],
  blockStrides: readonly number[],
  outer: RowCursor,
  os: TypedArray,
): boolean {
  if (x.dtype !== 'float32') return false;
  const block = collapseLayout(blockShape, [blockStrides]);
  const dims = block.shape.length;
  const n = block.shape[dims - 1];
  if (dims > 2 || n < MIN_ROW || block.strides[0][dims - 1] !== 1) return false;
  const rows = dims === 2 ? block.shape[0] : 1;
  const rowStride = dims === 2 ? block.strides[0][0] : 0;
  const count = outer.inner;
  const xStride = outer.strides[0];
  if (rows * n * count * outer.rows < MIN_ELEMENTS || rowStride < 0 || xStride < 0) return false;
  const rt = wasmRuntime();
  if (rt === null || !rt.owns(x.storage)) return false;
  const base = (x.storage as Float32Array).byteOffset;
  rt.reset();
  const acc = rt.alloc(count * 8);
  const oStride = outer.strides[1];
  for (let r = 0; r < outer.rows; r++, outer.next()) {
    const first = base + outer.offsets[0] * 4;
    if (!parallelSumRows(rt, first, xStride, count, rowStride, rows, n, acc)) {
      rt.kernels.sumRowsF32(first, xStride, count, rowStride, rows, n, acc);
    }
    const sums = new Float64Array(rt.memory.buffer, acc, count); // after `run`, which may grow the memory
    let oi = outer.offsets[1];
    for (let t = 0; t < count; t++, oi += oStride) os[oi] = sums[t];
  }
  return true;
}
