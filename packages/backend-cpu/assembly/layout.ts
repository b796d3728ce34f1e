// Constants shared by the kernels and mirrored in `src/wasm/layout.ts` (the JS side of the jobs).

/** Micro-tile rows (A panel height). */
export const MR = 4;
/** Micro-tile columns (B panel width): two f32x4 vectors. */
export const NR = 8;
/** Columns of a multiply block: its B panels (NC x KC floats, 128 KiB at KC = 256) stay in L2. */
export const NC = 128;

/** Job kinds, the first i32 of a job descriptor. */
export const JOB_PACK = 1;
export const JOB_GEMM = 2;
/** Range jobs (`jobs.ts`): elementwise kernels, column sums, Adam and zeroing split by element ranges. */
export const JOB_BINARY = 3;
export const JOB_UNARY = 4;
export const JOB_ADAM = 5;
export const JOB_SUM_COLUMNS = 6;
export const JOB_ZERO = 7;
export const JOB_UNIFORM = 8;
export const JOB_SUM_ROWS = 9;
/** Inverted dropout's mask (`assembly/dropout.ts`), split by element ranges. */
export const JOB_DROPOUT_MASK = 12;
/** Convolution and pooling jobs (`conv-jobs.ts`): im2col and col2im by sample, max pooling by planes. */
export const JOB_IM2COL = 16;
export const JOB_COL2IM = 17;
export const JOB_MAX_POOL = 18;
/** Max pooling's input gradient by planes (`pool-backward.ts`). */
export const JOB_MAX_POOL_BACKWARD = 19;

/** Header of a job descriptor (i32 fields): kind, scratch base, scratch bytes per thread. */
export const J_KIND = 0;
export const J_SCRATCH = 1;
export const J_SCRATCH_STRIDE = 2;
/** First parameter field. */
export const J_PARAMS = 4;

/** Elementwise op codes of `elementwise.ts` (mirrored in `src/wasm/layout.ts`). */
export const EW_ADD = 0;
export const EW_SUB = 1;
export const EW_MUL = 2;
export const EW_DIV = 3;
export const EW_RELU_BACKWARD = 4;
export const EW_RELU = 8;
export const EW_NEG = 9;
export const EW_ABS = 10;
export const EW_SQRT = 11;
export const EW_SQUARE = 12;
