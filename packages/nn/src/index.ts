/**
 * @typetorch/nn: PyTorch's torch.nn in TypeScript. Use as `import * as nn from '@typetorch/nn'` and
 * `import { F, init } from '@typetorch/nn'` (torch.nn.functional, torch.nn.init).
 */
export * as F from './functional/checked.js';
/** `torch.nn.functional` under PyTorch's own name: the same namespace as {@link F}. */
export * as functional from './functional/checked.js';
export type { ForwardHook, ForwardPreHook, RemovableHandle } from './hooks.js';
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
  BatchNorm1d,
  BatchNorm2d,
  BatchNorm3d,
  BatchNormBase,
  type BatchNormOptions,
} from './modules/batchnorm.js';
export { ModuleDict, ModuleList, Sequential } from './modules/containers.js';
export { Conv2d, type Conv2dOptions } from './modules/conv.js';
export {
  ConvTranspose1d,
  ConvTranspose2d,
  type ConvTranspose2dOptions,
} from './modules/conv-transpose.js';
export { Conv1d, type Conv1dOptions } from './modules/conv1d.js';
export { Dropout } from './modules/dropout.js';
export { Dropout2d } from './modules/dropout2d.js';
export type { FactoryOptions } from './modules/factory.js';
export { Flatten, Unflatten } from './modules/flatten.js';
export { GroupNorm, type GroupNormOptions, InstanceNorm2d } from './modules/group-instance-norm.js';
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
  CosineEmbeddingLoss,
  KLDivLoss,
  MarginRankingLoss,
  TripletMarginLoss,
} from './modules/loss-extra.js';
export { LayerNorm, type LayerNormOptions } from './modules/normalization.js';
export {
  AdaptiveAvgPool2d,
  AvgPool2d,
  type AvgPool2dOptions,
  MaxPool2d,
  type MaxPool2dOptions,
} from './modules/pooling.js';
export * from './modules/rnn.js';
export { Embedding, type EmbeddingOptions } from './modules/sparse.js';
export { PixelShuffle, PixelUnshuffle, Upsample, type UpsampleOptions } from './modules/upsampling.js';
export { Parameter } from './parameter.js';
export * from './safetensors/index.js';
export * as utils from './utils/index.js';
