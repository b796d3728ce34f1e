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
/**
 * Gaussian error linear unit, `x * Phi(x)` with Phi the standard normal CDF (PyTorch:
 * `torch.nn.functional.gelu(input, *, approximate='none')`). `approximate: 'tanh'` uses
 * `0.5 * x * (1 + tanh(sqrt(2 / pi) * (x + 0.044715 * x^3)))`.
 */
export const gelu = positional(F.gelu, 'gelu', 1, 2);
/**
 * `log(softmax(x))` along `dim`, computed stably as `x - logsumexp(x)` (PyTorch:
 * `torch.nn.functional.log_softmax(input, dim, dtype=None)`).
 */
export const logSoftmax = positional(F.logSoftmax, 'logSoftmax', 2, 3);
/** `max(0, x)` (PyTorch: `torch.nn.functional.relu(input, inplace=False)`). */
export const relu = positional(F.relu, 'relu', 1, 2);
/** Logistic function (PyTorch: `torch.nn.functional.sigmoid`). */
export const sigmoid = positional(F.sigmoid, 'sigmoid', 1, 1);
/** `x * sigmoid(x)`, also called swish (PyTorch: `torch.nn.functional.silu(input, inplace=False)`). */
export const silu = positional(F.silu, 'silu', 1, 2);
/** `exp(x) / sum(exp(x))` along `dim` (PyTorch: `torch.nn.functional.softmax(input, dim, dtype=None)`). */
export const softmax = positional(F.softmax, 'softmax', 2, 3);
/** Hyperbolic tangent (PyTorch: `torch.nn.functional.tanh`). */
export const tanh = positional(F.tanh, 'tanh', 1, 1);
/**
 * Binary cross entropy between probabilities and targets in [0, 1],
 * `-w * (y * log(x) + (1 - y) * log(1 - x))` with each log clamped to >= -100 as PyTorch does (PyTorch:
 * `torch.nn.functional.binary_cross_entropy(input, target, weight=None, reduction='mean')`). Prefer
 * {@link binaryCrossEntropyWithLogits} on raw scores: it is numerically stable.
 */
export const binaryCrossEntropy = positional(F.binaryCrossEntropy, 'binaryCrossEntropy', 2, 3);
/**
 * Binary cross entropy on logits, `sigmoid` folded in stably (PyTorch:
 * `torch.nn.functional.binary_cross_entropy_with_logits(input, target, weight=None, reduction='mean',
 * pos_weight=None)`): `(1 - y) * x + (1 + (posWeight - 1) * y) * softplus(-x)`, times `weight`, with
 * `softplus(-x) = log(exp(-m) + exp(-x - m)) + m`, `m = max(-x, 0)`, so no exp overflows and the gradient
 * is exact at x = 0.
 */
export const binaryCrossEntropyWithLogits = positional(
  F.binaryCrossEntropyWithLogits,
  'binaryCrossEntropyWithLogits',
  2,
  3,
);
/**
 * Cross entropy between softmax(input) and the target (PyTorch: `torch.nn.functional.cross_entropy(input,
 * target, weight=None, ignore_index=-100, reduction='mean', label_smoothing=0.0)`), computed through
 * log-softmax so large scores do not overflow. The target is either class indices (int32, the input's
 * shape without the class dim) or class probabilities (floating, the input's shape). With probabilities,
 * `'mean'` divides by the number of samples; with indices, by the summed weights of non-ignored targets.
 * Class indices with floating scores go through the fused per-sample op of `@typetorch/tensor`
 * (`crossEntropyPerSample`: one kernel forward and one backward on backends that have them), the input
 * brought to `[N, C]`; a class weight that requires grad (or integer scores) takes the composition.
 */
export const crossEntropy = positional(F.crossEntropy, 'crossEntropy', 2, 3);
/**
 * Negative log-likelihood of class-index targets, `-weight[y] * input[y]`, given log-probabilities
 * (PyTorch: `torch.nn.functional.nll_loss(input, target, weight=None, ignore_index=-100, reduction='mean')`).
 * The mean divides by the summed weights of the non-ignored targets (NaN when all are ignored).
 */
export const nllLoss = positional(F.nllLoss, 'nllLoss', 2, 3);
/**
 * Rows of `weight` (`[numEmbeddings, dim]`) at the int64 (or int32) indices `input`, giving
 * `[*input.shape, dim]` (PyTorch: `torch.nn.functional.embedding(input, weight, padding_idx=None)`).
 * Rows looked up at `paddingIdx` receive no gradient.
 */
