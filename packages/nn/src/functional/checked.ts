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
