// PyTorch's positional and keyword forms of the layers and functions: bound, or rejected loudly.
import '@typetorch/backend-cpu';
import { ones, tensor } from '@typetorch/tensor';
import { describe, expect, it } from 'vitest';
import * as nn from './index.js';
import { F } from './index.js';

const anyNew = <C>(cls: C, ...args: unknown[]) =>
  new (cls as unknown as new (...a: unknown[]) => nn.Module)(...args);

describe('Conv2d(in, out, kernel_size, stride, padding, dilation, groups, bias, padding_mode, device, dtype)', () => {
  it('binds positional arguments and the options object alike', () => {
    const c = new nn.Conv2d(1, 4, 3, 2);
    expect(c.stride).toEqual([2, 2]);
    expect(c.forward(ones([1, 1, 7, 7])).shape).toEqual([1, 4, 3, 3]);
    const d = new nn.Conv2d(2, 4, 3, 1, 1, 2, 2, false, 'zeros');
    expect([d.padding, d.dilation, d.groups, d.bias]).toEqual([[1, 1], [2, 2], 2, null]);
    expect((anyNew(nn.Conv2d, 1, 4, 3, 1, { padding: 'same' }) as nn.Conv2d).padding).toBe('same');
    expect(new nn.Conv2d(1, 4, 3, { stride: [2, 1], dtype: 'float64' }).weight.dtype).toBe('float64');
  });

  it("raises Python's TypeErrors", () => {
    expect(() => anyNew(nn.Conv2d, 1, 4, 3, { strid: 2 })).toThrow(
      "Conv2d.__init__() got an unexpected keyword argument 'strid'; valid keyword arguments: stride, padding, dilation, groups, bias, paddingMode, device, dtype",
    );
    expect(() => anyNew(nn.Conv2d, 1, 4, 3, { padding_mode: 'zeros' })).toThrow(
      "did you mean 'paddingMode'?",
    );
    expect(() => anyNew(nn.Conv2d, 1, 4, 3, 1, 0, 1, 1, true, 'zeros', 'cpu', 'float32', 5)).toThrow(
      'Conv2d.__init__() takes from 3 to 11 positional arguments but 12 were given',
    );
    expect(() => anyNew(nn.Conv2d, 1, 4, 3, 2, { stride: 2 })).toThrow(
      "Conv2d.__init__() got multiple values for argument 'stride'",
    );
  });
});

