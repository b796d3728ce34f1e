/**
 * The attention layers against PyTorch 1.13: replays packages/nn/src/fixtures/nn_attention.json (written
 * by scripts/fixtures/nn_attention.py) in float32 — PyTorch's state dicts loaded with `loadStateDict`,
 * outputs, attention weights and the gradients of the inputs and every parameter — plus gradcheck of
 * MultiheadAttention in float64, PyTorch's printing and state-dict keys, deep copies and PyTorch's errors.
 * apps/mnist-demo/src/issue17-attention.webgpu.test.ts replays the same fixture on 'webgpu'.
 */
import '@typetorch/backend-cpu';
import { gradcheck } from '@typetorch/autograd';
import { type ExpectedTensor, expectTensor } from '@typetorch/conformance';
import { manualSeed, ones, randn, type Tensor, tensor, zeros } from '@typetorch/tensor';
import { describe, expect, it } from 'vitest';
import fixture from './fixtures/nn_attention.json' with { type: 'json' };
import {
  LayerNorm,
  Linear,
  MultiheadAttention,
  Transformer,
  TransformerDecoder,
  TransformerDecoderLayer,
  TransformerEncoder,
  TransformerEncoderLayer,
} from './index.js';
import type { Module } from './module.js';
import { deepCopy } from './modules/clone.js';

type Encoded = ExpectedTensor & { data: (number | boolean)[] };
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

type AnyModule = Module & { forward(...args: unknown[]): unknown };

function build(module: string, args: Args): AnyModule {
  const { embedDim, numHeads, dModel, nhead, layer, numLayers, norm, ...options } = args as Args & {
    layer: Args & { dModel: number };
  };
  const make = (m: unknown) => m as AnyModule;
  switch (module) {
    case 'MultiheadAttention':
      return make(new MultiheadAttention(embedDim as number, numHeads as number, options));
    case 'TransformerEncoderLayer':
      return make(new TransformerEncoderLayer(dModel as number, nhead as number, options));
    case 'TransformerDecoderLayer':
      return make(new TransformerDecoderLayer(dModel as number, nhead as number, options));
    case 'TransformerEncoder':
    case 'TransformerDecoder': {
      const encoder = module === 'TransformerEncoder';
      const one = build(encoder ? 'TransformerEncoderLayer' : 'TransformerDecoderLayer', layer);
      const n = norm ? new LayerNorm(layer.dModel) : null;
      const Stack = encoder ? TransformerEncoder : TransformerDecoder;
      return make(new Stack(one, numLayers as number, { norm: n }));
    }
    default:
      return make(new Transformer(args));
  }
}

const make = (e: Encoded, device: string) =>
  tensor(e.data as number[], { device, dtype: e.dtype }).reshape(e.shape as number[]);

function kwargsOf(c: Case, device: string): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(c.kwargs)) {
    if (typeof v === 'boolean') out[k] = v;
    else if ('causal' in v) out[k] = Transformer.generateSquareSubsequentMask(v.causal, device);
    else out[k] = make(v, device);
  }
  return out;
}

const flat = (r: unknown): Tensor[] => (r === null ? [] : Array.isArray(r) ? r.flatMap(flat) : [r as Tensor]);

/** Replays one fixture case on `device`: forward, backward with the case's output gradients, compare. */
async function replay(c: Case, device: string): Promise<void> {
  const m = build(c.module, c.args).to(device);
  m.train(c.training);
  m.loadStateDict(Object.fromEntries(Object.entries(c.stateDict).map(([k, v]) => [k, make(v, device)])));
  const xs = c.inputs.map((e) => make(e, device).requiresGrad_());
  const outs = flat(m.forward(...c.call.map((i) => xs[i]), kwargsOf(c, device)));
  expect(outs).toHaveLength(c.expected.length);
  const tol = { rtol: 1e-4, atol: 2e-5 };
  for (const [i, o] of outs.entries()) await expectTensor(o, c.expected[i], tol, `${c.name} result ${i}`);
  outs
    .map((o, i) => o.mul(make(c.gradOutputs[i], device)).sum())
    .reduce((a, b) => a.add(b))
    .backward();
  const grads: Record<string, Tensor | null> = {};
  xs.forEach((x, i) => {
    grads[`input${i}`] = x.grad;
  });
  for (const [k, p] of m.namedParameters()) grads[k] = p.grad;
  expect(Object.keys(grads).sort()).toEqual(Object.keys(c.grads).sort());
  for (const [k, g] of Object.entries(grads))
    await expectTensor(g as Tensor, c.grads[k], tol, `${c.name} grad ${k}`);
}

const cases = fixture.cases as unknown as Case[];

