import '@typetorch/backend-cpu';
import { noGrad } from '@typetorch/autograd';
import { manualSeed, matmul, ones, randn, type Tensor, tensor, zeros } from '@typetorch/tensor';
import { describe, expect, it } from 'vitest';
import {
  BatchNorm1d,
  BatchNorm2d,
  Dropout,
  ELU,
  Embedding,
  F,
  Flatten,
  GELU,
  Identity,
  LayerNorm,
  LeakyReLU,
  Linear,
  LogSoftmax,
  Module,
  ReLU,
  Sequential,
  SiLU,
  Softmax,
  Unflatten,
} from '../index.js';

const values = (t: Tensor) => Array.from(t.dataSync());
const close = (a: Tensor, b: Tensor, tol = 1e-6) => {
  const [x, y] = [values(a), values(b)];
  expect(a.shape).toEqual(b.shape);
  x.forEach((v, i) => {
    expect(Math.abs(v - y[i])).toBeLessThanOrEqual(tol * (1 + Math.abs(y[i])));
  });
};

describe('Linear', () => {
  it("computes matmul(weight, x) + bias (the issue's Linear(10, 1))", () => {
    const layer = new Linear(10, 1);
    const x = randn([10]);
    close(layer.forward(x), matmul(layer.weight, x).add(layer.bias!));
    const batch = randn([4, 10]);
    close(layer.forward(batch), batch.matmul(layer.weight.t()).add(layer.bias!));
  });

  it('stores weight as [out, in] and initialises both parameters in +-1/sqrt(in_features)', () => {
    manualSeed(0);
    const layer = new Linear(400, 300);
    expect(layer.weight.shape).toEqual([300, 400]);
    expect(layer.bias!.shape).toEqual([300]);
    const bound = 1 / Math.sqrt(400);
    const w = values(layer.weight);
    const b = values(layer.bias!);
    expect(Math.max(...w.map(Math.abs))).toBeLessThanOrEqual(bound);
    expect(Math.max(...w.map(Math.abs))).toBeGreaterThan(0.99 * bound);
    expect(Math.max(...b.map(Math.abs))).toBeLessThanOrEqual(bound);
    // U(-bound, bound) has standard deviation bound / sqrt(3).
    const std = Math.sqrt(w.reduce((a, v) => a + v * v, 0) / w.length);
    expect(std).toBeCloseTo(bound / Math.sqrt(3), 3);
    manualSeed(0);
    expect(values(new Linear(400, 300).weight)).toEqual(w);
  });

  it('takes bias, device and dtype options', () => {
    const layer = new Linear(3, 2, { bias: false, dtype: 'float64' });
    expect(layer.bias).toBeNull();
    expect(layer.weight.dtype).toBe('float64');
    expect(layer.namedParameters().map(([n]) => n)).toEqual(['weight']);
    expect(layer.toString()).toBe('Linear(in_features=3, out_features=2, bias=False)');
  });

  it('fails on a shape mismatch with PyTorch message', () => {
    expect(() => new Linear(10, 1).forward(zeros([2, 5]))).toThrow(
      'mat1 and mat2 shapes cannot be multiplied (2x5 and 10x1)',
    );
  });
});

class TwoLayer extends Module {
  fc1 = new Linear(10, 5);
  act = new ReLU();
  fc2 = new Linear(5, 2);
  forward(x: Tensor): Tensor {
    return this.fc2.forward(this.act.forward(this.fc1.forward(x)));
  }
}

class MLP extends Module {
  in_to_hl1 = new Linear(784, 512);
  hl1_to_hl2 = new Linear(512, 512);
  hl2_to_out = new Linear(512, 10);
  relu = new ReLU();
  forward(x: Tensor): Tensor {
    const h = this.relu.forward(this.hl1_to_hl2.forward(this.relu.forward(this.in_to_hl1.forward(x))));
    return this.hl2_to_out.forward(h);
  }
}

