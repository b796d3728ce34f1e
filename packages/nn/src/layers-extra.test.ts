/**
 * The issue-17 layers beyond the PyTorch fixtures (parity-extra.test.ts): gradcheck in float64 of every
 * functional form, PyTorch's error messages, positional forms and option checks, state-dict names.
 */
import '@typetorch/backend-cpu';
import { gradcheck } from '@typetorch/autograd';
import { rand, type Tensor, tensor } from '@typetorch/tensor';
import { describe, expect, it } from 'vitest';
import {
  Conv1d,
  CosineEmbeddingLoss,
  F,
  GroupNorm,
  InstanceNorm2d,
  KLDivLoss,
  MarginRankingLoss,
  TripletMarginLoss,
  Upsample,
} from './index.js';

/** A float64 leaf with distinct, well spread values in [lo, hi). */
function leaf(shape: number[], seed = 0, lo = -2, hi = 2): Tensor {
  const n = shape.reduce((a, b) => a * b, 1);
  const data = Array.from(
    { length: n },
    (_, i) => lo + (hi - lo) * ((0.137 + (i + 7 * seed) * 0.6180339887498949) % 1),
  );
  return tensor(data, { dtype: 'float64' }).reshape(shape).requiresGrad_();
}
const f64 = (data: number[]) => tensor(data, { dtype: 'float64' });

type Fn = (...xs: Tensor[]) => Tensor;
const cases: [string, Fn, () => Tensor[]][] = [
  [
    'groupNorm affine',
    (x, w, b) => F.groupNorm(x, 2, { weight: w, bias: b }),
    () => [leaf([2, 4, 3], 1), leaf([4], 2), leaf([4], 3)],
  ],
  ['groupNorm [N, C, H, W]', (x) => F.groupNorm(x, 3, { eps: 1e-3 }), () => [leaf([2, 3, 2, 2], 4)]],
  [
    'instanceNorm affine',
    (x, w, b) => F.instanceNorm(x, { weight: w, bias: b }),
    () => [leaf([2, 3, 2, 3], 5), leaf([3], 6), leaf([3], 7)],
  ],
  [
    'instanceNorm running stats, eval',
    (x) =>
      F.instanceNorm(x, { runningMean: f64([0.1, -0.2]), runningVar: f64([1.5, 0.7]), useInputStats: false }),
    () => [leaf([2, 2, 3], 8)],
  ],
  ['pixelShuffle', (x) => F.pixelShuffle(x, 2), () => [leaf([1, 8, 2, 3], 9)]],
  ['pixelUnshuffle', (x) => F.pixelUnshuffle(x, 2), () => [leaf([2, 4, 2], 10)]],
  ['interpolate nearest size', (x) => F.interpolate(x, { size: [5, 3] }), () => [leaf([1, 2, 3, 4], 11)]],
  [
    'interpolate nearest scale 2',
    (x) => F.interpolate(x, { scaleFactor: 2 }),
    () => [leaf([1, 1, 2, 3], 12)],
  ],
  [
    'interpolate bilinear',
    (x) => F.interpolate(x, { size: [5, 7], mode: 'bilinear' }),
    () => [leaf([1, 2, 3, 4], 13)],
  ],
  [
    'interpolate bilinear alignCorners scale',
    (x) => F.interpolate(x, { scaleFactor: [1.5, 0.5], mode: 'bilinear', alignCorners: true }),
    () => [leaf([2, 1, 3, 4], 14)],
  ],
  [
    'conv1d',
    (x, w, b) => F.conv1d(x, w, b, { stride: 2, padding: 1 }),
    () => [leaf([2, 2, 7], 15), leaf([3, 2, 3], 16), leaf([3], 17)],
  ],
  [
    'conv1d same dilation groups',
    (x, w) => F.conv1d(x, w, null, { padding: 'same', dilation: 2, groups: 2 }),
    () => [leaf([1, 4, 6], 18), leaf([2, 2, 3], 19)],
  ],
  [
    'klDiv batchmean',
    (x, y) => F.klDiv(x, y, { reduction: 'batchmean' }),
    () => [leaf([3, 4], 20), leaf([3, 4], 21, 0.1, 1)],
  ],
  [
    'klDiv logTarget none',
    (x, y) => F.klDiv(x, y, { logTarget: true, reduction: 'none' }),
    () => [leaf([3, 4], 22), leaf([3, 4], 23)],
  ],
  [
    'marginRankingLoss',
    (a, b) => F.marginRankingLoss(a, b, f64([1, -1, 1, -1, 1]), { margin: 0.25 }),
    () => [leaf([5], 24), leaf([5], 25)],
  ],
  [
    'cosineEmbeddingLoss',
    (a, b) => F.cosineEmbeddingLoss(a, b, f64([1, -1, -1]), { margin: -0.5, reduction: 'sum' }),
    () => [leaf([3, 4], 26), leaf([3, 4], 27)],
  ],
  [
    'tripletMarginLoss',
    (a, p, n) => F.tripletMarginLoss(a, p, n, { margin: 3 }),
    () => [leaf([3, 4], 28), leaf([3, 4], 29), leaf([3, 4], 30)],
  ],
  [
    'tripletMarginLoss p=3 swap',
    (a, p, n) => F.tripletMarginLoss(a, p, n, { p: 3, swap: true, margin: 3, reduction: 'none' }),
    () => [leaf([3, 4], 31), leaf([3, 4], 32), leaf([3, 4], 33)],
  ],
];

