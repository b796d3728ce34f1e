/** Behaviour, PyTorch's error messages and memory discipline of the functional ops. */
import '@typetorch/backend-cpu';
import { noGrad } from '@typetorch/autograd';
import { Generator, memory, ones, scope, type Tensor, tensor, zeros } from '@typetorch/tensor';
import { describe, expect, it } from 'vitest';
import * as F from './index.js';

const values = (t: Tensor) => Array.from(t.dataSync());
const ints = (data: number[]) => tensor(data, { dtype: 'int32' });
const logits = () =>
  tensor(
    [
      [1, 2, 3, 0.5],
      [0, -1, 2, 1],
      [3, 3, 0, 1],
    ],
    { dtype: 'float32' },
  );

describe('activations', () => {
  it('compute the PyTorch formulas', () => {
    const x = tensor([-2, -0.5, 0, 1.5]);
    expect(values(F.relu(x))).toEqual([0, 0, 0, 1.5]);
    expect(values(F.leakyRelu(x, 0.1))).toEqual([-0.2, -0.05, 0, 1.5].map(Math.fround));
    expect(values(F.elu(x))[0]).toBeCloseTo(Math.expm1(-2), 6);
    expect(values(F.gelu(tensor([1])))[0]).toBeCloseTo(0.8413447460685429, 6);
    expect(values(F.gelu(tensor([1]), { approximate: 'tanh' }))[0]).toBeCloseTo(0.8411919906082768, 6);
    expect(values(F.silu(tensor([1])))[0]).toBeCloseTo(1 / (1 + Math.exp(-1)), 6);
    expect(values(F.softmax(tensor([[0, 0]]), 1))).toEqual([0.5, 0.5]);
    expect(F.softmax(tensor([1, 2]), 0, { dtype: 'float64' }).dtype).toBe('float64');
  });

  it('elu does not turn the unused branch of a large input into NaN gradients', () => {
    const x = tensor([100, -1], { dtype: 'float32' }).requiresGrad_();
    F.elu(x).sum().backward();
    expect(values(x.grad!)).toEqual([1, Math.fround(Math.exp(-1))]);
  });

  it('write into the input with inplace', () => {
    const x = tensor([-1, 2], { dtype: 'float32' });
    expect(F.relu(x, { inplace: true })).toBe(x);
    expect(values(x)).toEqual([0, 2]);
    const y = tensor([-1, 2], { dtype: 'float32' });
    expect(F.leakyRelu(y, 0.5, { inplace: true })).toBe(y);
    expect(values(y)).toEqual([-0.5, 2]);
  });

  it('reject an unknown GELU approximation', () => {
    expect(() => F.gelu(ones([2]), { approximate: 'erf' as 'none' })).toThrow(
      'approximate argument must be either none or tanh.',
    );
  });
});

describe('dropout', () => {
  it('zeroes about p of the elements and scales the others by 1 / (1 - p)', () => {
    const x = ones([100, 100]);
    const y = values(F.dropout(x, { p: 0.3, generator: new Generator(0) }));
    const kept = y.filter((v) => v !== 0);
    expect(kept.length / y.length).toBeGreaterThan(0.68);
    expect(kept.length / y.length).toBeLessThan(0.72);
    expect(new Set(kept)).toEqual(new Set([Math.fround(1 / 0.7)]));
  });

  it("draws its mask from the generator's stream", () => {
    const x = ones([20]);
    const a = values(F.dropout(x, { generator: new Generator(3) }));
    expect(values(F.dropout(x, { generator: new Generator(3) }))).toEqual(a);
    expect(values(F.dropout(x, { generator: new Generator(4) }))).not.toEqual(a);
  });

  it('returns the input itself out of training and for p = 0; zeros for p = 1', () => {
    const x = ones([3]);
    expect(F.dropout(x, { training: false })).toBe(x);
    expect(F.dropout(x, { p: 0 })).toBe(x);
    expect(values(F.dropout(x, { p: 1 }))).toEqual([0, 0, 0]);
    const y = ones([4]);
    expect(F.dropout(y, { p: 0.5, inplace: true, generator: new Generator(1) })).toBe(y);
    expect(values(y).every((v) => v === 0 || v === 2)).toBe(true);
  });

  it("validates p with PyTorch's message", () => {
    expect(() => F.dropout(ones([2]), { p: 1.5 })).toThrow(
      'dropout probability has to be between 0 and 1, but got 1.5',
    );
    expect(() => F.dropout(ones([2]), { p: -0.1 })).toThrow('but got -0.1');
  });
});

