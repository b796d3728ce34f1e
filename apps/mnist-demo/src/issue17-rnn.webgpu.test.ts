/**
 * Issue 17's recurrent layers on WebGPU (a software Vulkan driver in CI): `nn.LSTM` and `nn.GRU` forward
 * and backward on 'webgpu' give the CPU's outputs, final states and gradients (input, initial states,
 * every parameter). PyTorch parity itself is packages/nn/src/modules/rnn.test.ts.
 */
import '@typetorch/backend-cpu';
import { initWebGPUNode } from '@typetorch/backend-webgpu/node';
import * as nn from '@typetorch/nn';
import { randn, type Tensor } from '@typetorch/tensor';
import { beforeAll, it } from 'vitest';
import { expectWebgpuMatchesCpu, flatTensors, parameterGrads } from './testing/nn-fixtures.js';

beforeAll(async () => {
  await initWebGPUNode();
});

/** Forward + backward of `make()` on `device` with fixed data; returns every result and gradient. */
function run(
  make: () => nn.Module & { forward(x: Tensor, hx: never): unknown },
  shapes: number[][],
  device: string,
): [string, Tensor][] {
  const m = make().to(device);
  const [x, ...hx] = shapes.map((s) => randn(s).to(device).requiresGrad_());
  const outs = flatTensors(m.forward(x, (hx.length === 2 ? hx : hx[0]) as never));
  const weights = outs.map((o) => randn([...o.shape]).to(device));
  outs
    .map((o, i) => o.mul(weights[i]).sum())
    .reduce((a, b) => a.add(b))
    .backward();
  return [
    ...outs.map((o, i) => [`out${i}`, o] as [string, Tensor]),
    ['grad input', x.grad as Tensor],
    ...hx.map((h, i) => [`grad hx${i}`, h.grad as Tensor] as [string, Tensor]),
    ...parameterGrads(m),
  ];
}

const compare = (make: () => nn.Module & { forward(x: Tensor, hx: never): unknown }, shapes: number[][]) =>
  expectWebgpuMatchesCpu((device) => run(make, shapes, device));

it('LSTM (2 layers, bidirectional, batch_first, h0 and c0) on webgpu matches the CPU', async () => {
  const make = () => new nn.LSTM(3, 5, { numLayers: 2, bidirectional: true, batchFirst: true });
  await compare(make, [
    [2, 4, 3],
    [4, 2, 5],
    [4, 2, 5],
  ]);
});

it('GRU (2 layers, h0) and an unbatched GRUCell/LSTMCell on webgpu match the CPU', async () => {
  await compare(
    () => new nn.GRU(3, 5, { numLayers: 2 }),
    [
      [4, 2, 3],
      [2, 2, 5],
    ],
  );
  await compare(() => new nn.GRUCell(3, 5), [[3], [5]]);
  await compare(
    () => new nn.LSTMCell(3, 5),
    [
      [2, 3],
      [2, 5],
      [2, 5],
    ],
  );
});
