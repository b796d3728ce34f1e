/**
 * The JS side of the WebAssembly float32 matmul: stages the operands in the kernels' memory, runs the
 * pack and multiply jobs (see `assembly/gemm.ts`), and copies the product out.
 *
 * Operands and outputs whose storage lives in the kernels' memory (float32 storages of the backend,
 * see `CpuBackend.alloc`) are used in place. Other operands are staged: each one's whole span of
 * storage is copied as it is (one `set`, memcpy speed), so a transposed or batch-broadcast operand
 * keeps its strides and the packing kernels read it directly; only an operand whose span is much
 * larger than its elements (a narrow slice) is gathered densely.
 */

import type { View } from '@typetorch/tensor';
import { contiguousStrides, isContiguousLayout } from '@typetorch/tensor';
import { copy } from '../kernels/elementwise.js';
import { J_PARAMS, JOB_GEMM, JOB_PACK, MAX_CHUNKS, NR } from './layout.js';
import { type WasmRuntime, wasmRuntime } from './runtime.js';
import { getNumThreads } from './settings.js';

/** Depth of one K slice: a slice of a 4-row A panel (4 KiB) and an 8-column B panel (8 KiB) fit in L1. */
const KC = 256;
/** Rows of C per multiply chunk: its A slice (MC x KC floats, 128 KiB) stays in L2. */
const MC = 128;
/** Packed panels of the items of one job stay below this (bytes); larger batches run in several jobs. */
const PACKED_MAX = 64 << 20;
/** Products below this many multiply-adds run on the calling thread: waking workers costs more. */
const PARALLEL_MIN_MACS = 1 << 20;

/** Where an operand sits in the kernels' memory: byte offset of element [0, 0, 0] and element strides. */
interface Staged {
  ptr: number;
  strides: [number, number, number];
}

/** Copies view `x` (`[B, R, C]`, float32) into the arena. */
function stage(rt: WasmRuntime, x: View): Staged {
  const [B, R, C] = x.shape;
  const strides = x.strides as [number, number, number];
  const data = x.storage as Float32Array;
  const numel = B * R * C;
  const nonNegative = strides[0] >= 0 && strides[1] >= 0 && strides[2] >= 0;
  // A storage in the kernels' memory is read in place.
  if (nonNegative && rt.owns(data)) return { ptr: data.byteOffset + x.offset * 4, strides: [...strides] };
  let span = 1;
  for (let d = 0; d < 3; d++) span += (x.shape[d] - 1) * strides[d];
  if (nonNegative && span <= 2 * numel + 4096) {
    const ptr = rt.alloc(span * 4);
    rt.f32.set(data.subarray(x.offset, x.offset + span), ptr >> 2);
    return { ptr, strides: [strides[0], strides[1], strides[2]] };
  }
  const ptr = rt.alloc(numel * 4);
  const dense = contiguousStrides(x.shape);
  copy(x, { storage: rt.f32, dtype: 'float32', shape: x.shape, strides: dense, offset: ptr >> 2 });
  return { ptr, strides: [dense[0], dense[1], dense[2]] };
}

/**
 * `out[b] = a[b] @ b[b]` in float32 with the WebAssembly kernels (shapes as in `Backend.matmul`, any
 * strides). Returns false, doing nothing, when the WebAssembly path is off or unsupported here.
 */
export function wasmMatmul(a: View, b: View, out: View): boolean {
  if (a.dtype !== 'float32') return false;
  const rt = wasmRuntime();
  if (rt === null) return false;
  matmulOn(rt, a, b, out);
  return true;
}