describe('cross entropy and nll', () => {
  it('is stable for huge logits (through logSoftmax)', () => {
    const loss = F.crossEntropy(
      tensor([
        [1000, 0],
        [0, -1000],
      ]),
      ints([0, 1]),
    );
    expect(loss.itemSync()).toBeCloseTo(500, 3);
  });

  it('takes the weighted mean over non-ignored targets, NaN when all are ignored', () => {
    const w = tensor([1, 2, 3, 4], { dtype: 'float32' });
    const none = values(F.crossEntropy(logits(), ints([3, -100, 1]), { weight: w, reduction: 'none' }));
    expect(none[1]).toBe(0);
    const mean = F.crossEntropy(logits(), ints([3, -100, 1]), { weight: w }).itemSync() as number;
    expect(mean).toBeCloseTo((none[0] + none[2]) / (4 + 2), 6);
    expect(F.crossEntropy(logits(), ints([-100, -100, -100])).itemSync()).toBeNaN();
  });

  it('takes the fused op for [N, C] and [C] class-index targets, the composition otherwise', () => {
    const x = logits().requiresGrad_();
    expect(F.crossEntropy(x, ints([3, 0, 1]), { reduction: 'none' }).gradFn?.name).toBe(
      'CrossEntropyLossBackward0',
    );
    const unbatched = F.crossEntropy(x.select(0, 1), tensor(2, { dtype: 'int32' }), { reduction: 'none' });
    expect(unbatched.shape).toEqual([]);
    expect(unbatched.gradFn?.name).toBe('ReshapeAliasBackward0'); // of the fused op's [1] loss
    // A class weight that requires grad keeps the composed path, which differentiates it.
    const w = tensor([1, 2, 3, 4], { dtype: 'float32' }).requiresGrad_();
    F.crossEntropy(x, ints([3, 0, 1]), { weight: w, labelSmoothing: 0.1 }).backward();
    expect(w.grad).not.toBeNull();
    expect(x.grad).not.toBeNull();
  });

  it("checks targets with PyTorch's messages", () => {
    expect(() => F.crossEntropy(logits(), ints([0, 1]))).toThrow(
      'Expected input batch_size (3) to match target batch_size (2).',
    );
    expect(() => F.crossEntropy(logits(), ints([0, 5, 1]))).toThrow('Target 5 is out of bounds.');
    expect(() => F.nllLoss(logits(), ints([0, -1, 1]))).toThrow('Target -1 is out of bounds.');
    expect(() => F.crossEntropy(logits(), ints([0, 1, 2]), { weight: ones([3]) })).toThrow(
      'weight tensor should be defined either for all 4 classes or no classes but got weight tensor of shape: [3]',
    );
    expect(() => F.crossEntropy(zeros([2, 4, 3]), ints([0, 1, 2, 3, 0, 1]).reshape([2, 3, 1]))).toThrow(
      'Expected target size [2, 3], got [2, 3, 1]',
    );
    expect(() => F.nllLoss(logits(), ints([0, 1, 2]).reshape([3, 1]))).toThrow(
      '0D or 1D target tensor expected, multi-target not supported',
    );
    const floats = tensor([0, 1, 2], { dtype: 'float32' });
    expect(() => F.nllLoss(logits(), floats)).toThrow('expected scalar type Long but found float32');
    expect(() => F.crossEntropy(logits(), floats)).toThrow('class indices must be int64 or int32');
    expect(() => F.crossEntropy(logits(), ints([0, 1, 2]), { labelSmoothing: 1.5 })).toThrow(
      'label_smoothing must be between 0.0 and 1.0. Got: 1.5',
    );
    expect(() => F.crossEntropy(logits(), ints([0, 1, 2]), { reduction: 'avg' as 'mean' })).toThrow(
      'avg is not a valid value for reduction',
    );
  });

  it('checks probability targets', () => {
    const int = zeros([3, 4], { dtype: 'int32' });
    expect(() => F.crossEntropy(logits(), int)).toThrow(
      'Expected floating point type for target with class probabilities, got int32',
    );
    expect(() => F.crossEntropy(logits(), zeros([3, 4]), { ignoreIndex: 0 })).toThrow(
      'ignore_index is not supported for floating point target',
    );
    expect(() => F.crossEntropy(logits(), zeros([3, 4]), { weight: ones([2]) })).toThrow(
      'cross_entropy: weight tensor should be defined either for all 4 classes',
    );
  });
});

