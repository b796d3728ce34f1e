/**
 * The backend contract: everything a device must do for typetorch to run on it.
 *
 * Design rules (see CONTRIBUTING.md, "Adding a backend"):
 * - The contract is asynchronous at heart. Kernels are *enqueued*: a call returns once the work is
 *   recorded, not necessarily done (a GPU backend encodes commands). The only way back to the host is
 *   `read`, which returns a Promise. `readSync` exists only where `capabilities.syncRead` is true.
 * - A backend never sees Tensor objects, autograd, broadcasting rules or type promotion. The tensor
 *   package resolves all of that and hands kernels {@link View}s: a storage handle plus shape, strides
 *   (in elements, possibly 0 for broadcast dims, possibly non-contiguous) and an element offset.
 * - Inputs of a kernel already share the dtype the kernel computes in; casts happen in `copy`.
 * - A small REQUIRED core ({@link Backend}) and OPTIONAL fast paths ({@link FastPaths}). An op whose fast
 *   path a backend lacks falls back to a composition of the core, so a new backend works once its core does.
 */
import type { DType, TypedArray } from '../dtype.js';

/** An opaque handle to device memory, owned by the backend that allocated it. */
export type StorageHandle = unknown;

/** A strided window onto one storage: what every kernel reads and writes. */
export interface View {
  readonly storage: StorageHandle;
  readonly dtype: DType;
  readonly shape: readonly number[];
  /** Element strides; 0 on broadcast dims. */
  readonly strides: readonly number[];
  /** Element offset of `[0, 0, ...]` into the storage. */
  readonly offset: number;
}

/** Elementwise functions of one input. Output dtype equals the input's, except where noted. */
export const UNARY_OPS = [
  'neg',
  'abs',
  'exp',
  'expm1',
  'log',
  'log1p',
  'sqrt',
  'rsqrt',
  'sin',
  'cos',
  'tanh',
  'sigmoid',
  'relu',
  'sign',
  'floor',
  'ceil',
  'round', // half to even, as PyTorch
  'trunc',
  'reciprocal',
  'square',
  'logicalNot', // -> bool
  'isnan', // -> bool
] as const;
export type UnaryOp = (typeof UNARY_OPS)[number];

/** Elementwise functions of two inputs (already broadcast through strides). */
export const BINARY_OPS = [
  'add',
  'sub',
  'mul',
  'div', // float only; true division
  'pow',
  'maximum', // NaN-propagating, as torch.maximum
  'minimum',
  'eq', // comparisons -> bool
  'ne',
  'lt',
  'le',
  'gt',
  'ge',
  'logicalAnd', // -> bool
  'logicalOr',
  'logicalXor',
  'floorDivide', // rounds toward -inf, as torch.floor_divide
  'remainder', // sign of the divisor, as torch.remainder
] as const;
export type BinaryOp = (typeof BINARY_OPS)[number];

/** Reductions over the trailing dims of the input view (see {@link Backend.reduce}). */
export const REDUCE_OPS = ['sum', 'prod', 'max', 'min', 'argmax', 'argmin', 'all', 'any'] as const;
export type ReduceOp = (typeof REDUCE_OPS)[number];

export type RandomDistribution = 'uniform' | 'normal';

/** Explicit facts about a backend, so the tensor package can give clear errors instead of wrong answers. */
export interface Capabilities {
  /** `readSync` works (CPU yes; a GPU cannot block the JS thread). */
  readonly syncRead: boolean;
  /** Dtypes this backend stores and computes. float32, int32 and bool are mandatory. */
  readonly dtypes: readonly DType[];
  /** Largest single allocation, in bytes. */
  readonly maxBufferBytes: number;
}

/**
 * The REQUIRED core. All `out` views are written in place and may be strided (in-place ops write
 * through views); inputs and outputs never overlap unless they are the identical view (`x.add_(y)`).
 */
export interface Backend {
  /** Device name tensors report, e.g. `'cpu'` or `'webgpu'`. */
  readonly device: string;
  readonly capabilities: Capabilities;

