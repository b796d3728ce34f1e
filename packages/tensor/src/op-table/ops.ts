/**
 * Every op that is not a plain elementwise kernel: one row each, with its group, properties and (as
 * a type) the attributes it records for its gradient. The op's function lives in `ops/<group>.ts` and
 * calls `dispatch('<name>', inputs, attrs, forward)`; both the name and the attributes are checked
 * against this row. Elementwise rows are in `unary.ts` and `binary.ts`.
 */
import type { AdamStepKernelOptions, CrossEntropyKernelOptions } from '../backend/contract.js';
import type { DType } from '../dtype.js';
import { ADVANCED_INDEXING_OPS } from './advanced-indexing.js';
import { LINALG_OPS } from './linalg.js';
import { MATH_OPS } from './math.js';
import { row } from './row.js';
import { SCAN_SHAPE_OPS } from './scan-shape.js';
import { SORTING_OPS } from './sorting.js';

/** What a reduction records: the reduced dims and keepdim (PyTorch: `SumBackward1`'s `dim` and `keepdim`). */
export interface ReduceAttrs {
  /** The reduced dims, normalised (non-negative) and sorted (PyTorch: `dim`). */
  readonly dims: readonly number[];
  /** Whether the reduced dims are kept as size 1 (PyTorch: `keepdim`). */
  readonly keepdim: boolean;
}

/** The geometry of a 2-D sliding window as unfold, fold and conv2d record it (PyTorch: the arguments of `torch.nn.functional.unfold`). */
export interface WindowAttrs {
  /** `[kH, kW]` (PyTorch: `kernel_size`). */
  readonly kernelSize: readonly [number, number];
  /** `[dH, dW]` (PyTorch: `dilation`). */
  readonly dilation: readonly [number, number];
  /** `[left, right, top, bottom]` (PyTorch: `padding`; uneven for `padding='same'` and ceil mode). */
  readonly padding: readonly [number, number, number, number];
  /** `[sH, sW]` (PyTorch: `stride`). */
  readonly stride: readonly [number, number];
  /** The input's `[H, W]` (PyTorch: the size a `grad_fn` saves to shape its gradient). */
  readonly inputSize: readonly [number, number];
}

/** What average pooling records: its window, and each output position's divisor (PyTorch: `AvgPool2DBackward0`'s saved arguments). */
export interface AvgPoolAttrs extends Omit<WindowAttrs, 'dilation'> {
  /** The output's `[oH, oW]` (PyTorch: the pooled size). */
  readonly outputSize: readonly [number, number];
  /** Per output position, row-major, what its window's sum is divided by (PyTorch: `count_include_pad`, `divisor_override`). */
  readonly divisors: readonly number[];
}

/** What adaptive average pooling records: the row-major `[out, in]` averaging matrices of each dim (PyTorch: `torch.nn.functional.adaptive_avg_pool2d`). */
export interface AdaptiveAvgPoolAttrs {
  /** The input's `[H, W]` (PyTorch: `self.sizes()`). */
  readonly inputSize: readonly [number, number];
  /** The output's `[oH, oW]` (PyTorch: `output_size`). */
  readonly outputSize: readonly [number, number];
  /** The `[oH, H]` row-averaging matrix, row-major (PyTorch has no equivalent: it loops over windows). */
  readonly rowMatrix: readonly number[];
  /** The `[oW, W]` column-averaging matrix, row-major (PyTorch has no equivalent). */
  readonly colMatrix: readonly number[];
}

/** What scatter and scatter-add record (PyTorch: `torch.scatter`, `torch.scatter_add`). */
export interface ScatterAttrs {
  /** The dim scattered along, normalised (PyTorch: `dim`). */
  readonly dim: number;
  /** `'none'` writes, `'add'` accumulates (PyTorch: `scatter` vs `scatter_add`). */
  readonly reduce: 'none' | 'add';
}

const none = row();
const dim = row<{ readonly dim: number }>();
const reduce = row<ReduceAttrs>();
const shaped = row<{ readonly shape: readonly number[] }>();
const created = row<{ readonly shape: readonly number[]; readonly dtype: DType }>();

