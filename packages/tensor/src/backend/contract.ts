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
 * - float16 (optional) is exchanged with the host as a Float32Array of half values (`write` receives
 *   one and rounds it to half, `read` returns one). Kernels compute float16 in float32 and round each
 *   result to half once, as PyTorch's half kernels do; reductions and matmul accumulate in float32.
 * - A small REQUIRED core ({@link Backend}) and OPTIONAL fast paths ({@link FastPaths}). An op whose fast
 *   path a backend lacks falls back to a composition of the core, so a new backend works once its core does.
 */
import type { DType, TypedArray } from '../dtype.js';
import { allOps, type BinaryOp, type UnaryOp } from '../op-table/index.js';

/** An opaque handle to device memory, owned by the backend that allocated it (PyTorch: a `c10::DataPtr`). */
export type StorageHandle = unknown;

/**
 * A strided window onto one storage: what every kernel reads and writes (PyTorch: the operands of a
 * `TensorIterator`, a tensor's data pointer with sizes and strides).
 */
export interface View {
  /** The storage read or written (PyTorch: `Tensor.untyped_storage()`). */
  readonly storage: StorageHandle;
  /** The element type as stored: never int64, which the tensor package hands over as int32 (PyTorch: `Tensor.dtype`). */
  readonly dtype: DType;
  /** Size of each dim (PyTorch: `Tensor.shape`). */
  readonly shape: readonly number[];
  /** Element strides; 0 on broadcast dims (PyTorch: `Tensor.stride()`). */
  readonly strides: readonly number[];
  /** Element offset of `[0, 0, ...]` into the storage (PyTorch: `Tensor.storage_offset()`). */
  readonly offset: number;
}

// The elementwise kernels are keyed by the op table's names (op-table/unary.ts and binary.ts, where each
// row documents its function and type rules): a backend's kernel table typed `Record<UnaryOp, ...>`
// fails to compile until it has every op.
export { BINARY_OPS, type BinaryOp, UNARY_OPS, type UnaryOp } from '../op-table/index.js';

/** Elementwise ops whose results are booleans (0/1): kernels write them as valid bool outputs (PyTorch: comparisons such as `torch.eq`, `torch.isnan`). */
export const BOOL_VALUED_OPS: readonly (UnaryOp | BinaryOp)[] = allOps()
  .filter((o) => o.boolValued && !o.inPlace)
  .map((o) => o.name as UnaryOp | BinaryOp);

/** Reductions over the trailing dims of the input view (see {@link Backend.reduce}; PyTorch: `torch.sum`, `torch.amax`, ...). */
export const REDUCE_OPS = ['sum', 'prod', 'max', 'min', 'argmax', 'argmin', 'all', 'any'] as const;
/** The name of a reduction kernel, one of {@link REDUCE_OPS} (PyTorch: `torch.sum`, `torch.prod`, `torch.amax`, `torch.argmax`, `torch.all`...). */
export type ReduceOp = (typeof REDUCE_OPS)[number];

/** What {@link Backend.random} draws: uniform in [0, 1) or standard normal (PyTorch: `torch.rand`, `torch.randn`). */
export type RandomDistribution = 'uniform' | 'normal';

/** Explicit facts about a backend, so the tensor package can give clear errors instead of wrong answers (PyTorch has no equivalent object). */
export interface Capabilities {
  /** `readSync` works (CPU yes; a GPU cannot block the JS thread). PyTorch reads every device synchronously (`Tensor.item()`). */
  readonly syncRead: boolean;
  /** Dtypes this backend stores and computes (PyTorch: `torch.float32`, ...). float32, int32 and bool are mandatory; never int64. */
  readonly dtypes: readonly DType[];
  /**
   * For dtypes the backend could offer but does not right now, how to get them (e.g. an option of its
   * init function); the tensor package appends it to the "does not support dtype" error. PyTorch has
   * no equivalent.
   */
  readonly dtypeHints?: Readonly<Partial<Record<DType, string>>>;
  /** Largest single allocation, in bytes (PyTorch has no equivalent; CUDA reports out of memory). */
  readonly maxBufferBytes: number;
}

/**
 * The REQUIRED core. All `out` views are written in place and may be strided (in-place ops write
 * through views); inputs and outputs never overlap unless they are the identical view (`x.add_(y)`).
 * Register one with `registerBackend`. PyTorch's nearest equivalent is a device's dispatch key with its
 * ATen kernels (`torch.library`); it has no interface like this one.
 */
