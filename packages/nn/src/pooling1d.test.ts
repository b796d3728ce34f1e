/**
 * PyTorch parity of MaxPool1d, AvgPool1d and AdaptiveMaxPool2d (F.maxPool1d, F.avgPool1d,
 * F.adaptiveMaxPool2d): the pooling cases of packages/nn/src/fixtures/nn_misc17.json (written by
 * scripts/fixtures/nn_misc17.py from PyTorch 1.13) in float32, values, indices and input gradients;
 * printing; PyTorch's errors; gradchecks in float64.
 */
import '@typetorch/backend-cpu';
import { gradcheck } from '@typetorch/autograd';
import { type ExpectedTensor, expectTensor } from '@typetorch/conformance';
import { type DType, randn, type Tensor, tensor } from '@typetorch/tensor';
import { describe, expect, it } from 'vitest';
import fixture from './fixtures/nn_misc17.json' with { type: 'json' };
import { AdaptiveMaxPool2d, AvgPool1d, F, MaxPool1d, type Module } from './index.js';

type Encoded = { shape: number[]; dtype: string; data: (number | string)[] };
interface Case {
  name: string;
  op: string;
  inputs: { x: Encoded };
  args: Record<string, unknown>;
  expected: { out: Encoded; indices?: Encoded };
  gradOutput: Encoded;
  grads: { x: Encoded };
}

const make = (e: Encoded): Tensor => tensor(e.data as number[], { dtype: e.dtype as DType }).reshape(e.shape);
const POOLS = ['maxPool1d', 'avgPool1d', 'adaptiveMaxPool2d'];
const cases = (fixture.cases as unknown as Case[]).filter((c) => POOLS.includes(c.op));

/** The module form of a case, so that both the layer and F (which the layer calls) are covered. */
function layer(c: Case): Module & { forward(x: Tensor): Tensor | [Tensor, Tensor] } {
  const { kernelSize, outputSize, ...options } = c.args as Record<string, never>;
  const returnIndices = c.expected.indices !== undefined;
  if (c.op === 'maxPool1d') return new MaxPool1d(kernelSize, { ...(options as object), returnIndices });
  if (c.op === 'avgPool1d') return new AvgPool1d(kernelSize, options as object);
  return new AdaptiveMaxPool2d(outputSize, { returnIndices });
}

describe('1-D pooling and AdaptiveMaxPool2d: PyTorch 1.13 fixtures', () => {
  it.each(cases.map((c) => [c.name, c] as const))('%s', async (_name, c) => {
    const x = make(c.inputs.x).requiresGrad_();
    const result = layer(c).forward(x);
    const [out, indices] = Array.isArray(result) ? result : [result, undefined];
    await expectTensor(out, c.expected.out as unknown as ExpectedTensor, { rtol: 1e-6, atol: 1e-6 }, 'out');
    if (c.expected.indices !== undefined) {
      expect(indices!.shape).toEqual(c.expected.indices.shape);
      expect(Array.from(await indices!.data(), Number)).toEqual(c.expected.indices.data);
    }
    out.backward(make(c.gradOutput));
    await expectTensor(x.grad!, c.grads.x as unknown as ExpectedTensor, { rtol: 1e-5, atol: 1e-6 }, 'x.grad');
  });

  it('print as PyTorch', () => {
    const made: Record<string, Module> = {
      'MaxPool1d(3)': new MaxPool1d(3),
      'MaxPool1d(3, 2, 1, 2, True, True)': new MaxPool1d(3, 2, 1, 2, true, true),
      'AvgPool1d(3)': new AvgPool1d(3),
      'AvgPool1d(3, 2, 1, True, False)': new AvgPool1d(3, 2, 1, true, false),
      'AdaptiveMaxPool2d(3)': new AdaptiveMaxPool2d(3),
      'AdaptiveMaxPool2d((None, 2), True)': new AdaptiveMaxPool2d([null, 2], true),
    };
    const keys = fixture.reprs.filter(({ key }) => key in made);
    expect(keys.length).toBe(6);
    for (const { key, repr } of keys) expect(made[key].toString()).toBe(repr);
  });

  it("PyTorch's errors", () => {
    expect(() => F.maxPool1d(randn([2, 3, 4, 5]), 2)).toThrow(
      'max_pool1d: Expected 2D or 3D (batch mode) tensor with optional 0 dim batch size for input, but got:[2, 3, 4, 5]',
    );
    expect(() => F.avgPool1d(randn([2, 3, 4, 5]), 2)).toThrow(
      "Expected 2 to 3 dimensions, but got 4-dimensional tensor for argument #1 'self' (while checking arguments for avg_pool1d)",
    );
    expect(() => F.adaptiveMaxPool2d(randn([3, 4]), 2)).toThrow(
      'adaptive_max_pool2d(): Expected 3D or 4D tensor, but got: [3, 4]',
    );
    expect(() => new MaxPool1d(2, 2, 0, 1, false, false, 3 as never)).toThrow(TypeError);
  });
});

describe('gradcheck (float64)', () => {
  const x1 = () => randn([2, 2, 7], { dtype: 'float64' }).requiresGrad_();
  it('maxPool1d and avgPool1d', () => {
    expect(gradcheck((x) => F.maxPool1d(x, 3, { stride: 2, padding: 1 }), [x1()])).toBe(true);
    expect(
      gradcheck((x) => F.avgPool1d(x, 3, { stride: 2, padding: 1, countIncludePad: false }), [x1()]),
    ).toBe(true);
  });

  it('adaptiveMaxPool2d, overlapping and divisible windows', () => {
    const x = randn([1, 2, 5, 6], { dtype: 'float64' }).requiresGrad_();
    expect(gradcheck((v) => F.adaptiveMaxPool2d(v, [3, 4]), [x])).toBe(true);
    expect(gradcheck((v) => F.adaptiveMaxPool2d(v, [null, 3]), [x])).toBe(true);
  });
});