export const embedding = positional(F.embedding, 'embedding', 2, 3);
/**
 * `input @ weight^T + bias` (PyTorch: `torch.nn.functional.linear(input, weight, bias=None)`).
 * `input` is `[*, in]`, `weight` is `[out, in]` (PyTorch's layout), `bias` is `[out]`.
 */
export const linear = positional(F.linear, 'linear', 2, 3);
/**
 * Batch normalization over `[N, C, *]`: per channel, `(x - mean) / sqrt(var + eps) * weight + bias`
 * (PyTorch: `torch.nn.functional.batch_norm(input, running_mean, running_var, weight=None, bias=None,
 * training=False, momentum=0.1, eps=1e-05)`). In training the batch's mean and biased variance
 * normalise, and the running statistics (if given) move towards the batch's mean and *unbiased*
 * variance, in place and without gradient; otherwise the running statistics normalise.
 */
export const batchNorm = positional(F.batchNorm, 'batchNorm', 3, 4);
/**
 * Layer normalization over the trailing `normalizedShape` dims:
 * `(x - mean) / sqrt(var + eps) * weight + bias` with the biased variance (PyTorch:
 * `torch.nn.functional.layer_norm(input, normalized_shape, weight=None, bias=None, eps=1e-05)`).
 */
export const layerNorm = positional(F.layerNorm, 'layerNorm', 2, 3);
/**
 * Pads the last dims (PyTorch: `torch.nn.functional.pad(input, pad, mode='constant', value=0)`).
 * `pad` lists `(before, after)` pairs starting from the last dim: `[1, 1]` pads the last dim by one on
 * each side, `[1, 1, 2, 0]` also adds two rows before along the second-to-last. Negative amounts crop.
 */
export const pad = positional(F.pad, 'pad', 2, 3);
/**
 * Huber loss: `0.5 * d^2` for `|d| < delta`, `delta * (|d| - 0.5 * delta)` beyond; equals
 * `delta * smoothL1Loss` with `beta = delta` (PyTorch:
 * `torch.nn.functional.huber_loss(input, target, reduction='mean', delta=1.0)`).
 */
export const huberLoss = positional(F.huberLoss, 'huberLoss', 2, 3);
/**
 * Mean absolute error, `|x - y|` (PyTorch: `torch.nn.functional.l1_loss(input, target, reduction='mean')`).
 */
export const l1Loss = positional(F.l1Loss, 'l1Loss', 2, 3);
/**
 * Mean squared error, `(x - y)^2` (PyTorch: `torch.nn.functional.mse_loss(input, target, reduction='mean')`).
 */
export const mseLoss = positional(F.mseLoss, 'mseLoss', 2, 3);
/**
 * Smooth L1 loss: quadratic for `|x - y| < beta`, linear beyond (PyTorch:
 * `torch.nn.functional.smooth_l1_loss(input, target, reduction='mean', beta=1.0)`).
 */
export const smoothL1Loss = positional(F.smoothL1Loss, 'smoothL1Loss', 2, 3);
/**
 * 1-D convolution over `[N, C, L]` (or unbatched `[C, L]`) with `weight` `[out, C / groups, k]`
 * (PyTorch: `torch.nn.functional.conv1d(input, weight, bias=None, stride=1, padding=0, dilation=1,
 * groups=1)`).
 */
export const conv1d = positional(F.conv1d, 'conv1d', 2, 4);
/**
 * 1-D transposed convolution (PyTorch: `torch.nn.functional.conv_transpose1d(input, weight, bias=None,
 * stride=1, padding=0, output_padding=0, groups=1, dilation=1)`): `input` `[N, C_in, L]` or `[C_in, L]`,
 * `weight` `[C_in, C_out / groups, k]`. Runs as {@link convTranspose2d} over `[N, C_in, 1, L]`, as PyTorch.
 */
export const convTranspose1d = positional(F.convTranspose1d, 'convTranspose1d', 2, 4);
/**
 * 2-D transposed convolution, the adjoint of `conv2d` (PyTorch: `torch.nn.functional.conv_transpose2d(
 * input, weight, bias=None, stride=1, padding=0, output_padding=0, groups=1, dilation=1)`): `input`
 * `[N, C_in, H, W]` or unbatched `[C_in, H, W]`, `weight` `[C_in, C_out / groups, kH, kW]`, optional
 * `bias` `[C_out]`. Returns `[N, C_out, oH, oW]` with `oH = (H - 1) * stride - 2 * padding + dilation *
 * (kH - 1) + output_padding + 1`. Floating dtypes.
 */