/** {@link wasmMatmul} on a given runtime. */
export function matmulOn(rt: WasmRuntime, a: View, b: View, out: View): void {
  const [batch, m, k] = a.shape;
  const n = b.shape[2];
  rt.reset();
  const sa = stage(rt, a);
  const sb = stage(rt, b);
  // A contiguous output in the kernels' memory is written in place.
  const outData = out.storage as Float32Array;
  const outInPlace = rt.owns(outData) && isContiguousLayout(out.shape, out.strides);
  const cPtr = outInPlace ? outData.byteOffset + out.offset * 4 : rt.alloc(batch * m * n * 4);
  if (k === 0) {
    rt.f32.fill(0, cPtr >> 2, (cPtr >> 2) + batch * m * n);
  } else {
    const kBlocks = Math.ceil(k / KC);
    const kcMax = Math.ceil(k / kBlocks);
    const MR = rt.tileRows;
    const mPanels = Math.ceil(m / MR);
    const nPanels = Math.ceil(n / NR);
    // An operand shared by every batch item (batch stride 0) is packed once.
    const aShared = batch === 1 || sa.strides[0] === 0;
    const bShared = batch === 1 || sb.strides[0] === 0;
    const packedABytes = mPanels * MR * k * 4;
    const packedBBytes = nPanels * NR * k * 4;
    // Items per job: all of them when their packed panels fit PACKED_MAX (then one pack job and one
    // multiply job serve the whole batch), fewer otherwise.
    const perItem = (aShared ? 0 : packedABytes) + (bShared ? 0 : packedBBytes);
    const mChunk = Math.min(Math.floor(MC / MR) * MR, mPanels * MR);
    const chunksM = Math.ceil(m / mChunk);
    let items = perItem === 0 ? batch : Math.max(1, Math.min(batch, Math.floor(PACKED_MAX / perItem)));
    items = Math.max(1, Math.min(items, Math.floor(MAX_CHUNKS / (chunksM * 4))));
    const packedA = rt.alloc(packedABytes * (aShared ? 1 : items));
    const packedB = rt.alloc(packedBBytes * (bShared ? 1 : items));
    const parallel = batch * m * n * k >= PARALLEL_MIN_MACS && rt.canParallelize();
    const threads = parallel ? getNumThreads() : 1;
    // Pack chunks: panels of A, then of B, per item, in about four groups per thread for one item.
    const aPer = Math.ceil(mPanels / (parallel ? 4 * threads : 1));
    const bPer = Math.ceil(nPanels / (parallel ? 4 * threads : 1));
    const aGroups = Math.ceil(mPanels / aPer);
    const bGroups = Math.ceil(nPanels / bPer);
    // Multiply chunks: MC-row blocks of every item, and column blocks until there are about eight
    // chunks per thread. Small chunks cost nothing extra (the operands are already packed) and keep
    // the threads busy to the end when one of them is slowed down (a shared machine, a busy core).
    let chunksN = parallel ? Math.min(nPanels, Math.ceil((8 * threads) / (chunksM * items))) : 1;
    chunksN = Math.max(1, Math.min(chunksN, Math.floor(MAX_CHUNKS / (chunksM * items))));
    const nChunk = Math.ceil(nPanels / chunksN) * NR;
    chunksN = Math.ceil(n / nChunk);
    const p = (rt.job >> 2) + J_PARAMS;
    for (let t0 = 0; t0 < batch; t0 += items) {
      const count = Math.min(items, batch - t0);
      const f = rt.i32; // re-read: the memory may have grown (a plain memory's views detach)
      f[p] = sa.ptr + t0 * sa.strides[0] * 4;
      f[p + 1] = sa.strides[1];
      f[p + 2] = sa.strides[2];
      f[p + 3] = sb.ptr + t0 * sb.strides[0] * 4;
      f[p + 4] = sb.strides[1];
      f[p + 5] = sb.strides[2];
      f[p + 6] = cPtr + t0 * m * n * 4;
      f[p + 7] = n;
      f[p + 8] = m;
      f[p + 9] = n;
      f[p + 10] = k;
      f[p + 11] = packedA;
      f[p + 12] = packedB;
      f[p + 13] = kcMax;
      f[p + 14] = mChunk;
      f[p + 15] = nChunk;
      f[p + 16] = chunksN;
      f[p + 17] = aGroups;
      f[p + 18] = bGroups;
      f[p + 19] = aPer;
      f[p + 20] = bPer;
      const aItems = aShared ? 1 : count;
      const bItems = bShared ? 1 : count;
      f[p + 21] = aItems;
      f[p + 22] = bItems;
      f[p + 23] = sa.strides[0];
      f[p + 24] = sb.strides[0];
      f[p + 25] = m * n;
      f[p + 26] = packedABytes;
      f[p + 27] = packedBBytes;
      // A shared operand is packed by the first group of items only.
      const packChunks = (t0 === 0 || !aShared ? aItems * aGroups : 0) + bItems * bGroups;
      if (t0 > 0 && aShared) f[p + 21] = 0; // no A chunks: B chunks start at 0
      rt.run(JOB_PACK, packChunks, 0, parallel);
      rt.i32[p + 21] = aItems; // through rt.i32: `run` may have grown the memory
      rt.run(JOB_GEMM, count * chunksM * chunksN, MR * NR * 4, parallel);
    }
  }
  if (outInPlace) return;
  const cView: View = {
    storage: rt.f32,
    dtype: 'float32',
    shape: out.shape,
    strides: contiguousStrides(out.shape),
    offset: cPtr >> 2,
  };
  if (isContiguousLayout(out.shape, out.strides)) {
    const total = batch * m * n;
    (out.storage as Float32Array).set(rt.f32.subarray(cPtr >> 2, (cPtr >> 2) + total), out.offset);
  } else {
    copy(cView, out);
  }
}
