/**
 * Range jobs (`assembly/jobs.ts`): the elementwise kernels, column sums, Adam, uniform random fills
 * and zeroing split into chunks of elements (or rows, or columns) that the calling thread and the
 * workers claim, as the matmul's jobs are. Chunk boundaries never change what an output element is
 * computed from, so results are bit-identical to one thread.
 *
 * Each function returns false, doing nothing, when the work is too small to be worth waking the
 * workers or threads are unavailable; the caller then runs the single-threaded kernel.
 */
import {
  J_PARAMS,
  JOB_ADAM,
  JOB_BINARY,
  JOB_SUM_COLUMNS,
  JOB_SUM_ROWS,
  JOB_UNARY,
  JOB_UNIFORM,
  JOB_ZERO,
  MAX_CHUNKS,
} from './layout.js';
import type { WasmRuntime } from './runtime.js';
import { getNumThreads } from './settings.js';

/**
 * Elements below which an elementwise op or column sum stays on the calling thread: at about 0.2 ns
 * an element, 64 Ki elements take 10-20 microseconds, a few times the cost of handing chunks out.
 */
export const PARALLEL_MIN_ELEMENTS = 1 << 16;
/** Adam costs several times more per element than an elementwise op. */
export const PARALLEL_MIN_ADAM = 1 << 14;
/** A Philox draw costs about 10 ns an element: worth splitting from 4 Ki elements. */
export const PARALLEL_MIN_RANDOM = 1 << 12;
/** Bytes below which zeroing stays on the calling thread (a memset runs at 10-20 GB/s). */
export const PARALLEL_MIN_ZERO_BYTES = 1 << 18;
/** Chunks per thread: a few, so a thread slowed down (a busy core, a late wake-up) is caught up with. */
const CHUNKS_PER_THREAD = 4;
/** Chunk boundaries fall on multiples of 16 elements (64 bytes): no two threads write one cache line. */
const ALIGN = 16;

/** Threads for a job of `units` (elements or bytes) when at least `min`, else 0. */
export function threadsFor(rt: WasmRuntime, units: number, min: number): number {
  if (units < min || !rt.canParallelize()) return 0;
  return getNumThreads();
}

/** Units per chunk for `units` split across `threads`, a multiple of `align` (at most MAX_CHUNKS chunks). */
export function perChunk(units: number, threads: number, align: number): number {
  const chunks = Math.min(CHUNKS_PER_THREAD * threads, MAX_CHUNKS);
  return Math.max(align, Math.ceil(units / chunks / align) * align);
}

/** The job descriptor's parameter fields, as int32 and float32 views and the first index. */
export function params(rt: WasmRuntime): { i32: Int32Array; f32: Float32Array; p: number } {
  return { i32: rt.i32, f32: rt.f32, p: (rt.job >> 2) + J_PARAMS };
}

/** Operands of a binary op over `rows` rows of `inner` elements (byte addresses and row strides). */
export interface BinaryRows {
  /** Op code (`EW_BINARY`). */
  code: number;
  /** 1 for an operand read along the row, 0 for a splat (four copies at its address). */
  aStep: number;
  bStep: number;
  a: number;
  b: number;
  out: number;
  inner: number;
  rows: number;
  /** Bytes from one row to the next (0: the same row or splat for every row). */
  aRow: number;
  bRow: number;
  outRow: number;
}

/** `binaryF32` over every row of `x`, split across threads; false when not worth it. */
export function parallelBinary(rt: WasmRuntime, x: BinaryRows): boolean {
  const threads = threadsFor(rt, x.inner * x.rows, PARALLEL_MIN_ELEMENTS);
  if (threads === 0) return false;
  // One row is split by elements; several rows by whole rows (of at least 16 elements, `MIN_ROW`).
  const units = x.rows === 1 ? x.inner : x.rows;
  const per = x.rows === 1 ? perChunk(units, threads, ALIGN) : perChunk(units, threads, 1);
  const { i32, p } = params(rt);
  i32[p] = x.code;
  i32[p + 1] = x.aStep;
  i32[p + 2] = x.bStep;
  i32[p + 3] = x.a;
  i32[p + 4] = x.b;
  i32[p + 5] = x.out;
  i32[p + 6] = x.inner;
  i32[p + 7] = x.rows;
  i32[p + 8] = x.aRow;
  i32[p + 9] = x.bRow;
  i32[p + 10] = x.outRow;
  i32[p + 11] = per;
  rt.run(JOB_BINARY, Math.ceil(units / per), 0, true);
  return true;
}

/** `unaryF32` over `n` dense elements, split across threads; false when not worth it. */
export function parallelUnary(rt: WasmRuntime, code: number, x: number, out: number, n: number): boolean {
  const threads = threadsFor(rt, n, PARALLEL_MIN_ELEMENTS);
  if (threads === 0) return false;
  const per = perChunk(n, threads, ALIGN);
  const { i32, p } = params(rt);
  i32[p] = code;
  i32[p + 1] = x;
  i32[p + 2] = out;
  i32[p + 3] = n;
  i32[p + 4] = per;
  rt.run(JOB_UNARY, Math.ceil(n / per), 0, true);
  return true;
}

