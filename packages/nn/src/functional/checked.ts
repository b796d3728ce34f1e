/**
 * `torch.nn.functional` as exported (`F`): the functions of ./index.ts with their positional arity checked,
 * so that an extra argument throws (`relu() takes from 1 to 2 positional arguments but 3 were given`)
 * instead of being ignored (see `positional` in @typetorch/tensor). The functions re-exported from
 * @typetorch/tensor are checked there; `elu`, `leakyRelu`, `dropout` and `dropout2d` bind their arguments with
 * Python's checks themselves.
 */
import { positional } from '@typetorch/tensor';
import * as F from './index.js';

export * from './index.js';
export const gelu = positional(F.gelu, 'gelu', 1, 2);
export const logSoftmax = positional(F.logSoftmax, 'logSoftmax', 2, 3);
export const relu = positional(F.relu, 'relu', 1, 2);
export const sigmoid = positional(F.sigmoid, 'sigmoid', 1, 1);
export const silu = positional(F.silu, 'silu', 1, 2);
export const softmax = positional(F.softmax, 'softmax', 2, 3);
export const tanh = positional(F.tanh, 'tanh', 1, 1);
export const binaryCrossEntropy = positional(F.binaryCrossEntropy, 'binaryCrossEntropy', 2, 3);
export const binaryCrossEntropyWithLogits = positional(
  F.binaryCrossEntropyWithLogits,
  'binaryCrossEntropyWithLogits',
  2,
  3,
);
export const crossEntropy = positional(F.crossEntropy, 'crossEntropy', 2, 3);
export const nllLoss = positional(F.nllLoss, 'nllLoss', 2, 3);
export const embedding = positional(F.embedding, 'embedding', 2, 3);
export const linear = positional(F.linear, 'linear', 2, 3);
export const batchNorm = positional(F.batchNorm, 'batchNorm', 3, 4);
export const layerNorm = positional(F.layerNorm, 'layerNorm', 2, 3);
export const pad = positional(F.pad, 'pad', 2, 3);
export const huberLoss = positional(F.huberLoss, 'huberLoss', 2, 3);
export const l1Loss = positional(F.l1Loss, 'l1Loss', 2, 3);
export const mseLoss = positional(F.mseLoss, 'mseLoss', 2, 3);
export const smoothL1Loss = positional(F.smoothL1Loss, 'smoothL1Loss', 2, 3);
export const conv1d = positional(F.conv1d, 'conv1d', 2, 4);
export const convTranspose1d = positional(F.convTranspose1d, 'convTranspose1d', 2, 4);
export const convTranspose2d = positional(F.convTranspose2d, 'convTranspose2d', 2, 4);
export const groupNorm = positional(F.groupNorm, 'groupNorm', 2, 3);
export const instanceNorm = positional(F.instanceNorm, 'instanceNorm', 1, 2);
export const pixelShuffle = positional(F.pixelShuffle, 'pixelShuffle', 2, 2);
export const pixelUnshuffle = positional(F.pixelUnshuffle, 'pixelUnshuffle', 2, 2);
export const interpolate = positional(F.interpolate, 'interpolate', 1, 2);
export const klDiv = positional(F.klDiv, 'klDiv', 2, 3);
export const marginRankingLoss = positional(F.marginRankingLoss, 'marginRankingLoss', 3, 4);
export const cosineEmbeddingLoss = positional(F.cosineEmbeddingLoss, 'cosineEmbeddingLoss', 3, 4);
export const tripletMarginLoss = positional(F.tripletMarginLoss, 'tripletMarginLoss', 3, 4);
// 4 tensors, then blank, reduction, zeroInfinity (bound by bindArgs) and an options object.
export const ctcLoss = positional(F.ctcLoss, 'ctcLoss', 4, 8);
export const maxPool1d = positional(F.maxPool1d, 'maxPool1d', 2, 3);
export const avgPool1d = positional(F.avgPool1d, 'avgPool1d', 2, 3);
export const adaptiveMaxPool2d = positional(F.adaptiveMaxPool2d, 'adaptiveMaxPool2d', 2, 3);
// Activations and distances of activation-extra.ts / distance.ts: options objects bound by bindArgs.
export const relu6 = positional(F.relu6, 'relu6', 1, 2);
export const hardtanh = positional(F.hardtanh, 'hardtanh', 1, 4);
export const hardtanh_ = positional(F.hardtanh_, 'hardtanh_', 1, 3);
export const hardsigmoid = positional(F.hardsigmoid, 'hardsigmoid', 1, 2);
export const hardswish = positional(F.hardswish, 'hardswish', 1, 2);
export const hardshrink = positional(F.hardshrink, 'hardshrink', 1, 2);
export const softshrink = positional(F.softshrink, 'softshrink', 1, 2);
export const tanhshrink = positional(F.tanhshrink, 'tanhshrink', 1, 1);
export const softplus = positional(F.softplus, 'softplus', 1, 3);
export const softsign = positional(F.softsign, 'softsign', 1, 1);
export const selu = positional(F.selu, 'selu', 1, 2);
export const selu_ = positional(F.selu_, 'selu_', 1, 1);
export const celu = positional(F.celu, 'celu', 1, 3);
export const celu_ = positional(F.celu_, 'celu_', 1, 2);
export const mish = positional(F.mish, 'mish', 1, 2);
export const logsigmoid = positional(F.logsigmoid, 'logsigmoid', 1, 1);
export const softmin = positional(F.softmin, 'softmin', 1, 3);
export const threshold = positional(F.threshold, 'threshold', 1, 4);
export const threshold_ = positional(F.threshold_, 'threshold_', 3, 3);
export const relu_ = positional(F.relu_, 'relu_', 1, 1);
export const elu_ = positional(F.elu_, 'elu_', 1, 2);
export const leakyRelu_ = positional(F.leakyRelu_, 'leakyRelu_', 1, 2);
export const prelu = positional(F.prelu, 'prelu', 2, 2);
export const glu = positional(F.glu, 'glu', 1, 2);
export const normalize = positional(F.normalize, 'normalize', 1, 4);
export const cosineSimilarity = positional(F.cosineSimilarity, 'cosineSimilarity', 2, 4);
export const pairwiseDistance = positional(F.pairwiseDistance, 'pairwiseDistance', 2, 5);
// dropout-extra.ts: `p, training, inplace` then an options object, bound by dropoutArgs.
export const dropout1d = positional(F.dropout1d, 'dropout1d', 1, 5);
export const dropout3d = positional(F.dropout3d, 'dropout3d', 1, 5);
export const alphaDropout = positional(F.alphaDropout, 'alphaDropout', 1, 5);
export const featureAlphaDropout = positional(F.featureAlphaDropout, 'featureAlphaDropout', 1, 5);
// loss-breadth.ts: tensors, then an options object.
export const softMarginLoss = positional(F.softMarginLoss, 'softMarginLoss', 2, 3);
export const hingeEmbeddingLoss = positional(F.hingeEmbeddingLoss, 'hingeEmbeddingLoss', 2, 3);
export const multilabelSoftMarginLoss = positional(
  F.multilabelSoftMarginLoss,
  'multilabelSoftMarginLoss',
  2,
  3,
);
export const multiMarginLoss = positional(F.multiMarginLoss, 'multiMarginLoss', 2, 3);
export const poissonNllLoss = positional(F.poissonNllLoss, 'poissonNllLoss', 2, 3);
export const gaussianNllLoss = positional(F.gaussianNllLoss, 'gaussianNllLoss', 3, 4);
export const adaptiveAvgPool1d = positional(F.adaptiveAvgPool1d, 'adaptiveAvgPool1d', 2, 2);
export const bilinear = positional(F.bilinear, 'bilinear', 3, 4);
