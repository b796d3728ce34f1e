/**
 * PyTorch parity of issue 17's smaller layers: replays packages/nn/src/fixtures/nn_breadth.json (written
 * by scripts/fixtures/nn_breadth.py from PyTorch 1.13) in float32: the activations (ReLU6 ... GLU,
 * PReLU), F.normalize / cosineSimilarity / pairwiseDistance, CosineSimilarity, PairwiseDistance and the
 * constant padding layers (outputs, input gradients, `print(module)`); float64 gradchecks; the in-place
 * forms and PyTorch's argument errors.
 */
import '@typetorch/backend-cpu';
import { gradcheck } from '@typetorch/autograd';
import { manualSeed, randn, type Tensor, tensor, zeros } from '@typetorch/tensor';
import { describe, expect, it } from 'vitest';
import fixture from './fixtures/nn_breadth.json' with { type: 'json' };
import * as nn from './index.js';
import { F } from './index.js';
import type { Module } from './module.js';
import {
  type Args,
  type Case,
  type Encoded,
  make,
  type Op,
  replayCases,
  replayReprs,
} from './testing/parity.js';

type AnyFn = (...args: unknown[]) => Tensor;
type AnyModule = Module & { forward(...inputs: Tensor[]): Tensor };

/** A fixture argument: encoded tensors decoded, other values as they are. */
const decodeArg = (v: unknown) =>
  v !== null && typeof v === 'object' && 'shape' in v ? make(v as Encoded) : v;

/**
 * `F.op(*inputs, *args.pos, options)` or `new nn.Class(*args.pos, options).forward(*inputs)`, as the
 * generator calls them (`options`: PyTorch's keyword arguments, when there are some).
 */
function runBreadthOp(op: string, inputs: Tensor[], args: Args): Tensor {
  const pos = (args.pos as unknown[]).map(decodeArg);
  const kw = Object.entries((args.kw ?? {}) as Args).map(([k, v]) => [k, decodeArg(v)]);
  if (kw.length > 0) pos.push(Object.fromEntries(kw));
  if (!op.startsWith('nn.')) return (F[op as keyof typeof F] as AnyFn)(...inputs, ...pos);
  // biome-ignore lint/performance/noDynamicNamespaceImportAccess: the fixture names the class
  const Class = nn[op.slice(3) as keyof typeof nn] as unknown as new (...a: unknown[]) => AnyModule;
  return new Class(...pos).forward(...inputs);
}

const cases = fixture.cases as unknown as Case[];
const ops: Record<string, Op> = Object.fromEntries(
  cases.map((c) => [
    c.op,
    (inputs: Record<string, Tensor>, args: Args) => runBreadthOp(c.op, Object.values(inputs), args),
  ]),
);
replayCases('activations, distances and constant padding: PyTorch 1.13 fixtures', cases, ops);

