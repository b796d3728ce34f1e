/**
 * Functional forms of the layers (PyTorch: `torch.nn.functional`), as `import { F } from '@typetorch/nn'`:
 * `F.relu(x)`, `F.crossEntropy(logits, target, { labelSmoothing: 0.1 })`.
 */

/** One-hot encoding of int32 class indices (PyTorch: `torch.nn.functional.one_hot`). */
export { oneHot } from '@typetorch/tensor';
export {
  elu,
  type GeluOptions,
  gelu,
  type InplaceOptions,
  leakyRelu,
  logSoftmax,
  relu,
  type SoftmaxOptions,
  sigmoid,
  silu,
  softmax,
  tanh,
} from './activation.js';
export {
  celu,
  celu_,
  elu_,
  glu,
  hardshrink,
  hardsigmoid,
  hardswish,
  hardtanh,
  hardtanh_,
  leakyRelu_,
  logsigmoid,
  mish,
  prelu,
  relu_,
  relu6,
  selu,
  selu_,
  softmin,
  softplus,
  softshrink,
  softsign,
  tanhshrink,
  threshold,
  threshold_,
} from './activation-extra.js';
export {
  type BceOptions,
  type BceWithLogitsOptions,
  binaryCrossEntropy,
  binaryCrossEntropyWithLogits,
} from './binary-loss.js';
export {
  type CrossEntropyOptions,
  crossEntropy,
  type NllLossOptions,
  nllLoss,
} from './classification-loss.js';
export * from './conv.js';
export {
  type ConvTranspose1dOptions,
  type ConvTranspose2dOptions,
  convTranspose1d,
  convTranspose2d,
  type SizeT2d,
} from './conv-transpose.js';
export { type Conv1dOptions, conv1d, type Size1d } from './conv1d.js';
export { type CtcLossOptions, ctcLoss, type Lengths } from './ctc.js';
export { cosineSimilarity, normalize, pairwiseDistance } from './distance.js';
export { type DropoutArgs, type DropoutOptions, dropout } from './dropout.js';
export { alphaDropout, dropout1d, dropout3d, featureAlphaDropout } from './dropout-extra.js';
export { dropout2d } from './dropout2d.js';
export { type EmbeddingOptions, embedding } from './embedding.js';
export {
  cosineEmbeddingLoss,
  type KlDivOptions,
  klDiv,
  type MarginOptions,
  marginRankingLoss,
  type TripletMarginOptions,
  tripletMarginLoss,
} from './embedding-loss.js';
export {
  type GroupNormOptions,
  groupNorm,
  type InstanceNormOptions,
  instanceNorm,
} from './group-instance-norm.js';
export { adaptiveAvgPool1d, bilinear } from './layers-breadth.js';
export { linear } from './linear.js';
export {
  type GaussianNllOptions,
  gaussianNllLoss,
  type HingeEmbeddingOptions,
  hingeEmbeddingLoss,
  type MultiMarginOptions,
  multilabelSoftMarginLoss,
  multiMarginLoss,
  type PoissonNllOptions,
  poissonNllLoss,
  type ReductionOptions,
  softMarginLoss,
  type WeightedReductionOptions,
} from './loss-breadth.js';
export {
  type BatchNormOptions,
  batchNorm,
  type LayerNormOptions,
  layerNorm,
} from './normalization.js';
export { type PadOptions, pad } from './padding.js';
export * from './pooling.js';
export {
  type AdaptiveMaxPool2dOptions,
  type AvgPool1dOptions,
  adaptiveMaxPool2d,
  avgPool1d,
  type MaxPool1dOptions,
  maxPool1d,
} from './pooling1d.js';
export type { Reduction } from './reduction.js';
export {
  type HuberOptions,
  huberLoss,
  type LossOptions,
  l1Loss,
  mseLoss,
  type SmoothL1Options,
  smoothL1Loss,
} from './regression-loss.js';
export { type InterpolateOptions, interpolate, pixelShuffle, pixelUnshuffle } from './upsampling.js';