export interface Backend {
  /** Device name tensors report, e.g. `'cpu'` or `'webgpu'` (PyTorch: `torch.device`'s type). */
  readonly device: string;
  /** What this backend can do (see {@link Capabilities}; PyTorch has no equivalent). */
  readonly capabilities: Capabilities;

  // ---- memory ----
  /** Allocates zero-initialised storage for `size` elements (PyTorch: `c10::Allocator::allocate`). */
  alloc(dtype: DType, size: number): StorageHandle;
  /**
   * Allocates storage for `size` elements whose contents are unspecified (leftovers of freed storages),
   * sparing the zeroing for an output that the kernel about to run writes whole: the tensor package asks
   * for it only for the `out` of `unary`, `binary`, `where`, `reduce`, `matmul` (with K > 0) and the fast
   * path `dropoutMask`, which write every element of `out`. Absent: `alloc` serves (PyTorch: the
   * allocation behind `torch.empty`, which does not initialise either).
   */
  allocEmpty?(dtype: DType, size: number): StorageHandle;
  /**
   * Releases a device-memory storage (see {@link isDeviceMemory}); the handle is never used again. The
   * backend may defer reuse until queued work ends. Never called for garbage-collected storages
   * (PyTorch: the allocator's deleter, e.g. the CUDA caching allocator's free).
   */
  free(storage: StorageHandle): void;
  /** Copies host data into storage starting at element `offset` (PyTorch: a host-to-device `Tensor.copy_`). */
  write(storage: StorageHandle, dtype: DType, data: TypedArray, offset: number): void;
  /** Reads a view as a new contiguous typed array once all queued work that writes it has finished (PyTorch: `Tensor.cpu()`). */
  read(x: View): Promise<TypedArray>;
  /** Synchronous read; present only when `capabilities.syncRead` (PyTorch: `Tensor.cpu()`, which blocks). */
  readSync?(x: View): TypedArray;
  /**
   * Whether a storage lives in memory the backend manages itself (a WebAssembly heap, GPU buffers)
   * rather than in memory the JavaScript garbage collector owns (a plain typed array). Absent: every
   * storage does. The tensor package frees device memory when the storage's tensors are disposed or
   * garbage-collected, and keeps it within a budget through {@link evict}; the garbage collector
   * frees the rest by itself. PyTorch has no equivalent (all its storages are refcounted).
   */
  isDeviceMemory?(storage: StorageHandle): boolean;
  /**
   * A copy of a device-memory storage in memory the garbage collector owns, as a handle this
   * backend's kernels accept (e.g. a plain typed array); synchronous. The tensor package then frees
   * the original and uses the copy from now on: how storages that no kernel has touched for a while
   * leave device memory once it exceeds its budget, while tensors that still use them stay valid.
   * Absent: storages never move, and device memory is reclaimed only when tensors are disposed or
   * collected. PyTorch has no equivalent.
   */
  evict?(storage: StorageHandle, dtype: DType, size: number): StorageHandle;
  /**
   * A storage handle that aliases `data`, the host typed array of `dtype` (never float16), so that
   * kernels read and write the caller's elements in place (the tensor package's `fromTypedArray`,
   * PyTorch's `torch.from_numpy`). It lives in garbage-collected memory ({@link isDeviceMemory} is
   * false for it): the tensor package never frees, moves or poisons it. Absent: tensors on this device
   * cannot share memory with the host, and `fromTypedArray` says so.
   */
  adopt?(data: TypedArray, dtype: DType): StorageHandle;
  /**
   * The host typed array that a storage in garbage-collected memory is, aliasing it (writes through
   * either show in the other), or undefined when there is none (device memory; a dtype no typed array
   * holds, such as float16). The tensor package first moves a device-memory storage out for good with
   * {@link evict} and never moves it back (`Tensor.numpy()`; PyTorch: `Tensor.numpy()`). Absent:
   * `numpy()` says to copy instead.
   */
  hostArray?(storage: StorageHandle, dtype: DType): TypedArray | undefined;