describe('models of layers', () => {
  it('list parameters in order: weight, bias, weight, bias', () => {
    const net = new TwoLayer();
    expect(net.namedParameters().map(([n]) => n)).toEqual([
      'fc1.weight',
      'fc1.bias',
      'fc2.weight',
      'fc2.bias',
    ]);
    expect(net.parameters().map((p) => p.shape)).toEqual([[5, 10], [5], [2, 5], [2]]);
    expect(net.forward(randn([3, 10])).shape).toEqual([3, 2]);
  });

  it('print exactly like PyTorch', () => {
    expect(new MLP().toString()).toBe(
      [
        'MLP(',
        '  (in_to_hl1): Linear(in_features=784, out_features=512, bias=True)',
        '  (hl1_to_hl2): Linear(in_features=512, out_features=512, bias=True)',
        '  (hl2_to_out): Linear(in_features=512, out_features=10, bias=True)',
        '  (relu): ReLU()',
        ')',
      ].join('\n'),
    );
    const seq = new Sequential(new Linear(784, 512), new ReLU(), new Dropout(0.2), new Linear(512, 10));
    expect(seq.toString()).toBe(
      [
        'Sequential(',
        '  (0): Linear(in_features=784, out_features=512, bias=True)',
        '  (1): ReLU()',
        '  (2): Dropout(p=0.2, inplace=False)',
        '  (3): Linear(in_features=512, out_features=10, bias=True)',
        ')',
      ].join('\n'),
    );
  });

  it('move to float64 in place', () => {
    const net = new Sequential(new Linear(2, 3), new BatchNorm1d(3), new LayerNorm(3));
    net.to('float64');
    expect(net.parameters().every((p) => p.dtype === 'float64')).toBe(true);
    expect(net.forward(randn([4, 2], { dtype: 'float64' })) as Tensor).toHaveProperty('dtype', 'float64');
  });
});

describe('shape layers', () => {
  it('Identity returns its input; Flatten and Unflatten reshape', () => {
    const x = randn([2, 3, 4]);
    expect(new Identity(54, 'unused').forward(x)).toBe(x);
    expect(new Flatten().forward(x).shape).toEqual([2, 12]);
    expect(new Flatten(0, 1).forward(x).shape).toEqual([6, 4]);
    expect(new Unflatten(1, [2, 6]).forward(zeros([2, 12])).shape).toEqual([2, 2, 6]);
  });
});

describe('activation layers', () => {
  it('forward to F with their settings', () => {
    const x = randn([3, 4]);
    close(new ReLU().forward(x), F.relu(x));
    close(new LeakyReLU(0.2).forward(x), F.leakyRelu(x, 0.2));
    close(new ELU(0.5).forward(x), F.elu(x, 0.5));
    close(new GELU({ approximate: 'tanh' }).forward(x), F.gelu(x, { approximate: 'tanh' }));
    close(new SiLU().forward(x), F.silu(x));
    close(new Softmax(0).forward(x), F.softmax(x, 0));
    close(new LogSoftmax(1).forward(x), F.logSoftmax(x, 1));
    // Without a dim, PyTorch's legacy rule: dim 1 for 2-d inputs.
    close(new Softmax().forward(x), F.softmax(x, 1));
  });

  it('write into their input with inplace', () => {
    const x = tensor([-1, 1]);
    expect(new ReLU({ inplace: true }).forward(x)).toBe(x);
    expect(values(x)).toEqual([0, 1]);
    expect(new ReLU({ inplace: true }).toString()).toBe('ReLU(inplace=True)');
  });
});

describe('Dropout', () => {
  it('drops in training mode only', () => {
    const layer = new Dropout(0.5);
    const x = ones([1000]);
    manualSeed(1);
    const y = values(layer.forward(x));
    expect(y.every((v) => v === 0 || v === 2)).toBe(true);
    const zeros_ = y.filter((v) => v === 0).length;
    expect(zeros_).toBeGreaterThan(430);
    expect(zeros_).toBeLessThan(570);
    manualSeed(1);
    expect(values(layer.forward(x))).toEqual(y);
    layer.eval();
    expect(layer.forward(x)).toBe(x);
  });

  it("checks p at construction with PyTorch's message", () => {
    expect(() => new Dropout(1.5)).toThrow('dropout probability has to be between 0 and 1, but got 1.5');
  });
});