describe('attention layers: PyTorch parity (nn_attention.json)', () => {
  it.each(cases.map((c) => [c.name, c] as const))('%s', async (_name, c) => {
    await replay(c, 'cpu');
  });

  it.each(fixture.reprs.map((r) => [r.repr.split('\n')[0], r] as const))('prints %s', (_repr, r) => {
    const m = build(r.module, r.args as Args);
    expect(m.toString()).toBe(r.repr);
    expect(Object.keys(m.stateDict())).toEqual(r.keys);
  });

  it('has state dicts named and ordered as PyTorch', () => {
    for (const c of cases) {
      const m = build(c.module, c.args);
      expect(Object.keys(m.stateDict())).toEqual(Object.keys(c.stateDict));
      expect(m.parameters().map((p) => p.shape)).toEqual(Object.values(c.stateDict).map((e) => e.shape));
    }
  });
});

describe('MultiheadAttention: gradcheck in float64', () => {
  const f64 = { dtype: 'float64' as const };
  /** gradcheck over the inputs and every parameter (set by dotted name for each evaluation). */
  const check = (m: Module, run: (...xs: Tensor[]) => Tensor[], shapes: number[][]) => {
    const named = m.namedParameters();
    const setAll = (values: Tensor[]) =>
      named.forEach(([name], i) => {
        const path = name.split('.');
        let owner = m as unknown as Record<string, unknown>;
        for (const part of path.slice(0, -1)) owner = owner[part] as Record<string, unknown>;
        owner[path[path.length - 1]] = values[i];
      });
    const inputs = [...shapes.map((s) => randn(s, f64).requiresGrad_()), ...named.map(([, p]) => p)];
    const fn = (...all: Tensor[]) => {
      setAll(all.slice(shapes.length));
      try {
        return run(...all.slice(0, shapes.length));
      } finally {
        setAll(named.map(([, p]) => p));
      }
    };
    expect(gradcheck(fn, inputs)).toBe(true);
  };

  it('self-attention with a float mask, and cross-attention with kdim/vdim, bias_kv, zero attn and padding', () => {
    manualSeed(3);
    const mask = randn([3, 3], f64);
    const self = new MultiheadAttention(4, 2, f64);
    check(self, (x) => flat(self.forward(x, x, x, { attnMask: mask })), [[3, 2, 4]]);
    const m = new MultiheadAttention(4, 2, { kdim: 3, vdim: 2, addBiasKv: true, addZeroAttn: true, ...f64 });
    const kpm = tensor([
      [false, true, false, false],
      [false, false, false, true],
    ]);
    check(m, (q, k, v) => flat(m.forward(q, k, v, { keyPaddingMask: kpm, averageAttnWeights: false })), [
      [3, 2, 4],
      [4, 2, 3],
      [4, 2, 2],
    ]);
  });
});

describe('MultiheadAttention: options, shapes and errors', () => {
  it('initialises as PyTorch: Xavier-uniform projections, zero biases', () => {
    manualSeed(0);
    const m = new MultiheadAttention(16, 4);
    const bound = Math.sqrt(6 / (16 + 48));
    const w = Array.from(m.in_proj_weight?.dataSync() ?? []);
    expect(Math.max(...w.map(Math.abs))).toBeLessThanOrEqual(bound);
    expect(Math.max(...w.map(Math.abs))).toBeGreaterThan(0.9 * bound);
    expect(Array.from(m.in_proj_bias?.dataSync() ?? [])).toEqual(new Array(48).fill(0));
    expect(Array.from(m.out_proj.bias?.dataSync() ?? [])).toEqual(new Array(16).fill(0));
    expect(m.out_proj).toBeInstanceOf(Linear);
  });

  it('takes positional forms and rejects unknown options', () => {
    const m = new MultiheadAttention(4, 2, 0.1, false, true, false, 3, 5, true);
    expect([m.dropout, m.in_proj_bias, m.bias_k?.shape, m.kdim, m.vdim, m.batchFirst]).toEqual([
      0.1,
      null,
      [1, 1, 4],
      3,
      5,
      true,
    ]);
    expect(() => new MultiheadAttention(4, 2, { batch_first: true } as never)).toThrow(
      "MultiheadAttention.__init__() got an unexpected keyword argument 'batch_first'",
    );
    const x = randn([3, 2, 4]);
    const [out, w] = new MultiheadAttention(4, 2).forward(x, x, x, null, false);
    expect([out.shape, w]).toEqual([[3, 2, 4], null]);
  });

  it("raises PyTorch's errors", () => {
    const m = new MultiheadAttention(4, 2);
    const x = zeros([3, 2, 4]);
    expect(() => new MultiheadAttention(5, 2)).toThrow('embed_dim must be divisible by num_heads');
    expect(() => m.forward(zeros([3, 2, 4, 1]), x, x)).toThrow(
      'query should be unbatched 2D or batched 3D tensor but received 4-D query tensor',
    );
    expect(() => m.forward(x, zeros([3, 4]), x)).toThrow(
      'For batched (3-D) `query`, expected `key` and `value` to be 3-D but found 2-D and 3-D tensors respectively',
    );
    expect(() => m.forward(x, x, x, { attnMask: zeros([2, 3]) })).toThrow(
      'The shape of the 2D attn_mask is torch.Size([2, 3]), but should be (3, 3).',
    );
    expect(() => m.forward(x, x, x, { attnMask: zeros([2, 3, 3]) })).toThrow(
      'The shape of the 3D attn_mask is torch.Size([2, 3, 3]), but should be (4, 3, 3).',
    );
    expect(() => m.forward(x, x, x, { keyPaddingMask: zeros([2, 4], { dtype: 'bool' }) })).toThrow(
      'expecting key_padding_mask shape of (2, 3), but got torch.Size([2, 4])',
    );
    expect(() => m.forward(x, x, x, { keyPaddingMask: zeros([2, 3], { dtype: 'int32' }) })).toThrow(
      'only bool and floating types of key_padding_mask are supported',
    );
    expect(() => m.forward(x, x, x, { attnMask: zeros([3, 3], { dtype: 'int32' }) })).toThrow(
      'Only float, byte, and bool types are supported for attn_mask, not torch.int32',
    );
    expect(() => m.forward(zeros([3, 2, 6]), zeros([3, 2, 6]), zeros([3, 2, 6]))).toThrow(
      'was expecting embedding dimension of 4, but got 6',
    );
    expect(() => m.forward(x, x, zeros([5, 2, 4]))).toThrow(
      'key shape torch.Size([3, 2, 4]) does not match value shape torch.Size([5, 2, 4])',
    );
  });
});

