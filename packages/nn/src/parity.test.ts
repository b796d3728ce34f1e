/**
 * PyTorch parity: replays packages/nn/src/fixtures/nn_layers.json (written by
 * scripts/fixtures/nn_layers.py from PyTorch 1.13) in float32: forward results, gradients, running
 * statistics, the printed form of every layer, and PyTorch state dicts loaded into typetorch models.
 */
import '@typetorch/backend-cpu';
import { noGrad } from '@typetorch/autograd';
import { ones, type Tensor } from '@typetorch/tensor';
import fixture from './fixtures/nn_layers.json' with { type: 'json' };
import {
  BatchNorm1d,
  BatchNorm2d,
  BCELoss,
  BCEWithLogitsLoss,
  CrossEntropyLoss,
  Dropout,
  ELU,
  Embedding,
  F,
  Flatten,
  GELU,
  HuberLoss,
  Identity,
  L1Loss,
  LayerNorm,
  LeakyReLU,
  Linear,
  LogSoftmax,
  Module,
  MSELoss,
  NLLLoss,
  ReLU,
  Sequential,
  Sigmoid,
  SiLU,
  SmoothL1Loss,
  Softmax,
  Tanh,
  Unflatten,
} from './index.js';
import {
  type Args,
  type Case,
  type Op,
  replayCases,
  replayReprs,
  replayStateDicts,
} from './testing/parity.js';

const str = (v: unknown) => v as string;
const num = (v: unknown) => v as number;
const red = (a: Args) => ({ reduction: (a.reduction ?? 'mean') as F.Reduction });

const OPS: Record<string, Op> = {
  relu: ({ x }) => F.relu(x),
  leakyRelu: ({ x }, a) => F.leakyRelu(x, num(a.negativeSlope)),
  elu: ({ x }, a) => F.elu(x, num(a.alpha)),
  gelu: ({ x }, a) => F.gelu(x, { approximate: str(a.approximate) as 'none' | 'tanh' }),
  silu: ({ x }) => F.silu(x),
  sigmoid: ({ x }) => F.sigmoid(x),
  tanh: ({ x }) => F.tanh(x),
  softmax: ({ x }, a) => F.softmax(x, num(a.dim)),
  logSoftmax: ({ x }, a) => F.logSoftmax(x, num(a.dim)),
  linear: ({ x, w, b }) => F.linear(x, w, b),
  dropout: ({ x }, a) => F.dropout(x, { p: num(a.p), training: a.training as boolean }),
  dropoutModule: ({ x }, a) => new Dropout(num(a.p)).eval().forward(x),
  pad: ({ x }, a) => F.pad(x, a.pad as number[], { value: num(a.value) }),
  layerNorm: ({ x, w, b }, a) =>
    F.layerNorm(x, a.normalizedShape as number[], { weight: w, bias: b, eps: a.eps as number | undefined }),
  layerNormModule: ({ x, w, b }) => {
    const ln = new LayerNorm(4);
    ln.loadStateDict({ weight: w.detach(), bias: b.detach() });
    return { out: ln.forward(x), leaves: { w: ln.weight!, b: ln.bias! } };
  },
  batchNorm: ({ x, w, b, rm, rv }, a) => ({
    out: F.batchNorm(x, rm ?? null, rv ?? null, {
      weight: w,
      bias: b,
      training: a.training as boolean,
      momentum: a.momentum as number | undefined,
    }),
    extra: { runningMean: rm, runningVar: rv },
  }),
  batchNormModule: (i, a) => {
    const Layer = a.module === 'BatchNorm2d' ? BatchNorm2d : BatchNorm1d;
    const bn = new Layer(num(a.numFeatures), {
      momentum: a.momentum as number | null,
      affine: a.affine as boolean,
      trackRunningStats: a.trackRunningStats as boolean,
    });
    if (bn.affine) {
      noGrad(() => {
        bn.weight!.copy_(i.w);
        bn.bias!.copy_(i.b);
      });
    }
    bn.train();
    let lastTrain: Tensor | null = null;
    for (const x of [i.x0, i.x1, i.x2]) lastTrain = bn.forward(x);
    bn.eval();
    return {
      out: bn.forward(i.xe),
      extra: {
        lastTrain,
        running_mean: bn.runningMean,
        running_var: bn.runningVar,
        num_batches_tracked: bn.numBatchesTracked,
      },
    };
  },
  embedding: ({ idx, w }, a) => F.embedding(idx, w, { paddingIdx: a.paddingIdx as number | undefined }),
  mseLoss: ({ x, y }, a) => F.mseLoss(x, y, red(a)),
  l1Loss: ({ x, y }, a) => F.l1Loss(x, y, red(a)),
  smoothL1Loss: ({ x, y }, a) => F.smoothL1Loss(x, y, { ...red(a), beta: num(a.beta) }),
  huberLoss: ({ x, y }, a) => F.huberLoss(x, y, { ...red(a), delta: num(a.delta) }),
  crossEntropy: ({ x, target, weight }, a) =>
    F.crossEntropy(x, target, {
      ...red(a),
      weight,
      ignoreIndex: a.ignoreIndex as number | undefined,
      labelSmoothing: a.labelSmoothing as number | undefined,
    }),
  nllLoss: ({ x, target, weight }, a) =>
    F.nllLoss(F.logSoftmax(x, x.ndim === 1 ? 0 : 1), target, {
      ...red(a),
      weight,
      ignoreIndex: a.ignoreIndex as number | undefined,
    }),
  binaryCrossEntropy: ({ x, y, weight }, a) => F.binaryCrossEntropy(x, y, { ...red(a), weight }),
  binaryCrossEntropyWithLogits: ({ x, y, weight, posWeight }, a) =>
    F.binaryCrossEntropyWithLogits(x, y, { ...red(a), weight, posWeight }),
};

