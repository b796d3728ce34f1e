/**
 * The layout the JS side and the kernels (`assembly/layout.ts`) agree on: tile sizes, job kinds, the
 * job descriptor and the control block that threads synchronise through.
 */

/** Micro-tile columns (B panel width) of the matmul kernel. */
export const NR = 8;

/** Job kinds, the first i32 of a job descriptor. */
export const JOB_PACK = 1;
export const JOB_GEMM = 2;
/** Range jobs (`assembly/jobs.ts`, parameters written by `parallel.ts`): split by element ranges. */
export const JOB_BINARY = 3;
export const JOB_UNARY = 4;
export const JOB_ADAM = 5;
export const JOB_SUM_COLUMNS = 6;
export const JOB_ZERO = 7;
export const JOB_UNIFORM = 8;
export const JOB_SUM_ROWS = 9;
/** Inverted dropout's mask (`assembly/dropout.ts`), split by element ranges. */
export const JOB_DROPOUT_MASK = 12;
/** Convolution and pooling jobs (`assembly/conv-jobs.ts`, parameters written by `conv-jobs.ts`): im2col and col2im by sample, max pooling by planes. */
export const JOB_IM2COL = 16;
export const JOB_COL2IM = 17;
export const JOB_MAX_POOL = 18;
/** Max pooling's input gradient by planes (`pool-backward.ts`). */
export const JOB_MAX_POOL_BACKWARD = 19;

/** Job descriptor header (i32 indices): kind, scratch base, scratch bytes per thread; parameters follow. */
export const J_KIND = 0;
export const J_SCRATCH = 1;
export const J_SCRATCH_STRIDE = 2;
export const J_PARAMS = 4;
/** Size of the job descriptor, in i32 fields. */
export const JOB_FIELDS = 64;

/**
 * Control block (i32 indices). `GEN` counts jobs; `NEXT` holds `gen << CHUNK_BITS | next chunk`, so a
 * thread that read a stale generation can never claim a chunk of a newer job; `COUNT` and `DONE` count
 * the job's chunks; `ERROR` is set by a thread whose chunk trapped.
 */
export const C_GEN = 0;
export const C_NEXT = 1;
export const C_COUNT = 2;
export const C_DONE = 3;
export const C_ERROR = 4;
/** Threads taking part (slots `[0, C_THREADS)`); workers with a higher slot sit jobs out. */
export const C_THREADS = 5;
/** Chunks run by worker threads since start (diagnostics: shows the workers really take part). */
export const C_WORKER_CHUNKS = 6;
export const CONTROL_FIELDS = 16;
/** Bits of `NEXT` that count chunks: a job has at most `MAX_CHUNKS` chunks. */
export const CHUNK_BITS = 12;
export const MAX_CHUNKS = (1 << CHUNK_BITS) - 1;
/** Generations wrap at 2^19 so that `gen << CHUNK_BITS` stays a positive int32. */
export const GEN_MASK = (1 << (31 - CHUNK_BITS)) - 1;

/** Elementwise op codes of the kernels' `binaryF32` / `unaryF32` (`assembly/layout.ts`). */
export const EW_BINARY: Partial<Record<string, number>> = {
  add: 0,
  sub: 1,
  mul: 2,
  div: 3,
  reluBackward: 4,
};
export const EW_UNARY: Partial<Record<string, number>> = { relu: 8, neg: 9, abs: 10, sqrt: 11, square: 12 };