describe('gradcheck (float64) of the issue-17 layers', () => {
  for (const [name, fn, inputs] of cases) {
    it(name, () => {
      expect(gradcheck(fn, inputs())).toBe(true);
    });
  }
});

const x4 = (...shape: number[]) => rand(shape);

const ERRORS: [string, () => unknown, string][] = [
  ['GroupNorm', () => new GroupNorm(2, 5), 'num_channels must be divisible by num_groups'],
  [
    'F.groupNorm channels',
    () => F.groupNorm(x4(2, 5, 4), 2),
    'Expected number of channels in input to be divisible by num_groups, but got input of shape [2, 5, 4] and num_groups=2',
  ],
  [
    'F.groupNorm weight',
    () => F.groupNorm(x4(2, 6, 4), 2, { weight: x4(5) }),
    'Expected weight to be a vector of size equal to the number of channels in input, but got weight of shape [5] and input of shape [2, 6, 4]',
  ],
  [
    'InstanceNorm2d rank',
    () => new InstanceNorm2d(3).forward(x4(2, 3)),
    'expected 3D or 4D input (got 2D input)',
  ],
  [
    'InstanceNorm2d channels',
    () => new InstanceNorm2d(3, { affine: true }).forward(x4(2, 4, 3, 3)),
    'weight should contain 8 elements not 6',
  ],
  [
    'F.instanceNorm spatial',
    () => F.instanceNorm(x4(2, 3, 1, 1)),
    'Expected more than 1 spatial element when training, got input size torch.Size([2, 3, 1, 1])',
  ],
  [
    'F.instanceNorm running_mean',
    () => F.instanceNorm(x4(2, 3, 4), { runningMean: x4(2) }),
    'running_mean should contain 6 elements not 4',
  ],
  [
    'pixelShuffle rank',
    () => F.pixelShuffle(x4(2, 3), 2),
    'pixel_shuffle expects input to have at least 3 dimensions, but got input with 2 dimension(s)',
  ],
  [
    'pixelShuffle channels',
    () => F.pixelShuffle(x4(1, 3, 2, 2), 2),
    "pixel_shuffle expects its input's 'channel' dimension to be divisible by the square of upscale_factor, but input.size(-3)=3 is not divisible by 4",
  ],
  [
    'pixelShuffle factor',
    () => F.pixelShuffle(x4(1, 4, 2, 2), 0),
    'pixel_shuffle expects a positive upscale_factor, but got 0',
  ],
  [
    'pixelUnshuffle width',
    () => F.pixelUnshuffle(x4(1, 3, 2, 3), 2),
    'pixel_unshuffle expects width to be divisible by downscale_factor, but input.size(-1)=3 is not divisible by 2',
  ],
  [
    'interpolate neither',
    () => F.interpolate(x4(1, 1, 2, 2)),
    'either size or scale_factor should be defined',
  ],
  [
    'interpolate both',
    () => F.interpolate(x4(1, 1, 2, 2), { size: 3, scaleFactor: 2 }),
    'only one of size or scale_factor should be defined',
  ],
  [
    'interpolate nearest alignCorners',
    () => F.interpolate(x4(1, 1, 2, 2), { size: 3, alignCorners: true }),
    'align_corners option can only be set with the interpolating modes: linear | bilinear | bicubic | trilinear',
  ],
  [
    'interpolate bilinear 3D',
    () => F.interpolate(x4(1, 1, 2), { size: 3, mode: 'bilinear' }),
    'Got 3D input, but bilinear mode needs 4D input',
  ],
  [
    'interpolate size 0',
    () => F.interpolate(x4(1, 1, 2, 2), { scaleFactor: 0.1 }),
    'Input and output sizes should be greater than 0, but got input (H: 2, W: 2) output (H: 0, W: 0)',
  ],
  [
    'conv1d rank',
    () => new Conv1d(2, 4, 3).forward(x4(1, 2, 3, 4)),
    'Expected 2D (unbatched) or 3D (batched) input to conv1d, but got input of size: [1, 2, 3, 4]',
  ],
  [
    'conv1d channels',
    () => new Conv1d(2, 4, 3).forward(x4(1, 3, 5)),
    'Given groups=1, weight of size [4, 2, 3], expected input[1, 3, 5] to have 2 channels, but got 3 channels instead',
  ],
  [
    'Conv1d same strided',
    () => new Conv1d(2, 4, 3, 2, 'same'),
    "padding='same' is not supported for strided convolutions",
  ],
  [
    'marginRankingLoss dims',
    () => F.marginRankingLoss(x4(3), x4(3, 1), x4(3)),
    'margin_ranking_loss : All input tensors should have same dimension but got sizes: input1: torch.Size([3]), input2: torch.Size([3, 1]), target: torch.Size([3]) ',
  ],
  [
    'cosineEmbeddingLoss target',
    () => F.cosineEmbeddingLoss(x4(3, 2), x4(3, 2), x4(3, 1)),
    '0D or 1D target tensor expected, multi-target not supported',
  ],
  [
    'cosineEmbeddingLoss dims',
    () => F.cosineEmbeddingLoss(x4(3, 2, 2), x4(3, 2, 2), x4(3)),
    '1D target tensor expects 2D input tensors, but found inputs with sizes [3, 2, 2] and [3, 2, 2].',
  ],
  [
    'tripletMarginLoss dims',
    () => F.tripletMarginLoss(x4(3, 2), x4(3, 2), x4(3)),
    'All inputs should have same dimension but got 2D, 2D and 1D inputs.',
  ],
  [
    'klDiv reduction',
    () => F.klDiv(x4(3), x4(3), { reduction: 'foo' as 'sum' }),
    'foo is not a valid value for reduction',
  ],
];