  // ---- compute ----
  /** `out[i] = value` (cast to out's dtype) (PyTorch: `Tensor.fill_`). */
  fill(out: View, value: number): void;
  /**
   * Strided copy with cast: `out[i] = cast(x[i])`. Casts: float->int truncates toward zero; ->bool is
   * `!= 0` (PyTorch: `Tensor.copy_`).
   */
  copy(x: View, out: View): void;
  /** `out[i] = op(x[i])`. Input and output share a shape (PyTorch: the unary ATen kernels, e.g. `torch.exp`). */
  unary(op: UnaryOp, x: View, out: View): void;
  /**
   * `out[i] = op(a[i], b[i])`. All three share a shape (broadcasting is already in the strides)
   * (PyTorch: the binary ATen kernels, e.g. `torch.mul`).
   */
  binary(op: BinaryOp, a: View, b: View, out: View): void;
  /** `out[i] = cond[i] ? a[i] : b[i]`; cond is bool, a/b/out share a dtype (PyTorch: `torch.where`). */
  where(cond: View, a: View, b: View, out: View): void;
  /**
   * Reduces the trailing `x.shape.length - out.shape.length` dims of `x`; the leading dims of `x`
   * equal `out.shape`. The tensor package permutes the reduced dims to the end beforehand.
   * Result dtypes: sum/prod keep the input dtype (bool sums as int32, cast beforehand);
   * max/min keep it; argmax/argmin write int32 flat indices within the reduced block (first
   * occurrence on ties; NaN counts as the maximum/minimum); all/any take and write bool.
   * Empty reductions: sum 0, prod 1, all true, any false; the tensor package rejects max/min/arg* on empty.
   * (PyTorch: `torch.sum`, `torch.prod`, `torch.amax`, `torch.amin`, `torch.argmax`, `torch.argmin`, `torch.all`, `torch.any`.)
   */
  reduce(op: ReduceOp, x: View, out: View): void;
  /**
   * Batched matrix product: `a` is `[B, M, K]`, `b` is `[B, K, N]`, `out` is `[B, M, N]`, floating dtypes.
   * Batch strides may be 0 (a broadcast operand) (PyTorch: `torch.bmm`).
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
   * produces the same numbers for the same seed (PyTorch: its CUDA generator's Philox stream,
   * `torch.rand`/`torch.randn`). float32: uniform in [0, 1) or standard normal.
   * float16: that float32 number on the half grid, normals rounded, uniforms truncated (to stay below 1).
   */
  random(out: View, distribution: RandomDistribution, key: readonly [number, number], offset: number): void;

  /** Optional fast paths; absent entries fall back to compositions of the core (PyTorch has no equivalent: every op has its kernel). */
  readonly fast?: FastPaths;

  /** Resolves once all queued work has finished (no-op on synchronous backends) (PyTorch: `torch.cuda.synchronize()`). */
  flush?(): Promise<void>;
}

/**
 * The geometry of a 2-D sliding window (convolution, pooling, unfold/fold) as fast paths receive it.
 * Output position `(oh, ow)` and kernel tap `(i, j)` read input row `oh * stride[0] - padding[0] +
 * i * dilation[0]` and column `ow * stride[1] - padding[1] + j * dilation[1]`; a tap outside the input
 * lies in the padding. The number of windows is the output view's `oH x oW` (the tensor package has
 * already applied PyTorch's size rules, ceil mode and asymmetric padding), so only the padding before
 * the first row and column is given. (PyTorch: the arguments of `torch.nn.functional.unfold`.)
 */
export interface Window2d {
  /** `[kH, kW]` (PyTorch: `kernel_size` of `torch.nn.functional.unfold`). */
  readonly kernelSize: readonly [number, number];
  /** `[sH, sW]` (PyTorch: `stride`). */
  readonly stride: readonly [number, number];
  /** `[dH, dW]`, 1 for adjacent taps (PyTorch: `dilation`). */
  readonly dilation: readonly [number, number];
  /** Padding before the first row and before the first column: `[top, left]` (PyTorch: `padding`). */
  readonly padding: readonly [number, number];
}

/**
 * The settings of PyTorch's `cross_entropy` that the fused cross-entropy kernels take (see
 * {@link FastPaths.crossEntropy}).
 */
export interface CrossEntropyKernelOptions {
  /** Rows whose target equals this contribute nothing, to the loss or its gradient (PyTorch: `ignore_index` of `torch.nn.functional.cross_entropy`). */
  readonly ignoreIndex: number;
  /** `s` in `[0, 1]`: the target mixed with the uniform distribution (PyTorch: `label_smoothing`). */
  readonly labelSmoothing: number;
}

/**
 * The hyperparameters of one Adam/AdamW step ({@link FastPaths.adamStep}, the op `adamStep_`)
 * (PyTorch: the arguments of `torch.optim.Adam` and `torch.optim.AdamW`).
 */
