/**
 * @typetorch/tensor: PyTorch's Tensor in TypeScript, and the backend contract every device implements.
 * Import a backend package (e.g. `@typetorch/backend-cpu`) to register a device.
 *
 * @module @typetorch/tensor
 */
export { ARITY, arityOf, markArity, positional, tooManyArguments } from './arity.js';
export type {
  AdamStepKernelOptions,
  Backend,
  BinaryOp,
  Capabilities,
  CrossEntropyKernelOptions,
  FastPaths,
  RandomDistribution,
  ReduceOp,
  StorageHandle,
  UnaryOp,
  View,
  Window2d,
} from './backend/contract.js';
export { BINARY_OPS, BOOL_VALUED_OPS, REDUCE_OPS, UNARY_OPS } from './backend/contract.js';
export {
  getBackend,
  getDefaultDevice,
  listDevices,
  registerBackend,
  setDefaultDevice,
  unregisterBackend,
} from './backend/registry.js';
export { assertAsync, raiseDeviceErrors } from './device-checks.js';
export {
  type AutogradEngine,
  autogradEngine,
  type BackwardOptions,
  dispatch,
  type GradientHook,
  installAutograd,
  type OpRecord,
  observeOps,
} from './dispatch.js';
export {
  allocTypedArray,
  DTYPE_ALIASES,
  DTYPES,
  type DType,
  type DTypeLike,
  dtypeOfTypedArray,
  isFloating,
  isIntegral,
  itemSize,
  type PromotionOperand,
  promoteTypes,
  resolveDType,
  resultType,
  storageDType,
  type TypedArray,
} from './dtype.js';
export * from './functional.js';
export type { NextFunctions } from './grad-fn.js';
export {
  floatToHalfBits,
  fromHalfBits,
  HALF_MAX,
  halfBitsToFloat,
  roundFloat32BitsToHalf,
  roundToHalf,
  roundToHalfInPlace,
  toHalfBits,
  truncateFloat32BitsToHalf,
} from './half.js';
export {
  type Disposable,
  keep,
  type MemoryInfo,
  memory,
  memoryDebug,
  scope,
  setDeviceMemoryLimit,
  setMemoryDebug,
  untrack,
} from './memory/index.js';
export {
  type AdaptiveAvgPoolAttrs,
  type AttrsOf,
  type AvgPoolAttrs,
  allOps,
  type Binary,
  type BinaryProps,
  type BinaryRow,
  type Differentiability,
  type DifferentiableOf,
  type DifferentiableOpName,
  type ElementwiseInPlaceName,
  type InPlaceBinaryOp,
  type InPlaceOf,
  type InPlaceUnaryOp,
  type NoAttrs,
  type OpGroup,
  type OpInfo,
  type OpName,
  type OpRow,
  type Ops,
  opInfo,
  type ReduceAttrs,
  type ScatterAttrs,
  type Unary,
  type UnaryProps,
  type UnaryRow,
  type WindowAttrs,
} from './op-table/index.js';
export {
  argwhere,
  argwhereAsync,
  maskedSelect,
  maskedSelectAsync,
  type NonzeroOptions,
  nonzero,
  nonzeroAsync,
} from './ops/advanced-indexing-checked.js';
export {
  type Conv2dOptions,
  col2imComposite,
  conv2d,
  fold,
  type Geometry,
  im2colComposite,
  type Padding2d,
  type Size2d,
  type UnfoldOptions,
  unfold,
} from './ops/conv-checked.js';
export {
  arange,
  type CreationOptions,
  empty,
  emptyLike,
  eye,
  full,
  fullLike,
  linspace,
  type NestedArray,
  ones,
  onesLike,
  type SizeArgs,
  tensor,
  zeros,
  zerosLike,
} from './ops/creation-checked.js';
export { type DropoutMaskOptions, dropoutMask, dropoutMaskComposite } from './ops/dropout-mask-checked.js';
export { einsum } from './ops/einsum.js';
export { clamp, maskedFill, where } from './ops/elementwise-checked.js';
export {
  type IndexList,
  type IndexPutOptions,
  indexAsync,
  indexPut,
  indexPut_,
  indexPutAsync,
  indexPutAsync_,
  indexSet,
  indexSetAsync,
  type SliceSpec,
} from './ops/index-specs-checked.js';
export {
  gather,
  type IndexSpec,
  index,
  indexSelect,
  oneHot,
  scatter,
  scatterAdd,
  sl,
  tril,
  triu,
} from './ops/indexing-checked.js';
export { type TensorLike, viewOf } from './ops/internal.js';
export { cat, chunk, split, stack } from './ops/join-checked.js';
export { type AddmmOptions, addmm, bmm, dot, matmul, mm, outer } from './ops/linalg-checked.js';
export {
  type CrossEntropyPerSampleOptions,
  crossEntropyBackwardComposite,
  crossEntropyComposite,
  crossEntropyGradient,
  crossEntropyPerSample,
  crossEntropyPerSampleBackward,
} from './ops/loss.js';
export {
  allclose,
  allcloseSync,
  type CloseOptions,
  clampMax,
  clampMin,
  clip,
  equal,
  equalSync,
  isclose,
  linalg,
  type NormOptions,
  norm,
} from './ops/math-checked.js';
export { type FromTypedArrayOptions, fromTypedArray, type NumpyOptions } from './ops/numpy-checked.js';
export { type AdamStepOptions, adamStep_ } from './ops/optim.js';
export {
  type MaxPool2dBackwardOptions,
  maxPool2dBackward,
  maxPool2dBackwardComposite,
} from './ops/pooling-backward.js';
export {
  type AvgPool2dOptions,
  adaptiveAvgPool2d,
  avgPool2d,
  avgPool2dComposite,
  type MaxPool2dOptions,
  maxPool2d,
  maxPool2dComposite,
} from './ops/pooling-checked.js';
export {
  bernoulli,
  type MultinomialOptions,
  multinomial,
  type RandomOptions,
  type RandomSizeArgs,
  rand,
  randint,
  randn,
  randperm,
} from './ops/random-checked.js';
export { randintLike, randLike, randnLike } from './ops/random-like-checked.js';
export {
  all,
  amax,
  amin,
  any,
  argmax,
  argmin,
  type Dims,
  logsumexp,
  max,
  mean,
  min,
  prod,
  type ReduceOptions,
  std,
  sum,
  type VarArgsList,
  type VarOptions,
  variance as var_,
} from './ops/reduce-checked.js';
export {
  cumprod,
  cumsum,
  diag,
  diagonal,
  flip,
  repeat,
  roll,
  type ScanOptions,
  tile,
  unbind,
} from './ops/scan-shape-checked.js';
export { logSoftmax, softmax, softmaxComposite } from './ops/softmax-checked.js';
export { sortComposite } from './ops/sort-composite.js';
export {
  argsort,
  type KthvalueOptions,
  kthvalue,
  type SearchsortedOptions,
  type SortOptions,
  searchsorted,
  sort,
  type TopkOptions,
  topk,
} from './ops/sorting-checked.js';
export { checkClassTargets } from './ops/target-checks.js';
export {
  type BincountOptions,
  bincount,
  bincountAsync,
  type Flag,
  type UniqueOptions,
  type UniqueResult,
  unique,
  uniqueAsync,
} from './ops/unique-checked.js';
export { type ValuesIndices, valuesIndices } from './ops/values-indices.js';
export {
  clone,
  contiguous,
  expand,
  flatten,
  narrow,
  permute,
  reshape,
  select,
  slice,
  squeeze,
  t,
  transpose,
  unflatten,
  unsqueeze,
  view,
} from './ops/views-checked.js';
export { type ArgSpec, bindArgs, checkArity, checkOptions, isOptionsObject } from './options.js';
export { type PrintOptions, setPrintOptions } from './print.js';
export { defaultGenerator, Generator, manualSeed } from './random/generator.js';
export { randpermHost } from './random/permutation.js';
export { philox4x32, philoxNormal, philoxUniform, uint32ToUniform } from './random/philox.js';
export {
  broadcastShapes,
  type CollapsedLayout,
  collapseLayout,
  contiguousStrides,
  formatShape,
  isContiguousLayout,
  normalizeDim,
  numelOf,
  type Shape,
  shapesEqual,
} from './shape.js';
export { Storage } from './storage.js';
export { type GradFn, type NestedNumbers, Tensor } from './tensor.js';
/**
 * This package's version, e.g. `'0.3.1'` (PyTorch: `torch.__version__`). Two different values in one
 * program (two copies installed) are reported by a warning when the second copy loads.
 */
export { VERSION as version } from './version.js';
