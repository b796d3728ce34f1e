/**
 * Issue 17's new layers and losses on WebGPU (a software Vulkan driver in CI): GroupNorm, InstanceNorm2d,
 * PixelShuffle/PixelUnshuffle, Upsample (nearest, bilinear), Conv1d, KLDivLoss, MarginRankingLoss,
 * CosineEmbeddingLoss and TripletMarginLoss give the CPU's outputs, input gradients and parameter
 * gradients on 'webgpu'. PyTorch parity itself is packages/nn/src/parity-extra.test.ts.
 */
import '@typetorch/backend-cpu';
import { initWebGPUNode } from '@typetorch/backend-webgpu/node';
import * as nn from '@typetorch/nn';
import { randn, type Tensor, tensor } from '@typetorch/tensor';
import { beforeAll, it } from 'vitest';
import { expectWebgpuMatchesCpu, parameterGrads } from './testing/nn-fixtures.js';

beforeAll(async () => {
  await initWebGPUNode();
});

type Layer = nn.Module & { forward(...inputs: never[]): Tensor };
/** A layer, its inputs (drawn after seeding), and which inputs get gradients (the rest are targets). */
interface Case {
  make: () => Layer;
  inputs: () => Tensor[];
  grad: number[];
}

const signs = (n: number) => tensor(Array.from({ length: n }, (_, i) => (i % 3 === 1 ? -1 : 1)));

const CASES: Record<string, Case> = {
  GroupNorm: { make: () => new nn.GroupNorm(2, 4), inputs: () => [randn([2, 4, 3, 3])], grad: [0] },
  InstanceNorm2d: {
    make: () => new nn.InstanceNorm2d(3, { affine: true, trackRunningStats: true }),
    inputs: () => [randn([2, 3, 4, 4])],
    grad: [0],
  },
  PixelShuffle: { make: () => new nn.PixelShuffle(2), inputs: () => [randn([2, 8, 3, 2])], grad: [0] },
  PixelUnshuffle: { make: () => new nn.PixelUnshuffle(2), inputs: () => [randn([2, 2, 4, 6])], grad: [0] },
  'Upsample nearest': {
    make: () => new nn.Upsample({ size: [5, 7] }),
    inputs: () => [randn([2, 2, 3, 4])],
    grad: [0],
  },
  'Upsample bilinear': {
    make: () => new nn.Upsample({ scaleFactor: 2, mode: 'bilinear' }),
    inputs: () => [randn([2, 2, 3, 4])],
    grad: [0],
  },
  'Upsample bilinear alignCorners': {
    make: () => new nn.Upsample({ size: [4, 3], mode: 'bilinear', alignCorners: true }),
    inputs: () => [randn([1, 2, 3, 5])],
    grad: [0],
  },
  Conv1d: {
    make: () => new nn.Conv1d(4, 6, 3, { padding: 1, stride: 2, groups: 2 }),
    inputs: () => [randn([2, 4, 9])],
    grad: [0],
  },
  KLDivLoss: {
    make: () => new nn.KLDivLoss({ reduction: 'batchmean' }),
    inputs: () => [randn([3, 5]).logSoftmax(1), randn([3, 5]).softmax(1)],
    grad: [0],
  },
  MarginRankingLoss: {
    make: () => new nn.MarginRankingLoss(0.3),
    inputs: () => [randn([7]), randn([7]), signs(7)],
    grad: [0, 1],
  },
  CosineEmbeddingLoss: {
    make: () => new nn.CosineEmbeddingLoss({ margin: 0.1 }),
    inputs: () => [randn([5, 4]), randn([5, 4]), signs(5)],
    grad: [0, 1],
  },
  TripletMarginLoss: {
    make: () => new nn.TripletMarginLoss({ margin: 2, swap: true }),
    inputs: () => [randn([4, 3]), randn([4, 3]), randn([4, 3])],
    grad: [0, 1, 2],
  },
};

/** Forward + backward on `device` with fixed data; every result and gradient. */
function run(c: Case, device: string): [string, Tensor][] {
  const m = c.make().to(device);
  const inputs = c.inputs().map((t, i) => {
    const d = t.to(device);
    return c.grad.includes(i) ? d.requiresGrad_() : d;
  });
  const out = m.forward(...(inputs as never[])) as Tensor;
  out
    .mul(randn([...out.shape]).to(device))
    .sum()
    .backward();
  return [
    ['out', out],
    ...c.grad.map((i) => [`grad input ${i}`, inputs[i].grad as Tensor] as [string, Tensor]),
    ...parameterGrads(m),
    ...m.namedBuffers().map(([k, b]) => [`buffer ${k}`, b] as [string, Tensor]),
  ];
}

it.each(Object.keys(CASES))('%s: forward and backward on webgpu match the cpu', async (name) => {
  await expectWebgpuMatchesCpu((device) => run(CASES[name], device));
});
