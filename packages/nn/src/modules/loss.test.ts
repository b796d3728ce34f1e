import '@typetorch/backend-cpu';
import { randn, type Tensor, tensor } from '@typetorch/tensor';
import { describe, expect, it } from 'vitest';
import {
  BCELoss,
  BCEWithLogitsLoss,
  CrossEntropyLoss,
  F,
  HuberLoss,
  L1Loss,
  MSELoss,
  NLLLoss,
  SmoothL1Loss,
} from '../index.js';

const value = (t: Tensor) => t.itemSync() as number;

describe('loss layers', () => {
  const x = randn([4, 3]);
  const y = randn([4, 3]);
  const target = tensor([2, 0, 1, 1], { dtype: 'int32' });
  const weight = tensor([1, 2, 0.5]);

  it('compute the functional losses with their options', () => {
    expect(value(new MSELoss().forward(x, y))).toBe(value(F.mseLoss(x, y)));
    expect(new L1Loss({ reduction: 'none' }).forward(x, y).shape).toEqual([4, 3]);
    expect(value(new SmoothL1Loss({ beta: 0.5 }).forward(x, y))).toBe(
      value(F.smoothL1Loss(x, y, { beta: 0.5 })),
    );
    expect(value(new HuberLoss({ delta: 2, reduction: 'sum' }).forward(x, y))).toBe(
      value(F.huberLoss(x, y, { delta: 2, reduction: 'sum' })),
    );
    const ce = new CrossEntropyLoss({ weight, ignoreIndex: 1, labelSmoothing: 0.1 });
    expect(value(ce.forward(x, target))).toBe(
      value(F.crossEntropy(x, target, { weight, ignoreIndex: 1, labelSmoothing: 0.1 })),
    );
    const logp = x.logSoftmax(1);
    expect(value(new NLLLoss({ weight }).forward(logp, target))).toBe(
      value(F.nllLoss(logp, target, { weight })),
    );
    const p = x.sigmoid();
    const t = y.sigmoid();
    expect(value(new BCELoss().forward(p, t))).toBe(value(F.binaryCrossEntropy(p, t)));
    const posWeight = tensor([1, 2, 3]);
    expect(value(new BCEWithLogitsLoss({ posWeight }).forward(x, t))).toBe(
      value(F.binaryCrossEntropyWithLogits(x, t, { posWeight })),
    );
  });

  it('keep class weights as buffers under PyTorch names', () => {
    const ce = new CrossEntropyLoss({ weight });
    expect(Object.keys(ce.stateDict())).toEqual(['weight']);
    expect(ce.weight).toBe(weight);
    expect(Object.keys(new CrossEntropyLoss().stateDict())).toEqual([]);
    const bce = new BCEWithLogitsLoss({ weight, posWeight: tensor([2, 2, 2]) });
    expect(Object.keys(bce.stateDict())).toEqual(['weight', 'pos_weight']);
    expect(bce.posWeight).toBe(bce.pos_weight);
    expect(bce.toString()).toBe('BCEWithLogitsLoss()');
  });

  it('train gradients into the scores', () => {
    const scores = randn([4, 3]).requiresGrad_();
    new CrossEntropyLoss().forward(scores, target).backward();
    // Softmax minus one-hot, averaged over the batch: each row of the gradient sums to 0.
    const g = scores.grad!.sum(1);
    for (const v of Array.from(g.dataSync())) expect(Math.abs(v)).toBeLessThan(1e-6);
  });

  it("reject an unknown reduction with PyTorch's message", () => {
    expect(() => new MSELoss({ reduction: 'average' as 'mean' })).toThrow(
      'average is not a valid value for reduction',
    );
  });
});