export interface AdamStepKernelOptions {
  /** Learning rate (PyTorch: `lr`). */
  readonly lr: number;
  /** Decay of the first-moment average (PyTorch: `betas[0]`). */
  readonly beta1: number;
  /** Decay of the second-moment average (PyTorch: `betas[1]`). */
  readonly beta2: number;
  /** Added to the denominator for stability (PyTorch: `eps`). */
  readonly eps: number;
  /** Adam: L2 penalty added to the gradient; AdamW (`decoupled`): the decay rate of the parameter (PyTorch: `weight_decay`). */
  readonly weightDecay: number;
  /** AdamW's decoupled weight decay (PyTorch: `torch.optim.AdamW` rather than `torch.optim.Adam`). */
  readonly decoupled: boolean;
  /** The AMSGrad variant: `maxExpAvgSq` is given and updated (PyTorch: `amsgrad`). */
  readonly amsgrad: boolean;
  /** Ascends instead of descending: the gradient is negated (PyTorch: `maximize`). */
  readonly maximize: boolean;
  /** The step count including this step (1 on the first), for the bias corrections (PyTorch: the `step` state). */
  readonly step: number;
}

/**
 * OPTIONAL fused kernels. Each has a reference composition in the tensor package, used when the
 * backend does not provide it, and the conformance suite checks a provided one against that reference.
 * (PyTorch has no equivalent: each op has its own kernel per device.)
 */