describe('the other layers bind positional forms and reject unknown keys', () => {
  it('Linear, pooling, Dropout, BatchNorm, LayerNorm, Embedding, Flatten, activations, Softmax', () => {
    expect(new nn.Linear(2, 3, false).bias).toBeNull();
    expect(() => anyNew(nn.Linear, 2, 3, { baias: false })).toThrow(
      "Linear.__init__() got an unexpected keyword argument 'baias'",
    );
    expect(new nn.MaxPool2d(3, 1, 1).stride).toBe(1);
    expect(new nn.MaxPool2d(3, null, 1).stride).toBe(3);
    expect(new nn.AvgPool2d(2, 2, 0, true, false).countIncludePad).toBe(false);
    expect(() => anyNew(nn.MaxPool2d, 2, { strides: 1 })).toThrow(
      'MaxPool2d.__init__() got an unexpected keyword argument',
    );
    const drop = new nn.Dropout(0.2, true);
    expect([drop.p, drop.inplace]).toEqual([0.2, true]);
    expect(new nn.Dropout({ p: 0.3 }).p).toBe(0.3);
    expect(() => anyNew(nn.Dropout, 0.5, false, 1)).toThrow(
      'Dropout.__init__() takes from 0 to 2 positional arguments but 3 were given',
    );
    const bn = new nn.BatchNorm2d(3, 1e-3, 0.2, false);
    expect([bn.eps, bn.momentum, bn.affine, bn.weight]).toEqual([1e-3, 0.2, false, null]);
    expect(() => anyNew(nn.BatchNorm1d, 3, { trackRunningStat: false })).toThrow(
      "BatchNorm1d.__init__() got an unexpected keyword argument 'trackRunningStat'",
    );
    const ln = new nn.LayerNorm([4], 1e-6, false);
    expect([ln.eps, ln.weight]).toEqual([1e-6, null]);
    expect(new nn.Embedding(5, 2, 0).paddingIdx).toBe(0);
    expect(() => anyNew(nn.Embedding, 5, 2, null, 1.0)).toThrow(
      "Embedding.__init__(): 'maxNorm' is not supported",
    );
    expect(new nn.Flatten(0, 1).endDim).toBe(1);
    expect(new nn.Flatten({ endDim: 2 }).startDim).toBe(1);
    expect(new nn.ReLU(true).inplace).toBe(true);
    expect(new nn.LeakyReLU(0.2, true).negativeSlope).toBe(0.2);
    expect(new nn.ELU({ alpha: 2 }).alpha).toBe(2);
    expect(new nn.GELU('tanh').approximate).toBe('tanh');
    expect(new nn.Softmax({ dim: 1 }).dim).toBe(1);
    expect(() => anyNew(nn.ReLU, { inplac: true })).toThrow(
      "ReLU.__init__() got an unexpected keyword argument 'inplac'",
    );
  });

  it('losses: positional weight, unknown keys and deprecated positional arguments throw', () => {
    const w = tensor([1, 2]);
    expect(new nn.CrossEntropyLoss(w).weight).toBe(w);
    expect(new nn.NLLLoss(w, { ignoreIndex: 1 }).ignoreIndex).toBe(1);
    expect(new nn.SmoothL1Loss({ beta: 0.5 }).beta).toBe(0.5);
    expect(() => anyNew(nn.MSELoss, { reduce: 'sum' })).toThrow(
      "MSELoss.__init__() got an unexpected keyword argument 'reduce'; valid keyword arguments: reduction",
    );
    expect(() => anyNew(nn.CrossEntropyLoss, { label_smoothing: 0.1 })).toThrow(
      "did you mean 'labelSmoothing'?",
    );
    expect(() => anyNew(nn.CrossEntropyLoss, w, true)).toThrow(
      'takes from 0 to 1 positional arguments but 2 were given',
    );
  });
});

describe('functional forms', () => {
  it('F.dropout(x, p, training, inplace) and its options', () => {
    const x = ones([100]);
    expect(F.dropout(x, 0.5, false)).toBe(x);
    expect(F.dropout(x, { p: 0.5, training: false })).toBe(x);
    const y = F.dropout(x, 1.0);
    expect(Array.from(y.dataSync()).every((v) => v === 0)).toBe(true);
    expect(() => F.dropout(x, 0.5, true, false, 3 as never)).toThrow(
      'dropout() takes from 1 to 4 positional arguments but 5 were given',
    );
    expect(() => F.dropout(x, { prob: 0.5 } as never)).toThrow(
      "dropout() got an unexpected keyword argument 'prob'",
    );
  });

  it('activations and softmax take their arguments positionally or as options', () => {
    const x = tensor([-1, 2], { dtype: 'float32' });
    expect(() => F.leakyRelu(tensor([-1, 2]))).toThrow(`"leaky_relu_cpu" not implemented for 'Long'`);
    expect(Array.from(F.leakyRelu(x, 0.5).dataSync())).toEqual([-0.5, 2]);
    expect(Array.from(F.leakyRelu(x, { negativeSlope: 0.5 }).dataSync())).toEqual([-0.5, 2]);
    expect(Array.from(F.relu(x.clone(), true).dataSync())).toEqual([0, 2]);
    expect(F.softmax(x, { dim: 0 }).sum().dataSync()[0]).toBeCloseTo(1);
    expect(F.logSoftmax(x, 0, { dtype: 'float64' }).dtype).toBe('float64');
    expect(() => F.softmax(x, 0, { dim: 0 } as never)).toThrow(
      "softmax() got multiple values for argument 'dim'",
    );
    expect(() => F.gelu(x, { approx: 'tanh' } as never)).toThrow(
      "gelu() got an unexpected keyword argument 'approx'",
    );
  });

  it('nn.functional is nn.F, under PyTorch name', () => {
    expect(nn.functional).toBe(nn.F);
  });
});
