// Entry point of the kernels module. `runChunk` runs one chunk of the job described at `job` (an i32
// array in linear memory written by the JS side, `src/wasm/`): every thread, the calling one and the
// workers sharing this memory, calls it with its own `slot`, which selects its scratch. The other
// exports are single-threaded kernels the JS side calls directly on storages in this memory.

export { simdCeilingF32 } from './ceiling';
export { addChannelBiasF32, col2imF32, im2colF32 } from './conv';
export { dropoutMaskF32 } from './dropout';
export { binaryF32, sumColumnsF32, unaryF32 } from './elementwise';
export { adamStepF32 } from './optim';
export { maxPool2dF32 } from './pool';
export { maxPool2dBackwardF32 } from './pool-backward';
export { uniformF32 } from './random';
export { sumRowsF32 } from './reduce';

import { runConvChunk } from './conv-jobs';
import { gemmBlock, packPanels } from './gemm';
import { runRangeChunk } from './jobs';
import { J_KIND, J_PARAMS, J_SCRATCH, J_SCRATCH_STRIDE, JOB_GEMM, JOB_PACK, MR, NR } from './layout';
import { runPoolBackwardChunk } from './pool-backward';

function field(job: usize, i: i32): i32 {
  return load<i32>(job + ((<usize>i) << 2));
}

/** Rows of the matmul micro-tile: the JS side sizes packed panels and chunks by it. */
export const TILE_ROWS: i32 = MR;

/** Where static data ends: the JS side places its control block and arena above this. */
export function heapBase(): usize {
  return __heap_base;
}

/** Runs chunk `chunk` of the job at `job` with the scratch of thread `slot`. */
export function runChunk(job: usize, chunk: i32, slot: i32): void {
  const kind = field(job, J_KIND);
  const scratch = <usize>field(job, J_SCRATCH) + <usize>slot * <usize>field(job, J_SCRATCH_STRIDE);
  const p = job + ((<usize>J_PARAMS) << 2);
  if (runRangeChunk(kind, p, chunk)) return;
  if (runConvChunk(kind, p, chunk)) return;
  if (runPoolBackwardChunk(kind, p, chunk)) return;
  if (kind === JOB_PACK || kind === JOB_GEMM) {
    // Batched matrix product parameters, written by src/wasm/matmul.ts: pointers are those of batch
    // item 0, batch strides in elements; A or B shared by every item (batch stride 0) is packed once.
    const m = field(p, 8);
    const n = field(p, 9);
    const k = field(p, 10);
    const kcMax = field(p, 13);
    const aItems = field(p, 21);
    const bItems = field(p, 22);
    if (kind === JOB_PACK) {
      const aGroups = field(p, 17);
      const bGroups = field(p, 18);
      if (chunk < aItems * aGroups) {
        // A is packed as its transpose: p runs along A's columns, panels along its rows.
        const t = chunk / aGroups;
        const per = field(p, 19);
        const first = (chunk - t * aGroups) * per;
        const panels = (m + MR - 1) / MR;
        packPanels(
          <usize>field(p, 0) + ((<usize>t * <usize>field(p, 23)) << 2),
          field(p, 2),
          field(p, 1),
          k,
          m,
          kcMax,
          <usize>field(p, 11) + <usize>t * <usize>field(p, 26),
          first,
          min(panels, first + per),
          MR,
        );
      } else {
        const c = chunk - aItems * aGroups;
        const t = c / bGroups;
        const per = field(p, 20);
        const first = (c - t * bGroups) * per;
        const panels = (n + NR - 1) / NR;
        packPanels(
          <usize>field(p, 3) + ((<usize>t * <usize>field(p, 24)) << 2),
          field(p, 4),
          field(p, 5),
          k,
          n,
          kcMax,
          <usize>field(p, 12) + <usize>t * <usize>field(p, 27),
          first,
          min(panels, first + per),
          NR,
        );
      }
    } else {
      const mChunk = field(p, 14);
      const nChunk = field(p, 15);
      const chunksN = field(p, 16);
      const perItem = ((m + mChunk - 1) / mChunk) * chunksN;
      const t = chunk / perItem;
      const r = chunk - t * perItem;
      const ci = r / chunksN;
      const cj = r - ci * chunksN;
      const i0 = ci * mChunk;
      const j0 = cj * nChunk;
      gemmBlock(
        <usize>field(p, 11) + (aItems === 1 ? 0 : <usize>t * <usize>field(p, 26)),
        <usize>field(p, 12) + (bItems === 1 ? 0 : <usize>t * <usize>field(p, 27)),
        <usize>field(p, 6) + ((<usize>t * <usize>field(p, 25)) << 2),
        field(p, 7),
        m,
        n,
        k,
        kcMax,
        i0,
        min(m, i0 + mChunk),
        j0,
        min(n, j0 + nChunk),
        scratch,
      );
    }
  }
}

/** Zeroes `bytes` bytes at `ptr` (bulk memory: a memset, several times faster than a typed array's fill on shared memory). */
export function zero(ptr: usize, bytes: usize): void {
  memory.fill(ptr, 0, bytes);
}

/** Copies `bytes` bytes from `src` to `dst` (overlap allowed). */
export function copyBytes(dst: usize, src: usize, bytes: usize): void {
  memory.copy(dst, src, bytes);
}