export const OPS = {
  // conditional (ops/elementwise.ts)
  where: none({ group: 'conditional', differentiable: true }),
  maskedFill: none({ group: 'conditional', differentiable: true }),
  /** Inputs are `[x, min?, max?]`; the attributes say which bounds are present. */
  clamp: row<{ readonly hasMin: boolean; readonly hasMax: boolean }>()({
    group: 'conditional',
    differentiable: true,
  }),

  // reductions (ops/reduce.ts)
  sum: reduce({ group: 'reduce', differentiable: true }),
  prod: reduce({ group: 'reduce', differentiable: true }),
  mean: reduce({ group: 'reduce', differentiable: true }),
  max: reduce({ group: 'reduce', differentiable: true }),
  min: reduce({ group: 'reduce', differentiable: true }),
  amax: reduce({ group: 'reduce', differentiable: true }),
  amin: reduce({ group: 'reduce', differentiable: true }),
  /** `max(x, dim)`: values and indices. */
  maxDim: row<{ readonly dim: number; readonly keepdim: boolean }>()({
    group: 'reduce',
    differentiable: true,
  }),
  minDim: row<{ readonly dim: number; readonly keepdim: boolean }>()({
    group: 'reduce',
    differentiable: true,
  }),
  argmax: reduce({ group: 'reduce', differentiable: false }),
  argmin: reduce({ group: 'reduce', differentiable: false }),
  all: reduce({ group: 'reduce', differentiable: false }),
  any: reduce({ group: 'reduce', differentiable: false }),
  logsumexp: reduce({ group: 'reduce', differentiable: true }),

  // softmax (ops/softmax.ts)
  softmax: dim({ group: 'softmax', differentiable: true, fastPath: 'softmax' }),
  logSoftmax: dim({ group: 'softmax', differentiable: true, fastPath: 'softmax' }),

  // linear algebra (ops/linalg.ts)
  matmul: none({ group: 'linalg', differentiable: true }),

  // views and copies (ops/views.ts)
  view: shaped({ group: 'view', differentiable: true, view: true }),
  /** A view when the strides allow it, else a copy. */
  reshape: shaped({ group: 'view', differentiable: true, view: true }),
  permute: row<{ readonly dims: readonly number[] }>()({ group: 'view', differentiable: true, view: true }),
  expand: shaped({ group: 'view', differentiable: true, view: true }),
  unsqueeze: dim({ group: 'view', differentiable: true, view: true }),
  squeeze: row<{ readonly dims: readonly number[] }>()({ group: 'view', differentiable: true, view: true }),
  slice: row<{ readonly dim: number; readonly start: number; readonly end: number; readonly step: number }>()(
    {
      group: 'view',
      differentiable: true,
      view: true,
    },
  ),
  select: row<{ readonly dim: number; readonly index: number }>()({
    group: 'view',
    differentiable: true,
    view: true,
  }),
  clone: none({ group: 'view', differentiable: true }),

  // joins (ops/join.ts)
  cat: dim({ group: 'join', differentiable: true }),
  stack: dim({ group: 'join', differentiable: true }),

  // indexing (ops/indexing.ts)
  gather: dim({ group: 'indexing', differentiable: true }),
  scatter: row<ScatterAttrs>()({ group: 'indexing', differentiable: true }),
  scatterAdd: row<ScatterAttrs>()({ group: 'indexing', differentiable: true }),
  scatter_: row<ScatterAttrs>()({
    group: 'indexing',
    differentiable: true,
    inPlace: true,
    gradientOf: 'scatter',
  }),
  scatterAdd_: row<ScatterAttrs>()({
    group: 'indexing',
    differentiable: true,
    inPlace: true,
    gradientOf: 'scatterAdd',
  }),
  indexSelect: dim({ group: 'indexing', differentiable: true }),
  oneHot: row<{ readonly numClasses: number }>()({ group: 'indexing', differentiable: false }),
  tril: row<{ readonly diagonal: number }>()({ group: 'indexing', differentiable: true }),
  triu: row<{ readonly diagonal: number }>()({ group: 'indexing', differentiable: true }),

  // creation (ops/creation.ts): no tensor inputs, so never recorded
  tensor: created({ group: 'creation', differentiable: false }),
  full: row<{ readonly shape: readonly number[]; readonly value: number | boolean; readonly dtype: DType }>()(
    {
      group: 'creation',
      differentiable: false,
    },
  ),
  empty: created({ group: 'creation', differentiable: false }),
  arange: row<{ readonly dtype: DType }>()({ group: 'creation', differentiable: false }),
  linspace: row<{ readonly dtype: DType }>()({ group: 'creation', differentiable: false }),
  eye: row<{ readonly n: number; readonly m: number; readonly dtype: DType }>()({
    group: 'creation',
    differentiable: false,
  }),

  // random (ops/random.ts)
  rand: created({ group: 'random', differentiable: false }),
  randn: created({ group: 'random', differentiable: false }),
  randint: row<{ readonly low: number; readonly high: number }>()({ group: 'random', differentiable: false }),
  bernoulli: none({ group: 'random', differentiable: false }),
  /** Inverted dropout's scaled mask (ops/dropout-mask.ts); no tensor inputs, so never recorded. */
  dropoutMask: row<{ readonly shape: readonly number[]; readonly p: number; readonly dtype: DType }>()({
    group: 'random',
    differentiable: false,
    fastPath: 'dropoutMask',
  }),
  /** Overwrites its input, so the old values get a zero gradient. */
  uniform_: row<{ readonly a: number; readonly b: number }>()({
    group: 'random',
    differentiable: true,
    inPlace: true,
  }),
  normal_: row<{ readonly a: number; readonly b: number }>()({
    group: 'random',
    differentiable: true,
    inPlace: true,
  }),

  // device and dtype transfer, whole-tensor writes (ops/transfer.ts)
  to: row<{ readonly device: string; readonly dtype: DType }>()({ group: 'transfer', differentiable: true }),
  fill_: row<{ readonly value: number | boolean }>()({
    group: 'transfer',
    differentiable: true,
    inPlace: true,
  }),
  copy_: none({ group: 'transfer', differentiable: true, inPlace: true }),

  // convolution (ops/conv.ts)
  unfold: row<WindowAttrs>()({ group: 'conv', differentiable: true, fastPath: 'im2col' }),
  fold: row<WindowAttrs>()({ group: 'conv', differentiable: true, fastPath: 'col2im' }),
  conv2d: row<WindowAttrs & { readonly groups: number }>()({
    group: 'conv',
    differentiable: true,
    fastPath: 'conv2d',
  }),

  // pooling (ops/pooling.ts)
  maxPool2d: row<{
    readonly kernelSize: readonly [number, number];
    readonly stride: readonly [number, number];
    readonly padding: readonly [number, number];
    readonly dilation: readonly [number, number];
  }>()({ group: 'pooling', differentiable: true, fastPath: 'maxPool2d' }),
  /** Inputs are `[grad, indices]`: max pooling's input gradient, run by its backward formula. */
  maxPool2dBackward: none({ group: 'pooling', differentiable: true, fastPath: 'maxPool2dBackward' }),
  avgPool2d: row<AvgPoolAttrs>()({ group: 'pooling', differentiable: true, fastPath: 'avgPool2d' }),
  adaptiveAvgPool2d: row<AdaptiveAvgPoolAttrs>()({
    group: 'pooling',
    differentiable: true,
    fastPath: 'avgPool2d',
  }),

  // losses (ops/loss.ts)
  crossEntropyPerSample: row<CrossEntropyKernelOptions>()({
    group: 'loss',
    differentiable: true,
    fastPath: 'crossEntropy',
  }),
  /** Runs inside cross-entropy's backward; twice-differentiating cross-entropy is not supported yet. */
  crossEntropyPerSampleBackward: row<CrossEntropyKernelOptions>()({
    group: 'loss',
    differentiable: 'notImplemented',
    fastPath: 'crossEntropyBackward',
  }),

  // fused optimizer steps (ops/optim.ts); the attributes are the step's options
  adamStep_: row<AdamStepKernelOptions>()({
    group: 'optim',
    differentiable: false,
    inPlace: true,
    fastPath: 'adamStep',
  }),
  ...SCAN_SHAPE_OPS,
  ...SORTING_OPS,
  ...MATH_OPS,
  ...ADVANCED_INDEXING_OPS,
  ...LINALG_OPS,
};