const reprModules: Record<string, () => Module> = {
  'ReLU6()': () => new nn.ReLU6(),
  'ReLU6(true)': () => new nn.ReLU6(true),
  'Hardtanh()': () => new nn.Hardtanh(),
  'Hardtanh(-2, 3, true)': () => new nn.Hardtanh(-2, 3, true),
  'Hardsigmoid(true)': () => new nn.Hardsigmoid(true),
  'Hardswish()': () => new nn.Hardswish(),
  'Hardshrink()': () => new nn.Hardshrink(),
  'Hardshrink(0.3)': () => new nn.Hardshrink(0.3),
  'Softshrink(1e-5)': () => new nn.Softshrink(1e-5),
  'Tanhshrink()': () => new nn.Tanhshrink(),
  'Softplus()': () => new nn.Softplus(),
  'Softplus(0.5, 10)': () => new nn.Softplus(0.5, 10),
  'Softsign()': () => new nn.Softsign(),
  'SELU()': () => new nn.SELU(),
  'SELU(true)': () => new nn.SELU({ inplace: true }),
  'CELU()': () => new nn.CELU(),
  'CELU(2.5, true)': () => new nn.CELU(2.5, true),
  'Mish()': () => new nn.Mish(),
  'Mish(true)': () => new nn.Mish(true),
  'LogSigmoid()': () => new nn.LogSigmoid(),
  'Softmin()': () => new nn.Softmin(),
  'Softmin(1)': () => new nn.Softmin(1),
  'Threshold(0.1, 20)': () => new nn.Threshold(0.1, 20),
  'Threshold(0.5, -1.5, true)': () => new nn.Threshold(0.5, -1.5, true),
  'PReLU()': () => new nn.PReLU(),
  'PReLU(3, 0.1)': () => new nn.PReLU(3, 0.1),
  'GLU()': () => new nn.GLU(),
  'GLU(1)': () => new nn.GLU(1),
  'CosineSimilarity()': () => new nn.CosineSimilarity(),
  'PairwiseDistance(1, 0.001, true)': () => new nn.PairwiseDistance(1, 0.001, true),
  'ZeroPad2d(2)': () => new nn.ZeroPad2d(2),
  'ZeroPad2d([1, 2, 3, 4])': () => new nn.ZeroPad2d([1, 2, 3, 4]),
  'ConstantPad1d(2, 3.5)': () => new nn.ConstantPad1d(2, 3.5),
  'ConstantPad2d([1, 0, 2, 0], 1)': () => new nn.ConstantPad2d([1, 0, 2, 0], 1),
  'ConstantPad3d(1, -2)': () => new nn.ConstantPad3d(1, -2),
  'ParameterList()': () => new nn.ParameterList(),
  'ParameterList([2x3, 4 float64])': () =>
    new nn.ParameterList([zeros([2, 3]), zeros([4], { dtype: 'float64' })]),
  'ParameterDict({b, a})': () => new nn.ParameterDict({ b: zeros([2]), a: zeros([1, 2]) }),
  'ParameterDict(Map{b, a} float64)': () =>
    new nn.ParameterDict(
      new Map([
        ['b', zeros([2], { dtype: 'float64' })],
        ['a', zeros([3])],
      ]),
    ),
  'Sequential(ParameterList([2]))': () => new nn.Sequential(new nn.ParameterList([zeros([2])])),
  'Dropout1d()': () => new nn.Dropout1d(),
  'Dropout3d(0.2, true)': () => new nn.Dropout3d(0.2, true),
  'AlphaDropout()': () => new nn.AlphaDropout(),
  'FeatureAlphaDropout(0.1)': () => new nn.FeatureAlphaDropout({ p: 0.1 }),
  'SoftMarginLoss()': () => new nn.SoftMarginLoss(),
  'HingeEmbeddingLoss(2)': () => new nn.HingeEmbeddingLoss(2),
  'MultiLabelSoftMarginLoss()': () => new nn.MultiLabelSoftMarginLoss(),
  'MultiMarginLoss(2)': () => new nn.MultiMarginLoss(2),
  'PoissonNLLLoss()': () => new nn.PoissonNLLLoss(),
  'GaussianNLLLoss()': () => new nn.GaussianNLLLoss(),
  'InstanceNorm1d(3)': () => new nn.InstanceNorm1d(3),
  'InstanceNorm3d(4, affine)': () => new nn.InstanceNorm3d(4, { affine: true }),
  'AdaptiveAvgPool1d(5)': () => new nn.AdaptiveAvgPool1d(5),
  'Bilinear(2, 3, 4)': () => new nn.Bilinear(2, 3, 4),
  'Bilinear(2, 3, 4, false)': () => new nn.Bilinear(2, 3, 4, false),
  'Sequential(Linear, PReLU, Hardswish)': () =>
    new nn.Sequential(new nn.Linear(4, 3), new nn.PReLU(3), new nn.Hardswish()),
};
replayReprs('print(module) as PyTorch', fixture.reprs, reprModules);

