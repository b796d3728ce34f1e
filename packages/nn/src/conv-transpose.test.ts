/**
 * ConvTranspose2d / ConvTranspose1d (F.convTranspose2d / F.convTranspose1d): PyTorch parity from
 * packages/nn/src/fixtures/nn_conv_transpose.json (scripts/fixtures/nn_conv_transpose.py, PyTorch 1.13):
 * outputs, input/weight/bias gradients and the printed form; gradcheck in float64; PyTorch's errors.
 */
import '@typetorch/backend-cpu';
import { gradcheck, noGrad } from '@typetorch/autograd';
import { type ExpectedTensor, expectTensor } from '@typetorch/conformance';
import { type DType, randn, type Tensor, tensor } from '@typetorch/tensor';
import { describe, expect, it } from 'vitest';
import fixture from './fixtures/nn_conv_transpose.json' with { type: 'json' };
import { ConvTranspose1d, ConvTranspose2d, F } from './index.js';

type Encoded = { shape: number[]; dtype: string; data: (number | string)[] };
interface Case {
  name: string;
  dims: number;
  args: [number, number, number | number[]];
  options: Record<string, unknown>;
  repr: string;
  inputs: Record<string, Encoded>;
  expected: { out: Encoded };
  gradOutput: Encoded;
  grads: Record<string, Encoded>;
}

const make = (e: Encoded, dtype: DType = 'float32'): Tensor =>
  tensor(e.data as number[], { dtype }).reshape(e.shape);
const asExpected = (e: Encoded) => e as unknown as ExpectedTensor;
const camel = (k: string) => k.replace(/_(\w)/g, (_, c: string) => c.toUpperCase());

/** The module of a fixture case, with the fixture's weight and bias. */
function moduleOf(c: Case): ConvTranspose1d | ConvTranspose2d {
  const options = Object.fromEntries(Object.entries(c.options).map(([k, v]) => [camel(k), v]));
  const [cin, cout, k] = c.args;
  const m =
    c.dims === 2
      ? new ConvTranspose2d(cin, cout, k, options)
      : new ConvTranspose1d(cin, cout, k as number, options);
  noGrad(() => {
    m.weight.copy_(make(c.inputs.weight));
    if (c.inputs.bias !== undefined) m.bias!.copy_(make(c.inputs.bias));
  });
  return m;
}

describe('ConvTranspose2d / ConvTranspose1d: PyTorch parity', () => {
  it.each((fixture.cases as unknown as Case[]).map((c) => [c.name, c] as const))('%s', (_, c) => {
    const m = moduleOf(c);
    expect(m.toString()).toBe(c.repr);
    const x = make(c.inputs.x).requiresGrad_();
    const out = m.forward(x);
    expectTensor(out, asExpected(c.expected.out), { rtol: 1e-5, atol: 1e-5 });
    out.backward(make(c.gradOutput));
    const tol = { rtol: 1e-4, atol: 1e-4 };
    expectTensor(x.grad!, asExpected(c.grads.x), tol);
    expectTensor(m.weight.grad!, asExpected(c.grads.weight), tol);
    if (c.grads.bias !== undefined) expectTensor(m.bias!.grad!, asExpected(c.grads.bias), tol);
    else expect(m.bias).toBeNull();
  });
});

describe('convTranspose2d: gradcheck in float64', () => {
  const f64 = (shape: number[]) => randn(shape, { dtype: 'float64' }).requiresGrad_();
  it.each([
    [
      'stride 2, padding 1, output_padding 1',
      [1, 2, 3, 3],
      [2, 3, 3, 3],
      { stride: 2, padding: 1, outputPadding: 1 },
    ],
    ['groups 2, dilation 2', [2, 4, 2, 3], [4, 1, 2, 2], { groups: 2, dilation: 2 }],
    [
      'output_padding above padding',
      [1, 1, 2, 2],
      [1, 2, 2, 2],
      { stride: 2, dilation: 3, outputPadding: 2 },
    ],
  ] as const)('%s', (_, xs, ws, options) => {
    const inputs = [
      f64([...xs]),
      f64([...ws]),
      f64([ws[1] * ((options as { groups?: number }).groups ?? 1)]),
    ];
    const fn = (x: Tensor, w: Tensor, b: Tensor) => F.convTranspose2d(x, w, b, options);
    expect(gradcheck(fn, inputs)).toBe(true);
  });

  it('convTranspose1d', () => {
    const inputs = [f64([2, 2, 4]), f64([2, 3, 3])];
    const fn = (x: Tensor, w: Tensor) => F.convTranspose1d(x, w, null, { stride: 2, outputPadding: 1 });
    expect(gradcheck(fn, inputs)).toBe(true);
  });
});