export const convTranspose2d = positional(F.convTranspose2d, 'convTranspose2d', 2, 4);
/**
 * Group normalization over `[N, C, *]`: the channels are split into `numGroups` groups, and each
 * sample's group is normalised with its own mean and biased variance, then scaled and shifted per
 * channel (PyTorch: `torch.nn.functional.group_norm(input, num_groups, weight=None, bias=None,
 * eps=1e-05)`).
 */
export const groupNorm = positional(F.groupNorm, 'groupNorm', 2, 3);
/**
 * Instance normalization over `[N, C, *]`: each sample's channel is normalised over its spatial dims
 * (PyTorch: `torch.nn.functional.instance_norm(input, running_mean=None, running_var=None,
 * weight=None, bias=None, use_input_stats=True, momentum=0.1, eps=1e-05)`). With running statistics
 * and `useInputStats`, they move towards the batch's average of the instances' mean and unbiased
 * variance, in place and without gradient.
 */
export const instanceNorm = positional(F.instanceNorm, 'instanceNorm', 1, 2);
/**
 * Rearranges `[*, C * r^2, H, W]` into `[*, C, H * r, W * r]` (PyTorch:
 * `torch.nn.functional.pixel_shuffle(input, upscale_factor)`).
 */
export const pixelShuffle = positional(F.pixelShuffle, 'pixelShuffle', 2, 2);
/**
 * Rearranges `[*, C, H * r, W * r]` into `[*, C * r^2, H, W]`, the inverse of {@link pixelShuffle}
 * (PyTorch: `torch.nn.functional.pixel_unshuffle(input, downscale_factor)`).
 */
export const pixelUnshuffle = positional(F.pixelUnshuffle, 'pixelUnshuffle', 2, 2);
/**
 * Resizes a 4-D `[N, C, H, W]` input to `size` or by `scaleFactor`, with nearest-neighbour or bilinear
 * sampling (PyTorch: `torch.nn.functional.interpolate(input, size=None, scale_factor=None,
 * mode='nearest', align_corners=None)`). Other modes and ranks are not in typetorch yet.
 */
export const interpolate = positional(F.interpolate, 'interpolate', 1, 2);
/**
 * Kullback-Leibler divergence of `target` from the log-probabilities `input`: pointwise
 * `target * (log(target) - input)` (0 where the target is 0), or `exp(target) * (target - input)` with
 * `logTarget` (PyTorch: `torch.nn.functional.kl_div(input, target, reduction='mean', log_target=False)`).
 * `'batchmean'` divides the sum by the batch size, which is the divergence per sample.
 */
export const klDiv = positional(F.klDiv, 'klDiv', 2, 3);
/**
 * `max(0, -target * (input1 - input2) + margin)` for targets of 1 or -1 (PyTorch:
 * `torch.nn.functional.margin_ranking_loss(input1, input2, target, margin=0, reduction='mean')`).
 */
export const marginRankingLoss = positional(F.marginRankingLoss, 'marginRankingLoss', 3, 4);
/**
 * `1 - cos(x1, x2)` where the target is 1, `max(0, cos(x1, x2) - margin)` where it is -1, with the
 * cosine over the last dim (PyTorch: `torch.nn.functional.cosine_embedding_loss(input1, input2, target,
 * margin=0, reduction='mean')`).
 */
export const cosineEmbeddingLoss = positional(F.cosineEmbeddingLoss, 'cosineEmbeddingLoss', 3, 4);
/**
 * `max(d(a, p) - d(a, n) + margin, 0)` with the pairwise `p`-norm distance (PyTorch:
 * `torch.nn.functional.triplet_margin_loss(anchor, positive, negative, margin=1.0, p=2, eps=1e-06,
 * swap=False, reduction='mean')`).
 */
export const tripletMarginLoss = positional(F.tripletMarginLoss, 'tripletMarginLoss', 3, 4);
// 4 tensors, then blank, reduction, zeroInfinity (bound by bindArgs) and an options object.
/**
 * The CTC loss of `logProbs` (`[T, N, C]` or unbatched `[T, C]`, log-probabilities over `C` classes with
 * the blank) for `targets` (padded `[N, S]`, or the `N` targets concatenated in one 1-D tensor);
 * `inputLengths` and `targetLengths` are tensors or number arrays of size `N` (PyTorch:
 * `torch.nn.functional.ctc_loss(log_probs, targets, input_lengths, target_lengths, blank=0,
 * reduction='mean', zero_infinity=False)`). The time loop runs `T` steps of a few tensor ops each.
 */