describe('Transformer layers: copies, options and errors', () => {
  it('deep-copies the layer into independent clones (PyTorch: _get_clones)', () => {
    const layer = new TransformerEncoderLayer(4, 2, { dimFeedforward: 8 });
    const enc = new TransformerEncoder(layer, 2);
    const [a, b] = [...enc.layers] as TransformerEncoderLayer[];
    expect(a).toBeInstanceOf(TransformerEncoderLayer);
    expect(a).not.toBe(layer);
    expect(a.self_attn.in_proj_weight).not.toBe(b.self_attn.in_proj_weight);
    expect(Array.from(a.linear1.weight.dataSync())).toEqual(Array.from(layer.linear1.weight.dataSync()));
    a.linear1.weight.detach().fill_(0);
    expect(Array.from(b.linear1.weight.dataSync())).toEqual(Array.from(layer.linear1.weight.dataSync()));
    expect(a.parameters().every((p) => p.requiresGrad)).toBe(true);
    const bn = deepCopy(new LayerNorm(3));
    expect(bn.toString()).toBe('LayerNorm((3,), eps=1e-05, elementwise_affine=True)');
  });

  it('generates the square subsequent mask', async () => {
    const m = Transformer.generateSquareSubsequentMask(3);
    expect(Array.from(await m.data())).toEqual([0, -Infinity, -Infinity, 0, 0, -Infinity, 0, 0, 0]);
  });

  it('accepts an activation function or module, and positional forms', () => {
    manualSeed(0);
    const x = randn([5, 2, 4]);
    const fn = new TransformerEncoderLayer(4, 2, 8, 0, (t: Tensor) => t.tanh());
    const layer = new TransformerEncoderLayer(4, 2, { dimFeedforward: 8, dropout: 0, activation: 'gelu' });
    expect(fn.forward(x).shape).toEqual([5, 2, 4]);
    expect(layer.forward(x, null, null).shape).toEqual([5, 2, 4]);
    expect(() => new TransformerEncoderLayer(4, 2, { activation: 'tanh' as never })).toThrow(
      'activation should be relu/gelu, not tanh',
    );
    const t = new Transformer(4, 2, 1, 1, 8, 0.0);
    expect(t.forward(randn([5, 2, 4]), randn([3, 2, 4])).shape).toEqual([3, 2, 4]);
    expect(() => t.forward(randn([5, 2, 4]), randn([3, 3, 4]))).toThrow(
      'the batch number of src and tgt must be equal',
    );
    expect(() => t.forward(randn([5, 2, 4]), randn([3, 2, 5]))).toThrow(
      'the feature number of src and tgt must be equal to d_model',
    );
    expect(() => new TransformerEncoder(layer, 1).forward(x, null, ones([2, 5], { dtype: 'int32' }))).toThrow(
      'only bool and floating types of key_padding_mask are supported',
    );
  });
});