/**
 * `sumColumnsF32` (columns `[0, count)` of `rows` rows at `x`, into `count` doubles at `acc`), split
 * by columns: every column is still summed over its rows in order. False when not worth it.
 */
export function parallelSumColumns(
  rt: WasmRuntime,
  x: number,
  rowStride: number,
  rows: number,
  count: number,
  acc: number,
): boolean {
  const threads = threadsFor(rt, rows * count, PARALLEL_MIN_ELEMENTS);
  if (threads === 0 || count < 2 * ALIGN) return false;
  const per = perChunk(count, threads, ALIGN);
  const { i32, p } = params(rt);
  i32[p] = x;
  i32[p + 1] = rowStride;
  i32[p + 2] = rows;
  i32[p + 3] = count;
  i32[p + 4] = acc;
  i32[p + 5] = per;
  rt.run(JOB_SUM_COLUMNS, Math.ceil(count / per), 0, true);
  return true;
}

/**
 * `sumRowsF32` split by outputs: `count` outputs `outStride` elements apart from `x` (bytes), each the
 * sum of `rows` dense rows of `n` elements `rowStride` elements apart, into the float64 array at `acc`.
 */
export function parallelSumRows(
  rt: WasmRuntime,
  x: number,
  outStride: number,
  count: number,
  rowStride: number,
  rows: number,
  n: number,
  acc: number,
): boolean {
  const threads = threadsFor(rt, count * rows * n, PARALLEL_MIN_ELEMENTS);
  if (threads === 0 || count < 2) return false;
  // Outputs are few and heavy (a bias gradient: one per channel), so chunks need no alignment.
  const per = perChunk(count, threads, 1);
  const { i32, p } = params(rt);
  i32[p] = x;
  i32[p + 1] = outStride;
  i32[p + 2] = count;
  i32[p + 3] = rowStride;
  i32[p + 4] = rows;
  i32[p + 5] = n;
  i32[p + 6] = acc;
  i32[p + 7] = per;
  rt.run(JOB_SUM_ROWS, Math.ceil(count / per), 0, true);
  return true;
}

/**
 * `adamStepF32` over `n` elements: `ptrs` are param, grad, expAvg, expAvgSq and maxExpAvgSq (0 without
 * amsgrad), `scalars` the kernel's ten float32 arguments in order. False when not worth it.
 */
export function parallelAdam(
  rt: WasmRuntime,
  ptrs: readonly number[],
  n: number,
  scalars: readonly number[],
): boolean {
  const threads = threadsFor(rt, n, PARALLEL_MIN_ADAM);
  if (threads === 0) return false;
  const per = perChunk(n, threads, ALIGN);
  const { i32, f32, p } = params(rt);
  for (let i = 0; i < 5; i++) i32[p + i] = ptrs[i];
  i32[p + 5] = n;
  i32[p + 6] = per;
  for (let i = 0; i < 10; i++) f32[p + 7 + i] = scalars[i];
  rt.run(JOB_ADAM, Math.ceil(n / per), 0, true);
  return true;
}

/**
 * `uniformF32` over `n` elements at `out` from stream counter `counter` (`offset` of the tensor
 * package's generator, below 2^53) under `key`, split across threads; false when not worth it.
 */
export function parallelUniform(
  rt: WasmRuntime,
  out: number,
  n: number,
  counter: number,
  key: readonly [number, number],
): boolean {
  const threads = threadsFor(rt, n, PARALLEL_MIN_RANDOM);
  if (threads === 0) return false;
  const per = perChunk(n, threads, ALIGN);
  const { i32, p } = params(rt);
  i32[p] = out;
  i32[p + 1] = n;
  i32[p + 2] = per;
  i32[p + 3] = counter >>> 0;
  i32[p + 4] = Math.floor(counter / 4294967296) >>> 0;
  i32[p + 5] = key[0] >>> 0;
  i32[p + 6] = key[1] >>> 0;
  rt.run(JOB_UNIFORM, Math.ceil(n / per), 0, true);
  return true;
}

/** Zeroes `bytes` bytes at `ptr` across threads; false when not worth it. */
export function parallelZero(rt: WasmRuntime, ptr: number, bytes: number): boolean {
  const threads = threadsFor(rt, bytes, PARALLEL_MIN_ZERO_BYTES);
  if (threads === 0) return false;
  const per = perChunk(bytes, threads, 4 * ALIGN);
  const { i32, p } = params(rt);
  i32[p] = ptr;
  i32[p + 1] = bytes;
  i32[p + 2] = per;
  rt.run(JOB_ZERO, Math.ceil(bytes / per), 0, true);
  return true;
}