describe('PReLU state dict and in-place forms', () => {
  it("PReLU's parameter is PyTorch's 'weight', filled with init", () => {
    const m = new nn.PReLU(3, 0.1);
    expect(Object.keys(m.stateDict())).toEqual(fixture.preluState.keys);
    expect(Array.from(m.weight.dataSync())).toEqual(
      fixture.preluState.weight.data.map((v) => Math.fround(v)),
    );
    expect(m.loadStateDict({ weight: tensor([0.5, -1, 2]) })).toEqual({
      missingKeys: [],
      unexpectedKeys: [],
    });
    expect(m.forward(tensor([[-2, -2, -2]])).toArraySync()).toEqual([[-1, 2, -4]]);
  });

  it("ParameterList / ParameterDict: PyTorch's state-dict names, parameters found, loadable, movable", () => {
    class Holder extends nn.Module {
      lin = new nn.Linear(2, 2);
      plist = new nn.ParameterList([zeros([2]), zeros([3])]);
      pdict = new nn.ParameterDict({ w: zeros([2]), b: zeros([1]) });
      forward(x: Tensor): Tensor {
        return x;
      }
    }
    const h = new Holder();
    expect(Object.keys(h.stateDict())).toEqual(fixture.preluState.containerKeys);
    expect(h.parameters()).toHaveLength(6);
    expect(h.plist.at(-1)).toBeInstanceOf(nn.Parameter);
    expect(h.plist.at(1).requiresGrad).toBe(true);
    h.loadStateDict({ ...h.stateDict(), 'plist.1': tensor([1, 2, 3]), 'pdict.b': tensor([7]) });
    expect(h.plist.at(1).toArraySync()).toEqual([1, 2, 3]);
    expect(h.pdict.get('b')!.toArraySync()).toEqual([7]);
    h.to('float64');
    expect(h.pdict.get('w')!.dtype).toBe('float64');
    expect(h.pdict.keys()).toEqual(['b', 'w']);
    expect(h.pdict.pop('w').shape).toEqual([2]);
    expect(h.pdict.length).toBe(1);
    expect(() => h.plist.at(2)).toThrow('index 2 is out of range');
    expect(() => (h.plist.forward as () => void)()).toThrow(/not callable/);
  });

  it("InstanceNorm1d and Bilinear: PyTorch's state-dict names; Bilinear's init bound", () => {
    const norm = new nn.InstanceNorm1d(3, { affine: true, trackRunningStats: true });
    expect(Object.keys(norm.stateDict())).toEqual(fixture.preluState.instanceNormKeys);
    const b = new nn.Bilinear(2, 3, 4);
    expect(Object.keys(b.stateDict())).toEqual(fixture.preluState.bilinearKeys);
    expect(b.weight.shape).toEqual([4, 2, 3]);
    expect((b.weight.abs().max().itemSync() as number) <= 1 / Math.sqrt(2)).toBe(true);
    expect(b.forward(randn([5, 2]), randn([5, 3])).shape).toEqual([5, 4]);
    expect(() => new nn.InstanceNorm1d(3).forward(randn([4]))).toThrow(
      'expected 2D or 3D input (got 1D input)',
    );
  });

  it('in-place forms overwrite the input with the out-of-place result', () => {
    const x = randn([3, 5]).mul(4);
    const pairs: [string, (t: Tensor) => Tensor, (t: Tensor) => Tensor][] = [
      ['hardtanh_', (t) => F.hardtanh_(t, -0.5, 2), (t) => F.hardtanh(t, -0.5, 2)],
      ['relu6 inplace', (t) => F.relu6(t, true), (t) => F.relu6(t)],
      ['threshold_', (t) => F.threshold_(t, 0.2, -3), (t) => F.threshold(t, 0.2, -3)],
      ['selu_', (t) => F.selu_(t), (t) => F.selu(t)],
      ['celu_', (t) => F.celu_(t, 0.5), (t) => F.celu(t, 0.5)],
      ['relu_', (t) => F.relu_(t), (t) => F.relu(t)],
      ['elu_', (t) => F.elu_(t, 2), (t) => F.elu(t, 2)],
      ['leakyRelu_', (t) => F.leakyRelu_(t, 0.2), (t) => F.leakyRelu(t, 0.2)],
      ['mish inplace', (t) => F.mish(t, { inplace: true }), (t) => F.mish(t)],
      ['Hardswish(true)', (t) => new nn.Hardswish(true).forward(t), (t) => F.hardswish(t)],
    ];
    for (const [name, inplace, reference] of pairs) {
      const y = x.clone();
      expect(inplace(y), name).toBe(y);
      expect(y.toArraySync(), name).toEqual(reference(x).toArraySync());
    }
  });
});