describe('BatchNorm', () => {
  it('registers running statistics as buffers under PyTorch names, with camelCase accessors', () => {
    const bn = new BatchNorm2d(4);
    expect(Object.keys(bn.stateDict())).toEqual([
      'weight',
      'bias',
      'running_mean',
      'running_var',
      'num_batches_tracked',
    ]);
    expect(bn.runningMean).toBe(bn.running_mean);
    expect(bn.runningVar).toBe(bn.running_var);
    expect(bn.numBatchesTracked!.dtype).toBe('int64');
    expect(bn.namedBuffers().map(([n]) => n)).toEqual(['running_mean', 'running_var', 'num_batches_tracked']);
    expect(bn.parameters().map((p) => p.shape)).toEqual([[4], [4]]);
  });

  it('normalises with batch statistics in training and updates the running ones; eval uses them', () => {
    const bn = new BatchNorm1d(2, { momentum: 0.5 });
    const x = tensor(
      [
        [1, 10],
        [3, 30],
        [5, 20],
      ],
      { dtype: 'float32' },
    );
    const y = bn.forward(x);
    // Per channel: zero mean, unit (biased) variance.
    const [a, b] = [values(y.select(1, 0)), values(y.select(1, 1))];
    expect(a.reduce((s, v) => s + v, 0)).toBeCloseTo(0, 5);
    expect(b.reduce((s, v) => s + v * v, 0) / 3).toBeCloseTo(1, 3);
    expect(values(bn.runningMean!)).toEqual([1.5, 10]);
    expect(values(bn.runningVar!)).toEqual([2.5, 50.5]); // 0.5 * 1 + 0.5 * unbiased var (4, 100)
    expect(values(bn.numBatchesTracked!)).toEqual([1]);
    bn.eval();
    const before = values(bn.runningMean!);
    close(bn.forward(x), x.sub(bn.runningMean!).div(bn.runningVar!.add(1e-5).sqrt()));
    expect(values(bn.runningMean!)).toEqual(before);
    expect(values(bn.numBatchesTracked!)).toEqual([1]);
  });

  it('with momentum null keeps a cumulative average', () => {
    const bn = new BatchNorm1d(1, { momentum: null, affine: false });
    for (const batch of [
      [1, 3],
      [5, 7],
      [0, 2],
    ])
      bn.forward(tensor(batch, { dtype: 'float32' }).reshape([2, 1]));
    expect(values(bn.runningMean!)[0]).toBeCloseTo((2 + 6 + 1) / 3, 6);
    expect(bn.parameters()).toEqual([]);
    expect(bn.toString()).toBe(
      'BatchNorm1d(1, eps=1e-05, momentum=None, affine=False, track_running_stats=True)',
    );
  });

  it('without running statistics uses the batch in eval mode too, and has no buffers', () => {
    const bn = new BatchNorm1d(2, { trackRunningStats: false }).eval();
    expect(bn.buffers()).toEqual([]);
    expect(Object.keys(bn.stateDict())).toEqual(['weight', 'bias']);
    const x = tensor(
      [
        [1, 2],
        [3, 6],
      ],
      { dtype: 'float32' },
    );
    close(
      bn.forward(x),
      tensor(
        [
          [-1, -1],
          [1, 1],
        ],
        { dtype: 'float32' },
      ),
      1e-4,
    );
  });

  it("checks input dims with PyTorch's messages", () => {
    expect(() => new BatchNorm1d(3).forward(zeros([2, 3, 4, 5]))).toThrow(
      'expected 2D or 3D input (got 4D input)',
    );
    expect(() => new BatchNorm2d(3).forward(zeros([2, 3, 4]))).toThrow('expected 4D input (got 3D input)');
  });

  it('loads a state dict with PyTorch key names and resets', () => {
    const bn = new BatchNorm1d(2);
    bn.loadStateDict({
      weight: tensor([2, 3]),
      bias: tensor([0, 1]),
      running_mean: tensor([1, 2]),
      running_var: tensor([4, 9]),
      num_batches_tracked: tensor(7, { dtype: 'int32' }),
    });
    expect(values(bn.runningVar!)).toEqual([4, 9]);
    expect(bn.numBatchesTracked!.itemSync()).toBe(7);
    bn.resetParameters();
    expect(values(bn.runningVar!)).toEqual([1, 1]);
    expect(values(bn.weight!)).toEqual([1, 1]);
    expect(bn.numBatchesTracked!.itemSync()).toBe(0);
  });
});

