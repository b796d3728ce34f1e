/**
 * @typetorch/nn: PyTorch's torch.nn in TypeScript. Use as `import * as nn from '@typetorch/nn'` and
 * `import { F, init } from '@typetorch/nn'` (torch.nn.functional, torch.nn.init).
 *
 * @module @typetorch/nn
 */

export type { FullBackwardHook, FullBackwardHookResult } from './backward-hooks.js';
/**
 * The functional forms of the layers: activations, losses, convolutions, pooling, normalization, dropout
 * (PyTorch: `torch.nn.functional`, imported as `F`). `F.relu(x)` is `torch.nn.functional.relu(x)`.
 */
export * as F from './functional/checked.js';
/** `torch.nn.functional` under PyTorch's own name: the same namespace as {@link F}. */
export * as functional from './functional/checked.js';
export type { ForwardHook, ForwardPreHook, RemovableHandle } from './hooks.js';
/** Parameter initialisers, filling tensors in place: `init.kaimingUniform_(w)` (PyTorch: `torch.nn.init`). */
export * as init from './init/index.js';
export { type LoadResult, Module, type StateDict } from './module.js';
export {
  ELU,
  GELU,
  LeakyReLU,
  LogSoftmax,
  ReLU,
  Sigmoid,
  SiLU,
  Softmax,
  Tanh,
} from './modules/activation.js';
export {
  CELU,
  GLU,
  Hardshrink,
  Hardsigmoid,
  Hardswish,
  Hardtanh,
  LogSigmoid,
  Mish,
  PReLU,
  type PReLUOptions,
  ReLU6,
  SELU,
  Softmin,
  Softplus,
  Softshrink,
  Softsign,
  Tanhshrink,
  Threshold,
} from './modules/activation-extra.js';
export {
  type ForwardArgs as MultiheadAttentionForwardArgs,
  MultiheadAttention,
  type MultiheadAttentionForwardOptions,
  type MultiheadAttentionOptions,
  NonDynamicallyQuantizableLinear,
} from './modules/attention.js';
export {
  BatchNorm1d,
  BatchNorm2d,
  BatchNorm3d,
  BatchNormBase,
  type BatchNormOptions,
} from './modules/batchnorm.js';
export { ModuleDict, ModuleList, Sequential } from './modules/containers.js';
export { Conv2d, type Conv2dOptions, type PaddingMode } from './modules/conv.js';
export {
  ConvTranspose1d,
  ConvTranspose2d,
  type ConvTranspose2dOptions,
} from './modules/conv-transpose.js';
export { Conv1d, type Conv1dOptions } from './modules/conv1d.js';
export { CTCLoss } from './modules/ctc.js';
export {
  ConstantPad1d,
  ConstantPad2d,
  ConstantPad3d,
  CosineSimilarity,
  PairwiseDistance,
  ZeroPad2d,
} from './modules/distance.js';
export { Dropout, type DropoutModuleArgs } from './modules/dropout.js';
export {
  AlphaDropout,
  Dropout1d,
  Dropout3d,
  FeatureAlphaDropout,
} from './modules/dropout-extra.js';
export { Dropout2d } from './modules/dropout2d.js';
export type { FactoryOptions } from './modules/factory.js';
export { Flatten, Unflatten } from './modules/flatten.js';
export { GroupNorm, type GroupNormOptions, InstanceNorm2d } from './modules/group-instance-norm.js';
export type { InstanceNormArgs } from './modules/instance-norm.js';
export {
  AdaptiveAvgPool1d,
  Bilinear,
  type BilinearOptions,
  InstanceNorm1d,
  InstanceNorm3d,
} from './modules/layers-breadth.js';
export { Identity, Linear, type LinearOptions } from './modules/linear.js';
export {
  BCELoss,
  BCEWithLogitsLoss,
  type BCEWithLogitsLossOptions,
  CrossEntropyLoss,
  type CrossEntropyLossOptions,
  HuberLoss,
  L1Loss,
  Loss,
  type LossModuleOptions,
  MSELoss,
  NLLLoss,
  type NLLLossOptions,
  SmoothL1Loss,
  WeightedLoss,
} from './modules/loss.js';
export {
  GaussianNLLLoss,
  HingeEmbeddingLoss,
  MultiLabelSoftMarginLoss,
  MultiMarginLoss,
  PoissonNLLLoss,
  type R as LossReductionOptions,
  SoftMarginLoss,
} from './modules/loss-breadth.js';
export {
  CosineEmbeddingLoss,
  KLDivLoss,
  MarginRankingLoss,
  TripletMarginLoss,
} from './modules/loss-extra.js';
export { LayerNorm, type LayerNormOptions } from './modules/normalization.js';
export { ParameterDict, ParameterList } from './modules/parameter-containers.js';
export {
  AdaptiveAvgPool2d,
  AvgPool2d,
  type AvgPool2dOptions,
  MaxPool2d,
  type MaxPool2dOptions,
} from './modules/pooling.js';
export { AdaptiveMaxPool2d, AvgPool1d, MaxPool1d } from './modules/pooling1d.js';
export * from './modules/rnn.js';
export type { CellArgs, RecurrentMode } from './modules/rnn-cell.js';
export { Softmax2d } from './modules/softmax2d.js';
export { Embedding, type EmbeddingOptions } from './modules/sparse.js';
export {
  Transformer,
  TransformerDecoder,
  TransformerEncoder,
  type TransformerEncoderForwardOptions,
  type TransformerEncoderOptions,
  type TransformerForwardOptions,
  type TransformerOptions,
} from './modules/transformer.js';
export {
  type DecoderForwardArgs,
  type DecoderForwardOptions,
  type EncoderLayerForwardOptions,
  type TransformerActivation,
  TransformerDecoderLayer,
  TransformerEncoderLayer,
  type TransformerLayerArgs,
  type TransformerLayerOptions,
} from './modules/transformer-layers.js';
export { PixelShuffle, PixelUnshuffle, Upsample, type UpsampleOptions } from './modules/upsampling.js';
export { Parameter } from './parameter.js';
export * from './safetensors/index.js';
/** Gradient clipping and parameter-vector conversion (PyTorch: `torch.nn.utils`). */
export * as utils from './utils/index.js';