export const ctcLoss = positional(F.ctcLoss, 'ctcLoss', 4, 8);
/**
 * 1-D max pooling over `[N, C, L]` or `[C, L]` (PyTorch: `torch.nn.functional.max_pool1d(input,
 * kernel_size, stride=None, padding=0, dilation=1, ceil_mode=False, return_indices=False)`); with
 * `returnIndices`, returns `[output, indices]` (int32 positions along L; PyTorch: int64).
 */
export const maxPool1d = positional(F.maxPool1d, 'maxPool1d', 2, 3);
/**
 * 1-D average pooling over `[N, C, L]` or `[C, L]` (PyTorch: `torch.nn.functional.avg_pool1d(input,
 * kernel_size, stride=None, padding=0, ceil_mode=False, count_include_pad=True)`).
 */
export const avgPool1d = positional(F.avgPool1d, 'avgPool1d', 2, 3);
/**
 * Adaptive 2-D max pooling to `outputSize` (an int, or `[oH, oW]` where `null` keeps the input's size)
 * over `[N, C, H, W]` or `[C, H, W]`, with PyTorch's windows `[floor(o * H / oH), ceil((o + 1) * H /
 * oH))` (PyTorch: `torch.nn.functional.adaptive_max_pool2d(input, output_size, return_indices=False)`).
 * Sizes that divide the input use `maxPool2d`; others take each window's maximum in turn. Indices are
 * int32 (PyTorch: int64), as `maxPool2d`'s.
 */
export const adaptiveMaxPool2d = positional(F.adaptiveMaxPool2d, 'adaptiveMaxPool2d', 2, 3);
// Activations and distances of activation-extra.ts / distance.ts: options objects bound by bindArgs.
/** `min(max(0, x), 6)` (PyTorch: `torch.nn.functional.relu6(input, inplace=False)`). */
export const relu6 = positional(F.relu6, 'relu6', 1, 2);
/**
 * `min(max(x, minVal), maxVal)` (PyTorch: `torch.nn.functional.hardtanh(input, min_val=-1.0,
 * max_val=1.0, inplace=False)`). The gradient is 1 strictly inside the range, 0 elsewhere.
 */
export const hardtanh = positional(F.hardtanh, 'hardtanh', 1, 4);
/** In-place {@link hardtanh} (PyTorch: `torch.nn.functional.hardtanh_(input, min_val=-1.0, max_val=1.0)`). */
export const hardtanh_ = positional(F.hardtanh_, 'hardtanh_', 1, 3);
/** `relu6(x + 3) / 6` (PyTorch: `torch.nn.functional.hardsigmoid(input, inplace=False)`). */
export const hardsigmoid = positional(F.hardsigmoid, 'hardsigmoid', 1, 2);
/** `x * relu6(x + 3) / 6` (PyTorch: `torch.nn.functional.hardswish(input, inplace=False)`). */
export const hardswish = positional(F.hardswish, 'hardswish', 1, 2);
/** `x` where `|x| > lambd`, else 0 (PyTorch: `torch.nn.functional.hardshrink(input, lambd=0.5)`). */
export const hardshrink = positional(F.hardshrink, 'hardshrink', 1, 2);
/**
 * `x - lambd` above `lambd`, `x + lambd` below `-lambd`, else 0 (PyTorch:
 * `torch.nn.functional.softshrink(input, lambd=0.5)`).
 */
export const softshrink = positional(F.softshrink, 'softshrink', 1, 2);
/** `x - tanh(x)` (PyTorch: `torch.nn.functional.tanhshrink(input)`). */
export const tanhshrink = positional(F.tanhshrink, 'tanhshrink', 1, 1);
/**
 * `log(1 + exp(beta * x)) / beta`, linear (`x`) where `beta * x > threshold` (PyTorch:
 * `torch.nn.functional.softplus(input, beta=1, threshold=20)`).
 */
export const softplus = positional(F.softplus, 'softplus', 1, 3);
/** `x / (1 + |x|)` (PyTorch: `torch.nn.functional.softsign(input)`). */
export const softsign = positional(F.softsign, 'softsign', 1, 1);
/**
 * `scale * elu(x, alpha)` with SELU's constants (PyTorch: `torch.nn.functional.selu(input, inplace=False)`).
 */
