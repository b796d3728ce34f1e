// PyTorch's positional and keyword forms of the optimizers and schedulers: bound, or rejected loudly.
import '@typetorch/backend-cpu';
import { Parameter } from '@typetorch/nn';
import { ones } from '@typetorch/tensor';
import { describe, expect, it } from 'vitest';
import { Adadelta, Adagrad, Adam, AdamW, lrScheduler, RMSprop, SGD } from './index.js';

const params = () => [new Parameter(ones([2]))];
const anyNew = <C>(cls: C, ...args: unknown[]) =>
  new (cls as unknown as new (...a: unknown[]) => unknown)(...args);

describe('optimizer constructors', () => {
  it('bind PyTorch positional options', () => {
    const sgd = new SGD(params(), 0.1, 0.9, 0, 1e-4, true);
    expect(sgd.defaults).toMatchObject({ lr: 0.1, momentum: 0.9, weightDecay: 1e-4, nesterov: true });
    expect(new Adam(params(), 0.01, [0.8, 0.9], 1e-6).defaults).toMatchObject({
      lr: 0.01,
      betas: [0.8, 0.9],
      eps: 1e-6,
    });
    expect(new AdamW(params(), { lr: 0.02 }).defaults.weightDecay).toBe(1e-2);
    expect(new Adagrad(params(), 0.1, 0.01).defaults.lrDecay).toBe(0.01);
    expect(new Adadelta(params(), 0.5, 0.8).defaults.rho).toBe(0.8);
    expect(new RMSprop(params(), 0.1, 0.9, { centered: true }).defaults).toMatchObject({
      alpha: 0.9,
      centered: true,
    });
  });

  it('reject unknown keys, unsupported PyTorch options and extra arguments', () => {
    expect(() => anyNew(SGD, params(), { lr: 0.1, weight_decay: 1 })).toThrow(
      "SGD.__init__() got an unexpected keyword argument 'weight_decay' (did you mean 'weightDecay'?)",
    );
    expect(() => anyNew(Adam, params(), { foreach: true })).toThrow(
      "Adam.__init__() got an unexpected keyword argument 'foreach'",
    );
    expect(() => anyNew(SGD, params(), 0.1, 0, 0, 0, false, true)).toThrow(
      'SGD.__init__() takes from 1 to 6 positional arguments but 7 were given',
    );
    expect(() => anyNew(SGD, params(), 0.1, { lr: 0.2 })).toThrow(
      "SGD.__init__() got multiple values for argument 'lr'",
    );
  });

  it('zeroGrad takes set_to_none positionally; unknown keys throw', () => {
    const p = params();
    const opt = new SGD(p, 0.1);
    p[0].grad = ones([2]);
    opt.zeroGrad(false);
    expect(Array.from(p[0].grad!.dataSync())).toEqual([0, 0]);
    opt.zeroGrad(true);
    expect(p[0].grad).toBeNull();
    expect(() => opt.zeroGrad({ setToZero: true } as never)).toThrow(
      "SGD.zero_grad() got an unexpected keyword argument 'setToZero'",
    );
  });
});

describe('schedulers', () => {
  it('reject unknown option keys', () => {
    const opt = new SGD(params(), 0.1);
    expect(() => anyNew(lrScheduler.StepLR, opt, { stepSize: 2, verbos: true })).toThrow(
      "StepLR.__init__() got an unexpected keyword argument 'verbos'",
    );
    expect(() => anyNew(lrScheduler.ReduceLROnPlateau, opt, { min_lr: 0 })).toThrow("did you mean 'minLr'?");
    expect(() =>
      anyNew(lrScheduler.OneCycleLR, opt, { maxLr: 1, totalSteps: 10, cycle_momentum: false }),
    ).toThrow("OneCycleLR.__init__() got an unexpected keyword argument 'cycle_momentum'");
  });
});