  // ---- memory ----
  /** Allocates zero-initialised storage for `size` elements. */
  alloc(dtype: DType, size: number): StorageHandle;
  /** Releases storage; the handle is never used again. The backend may defer reuse until queued work ends. */
  free(storage: StorageHandle): void;
  /** Copies host data into storage starting at element `offset`. */
  write(storage: StorageHandle, dtype: DType, data: TypedArray, offset: number): void;
  /** Reads a view as a new contiguous typed array once all queued work that writes it has finished. */
  read(x: View): Promise<TypedArray>;
  /** Synchronous read; present only when `capabilities.syncRead`. */
  readSync?(x: View): TypedArray;

  // ---- compute ----
  /** `out[i] = value` (cast to out's dtype). */
  fill(out: View, value: number): void;
  /** Strided copy with cast: `out[i] = cast(x[i])`. Casts: float->int truncates toward zero; ->bool is `!= 0`. */
  copy(x: View, out: View): void;
  /** `out[i] = op(x[i])`. Input and output share a shape. */
  unary(op: UnaryOp, x: View, out: View): void;
  /** `out[i] = op(a[i], b[i])`. All three share a shape (broadcasting is already in the strides). */
  binary(op: BinaryOp, a: View, b: View, out: View): void;
  /** `out[i] = cond[i] ? a[i] : b[i]`; cond is bool, a/b/out share a dtype. */
  where(cond: View, a: View, b: View, out: View): void;
  /**
   * Reduces the trailing `x.shape.length - out.shape.length` dims of `x`; the leading dims of `x`
   * equal `out.shape`. The tensor package permutes the reduced dims to the end beforehand.
   * Result dtypes: sum/prod keep the input dtype (bool sums as int32, cast beforehand);
   * max/min keep it; argmax/argmin write int32 flat indices within the reduced block (first
   * occurrence on ties; NaN counts as the maximum/minimum); all/any take and write bool.
   * Empty reductions: sum 0, prod 1, all true, any false; the tensor package rejects max/min/arg* on empty.
   */
  reduce(op: ReduceOp, x: View, out: View): void;
  /**
   * Batched matrix product: `a` is `[B, M, K]`, `b` is `[B, K, N]`, `out` is `[B, M, N]`, floating dtypes.
   * Batch strides may be 0 (a broadcast operand).
   */
  matmul(a: View, b: View, out: View): void;
  /**
   * `out[...i, j, k...] = x[...i, index[...i, j, k...], k...]` along `dim` (torch.gather). `index` is
   * int32 with the shape of `out`; indices were range-checked by the tensor package.
   */
  gather(x: View, dim: number, index: View, out: View): void;
  /**
   * In place on `out`: `out[...i, index[...], k...] = src[...]` (reduce `'none'`) or `+=` (reduce `'add'`),
   * iterating over the shape of `index` (torch.scatter_ / scatter_add_). For `'none'` with duplicate
   * indices the winner is unspecified, as in PyTorch.
   */
  scatter(out: View, dim: number, index: View, src: View, reduce: 'none' | 'add'): void;
  /**
   * Fills a contiguous `out` with random numbers from the counter-based Philox4x32-10 stream
   * (see `random/philox.ts`): element `i` uses counter `offset + i` of `key`, so every backend
   * produces the same numbers for the same seed. float32: uniform in [0, 1) or standard normal.
   */
  random(out: View, distribution: RandomDistribution, key: readonly [number, number], offset: number): void;

  /** Optional fast paths; absent entries fall back to compositions of the core. */
  readonly fast?: FastPaths;

  /** Resolves once all queued work has finished (no-op on synchronous backends). */
  flush?(): Promise<void>;
}

/**
 * OPTIONAL fused kernels. Each has a reference composition in the tensor package, used when the
 * backend does not provide it, and the conformance suite checks a provided one against that reference.
 */
export interface FastPaths {
  /** Softmax (or log-softmax when `log`) over the last dim of a contiguous `x`; `out` contiguous. */
  softmax?(x: View, out: View, log: boolean): void;
}
