/**
 * Issue 17's attention layers on WebGPU (a software Vulkan driver in CI): replays PyTorch's fixture
 * packages/nn/src/fixtures/nn_attention.json (MultiheadAttention, the Transformer layers and stacks,
 * nn.Transformer) on 'webgpu': outputs, attention weights and the gradients of the inputs and every
 * parameter. The CPU replay is packages/nn/src/attention.test.ts. The fixture is read as a file (not
 * imported), since a package may not import another's sources.
 */
import '@typetorch/backend-cpu';
import { initWebGPUNode } from '@typetorch/backend-webgpu/node';
import * as nn from '@typetorch/nn';
import { beforeAll, expect, it } from 'vitest';
import {
  type Encoded,
  expectMatchesFixture,
  flatTensors,
  fromEncoded as make,
  readNnFixture,
} from './testing/nn-fixtures.js';

beforeAll(async () => {
  await initWebGPUNode();
});

type Args = Record<string, unknown>;
interface Case {
  name: string;
  module: string;
  args: Args;
  training: boolean;
  stateDict: Record<string, Encoded>;
  inputs: Encoded[];
  call: number[];
  kwargs: Record<string, Encoded | { causal: number } | boolean>;
  expected: Encoded[];
  gradOutputs: Encoded[];
  grads: Record<string, Encoded>;
}
type AnyModule = nn.Module & { forward(...args: unknown[]): unknown };

const fixture = readNnFixture<{ cases: Case[] }>('nn_attention.json');

function build(module: string, args: Args): AnyModule {
  const { embedDim, numHeads, dModel, nhead, layer, numLayers, norm, ...options } = args as Args & {
    layer: Args & { dModel: number };
  };
  const as = (m: unknown) => m as AnyModule;
  if (module === 'MultiheadAttention')
    return as(new nn.MultiheadAttention(embedDim as number, numHeads as number, options));
  if (module === 'TransformerEncoderLayer')
    return as(new nn.TransformerEncoderLayer(dModel as number, nhead as number, options));
  if (module === 'TransformerDecoderLayer')
    return as(new nn.TransformerDecoderLayer(dModel as number, nhead as number, options));
  if (module === 'Transformer') return as(new nn.Transformer(args));
  const encoder = module === 'TransformerEncoder';
  const one = build(encoder ? 'TransformerEncoderLayer' : 'TransformerDecoderLayer', layer);
  const Stack = encoder ? nn.TransformerEncoder : nn.TransformerDecoder;
  return as(new Stack(one, numLayers as number, { norm: norm ? new nn.LayerNorm(layer.dModel) : null }));
}

async function replay(c: Case, device: string): Promise<void> {
  const m = build(c.module, c.args).to(device);
  m.train(c.training);
  m.loadStateDict(Object.fromEntries(Object.entries(c.stateDict).map(([k, v]) => [k, make(v, device)])));
  const xs = c.inputs.map((e) => make(e, device).requiresGrad_());
  const kwargs: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(c.kwargs)) {
    if (typeof v === 'boolean') kwargs[k] = v;
    else if ('causal' in v) kwargs[k] = nn.Transformer.generateSquareSubsequentMask(v.causal, device);
    else kwargs[k] = make(v, device);
  }
  const outs = flatTensors(m.forward(...c.call.map((i) => xs[i]), kwargs));
  expect(outs).toHaveLength(c.expected.length);
  for (const [i, o] of outs.entries()) await expectMatchesFixture(o, c.expected[i], `${c.name} result ${i}`);
  outs
    .map((o, i) => o.mul(make(c.gradOutputs[i], device)).sum())
    .reduce((a, b) => a.add(b))
    .backward();
  for (const [i, x] of xs.entries())
    await expectMatchesFixture(x.grad, c.grads[`input${i}`], `${c.name} grad input${i}`);
  for (const [k, p] of m.namedParameters())
    await expectMatchesFixture(p.grad, c.grads[k], `${c.name} grad ${k}`);
}

it.each(fixture.cases.map((c) => [c.name, c] as const))('%s on webgpu matches PyTorch', async (_name, c) => {
  await replay(c, 'webgpu');
});
