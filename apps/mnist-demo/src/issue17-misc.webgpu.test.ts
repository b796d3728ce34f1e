/**
 * Issue 17's small nn items on WebGPU (a software Vulkan driver in CI): Softmax2d, F.ctcLoss (padded and
 * concatenated targets, an infinite loss with zeroInfinity), MaxPool1d / AvgPool1d / AdaptiveMaxPool2d
 * and a full backward hook give on 'webgpu' the outputs and gradients the CPU gives. PyTorch parity itself
 * is packages/nn/src/misc17-parity.test.ts and pooling1d.test.ts.
 */
import '@typetorch/backend-cpu';
import { initWebGPUNode } from '@typetorch/backend-webgpu/node';
import * as nn from '@typetorch/nn';
import { F } from '@typetorch/nn';
import { randn, type Tensor, tensor } from '@typetorch/tensor';
import { beforeAll, it } from 'vitest';
import { expectWebgpuMatchesCpu, parameterGrads } from './testing/nn-fixtures.js';

beforeAll(async () => {
  await initWebGPUNode();
});

type Run = (device: string) => [string, Tensor][];

const CASES: Record<string, Run> = {
  Softmax2d: (device) => {
    const x = randn([2, 3, 2, 4]).to(device).requiresGrad_();
    const out = new nn.Softmax2d().forward(x);
    out
      .mul(randn([2, 3, 2, 4]).to(device))
      .sum()
      .backward();
    return [
      ['out', out],
      ['grad x', x.grad!],
    ];
  },
  'ctcLoss padded and concatenated targets, zeroInfinity': (device) => {
    const x = randn([9, 3, 5]).to(device).requiresGrad_();
    const lp = F.logSoftmax(x, 2);
    const padded = tensor(
      [
        [1, 1, 2],
        [4, 3, 0],
        [2, 2, 2],
      ],
      { dtype: 'int64' },
    ).to(device);
    const a = F.ctcLoss(lp, padded, tensor([9, 7, 4]).to(device), tensor([3, 2, 3]).to(device), {
      reduction: 'none',
      zeroInfinity: true,
    });
    const concatenated = tensor([1, 2, 3, 3, 4], { dtype: 'int64' }).to(device);
    const b = F.ctcLoss(lp, concatenated, [9, 8, 9], [2, 2, 1], 4, 'mean');
    a.sum().add(b).backward();
    return [
      ['loss none', a],
      ['loss mean', b],
      ['grad x', x.grad!],
    ];
  },
  'MaxPool1d, AvgPool1d and AdaptiveMaxPool2d (with indices)': (device) => {
    const x = randn([2, 3, 9]).to(device).requiresGrad_();
    const [m, mi] = new nn.MaxPool1d(3, 2, 1, 2, true, true).forward(x);
    const a = new nn.AvgPool1d(4, 2, 2, true, false).forward(x);
    const y = randn([2, 2, 5, 7]).to(device).requiresGrad_();
    const [p, pi] = new nn.AdaptiveMaxPool2d([2, 3], true).forward(y);
    const q = F.adaptiveMaxPool2d(y, 3);
    m.sum().add(a.mul(a).sum()).backward();
    p.sum().add(q.mul(q).sum()).backward();
    return [
      ['maxPool1d', m],
      ['maxPool1d indices', mi],
      ['avgPool1d', a],
      ['adaptiveMaxPool2d', p],
      ['adaptiveMaxPool2d indices', pi],
      ['adaptiveMaxPool2d 3', q],
      ['grad x', x.grad!],
      ['grad y', y.grad!],
    ];
  },
  'registerFullBackwardHook on a Sequential': (device) => {
    const model = new nn.Sequential(new nn.Linear(3, 4), new nn.Tanh(), new nn.Linear(4, 2)).to(device);
    const seen: Tensor[] = [];
    model.at(2).registerFullBackwardHook((_m, gradInput, gradOutput) => {
      seen.push(gradOutput[0]!);
      return gradInput.map((g) => g?.mul(2) ?? null);
    });
    const x = randn([5, 3]).to(device).requiresGrad_();
    (model.forward(x) as Tensor)
      .mul(randn([5, 2]).to(device))
      .sum()
      .backward();
    return [['grad output seen', seen[0]], ['grad x', x.grad!], ...parameterGrads(model)];
  },
};

it.each(Object.keys(CASES))('%s: forward and backward on webgpu match the cpu', async (name) => {
  await expectWebgpuMatchesCpu(CASES[name]);
});