describe("PyTorch's errors", () => {
  it.each(ERRORS)('%s', (_, run, message) => {
    expect(run).toThrow(message);
  });

  it('rejects unknown options and extra positional arguments', () => {
    expect(() => new GroupNorm(2, 4, { foo: 1 } as never)).toThrow(/foo/);
    expect(() => new Upsample({ scale: 2 } as never)).toThrow(/scale/);
    expect(() => new TripletMarginLoss(1, 2, 1e-6, false, 'mean' as never)).toThrow(/positional arguments/);
    expect(() => (F.pixelShuffle as (...a: unknown[]) => unknown)(x4(1, 4, 2, 2), 2, 3)).toThrow(
      'pixelShuffle() takes 2 positional arguments but 3 were given',
    );
  });
});

describe('modules', () => {
  it('take PyTorch positional forms and keep PyTorch state-dict names', () => {
    const gn = new GroupNorm(2, 4, 1e-3, false);
    expect([gn.eps, gn.affine, Object.keys(gn.stateDict())]).toEqual([1e-3, false, []]);
    const inorm = new InstanceNorm2d(3, 1e-5, 0.1, true, true);
    expect(Object.keys(inorm.stateDict())).toEqual([
      'weight',
      'bias',
      'running_mean',
      'running_var',
      'num_batches_tracked',
    ]);
    expect(Object.keys(new InstanceNorm2d(3).stateDict())).toEqual([]);
    const conv = new Conv1d(2, 4, 3, 2, 1, 1, 2, false);
    expect([conv.stride, conv.padding, conv.groups, conv.bias, conv.weight.shape]).toEqual([
      [2],
      [1],
      2,
      null,
      [4, 1, 3],
    ]);
    expect(new MarginRankingLoss(0.5).margin).toBe(0.5);
    expect(new CosineEmbeddingLoss(0.2, { reduction: 'sum' }).reduction).toBe('sum');
    expect(new KLDivLoss({ reduction: 'batchmean' }).reduction).toBe('batchmean');
  });

  it('InstanceNorm2d with momentum null fails as in PyTorch 1.13', () => {
    expect(() => new InstanceNorm2d(2, { momentum: null }).forward(x4(1, 2, 2, 2))).toThrow(
      "instance_norm(): argument 'momentum' (position 7) must be float, not NoneType",
    );
  });
});