describe('Dropout1d, Dropout3d, AlphaDropout, FeatureAlphaDropout', () => {
  const ALPHA = 1.7580993408473766;
  const alphaValues = (p: number) => {
    const a = 1 / Math.sqrt((ALPHA * ALPHA * p + 1) * (1 - p));
    return { a, kept: ALPHA * a * p, dropped: -ALPHA * a * (1 - p) };
  };

  it("alpha dropout's kept and dropped values are PyTorch's", () => {
    const { p, x: xe, out: oe } = fixture.alphaDropout;
    const { a, kept, dropped } = alphaValues(p);
    const close = (u: number, v: number) => Math.abs(u - v) <= 1e-5 + 1e-5 * Math.abs(v);
    // PyTorch's output: each element is one of the two values our constants give.
    oe.data.forEach((v, i) => {
      expect(close(v, a * xe.data[i] + kept) || close(v, dropped), `PyTorch [${i}]`).toBe(true);
    });
    manualSeed(3);
    const x = tensor(xe.data);
    const out = F.alphaDropout(x, p, true).toArraySync() as number[];
    const drops = out.filter((v, i) => !close(v, a * xe.data[i] + kept));
    for (const v of drops) expect(v).toBeCloseTo(dropped, 5);
    expect(drops.length / out.length).toBeGreaterThan(0.1);
    expect(drops.length / out.length).toBeLessThan(0.3);
    // training defaults to false for F.alphaDropout, as in PyTorch; modules follow train()/eval().
    expect(F.alphaDropout(x)).toBe(x);
    expect(new nn.AlphaDropout(0.2).eval().forward(x)).toBe(x);
    expect(F.alphaDropout(x, 1, true).toArraySync()).toEqual(x.mul(0).toArraySync());
  });

  it('channel-wise forms drop whole channels (batched and unbatched)', () => {
    manualSeed(5);
    const check = (out: Tensor, channels: number, scale: number) => {
      const rows = out.reshape([channels, -1]).toArraySync() as number[][];
      for (const row of rows) expect(new Set(row).size === 1 && [0, scale].includes(row[0])).toBe(true);
    };
    check(new nn.Dropout1d(0.5).forward(zeros([4, 3, 5]).add(1)), 12, 2);
    check(F.dropout1d(zeros([6, 5]).add(1), 0.5), 6, 2);
    check(new nn.Dropout3d(0.75).forward(zeros([2, 3, 2, 2, 2]).add(1)), 6, 4);
    check(F.dropout3d(zeros([5, 2, 2, 2]).add(1), 0.75), 5, 4);
    const { a, kept, dropped } = alphaValues(0.5);
    const fa = new nn.FeatureAlphaDropout(0.5).forward(zeros([4, 3, 5]));
    for (const row of fa.reshape([12, 5]).toArraySync() as number[][]) {
      expect(new Set(row).size).toBe(1);
      expect(Math.abs(row[0] - kept) < 1e-6 || Math.abs(row[0] - dropped) < 1e-6).toBe(true);
    }
    expect(a).toBeGreaterThan(0);
    const x = randn([2, 3, 4]);
    expect(new nn.Dropout1d().eval().forward(x)).toBe(x);
    expect(() => F.dropout1d(randn([2, 3, 4, 5]))).toThrow(
      'dropout1d: Expected 2D or 3D input, but received a 4D input.',
    );
    expect(() => new nn.Dropout3d(1.5)).toThrow('dropout probability has to be between 0 and 1, but got 1.5');
    expect(() => F.featureAlphaDropout(randn([3]), 0.5, true)).toThrow(
      'Feature dropout requires at least 2 dimensions in the input',
    );
  });
});