describe('binary cross entropy', () => {
  it('clamps the log at -100 and keeps gradients finite at 0 and 1', () => {
    const x = tensor([0, 1, 1e-40]).requiresGrad_();
    const loss = F.binaryCrossEntropy(x, tensor([1, 0, 1]), { reduction: 'none' });
    const [a, b, c] = values(loss);
    expect([a, b]).toEqual([100, 100]);
    expect(c).toBeCloseTo(-Math.log(1e-40), 3);
    loss.sum().backward();
    expect(values(x.grad!).every(Number.isFinite)).toBe(true);
  });

  it("checks sizes and ranges with PyTorch's messages", () => {
    expect(() => F.binaryCrossEntropy(zeros([2, 3]), zeros([3]))).toThrow(
      'Using a target size (torch.Size([3])) that is different to the input size (torch.Size([2, 3])) is deprecated. Please ensure they have the same size.',
    );
    expect(() => F.binaryCrossEntropy(tensor([0.5, 1.5]), zeros([2]))).toThrow(
      'all elements of input should be between 0 and 1',
    );
    expect(() => F.binaryCrossEntropyWithLogits(zeros([2, 1]), zeros([2]))).toThrow(
      'Target size (torch.Size([2])) must be the same as input size (torch.Size([2, 1]))',
    );
  });

  it('with logits is finite for extreme logits', () => {
    const loss = F.binaryCrossEntropyWithLogits(tensor([-200, 200]), tensor([1, 0]), { reduction: 'none' });
    expect(values(loss)).toEqual([200, 200]);
  });
});

describe('regression losses', () => {
  it('check beta and delta', () => {
    expect(() => F.smoothL1Loss(ones([2]), zeros([2]), { beta: -1 })).toThrow(
      'smooth_l1_loss does not support negative values for beta.',
    );
    expect(() => F.huberLoss(ones([2]), zeros([2]), { delta: 0 })).toThrow(
      'huber_loss does not support non-positive values for delta.',
    );
  });

  it('Huber is delta times smooth L1 with beta = delta', () => {
    const x = tensor([0.1, -2, 3.5]);
    const y = zeros([3]);
    const huber = F.huberLoss(x, y, { delta: 2, reduction: 'none' });
    const smooth = F.smoothL1Loss(x, y, { beta: 2, reduction: 'none' }).mul(2);
    expect(values(huber)).toEqual(values(smooth));
  });
});