describe('ConvTranspose2d: the module', () => {
  it('has PyTorch-shaped parameters [in, out / groups, kH, kW] and its state-dict names', () => {
    const m = new ConvTranspose2d(4, 6, [3, 2], { groups: 2 });
    expect(m.weight.shape).toEqual([4, 3, 3, 2]);
    expect(m.bias!.shape).toEqual([6]);
    expect(Object.keys(m.stateDict())).toEqual(['weight', 'bias']);
    const bound = 1 / Math.sqrt(3 * 3 * 2);
    const w = Array.from(m.weight.dataSync());
    expect(Math.max(...w.map(Math.abs))).toBeLessThanOrEqual(bound);
  });

  it("accepts PyTorch's positional form (stride, padding, output_padding, groups, bias, dilation)", () => {
    const m = new ConvTranspose2d(2, 4, 3, 2, 1, 1, 2, false, 2);
    expect(m.toString()).toBe(
      'ConvTranspose2d(2, 4, kernel_size=(3, 3), stride=(2, 2), padding=(1, 1), dilation=(2, 2), output_padding=(1, 1), groups=2, bias=False)',
    );
    expect(() => new ConvTranspose2d(2, 4, 3, { strides: 2 } as never)).toThrow(/strides/);
  });

  it('forward(input, outputSize) picks the output padding, as PyTorch', () => {
    const m = new ConvTranspose2d(2, 4, 3, { stride: 2 });
    const x = randn([1, 2, 3, 3]);
    expect(m.forward(x).shape).toEqual([1, 4, 7, 7]);
    expect(m.forward(x, [8, 8]).shape).toEqual([1, 4, 8, 8]);
    expect(m.forward(x, [1, 4, 8, 7]).shape).toEqual([1, 4, 8, 7]);
    expect(() => m.forward(x, [9, 9])).toThrow(
      'requested an output size of [9, 9], but valid sizes range from [7, 7] to [8, 8] (for an input of [3, 3])',
    );
    expect(new ConvTranspose1d(2, 1, 3, { stride: 2 }).forward(randn([2, 4]), [10]).shape).toEqual([1, 10]);
  });

  it("throws PyTorch's errors", () => {
    expect(() => new ConvTranspose2d(3, 4, 3, { groups: 2 })).toThrow(
      'in_channels must be divisible by groups',
    );
    expect(() => new ConvTranspose2d(4, 3, 3, { groups: 2 })).toThrow(
      'out_channels must be divisible by groups',
    );
    expect(() => new ConvTranspose2d(2, 4, 3, { paddingMode: 'reflect' as 'zeros' })).toThrow(
      'Only "zeros" padding mode is supported for ConvTranspose2d',
    );
    const x = randn([1, 2, 3, 3]);
    const w = randn([2, 2, 3, 3]);
    expect(() => F.convTranspose2d(x, w, null, { stride: 2, outputPadding: 2 })).toThrow(
      'output padding must be smaller than either stride or dilation, but got output_padding_height: 2 output_padding_width: 2 stride_height: 2 stride_width: 2 dilation_height: 1 dilation_width: 1',
    );
    expect(() => F.convTranspose2d(x, randn([3, 2, 3, 3]))).toThrow(
      'Given transposed=1, weight of size [3, 2, 3, 3], expected input[1, 2, 3, 3] to have 3 channels, but got 2 channels instead',
    );
    expect(() => F.convTranspose2d(x, w, randn([3]))).toThrow(
      'Given transposed=1, weight of size [2, 2, 3, 3], expected bias to be 1-dimensional with 2 elements, but got bias of size [3] instead',
    );
    expect(() => F.convTranspose2d(x, w, null, { padding: 3 })).toThrow(
      'Given input size per channel: (3 x 3). Calculated output size per channel: (-1 x -1). Output size is too small',
    );
    expect(() => F.convTranspose2d(randn([1, 1, 2, 3, 3]), w)).toThrow(
      'Expected 3D (unbatched) or 4D (batched) input to conv_transpose2d, but got input of size: [1, 1, 2, 3, 3]',
    );
    expect(() => F.convTranspose2d(x, w, null, { padding: -1 })).toThrow('negative padding is not supported');
    expect(() => F.convTranspose2d(x, w, null, { outputPadding: -1 })).toThrow(
      'negative output_padding is not supported',
    );
    expect(() => F.convTranspose2d(x, w, null, { stride: 0 })).toThrow(
      'non-positive stride is not supported',
    );
    expect(() => F.convTranspose2d(x, w, null, { groups: 0 })).toThrow(
      'non-positive groups is not supported',
    );
    expect(() => F.convTranspose1d(randn([1, 2, 3]), randn([2, 2, 3]), null, { outputPadding: 1 })).toThrow(
      'output padding must be smaller than either stride or dilation, but got output_padding_height: 0 output_padding_width: 1 stride_height: 1 stride_width: 1 dilation_height: 1 dilation_width: 1',
    );
    expect(() => F.convTranspose1d(randn([1, 2, 3, 3]), randn([2, 2, 3]))).toThrow(
      'Expected 2D (unbatched) or 3D (batched) input to conv_transpose1d, but got input of size: [1, 2, 3, 3]',
    );
    expect(() =>
      F.convTranspose1d(randn([1, 2, 3]), randn([2, 2, 3]), null, { stride: [1, 1] as never }),
    ).toThrow(
      'expected stride to be a single integer value or a list of 1 values to match the convolution dimensions, but got stride=[1, 1]',
    );
  });
});
