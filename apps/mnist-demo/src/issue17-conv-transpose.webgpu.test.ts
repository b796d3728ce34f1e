/**
 * Issue 17's ConvTranspose2d / ConvTranspose1d on WebGPU (a software Vulkan driver in CI): outputs, input
 * gradients and weight/bias gradients on 'webgpu' match the CPU's. PyTorch parity itself is
 * packages/nn/src/conv-transpose.test.ts.
 */
import '@typetorch/backend-cpu';
import { initWebGPUNode } from '@typetorch/backend-webgpu/node';
import * as nn from '@typetorch/nn';
import { randn, type Tensor } from '@typetorch/tensor';
import { beforeAll, it } from 'vitest';
import { expectWebgpuMatchesCpu, parameterGrads } from './testing/nn-fixtures.js';

beforeAll(async () => {
  await initWebGPUNode();
});

type Layer = nn.ConvTranspose1d | nn.ConvTranspose2d;
const CASES: Record<string, { make: () => Layer; shape: number[] }> = {
  'ConvTranspose2d stride 2 padding 1 output_padding 1': {
    make: () => new nn.ConvTranspose2d(3, 4, 3, { stride: 2, padding: 1, outputPadding: 1 }),
    shape: [2, 3, 4, 3],
  },
  'ConvTranspose2d groups 2 dilation 3 output_padding 2 (above padding)': {
    make: () => new nn.ConvTranspose2d(4, 2, 2, { groups: 2, stride: 2, dilation: 3, outputPadding: 2 }),
    shape: [1, 4, 3, 3],
  },
  'ConvTranspose1d stride 2 no bias': {
    make: () => new nn.ConvTranspose1d(2, 3, 3, { stride: 2, bias: false }),
    shape: [2, 2, 5],
  },
};

/** Forward + backward on `device` with fixed data; the output and every gradient. */
function run(make: () => Layer, shape: number[], device: string): [string, Tensor][] {
  const m = make().to(device);
  const x = randn(shape).to(device).requiresGrad_();
  const out = m.forward(x);
  out
    .mul(randn([...out.shape]).to(device))
    .sum()
    .backward();
  return [['out', out], ['grad input', x.grad as Tensor], ...parameterGrads(m)];
}

it.each(Object.keys(CASES))('%s: forward and backward on webgpu match the cpu', async (name) => {
  const { make, shape } = CASES[name];
  await expectWebgpuMatchesCpu((device) => run(make, shape, device));
});