export interface FastPaths {
  /** Softmax (or log-softmax when `log`) over the last dim of a contiguous `x`; `out` contiguous (PyTorch: `torch.softmax`, `torch.log_softmax`). */
  softmax?(x: View, out: View, log: boolean): void;
  /**
   * Cross entropy of class-index targets, one loss per sample: the per-row part of
   * `torch.nn.functional.cross_entropy(logits, target, weight, ignore_index=ignoreIndex,
   * label_smoothing=s, reduction='none')` on `[N, C]` logits. `logits` is a contiguous `[N, C]` of a
   * floating dtype, `target` an int32 `[N]` with any stride, `weight` a contiguous `[C]` of the logits'
   * dtype or null (every class weighs 1). Per row `n`, with `x = logits[n]`, `y = target[n]` and `w`
   * the weights, the kernel writes (all of the logits' dtype, contiguous):
   * - `normalizer` `[N, 2]`: log-softmax's normaliser split as `[m, log(sum over c of exp(x[c] - m))]`,
   *   `m` the row maximum (NaN counts as the maximum), or 0 when that maximum is -Infinity. Kept apart
   *   so that `x[c] - m` stays exact for large logits; written for every row, ignored ones included.
   *   A row of only -Infinity gives `[0, -Infinity]`; a row holding NaN or +Infinity a NaN (where
   *   `log_softmax`, and so PyTorch's loss, is NaN).
   * - `targetWeight` `[N]`: `w[y]`, 0 where `y == ignoreIndex` (the weighted mean's denominator terms).
   * - `loss` `[N]`: `(1 - s) * w[y] * nll(y) + (s / C) * (sum over c of w[c] * nll(c))` with
   *   `nll(c) = (m - x[c]) + log(sum ...)`, i.e. `-log_softmax(x)[c]`; 0 where `y == ignoreIndex`. With
   *   `s == 0` the sum is left out, not multiplied by 0, so a -Infinity logit off the target does not
   *   make the loss NaN.
   *
   * Targets outside `[0, C)` other than `ignoreIndex` are rejected by the tensor package on devices
   * that read synchronously; elsewhere the kernel must not read outside the row and writes NaN to
   * `loss` and `targetWeight` there. Reference composition: `amax`, `exp`, `sum` and `log` for the
   * normaliser, a `gather` of the target logits, an `indexSelect` of the weights, the smoothing sum,
   * and `where` for the ignored rows.
   */
  crossEntropy?(
    logits: View,
    target: View,
    weight: View | null,
    loss: View,
    targetWeight: View,
    normalizer: View,
    options: CrossEntropyKernelOptions,
  ): void;
  /**
   * The gradient of {@link crossEntropy}'s `loss` with respect to the logits. `gradLoss` is an `[N]`
   * of the logits' dtype with any stride (0 when a reduction broadcast it); `logits`, `target`,
   * `weight` and `options` are as the forward received them and `normalizer` as it wrote it; `out` is
   * a contiguous `[N, C]` that receives, per row `n` with `y = target[n]`, the softmax
   * `p[c] = exp((logits[n, c] - normalizer[n, 0]) - normalizer[n, 1])` and `W` the sum of the weights:
   * `out[n, c] = gradLoss[n] * (a * p[c] - (1 - s) * w[y] * [c == y] - (s / C) * w[c])` where
   * `a = (1 - s) * w[y] + (s / C) * W`. The smoothing terms are left out when `s == 0`, giving
   * `gradLoss[n] * w[y] * (p - onehot(y))`, and `a` is exactly 1 without weights. Rows whose target is
   * `ignoreIndex` receive `0 * p[c]` whatever `gradLoss[n]`: 0, or NaN where the softmax is NaN (a
   * row of only -Infinity, or holding NaN or +Infinity), as PyTorch's `log_softmax` backward gives them.
   * A target outside `[0, C)` writes NaN.
   * Reference composition: the softmax from the normaliser, a one-hot of the targets, products with
   * the per-row factors, and `where` for the ignored rows.
   */
  crossEntropyBackward?(
    gradLoss: View,
    logits: View,
    target: View,
    weight: View | null,
    normalizer: View,
    out: View,
    options: CrossEntropyKernelOptions,
  ): void;
  /**
   * im2col (the kernel of `torch.nn.functional.unfold`): `x` is `[N, C, H, W]` with any strides, `out` a
   * contiguous `[N, C, kH, kW, oH, oW]` that receives `out[n, c, i, j, oh, ow] = x[n, c, row, col]` at
   * tap `(i, j)` of window `(oh, ow)` (see {@link Window2d}), 0 where the tap lies in the padding.
   * Floating dtypes. Reference composition: one strided copy from a zero-padded copy of `x`.
   */
  im2col?(x: View, out: View, window: Window2d): void;
  /**
   * col2im (the kernel of `torch.nn.functional.fold`), the adjoint of {@link im2col}: `cols` is
   * `[N, C, kH, kW, oH, oW]` with any strides, `out` a contiguous `[N, C, H, W]` that the kernel
   * overwrites with, per pixel, the sum of the `cols` entries whose tap reads that pixel (entries whose
   * tap lies in the padding are dropped). Reference composition: `kH * kW` strided in-place adds into
   * a zeroed padded canvas, then a cropping copy.
   */
  col2im?(cols: View, out: View, window: Window2d): void;
  /**
   * 2-D convolution (cross-correlation, as `torch.nn.functional.conv2d`): `x` is `[N, C, H, W]`,
   * `weight` `[O, C / groups, kH, kW]`, `bias` `[O]` or null, all with any strides and one floating
   * dtype; `out` is a contiguous `[N, O, oH, oW]` that receives `bias[o] + sum over (c, i, j) of
   * weight[o, c, i, j] * x[n, g * C / groups + c, row, col]` where `g = floor(o / (O / groups))` is
   * output channel `o`'s group and taps in the padding read 0. Reference composition: {@link im2col},
   * one batched `matmul` of the weights by the columns per group, and a broadcast bias add.
   */
  conv2d?(x: View, weight: View, bias: View | null, out: View, window: Window2d, groups: number): void;
  /**
   * Max pooling (`torch.nn.functional.max_pool2d`): `x` is `[N, C, H, W]` with any strides; `out`
   * (x's floating dtype) and `indices` (int32) are contiguous `[N, C, oH, oW]`. Per window, `out` is
   * the maximum over the taps inside the input (padding never wins) and `indices` the flat position
   * `row * W + col` of the first tap, in row-major tap order, that holds it; NaN counts as the maximum
   * (the first NaN wins). A window without any tap inside the input (possible only with dilation)
   * writes `-Infinity` and index -1. Reference composition: a strided copy of the windows from a
   * `-Infinity`-padded copy of `x`, `amax`/`argmax` over the taps, and a `gather` of tap positions.
   */
  maxPool2d?(x: View, out: View, indices: View, window: Window2d): void;
  /**
   * The input gradient of {@link maxPool2d} (PyTorch: `max_pool2d_with_indices_backward`): `grad` is
   * `[N, C, oH, oW]` with any strides and one floating dtype, `indices` the int32 contiguous
   * `[N, C, oH, oW]` as {@link maxPool2d} wrote them, `out` a contiguous `[N, C, H, W]` of grad's dtype
   * that the kernel overwrites: each plane `(n, c)` is zeroed, then, in ascending `(oh, ow)` order,
   * `out[n, c, i] += grad[n, c, oh, ow]` with `i = indices[n, c, oh, ow]` the flat position in the
   * plane (overlapping windows add up, in that order). An index outside `[0, H * W)` adds nothing
   * (maxPool2d writes -1 for a window without any tap inside the input). Reference composition: a
   * zeroed `[N, C, H * W + 1]`, `scatterAdd` of `grad` at `indices + 1` along its last dim, and a copy
   * without column 0 (same additions in the same order, so the same bits).
   */
  maxPool2dBackward?(grad: View, indices: View, out: View): void;
  /**
   * Average pooling (`torch.nn.functional.avg_pool2d`; the window's dilation is always 1): `x` is
   * `[N, C, H, W]` with any strides, `out` a contiguous `[N, C, oH, oW]` of x's floating dtype that
   * receives the sum of the taps inside the input divided by: `divisorOverride` when not null; else,
   * with `countIncludePad`, the number of taps inside `[-padding[0], H + padding[0]) x [-padding[1],
   * W + padding[1])` (PyTorch's rule: the part of a ceil-mode window beyond that is not counted); else
   * the number of taps inside the input. A window without any tap inside the input writes 0.
   * Reference composition: a strided copy of the windows from a zero-padded copy, `sum`, and a divide
   * by the divisors.
   */
  avgPool2d?(
    x: View,
    out: View,
    window: Window2d,
    options: { readonly countIncludePad: boolean; readonly divisorOverride: number | null },
  ): void;
  /**
   * One Adam/AdamW step (torch.optim's single-tensor update), in place. `param`, `grad`, `expAvg`,
   * `expAvgSq` and `maxExpAvgSq` (given exactly when `amsgrad`, else null) are contiguous views of one
   * shape and one floating dtype on distinct storages; `grad` is only read. `step` is the step count
   * including this step (1 on the first), used for the bias corrections. Per element, in this order:
   * `g = maximize ? -grad : grad`; `decoupled` (AdamW): `param *= 1 - lr * weightDecay`, otherwise
   * `g += weightDecay * param` when `weightDecay != 0`; `expAvg = expAvg * beta1 + (1 - beta1) * g`;
   * `expAvgSq = expAvgSq * beta2 + (1 - beta2) * g * g`; with amsgrad `maxExpAvgSq = max(maxExpAvgSq,
   * expAvgSq)` (NaN-propagating); `denom = sqrt(amsgrad ? maxExpAvgSq : expAvgSq) / sqrt(1 - beta2^step)
   * + eps`; `param += -(lr / (1 - beta1^step)) * expAvg / denom`. Scalars are cast to the dtype as the
   * composition does. The reference composition is the tensor package's `adamStepComposite`
   * (`ops/optim.ts`, behind the op `adamStep_`), used when a backend lacks this kernel or a tensor is
   * not contiguous; results agree to the dtype's rounding.
   */
  adamStep?(
    param: View,
    grad: View,
    expAvg: View,
    expAvgSq: View,
    maxExpAvgSq: View | null,
    options: AdamStepKernelOptions,
  ): void;
  /** Stable sort along the last dim (`torch.sort`); the rules and the reference are in ops/sorting.ts (`sortComposite`). */
  sort?(x: View, values: View, indices: View, descending: boolean): void;
  /**
   * Inverted dropout's scaled mask in one pass (the mask of `torch.native_dropout`, times `1 / (1 - p)`).
   * `out` is a contiguous view of a floating dtype; `keep` is `1 - p` with `0 <= p < 1`. With `k` the
   * value `fill(out, keep)` stores and `u[i]` the value `random(out, 'uniform', key, offset)` stores at
   * element `i` (counter `offset + i`), the kernel writes `out[i] = (u[i] < k ? 1 : 0) / k`, the
   * division done and rounded exactly as this backend's `binary('div')` does it in out's dtype (so
   * `1 / k` where the draw is below `k`, else 0, or NaN if `k` rounds to 0). The result is bit for bit
   * the reference composition, which the tensor package runs when a backend lacks this kernel:
   * `bernoulli(full(shape, keep)).div_(keep)`, i.e. `random`, `fill`, `binary('lt')`, a cast back by
   * `copy` and `binary('div')` (`dropoutMaskComposite`, ops/dropout-mask.ts).
   */
  dropoutMask?(out: View, keep: number, key: readonly [number, number], offset: number): void;
}