describe('normalization', () => {
  it("checks shapes with PyTorch's messages", () => {
    expect(() => F.batchNorm(zeros([1, 3]), null, null, { training: true })).toThrow(
      'Expected more than 1 value per channel when training, got input size torch.Size([1, 3])',
    );
    expect(() => F.batchNorm(zeros([2, 3]), zeros([4]), ones([3]))).toThrow(
      'running_mean should contain 3 elements not 4',
    );
    expect(() => F.batchNorm(zeros([2, 3]), null, null)).toThrow(
      'running_mean and running_var must be defined in evaluation mode',
    );
    expect(() => F.layerNorm(zeros([2, 5]), [10])).toThrow(
      'Given normalized_shape=[10], expected input with shape [*, 10], but got input of size[2, 5]',
    );
    expect(() => F.layerNorm(zeros([2, 5]), 5, { weight: ones([4]) })).toThrow(
      'Expected weight to be of same shape as normalized_shape, but got weight of shape [4] and normalized_shape = [5]',
    );
  });

  it('batchNorm moves the running statistics to the batch mean and unbiased variance', () => {
    const rm = zeros([1]);
    const rv = ones([1]);
    F.batchNorm(tensor([[1], [3]], { dtype: 'float32' }), rm, rv, { training: true, momentum: 0.5 });
    expect(values(rm)).toEqual([1]); // 0.5 * 0 + 0.5 * 2
    expect(values(rv)).toEqual([1.5]); // 0.5 * 1 + 0.5 * 2 (unbiased variance of [1, 3])
  });
});

describe('embedding', () => {
  it('looks up rows; the padding row gets no gradient but keeps its value', () => {
    const w = tensor(
      [
        [1, 2],
        [3, 4],
        [5, 6],
      ],
      { dtype: 'float32' },
    ).requiresGrad_();
    const out = F.embedding(ints([2, 0, 2, 1]).reshape([2, 2]), w, { paddingIdx: 2 });
    expect(out.shape).toEqual([2, 2, 2]);
    expect(values(out)).toEqual([5, 6, 1, 2, 5, 6, 3, 4]);
    out.sum().backward();
    expect(values(w.grad!)).toEqual([1, 1, 1, 1, 0, 0]);
  });

  it("checks indices with PyTorch's messages", () => {
    const w = zeros([3, 2]);
    expect(() => F.embedding(ints([3]), w)).toThrow('index out of range in self');
    expect(() => F.embedding(ints([0]), w, { paddingIdx: 3 })).toThrow(
      'Padding_idx must be within num_embeddings',
    );
    expect(() => F.embedding(tensor([0], { dtype: 'float32' }), w)).toThrow("argument #1 'indices'");
  });

  it('oneHot is the tensore package one', () => {
    expect(values(F.oneHot(ints([0, 2]), 3))).toEqual([1, 0, 0, 0, 0, 1]);
  });
});

describe('pad', () => {
  it('pads and crops the last dims with a constant', () => {
    const x = tensor([
      [1, 2],
      [3, 4],
    ]);
    expect(F.pad(x, [1, 0], { value: 9 }).toArraySync()).toEqual([
      [9, 1, 2],
      [9, 3, 4],
    ]);
    expect(F.pad(x, [0, 0, 1, 1]).toArraySync()).toEqual([
      [0, 0],
      [1, 2],
      [3, 4],
      [0, 0],
    ]);
    expect(F.pad(x, [-1, 1]).toArraySync()).toEqual([
      [2, 0],
      [4, 0],
    ]);
    const cropped = F.pad(x, [0, -1]);
    expect(cropped.toArraySync()).toEqual([[1], [3]]);
    expect(cropped.storage).not.toBe(x.storage);
  });

  it("checks the pad list with PyTorch's messages", () => {
    const x = zeros([2, 3]);
    expect(() => F.pad(x, [1])).toThrow('Length of pad must be even but instead it equals 1');
    expect(() => F.pad(x, [1, 1, 1, 1, 1, 1])).toThrow(
      'Length of pad should be no more than twice the number of dimensions of the input. Pad length is 6 while the input has 2 dimensions.',
    );
    expect(() => F.pad(x, [-2, -2])).toThrow(
      'The input size 3, plus negative padding -2 and -2 resulted in a negative output size, which is invalid. Check dimension 1 of your input.',
    );
    expect(() => F.pad(x, [1, 1], { mode: 'reflect' })).toThrow("mode 'reflect' is not implemented");
  });
});