describe('float64 gradchecks', () => {
  const x = () => randn([3, 4], { dtype: 'float64' }).mul(2).requiresGrad_();
  const fns: [string, (...t: Tensor[]) => Tensor, number][] = [
    ['softplus', (t) => F.softplus(t, 2, 3), 1],
    ['mish', (t) => F.mish(t), 1],
    ['selu', (t) => F.selu(t), 1],
    ['celu', (t) => F.celu(t, 0.7), 1],
    ['logsigmoid', (t) => F.logsigmoid(t), 1],
    ['softmin', (t) => F.softmin(t, 1), 1],
    ['glu', (t) => F.glu(t, 1), 1],
    ['hardswish', (t) => F.hardswish(t), 1],
    ['prelu', (t, w) => F.prelu(t, w), 2],
    ['normalize', (t) => F.normalize(t, 3, 0), 1],
    ['cosineSimilarity', (a, b) => F.cosineSimilarity(a, b), 2],
    ['pairwiseDistance', (a, b) => F.pairwiseDistance(a, b, 1.5), 2],
    ['gaussianNllLoss', (a, b, v) => F.gaussianNllLoss(a, b, v.abs().add(0.1), { full: true }), 3],
    ['multiMarginLoss', (a) => F.multiMarginLoss(a, tensor([0, 1, 3], { dtype: 'int64' }), { p: 2 }), 1],
    ['poissonNllLoss', (a) => F.poissonNllLoss(a, tensor([0, 1, 2, 5], { dtype: 'float64' })), 1],
    ['bilinear', (a, b, w) => F.bilinear(a.narrow(1, 0, 2), b.narrow(1, 0, 3), w.reshape([2, 2, 3])), 3],
    ['adaptiveAvgPool1d', (a) => F.adaptiveAvgPool1d(a.reshape([1, 3, 4]), 3), 1],
    ['softMarginLoss', (a) => F.softMarginLoss(a, tensor([1, -1, -1, 1], { dtype: 'float64' })), 1],
  ];
  it.each(fns)('%s', (name, fn, arity) => {
    const inputs =
      name === 'prelu'
        ? [x(), tensor([0.1, -0.2, 0.3, 0.4], { dtype: 'float64' }).requiresGrad_()]
        : Array.from({ length: arity }, x);
    // prelu's per-channel weight is dim 1 of a [3, 4] input: reshape the input to [3, 4, 1].
    const run = name === 'prelu' ? (a: Tensor, w: Tensor) => fn(a.reshape([3, 4, 1]), w) : fn;
    expect(gradcheck(run, inputs)).toBe(true);
  });
});

describe("PyTorch's argument errors", () => {
  it('rejects what PyTorch rejects', () => {
    expect(() => F.glu(randn([2, 5]))).toThrow('Halving dimension must be even, but dimension 1 is size 5');
    expect(() => F.prelu(randn([2, 3]), tensor([0.1, 0.2]))).toThrow(
      'Mismatch of parameter numbers and input channel size. Found parameter numbers = 2 and channel size = 3.',
    );
    expect(() => F.softshrink(randn([2]), -1)).toThrow(
      'lambda must be greater or equal to 0, but found to be -1.',
    );
    expect(() => (F.hardtanh as AnyFn)(randn([2]), -1, 1, false, 5)).toThrow(
      'hardtanh() takes from 1 to 4 positional arguments but 5 were given',
    );
    expect(() => F.softplus(randn([2]), { betta: 2 } as never)).toThrow(
      /unexpected keyword argument 'betta'/,
    );
    expect(() => new nn.Hardtanh(1, -1)).toThrow('max_val must be > min_val');
    expect(() => new nn.ZeroPad2d([1, 2, 3] as never)).toThrow(/tuple of 4 ints/);
  });
});