replayCases(
  'functional ops and layers match PyTorch (fixtures/nn_layers.json)',
  fixture.cases as unknown as Case[],
  OPS,
);

/** The network, as in PyTorch: three Linear layers in named fields and a ReLU. */
class MLP extends Module {
  in_to_hl1 = new Linear(784, 512);
  hl1_to_hl2 = new Linear(512, 512);
  hl2_to_out = new Linear(512, 10);
  relu = new ReLU();

  forward(x: Tensor): Tensor {
    return this.hl2_to_out.forward(
      this.relu.forward(this.hl1_to_hl2.forward(this.relu.forward(this.in_to_hl1.forward(x)))),
    );
  }
}

const MODULES: Record<string, () => Module> = {
  mlp: () => new MLP(),
  mlpSequential: () =>
    new Sequential(new Linear(784, 512), new ReLU(), new Linear(512, 512), new ReLU(), new Linear(512, 10)),
  linearNoBias: () => new Linear(10, 1, { bias: false }),
  identity: () => new Identity(),
  flatten: () => new Flatten(),
  flatten0: () => new Flatten(0, 2),
  unflatten: () => new Unflatten(1, [2, 5]),
  unflatten1: () => new Unflatten(-1, [6]),
  relu: () => new ReLU(),
  reluInplace: () => new ReLU({ inplace: true }),
  leakyRelu: () => new LeakyReLU(),
  leakyRelu02Inplace: () => new LeakyReLU(0.2, { inplace: true }),
  elu: () => new ELU(),
  elu05: () => new ELU(0.5),
  gelu: () => new GELU(),
  geluTanh: () => new GELU({ approximate: 'tanh' }),
  silu: () => new SiLU(),
  sigmoid: () => new Sigmoid(),
  tanh: () => new Tanh(),
  softmax: () => new Softmax(1),
  softmaxNone: () => new Softmax(),
  logSoftmax: () => new LogSoftmax(-1),
  dropout: () => new Dropout(),
  dropout025: () => new Dropout(0.25),
  batchNorm1d: () => new BatchNorm1d(3),
  batchNorm1dOptions: () =>
    new BatchNorm1d(3, { eps: 0.001, momentum: null, affine: false, trackRunningStats: false }),
  batchNorm2d: () => new BatchNorm2d(64),
  layerNorm: () => new LayerNorm(10),
  layerNorm2: () => new LayerNorm([3, 4], { eps: 1e-6, elementwiseAffine: false }),
  embedding: () => new Embedding(10, 3),
  embeddingPadding: () => new Embedding(10, 3, { paddingIdx: -1 }),
  mseLoss: () => new MSELoss(),
  l1Loss: () => new L1Loss({ reduction: 'sum' }),
  smoothL1Loss: () => new SmoothL1Loss({ beta: 0.5 }),
  huberLoss: () => new HuberLoss({ delta: 2.0 }),
  crossEntropyLoss: () => new CrossEntropyLoss({ labelSmoothing: 0.1 }),
  nllLoss: () => new NLLLoss(),
  bceLoss: () => new BCELoss(),
  bceWithLogitsLoss: () => new BCEWithLogitsLoss({ posWeight: ones([3]) }),
};

replayReprs("toString() prints like PyTorch's print(module)", fixture.reprs, MODULES);

const MODELS: Record<string, () => Module> = {
  sequential: () =>
    new Sequential(
      new Linear(4, 6),
      new BatchNorm1d(6),
      new ReLU(),
      new Dropout(0.2),
      new LayerNorm(6),
      new Linear(6, 3),
    ),
  embeddingNet: () =>
    new Sequential(new Embedding(7, 4, { paddingIdx: 0 }), new Flatten(), new Linear(12, 2)),
};

replayStateDicts('PyTorch state dicts load into the same layers', fixture.models, MODELS);