export const selu = positional(F.selu, 'selu', 1, 2);
/** In-place {@link selu} (PyTorch: `torch.nn.functional.selu_(input)`). */
export const selu_ = positional(F.selu_, 'selu_', 1, 1);
/**
 * `x` where positive, `alpha * (exp(x / alpha) - 1)` elsewhere (PyTorch:
 * `torch.nn.functional.celu(input, alpha=1.0, inplace=False)`).
 */
export const celu = positional(F.celu, 'celu', 1, 3);
/** In-place {@link celu} (PyTorch: `torch.nn.functional.celu_(input, alpha=1.0)`). */
export const celu_ = positional(F.celu_, 'celu_', 1, 2);
/** `x * tanh(softplus(x))` (PyTorch: `torch.nn.functional.mish(input, inplace=False)`). */
export const mish = positional(F.mish, 'mish', 1, 2);
/** `log(sigmoid(x))`, computed stably (PyTorch: `torch.nn.functional.logsigmoid(input)`). */
export const logsigmoid = positional(F.logsigmoid, 'logsigmoid', 1, 1);
/** `softmax(-x)` along `dim` (PyTorch: `torch.nn.functional.softmin(input, dim, dtype=None)`). */
export const softmin = positional(F.softmin, 'softmin', 1, 3);
/**
 * `x` where `x > threshold`, else `value` (PyTorch:
 * `torch.nn.functional.threshold(input, threshold, value, inplace=False)`).
 */
export const threshold = positional(F.threshold, 'threshold', 1, 4);
/** In-place {@link threshold} (PyTorch: `torch.nn.functional.threshold_(input, threshold, value)`). */
export const threshold_ = positional(F.threshold_, 'threshold_', 3, 3);
/** In-place {@link relu} (PyTorch: `torch.nn.functional.relu_(input)`). */
export const relu_ = positional(F.relu_, 'relu_', 1, 1);
/** In-place {@link elu} (PyTorch: `torch.nn.functional.elu_(input, alpha=1.0)`). */
export const elu_ = positional(F.elu_, 'elu_', 1, 2);
/** In-place {@link leakyRelu} (PyTorch: `torch.nn.functional.leaky_relu_(input, negative_slope=0.01)`). */
export const leakyRelu_ = positional(F.leakyRelu_, 'leakyRelu_', 1, 2);
/**
 * `x` where positive, `weight * x` elsewhere, `weight` holding one slope or one per channel (dim 1)
 * (PyTorch: `torch.nn.functional.prelu(input, weight)`).
 */
export const prelu = positional(F.prelu, 'prelu', 2, 2);
/** `a * sigmoid(b)` of the two halves of `dim` (PyTorch: `torch.nn.functional.glu(input, dim=-1)`). */
export const glu = positional(F.glu, 'glu', 1, 2);
/**
 * `x / max(||x||_p, eps)` along `dim` (PyTorch: `torch.nn.functional.normalize(input, p=2.0, dim=1,
 * eps=1e-12)`).
 */
export const normalize = positional(F.normalize, 'normalize', 1, 4);
/**
 * Cosine of the angle between `x1` and `x2` along `dim`,
 * `x1 . x2 / (max(||x1||, eps) * max(||x2||, eps))` (PyTorch:
 * `torch.nn.functional.cosine_similarity(x1, x2, dim=1, eps=1e-8)`). The inputs broadcast.
 */
export const cosineSimilarity = positional(F.cosineSimilarity, 'cosineSimilarity', 2, 4);
/**
 * `||x1 - x2 + eps||_p` along the last dim (PyTorch: `torch.nn.functional.pairwise_distance(x1, x2,
 * p=2.0, eps=1e-06, keepdim=False)`).
 */
export const pairwiseDistance = positional(F.pairwiseDistance, 'pairwiseDistance', 2, 5);
// dropout-extra.ts: `p, training, inplace` then an options object, bound by dropoutArgs.
/**
 * Zeroes whole channels of `[N, C, L]` (or unbatched `[C, L]`) input with probability `p`, scaling the
 * rest by `1 / (1 - p)` (PyTorch: `torch.nn.functional.dropout1d(input, p=0.5, training=True,
 * inplace=False)`).
 */
