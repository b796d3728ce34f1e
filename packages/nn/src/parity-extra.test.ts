/**
 * PyTorch parity of the issue-17 layers: replays packages/nn/src/fixtures/nn_layers_extra.json (written by
 * scripts/fixtures/nn_layers_extra.py from PyTorch 1.13) in float32: forward results, input and weight
 * gradients, running statistics, the printed form of every layer, and PyTorch state dicts.
 */
import '@typetorch/backend-cpu';
import { noGrad } from '@typetorch/autograd';
import type { Tensor } from '@typetorch/tensor';
import fixture from './fixtures/nn_layers_extra.json' with { type: 'json' };
import {
  Conv1d,
  Conv2d,
  CosineEmbeddingLoss,
  F,
  GroupNorm,
  InstanceNorm2d,
  KLDivLoss,
  MarginRankingLoss,
  type Module,
  PixelShuffle,
  PixelUnshuffle,
  ReLU,
  Sequential,
  TripletMarginLoss,
  Upsample,
} from './index.js';
import {
  type Args,
  type Case,
  type Op,
  type Result,
  replayCases,
  replayReprs,
  replayStateDicts,
} from './testing/parity.js';

type Reduction = 'mean' | 'sum' | 'none';
const red = (a: Args) => (a.reduction ?? 'mean') as Reduction;

/** InstanceNorm2d(3, affine=True, track_running_stats=True): two training steps, then eval on [C, H, W]. */
function instanceNormModule(i: Record<string, Tensor>): Result {
  const m = new InstanceNorm2d(3, { affine: true, trackRunningStats: true });
  noGrad(() => {
    m.weight!.copy_(i.w);
    m.bias!.copy_(i.b);
  });
  m.forward(i.x0);
  const lastTrain = m.forward(i.x1);
  m.eval();
  return {
    out: m.forward(i.xe),
    extra: {
      lastTrain,
      running_mean: m.runningMean,
      running_var: m.runningVar,
      num_batches_tracked: m.numBatchesTracked,
    },
  };
}

const OPS: Record<string, Op> = {
  groupNorm: ({ x, w, b }, a) =>
    F.groupNorm(x, a.numGroups as number, { weight: w, bias: b, eps: a.eps as number | undefined }),
  instanceNorm: ({ x, w, b, rm, rv }, a) => ({
    out: F.instanceNorm(x, {
      runningMean: rm,
      runningVar: rv,
      weight: w,
      bias: b,
      useInputStats: a.useInputStats as boolean | undefined,
      momentum: a.momentum as number | undefined,
      eps: a.eps as number | undefined,
    }),
    extra: { runningMean: rm, runningVar: rv },
  }),
  instanceNormModule,
  pixelShuffle: ({ x }, a) => F.pixelShuffle(x, a.r as number),
  pixelUnshuffle: ({ x }, a) => F.pixelUnshuffle(x, a.r as number),
  interpolate: ({ x }, a) => F.interpolate(x, a as F.InterpolateOptions),
  conv1d: ({ x, w, b }, a) => F.conv1d(x, w, b, a as F.Conv1dOptions),
  klDiv: ({ x, y }, a) => F.klDiv(x, y, a as F.KlDivOptions),
  marginRankingLoss: ({ x1, x2, y }, a) =>
    F.marginRankingLoss(x1, x2, y, { margin: a.margin as number, reduction: red(a) }),
  cosineEmbeddingLoss: ({ x1, x2, y }, a) =>
    F.cosineEmbeddingLoss(x1, x2, y, { margin: a.margin as number | undefined, reduction: red(a) }),
  tripletMarginLoss: ({ a: anchor, p, n }, a) =>
    F.tripletMarginLoss(anchor, p, n, a as F.TripletMarginOptions),
};

replayCases(
  'issue-17 layers match PyTorch (fixtures/nn_layers_extra.json)',
  fixture.cases as unknown as Case[],
  OPS,
);

const MODULES: Record<string, () => Module> = {
  groupNorm: () => new GroupNorm(2, 6),
  groupNormOptions: () => new GroupNorm(3, 6, { eps: 1e-3, affine: false }),
  instanceNorm2d: () => new InstanceNorm2d(3),
  instanceNorm2dOptions: () =>
    new InstanceNorm2d(3, { eps: 1e-3, momentum: 0.2, affine: true, trackRunningStats: true }),
  pixelShuffle: () => new PixelShuffle(2),
  pixelUnshuffle: () => new PixelUnshuffle(3),
  upsample: () => new Upsample({ scaleFactor: 2 }),
  upsampleSize: () => new Upsample({ size: [4, 5], mode: 'bilinear', alignCorners: true }),
  upsampleSizeInt: () => new Upsample(4, null, 'bilinear'),
  upsampleScales: () => new Upsample({ scaleFactor: [2, 1.5] }),
  conv1d: () => new Conv1d(2, 4, 3),
  conv1dOptions: () => new Conv1d(2, 4, 3, { stride: 2, padding: 1, dilation: 2, groups: 2, bias: false }),
  conv1dSame: () => new Conv1d(2, 4, 3, { padding: 'same' }),
  klDivLoss: () => new KLDivLoss({ reduction: 'batchmean', logTarget: true }),
  marginRankingLoss: () => new MarginRankingLoss(0.5),
  cosineEmbeddingLoss: () => new CosineEmbeddingLoss({ margin: 0.2 }),
  tripletMarginLoss: () => new TripletMarginLoss({ margin: 2.0, p: 1, swap: true }),
};

replayReprs("issue-17 layers print like PyTorch's print(module)", fixture.reprs, MODULES);

const MODELS: Record<string, () => Module> = {
  conv1dNet: () =>
    new Sequential(new Conv1d(2, 4, 3, { padding: 1 }), new GroupNorm(2, 4), new ReLU(), new Conv1d(4, 2, 1)),
  imageNet: () =>
    new Sequential(
      new Conv2d(2, 8, 3, { padding: 1 }),
      new InstanceNorm2d(8, { affine: true, trackRunningStats: true }),
      new PixelShuffle(2),
      new Upsample({ scaleFactor: 2, mode: 'bilinear' }),
      new PixelUnshuffle(2),
    ),
};

replayStateDicts('PyTorch state dicts load into the issue-17 layers', fixture.models, MODELS);