describe('LayerNorm', () => {
  it('normalises the trailing dims and learns an elementwise affine map', () => {
    const ln = new LayerNorm([2, 3]);
    expect(ln.parameters().map((p) => p.shape)).toEqual([
      [2, 3],
      [2, 3],
    ]);
    const y = ln.forward(randn([4, 2, 3]).mul(5).add(2));
    const row = values(y.select(0, 0));
    expect(row.reduce((a, v) => a + v, 0) / 6).toBeCloseTo(0, 5);
    expect(row.reduce((a, v) => a + v * v, 0) / 6).toBeCloseTo(1, 3);
    expect(new LayerNorm(3, { elementwiseAffine: false }).parameters()).toEqual([]);
  });
});

describe('Embedding', () => {
  it('zeroes the padding row at initialisation and never sends it gradient', () => {
    const emb = new Embedding(5, 3, { paddingIdx: 1 });
    expect(values(emb.weight.select(0, 1))).toEqual([0, 0, 0]);
    const idx = tensor(
      [
        [1, 2],
        [1, 4],
      ],
      { dtype: 'int32' },
    );
    const out = emb.forward(idx);
    expect(out.shape).toEqual([2, 2, 3]);
    out.square().sum().backward();
    expect(values(emb.weight.grad!.select(0, 1))).toEqual([0, 0, 0]);
    expect(values(emb.weight.grad!.select(0, 2)).some((v) => v !== 0)).toBe(true);
    expect(emb.toString()).toBe('Embedding(5, 3, padding_idx=1)');
  });

  it('initialises from N(0, 1)', () => {
    const w = values(new Embedding(200, 50).weight);
    const mean = w.reduce((a, v) => a + v, 0) / w.length;
    expect(mean).toBeCloseTo(0, 1);
    expect(Math.sqrt(w.reduce((a, v) => a + (v - mean) ** 2, 0) / w.length)).toBeCloseTo(1, 1);
  });

  it('fromPretrained shares the table and freezes it by default', () => {
    const table = tensor(
      [
        [1, 2],
        [3, 4],
      ],
      { dtype: 'float32' },
    );
    const emb = Embedding.fromPretrained(table);
    expect(emb.weight.requiresGrad).toBe(false);
    expect(values(emb.forward(tensor([1], { dtype: 'int32' })))).toEqual([3, 4]);
    expect(Embedding.fromPretrained(table, { freeze: false }).weight.requiresGrad).toBe(true);
  });
});

describe('training a small model', () => {
  it('reduces the loss with plain gradient descent', () => {
    manualSeed(3);
    const net = new Sequential(new Linear(2, 8), new GELU(), new LayerNorm(8), new Linear(8, 2));
    const x = randn([16, 2]);
    const target = x.select(1, 0).gt(0).to('int32');
    const lossFn = (): Tensor => F.crossEntropy(net.forward(x) as Tensor, target);
    const first = lossFn().itemSync() as number;
    for (let i = 0; i < 30; i++) {
      net.zeroGrad();
      lossFn().backward();
      noGrad(() => {
        for (const p of net.parameters()) p.sub_(p.grad!.mul(0.5));
      });
    }
    expect(lossFn().itemSync()).toBeLessThan(first / 2);
  });
});
