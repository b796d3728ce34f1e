/**
 * Issue 17's smaller nn layers on WebGPU (a software Vulkan driver in CI): replays PyTorch's fixture
 * packages/nn/src/fixtures/nn_breadth.json (the activations ReLU6 ... GLU and PReLU, F.normalize /
 * cosineSimilarity / pairwiseDistance, CosineSimilarity, PairwiseDistance, ZeroPad2d and ConstantPad1d/2d/3d)
 * and the losses SoftMarginLoss ... GaussianNLLLoss on 'webgpu': outputs and input gradients against
 * PyTorch's. The CPU replay is
 * packages/nn/src/breadth-parity.test.ts. The fixture is read as a file (not imported), since a package may
 * not import another's sources.
 */
import '@typetorch/backend-cpu';
import { initWebGPUNode } from '@typetorch/backend-webgpu/node';
import * as nn from '@typetorch/nn';
import { F } from '@typetorch/nn';
import type { Tensor } from '@typetorch/tensor';
import { beforeAll, expect, it } from 'vitest';
import { type Encoded, expectMatchesFixture, fromEncoded, readNnFixture } from './testing/nn-fixtures.js';

beforeAll(async () => {
  await initWebGPUNode();
});

interface Case {
  name: string;
  op: string;
  inputs: Record<string, Encoded>;
  args: { pos: unknown[]; kw?: Record<string, unknown> };
  expected: { out: Encoded };
  gradOutput?: Encoded;
  grads?: Record<string, Encoded>;
}
type AnyFn = (...args: unknown[]) => Tensor;
type AnyModule = nn.Module & { forward(...inputs: Tensor[]): Tensor };

const fixture = readNnFixture<{ cases: Case[] }>('nn_breadth.json');
const DEVICE = 'webgpu';

const make = (e: Encoded) => fromEncoded(e, DEVICE);

const decodeArg = (v: unknown) =>
  v !== null && typeof v === 'object' && 'shape' in v ? make(v as Encoded) : v;

/** `F.op(*inputs, *pos, options)` or `new nn.Class(*pos, options).forward(*inputs)`, on 'webgpu'. */
function run(op: string, inputs: Tensor[], args: Case['args']): Tensor {
  const pos = args.pos.map(decodeArg);
  const kw = Object.entries(args.kw ?? {}).map(([k, v]) => [k, decodeArg(v)]);
  if (kw.length > 0) pos.push(Object.fromEntries(kw));
  if (!op.startsWith('nn.')) return (F[op as keyof typeof F] as AnyFn)(...inputs, ...pos);
  // biome-ignore lint/performance/noDynamicNamespaceImportAccess: the fixture names the class
  const Class = nn[op.slice(3) as keyof typeof nn] as unknown as new (...a: unknown[]) => AnyModule;
  return (new Class(...pos).to(DEVICE) as AnyModule).forward(...inputs);
}

async function expectClose(actual: Tensor, expected: Encoded, tol: number, label: string) {
  expect(actual.device, label).toBe(DEVICE);
  await expectMatchesFixture(actual, expected, label, tol);
}

it.each(fixture.cases.map((c) => [c.name, c] as const))('%s on webgpu', async (_name, c) => {
  const inputs = Object.fromEntries(
    Object.entries(c.inputs).map(([k, e]) => [k, c.grads?.[k] ? make(e).requiresGrad_() : make(e)]),
  );
  const out = run(c.op, Object.values(inputs), c.args);
  await expectClose(out, c.expected.out, 1e-5, 'out');
  if (!c.gradOutput || !c.grads) return;
  out.backward(make(c.gradOutput));
  for (const [k, e] of Object.entries(c.grads)) await expectClose(inputs[k].grad!, e, 1e-4, `grad ${k}`);
});