describe('memory', () => {
  const x = () =>
    tensor([
      [0.2, -1, 3, 0.5],
      [1, 2, -0.5, 0],
    ]);
  // Arguments are made before counting, so that exactly the op's own tensors are measured.
  const args = () => ({
    w: ones([3, 4]),
    b: ones([3]),
    c4: ones([4]),
    z4: zeros([4]),
    o24: ones([2, 4]),
    p24: tensor([
      [0.1, 0.2, 0.3, 0.4],
      [0.5, 0.5, 0.5, 0.5],
    ]),
    idx: ints([1, 3]),
    ignored: ints([1, -100]),
    table: ones([2, 3]),
    rows: ints([0, 1]),
  });
  type Args = ReturnType<typeof args>;
  const ops: [string, (t: Tensor, a: Args) => Tensor][] = [
    ['gelu', (t) => F.gelu(t)],
    ['elu', (t) => F.elu(t)],
    ['silu', (t) => F.silu(t)],
    ['leakyRelu', (t) => F.leakyRelu(t)],
    ['linear', (t, a) => F.linear(t, a.w, a.b)],
    ['dropout', (t) => F.dropout(t, { p: 0.5 })],
    ['layerNorm', (t, a) => F.layerNorm(t, [4], { weight: a.c4, bias: a.z4 })],
    ['batchNorm', (t, a) => F.batchNorm(t, a.z4, a.c4, { training: true, weight: a.c4 })],
    ['crossEntropy', (t, a) => F.crossEntropy(t, a.idx, { labelSmoothing: 0.1, weight: a.c4 })],
    ['crossEntropy probabilities', (t, a) => F.crossEntropy(t, a.p24, { weight: a.c4 })],
    ['nllLoss', (t, a) => F.nllLoss(t, a.ignored)],
    ['mseLoss', (t, a) => F.mseLoss(t, a.z4)],
    ['huberLoss', (t, a) => F.huberLoss(t, a.z4)],
    ['smoothL1Loss', (t, a) => F.smoothL1Loss(t, a.z4, { reduction: 'none' })],
    ['binaryCrossEntropy', (_t, a) => F.binaryCrossEntropy(a.p24, a.o24, { weight: a.c4 })],
    ['binaryCrossEntropyWithLogits', (t, a) => F.binaryCrossEntropyWithLogits(t, a.o24, { posWeight: a.c4 })],
    ['pad', (t) => F.pad(t, [1, 1, 1, 0])],
    ['embedding', (_t, a) => F.embedding(a.rows, a.table, { paddingIdx: 0 })],
  ];
  for (const [name, op] of ops) {
    it(`${name} leaves nothing but its result behind`, () => {
      const input = x();
      const a = args();
      const before = memory('cpu').numTensors;
      const out = noGrad(() => op(input, a));
      expect(memory('cpu').numTensors - before).toBe(1);
      out.dispose();
    });
  }

  it('a training step of Linear + cross entropy keeps memory flat', () => {
    const w = tensor([
      [0.1, 0.2, -0.1, 0],
      [0.3, -0.2, 0.1, 0.2],
      [0, 0.1, 0.2, -0.3],
    ]).requiresGrad_();
    const input = x();
    const target = ints([2, 0]);
    // The scope disposes the forward's intermediate results, as a training loop would.
    const step = () =>
      scope(() => {
        F.crossEntropy(F.gelu(F.linear(input, w)), target, { labelSmoothing: 0.1 }).backward();
        w.grad!.dispose();
        w.grad = null;
      });
    step();
    const before = memory('cpu').numTensors;
    for (let i = 0; i < 5; i++) step();
    expect(memory('cpu').numTensors).toBe(before);
  });
});