export const dropout1d = positional(F.dropout1d, 'dropout1d', 1, 5);
/**
 * Zeroes whole channels of `[N, C, D, H, W]` (or unbatched `[C, D, H, W]`) input with probability `p`,
 * scaling the rest by `1 / (1 - p)` (PyTorch: `torch.nn.functional.dropout3d(input, p=0.5,
 * training=True, inplace=False)`). Other ranks are read as unbatched, with PyTorch's deprecation warning.
 */
export const dropout3d = positional(F.dropout3d, 'dropout3d', 1, 5);
/**
 * Alpha dropout: keeps SELU activations at zero mean and unit variance by setting dropped elements to
 * SELU's negative saturation and applying an affine correction (PyTorch:
 * `torch.nn.functional.alpha_dropout(input, p=0.5, training=False, inplace=False)`; note `training`
 * defaults to false, as in PyTorch).
 */
export const alphaDropout = positional(F.alphaDropout, 'alphaDropout', 1, 5);
/**
 * {@link alphaDropout} of whole channels (`input[n, c]`) (PyTorch:
 * `torch.nn.functional.feature_alpha_dropout(input, p=0.5, training=False, inplace=False)`).
 */
export const featureAlphaDropout = positional(F.featureAlphaDropout, 'featureAlphaDropout', 1, 5);
// loss-breadth.ts: tensors, then an options object.
/**
 * `log(1 + exp(-y * x))` for targets of 1 or -1 (PyTorch: `torch.nn.functional.soft_margin_loss(input,
 * target, reduction='mean')`).
 */
export const softMarginLoss = positional(F.softMarginLoss, 'softMarginLoss', 2, 3);
/**
 * `x` where the target is 1, `max(0, margin - x)` where it is -1 (PyTorch:
 * `torch.nn.functional.hinge_embedding_loss(input, target, margin=1.0, reduction='mean')`).
 */
export const hingeEmbeddingLoss = positional(F.hingeEmbeddingLoss, 'hingeEmbeddingLoss', 2, 3);
/**
 * Binary cross-entropy of every class against a 0/1 target, averaged over the classes (the last dim)
 * (PyTorch: `torch.nn.functional.multilabel_soft_margin_loss(input, target, weight=None,
 * reduction='mean')`).
 */
export const multilabelSoftMarginLoss = positional(
  F.multilabelSoftMarginLoss,
  'multilabelSoftMarginLoss',
  2,
  3,
);
/**
 * Multi-class hinge loss: `sum_{j != y} max(0, margin - x[y] + x[j])^p / C` per sample, the term of
 * class `y` weighted by `weight[y]` (PyTorch: `torch.nn.functional.multi_margin_loss(input, target, p=1,
 * margin=1.0, weight=None, reduction='mean')`). `input` is `[N, C]` (or `[C]`), `target` int64 class
 * indices.
 */
export const multiMarginLoss = positional(F.multiMarginLoss, 'multiMarginLoss', 2, 3);
/**
 * Negative log-likelihood of a Poisson target: `exp(input) - target * input` (PyTorch:
 * `torch.nn.functional.poisson_nll_loss(input, target, log_input=True, full=False, eps=1e-08,
 * reduction='mean')`).
 */
export const poissonNllLoss = positional(F.poissonNllLoss, 'poissonNllLoss', 2, 3);
/**
 * Negative log-likelihood of `target` under a Gaussian of mean `input` and variance `var`:
 * `0.5 * (log(var) + (input - target)^2 / var)` (PyTorch: `torch.nn.functional.gaussian_nll_loss(input,
 * target, var, full=False, eps=1e-06, reduction='mean')`). `var` has `input`'s shape, or it without the
 * last dim, or with a last dim of 1. A negative variance raises PyTorch's error on every device: at once
 * where the device reads synchronously, at the next read on WebGPU.
 */
export const gaussianNllLoss = positional(F.gaussianNllLoss, 'gaussianNllLoss', 3, 4);
/**
 * Average pooling of `[N, C, L]` (or `[C, L]`) input to `outputSize` bins (PyTorch:
 * `torch.nn.functional.adaptive_avg_pool1d(input, output_size)`).
 */
export const adaptiveAvgPool1d = positional(F.adaptiveAvgPool1d, 'adaptiveAvgPool1d', 2, 2);
/**
 * `y[..., o] = x1 . weight[o] . x2 + bias[o]` (PyTorch: `torch.nn.functional.bilinear(input1, input2,
 * weight, bias=None)`): `input1` `[*, in1]`, `input2` `[*, in2]`, `weight` `[out, in1, in2]`.
 */
export const bilinear = positional(F.bilinear, 'bilinear', 3, 4);
