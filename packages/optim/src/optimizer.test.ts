import '@typetorch/backend-cpu';
import { noGrad } from '@typetorch/autograd';
import * as nn from '@typetorch/nn';
import { Parameter } from '@typetorch/nn';
import { manualSeed, memory, randn, scope, Tensor, tensor, zeros } from '@typetorch/tensor';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { Adadelta, Adagrad, Adam, AdamW, lrScheduler, type Optimizer, RMSprop, SGD } from './index.js';

const param = (data: number[]) => new Parameter(tensor(data, { dtype: 'float32' }));

/** A fixed gradient for step `i` of parameter `p` (deterministic, varies with the step). */
function gradFor(p: Tensor, i: number): Tensor {
  return noGrad(() => {
    const n = p.numel();
    const data = Array.from({ length: n }, (_, k) => Math.sin(1.3 * k + 0.7 * i) * (1 + (i % 3)));
    return tensor(data).reshape(p.shape);
  });
}

function setGrads(params: readonly Tensor[], i: number): void {
  for (const p of params) {
    p.grad?.dispose();
    p.grad = gradFor(p, i);
  }
}

type Make = (params: Tensor[]) => Optimizer;

const OPTIMIZERS: [string, Make][] = [
  ['SGD', (ps) => new SGD(ps, { lr: 0.1, momentum: 0.9, nesterov: true, weightDecay: 0.01 })],
  ['Adam', (ps) => new Adam(ps, { lr: 0.01, amsgrad: true, weightDecay: 0.1 })],
  ['AdamW', (ps) => new AdamW(ps, { lr: 0.01, maximize: true })],
  ['RMSprop', (ps) => new RMSprop(ps, { lr: 0.01, momentum: 0.5, centered: true })],
  ['Adagrad', (ps) => new Adagrad(ps, { lr: 0.1, lrDecay: 0.01, initialAccumulatorValue: 0.1 })],
  ['Adadelta', (ps) => new Adadelta(ps, { lr: 0.5, rho: 0.8, weightDecay: 0.01, maximize: true })],
];

afterEach(() => vi.restoreAllMocks());

describe('Optimizer: construction and errors', () => {
  it('rejects what PyTorch rejects, with its messages', () => {
    const p = param([1, 2]);
    expect(() => new SGD([], { lr: 0.1 })).toThrow('optimizer got an empty parameter list');
    expect(() => new SGD([p], { lr: -1 })).toThrow('Invalid learning rate: -1');
    expect(() => new Adam([p], { lr: -1 })).toThrow('Invalid learning rate: -1');
    expect(() => new SGD([p], { lr: 0.1, momentum: -0.5 })).toThrow('Invalid momentum value: -0.5');
    expect(() => new SGD([p], { lr: 0.1, weightDecay: -1 })).toThrow('Invalid weight_decay value: -1');
    expect(() => new SGD([p], { lr: 0.1, nesterov: true })).toThrow(
      'Nesterov momentum requires a momentum and zero dampening',
    );
    expect(() => new SGD([p], { lr: 0.1, nesterov: true, momentum: 0.9, dampening: 0.1 })).toThrow(
      'Nesterov momentum requires a momentum and zero dampening',
    );
    expect(() => new Adam([p], { betas: [1, 0.999] })).toThrow('Invalid beta parameter at index 0: 1');
    expect(() => new AdamW([p], { betas: [0.9, -0.1] })).toThrow('Invalid beta parameter at index 1: -0.1');
    expect(() => new Adam([p], { eps: -1 })).toThrow('Invalid epsilon value: -1');
    expect(() => new AdamW([p], { weightDecay: -1 })).toThrow('Invalid weight_decay value: -1');
    expect(() => new RMSprop([p], { alpha: -1 })).toThrow('Invalid alpha value: -1');
    expect(() => new Adagrad([p], { lrDecay: -1 })).toThrow('Invalid lr_decay value: -1');
    expect(() => new Adagrad([p], { initialAccumulatorValue: -1 })).toThrow(
      'Invalid initial_accumulator_value value: -1',
    );
    expect(() => new Adadelta([p], { lr: -1 })).toThrow('Invalid learning rate: -1');
    expect(() => new Adadelta([p], { rho: -0.1 })).toThrow('Invalid rho value: -0.1');
    expect(() => new Adadelta([p], { rho: 1.5 })).toThrow('Invalid rho value: 1.5');
    expect(() => new Adadelta([p], { rho: Number.NaN })).toThrow('Invalid rho value: NaN');
    expect(() => new Adadelta([p], { eps: -1 })).toThrow('Invalid epsilon value: -1');
    expect(() => new Adadelta([p], { weightDecay: -1 })).toThrow('Invalid weight_decay value: -1');
    expect(() => new Adadelta([p], { rho: 0 })).not.toThrow();
    expect(() => new Adadelta([p], { rho: 1 })).not.toThrow();
  });

  it('checks the parameters', () => {
    const p = param([1, 2]);
    expect(() => new SGD(p as never, { lr: 0.1 })).toThrow(
      'params argument given to the optimizer should be an iterable of Tensors or dicts, but got Parameter',
    );
    expect(() => new SGD([1, 2] as never, { lr: 0.1 })).toThrow(
      'optimizer can only optimize Tensors, but one of the params is number',
    );
    const nonLeaf = p.mul(2);
    expect(() => new SGD([nonLeaf], { lr: 0.1 })).toThrow("can't optimize a non-leaf Tensor");
    expect(() => new SGD([{ params: [p] }])).toThrow(
      "parameter group didn't specify a value of required optimization parameter lr",
    );
    const q = param([3]);
    expect(() => new SGD([{ params: [p] }, { params: [q, p] }], { lr: 0.1 })).toThrow(
      'some parameters appear in more than one parameter group',
    );
    const opt = new SGD([p], { lr: 0.1 });
    expect(() => opt.addParamGroup({ params: [p] })).toThrow(
      'some parameters appear in more than one parameter group',
    );
  });

  it('warns about duplicate parameters within a group, as PyTorch', () => {
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => {});
    const p = param([1]);
    new SGD([p, p], { lr: 0.1 });
    expect(warn).toHaveBeenCalledWith(expect.stringContaining('duplicate parameters'));
  });

  it('fills each group with the defaults and keeps per-group options', () => {
    const a = param([1, 2]);
    const b = param([3]);
    const opt = new SGD([{ params: [a] }, { params: b, lr: 0.01, momentum: 0.5 }], {
      lr: 0.1,
      momentum: 0.9,
    });
    expect(opt.paramGroups).toHaveLength(2);
    expect(opt.paramGroups[0]).toMatchObject({ lr: 0.1, momentum: 0.9, dampening: 0, nesterov: false });
    expect(opt.paramGroups[1]).toMatchObject({ lr: 0.01, momentum: 0.5, weightDecay: 0, maximize: false });
    expect(opt.paramGroups[1].params).toEqual([b]);
    expect(opt.defaults).toMatchObject({ lr: 0.1, momentum: 0.9 });
    const adam = new Adam([{ params: [a] }, { params: [b], betas: [0.5, 0.6] }]);
    expect(adam.paramGroups[0].betas).toEqual([0.9, 0.999]);
    expect(adam.paramGroups[0].betas).not.toBe(adam.defaults.betas);
    expect(adam.paramGroups[1].betas).toEqual([0.5, 0.6]);
    expect(new AdamW([a]).defaults.weightDecay).toBe(0.01);
  });

  it('accepts any iterable of parameters, such as a generator or a Set', () => {
    const a = param([1]);
    const b = param([2]);
    function* gen() {
      yield a;
      yield b;
    }
    expect(new SGD(gen(), { lr: 1 }).paramGroups[0].params).toEqual([a, b]);
    expect(new SGD(new Set([a, b]), { lr: 1 }).paramGroups[0].params).toEqual([a, b]);
  });

  it('prints like PyTorch', () => {
    const opt = new SGD([param([1])], { lr: 0.1, momentum: 0.9 });
    expect(opt.toString()).toBe(
      'SGD (\nParameter Group 0\n    dampening: 0\n    lr: 0.1\n    maximize: False\n    momentum: 0.9\n    nesterov: False\n    weightDecay: 0\n)',
    );
  });
});

describe('Optimizer: stepping', () => {
  it('applies each group its own learning rate', async () => {
    const a = param([1, 2]);
    const b = param([3]);
    const opt = new SGD([{ params: [a] }, { params: [b], lr: 0.01 }], { lr: 0.1 });
    a.grad = tensor([1, 1], { dtype: 'float32' });
    b.grad = tensor([1], { dtype: 'float32' });
    opt.step();
    expect(Array.from(await a.data())).toEqual([Math.fround(0.9), Math.fround(1.9)]);
    expect(Array.from(await b.data())).toEqual([Math.fround(2.99)]);
    opt.paramGroups[1].lr = 1;
    opt.step();
    expect((await b.data())[0]).toBeCloseTo(1.99, 6);
  });

  it('skips parameters without a gradient and keys state by parameter', () => {
    const a = param([1, 2]);
    const b = param([3]);
    const opt = new Adam([a, b], { lr: 0.1 });
    a.grad = tensor([1, -1], { dtype: 'float32' });
    opt.step();
    expect(opt.state.has(a)).toBe(true);
    expect(opt.state.has(b)).toBe(false);
    expect(b.dataSync()[0]).toBe(3);
    const s = opt.state.get(a)!;
    expect(s.step).toBe(1);
    expect(Array.from(s.expAvg.dataSync())).toEqual([Math.fround(0.1), Math.fround(-0.1)]);
  });

  it('zeroGrad disposes the gradients by default, or zeroes them in place', () => {
    const a = param([1, 2]);
    const opt = new SGD([a], { lr: 0.1 });
    const g = tensor([1, 2], { dtype: 'float32' });
    a.grad = g;
    opt.zeroGrad();
    expect(a.grad).toBeNull();
    expect(g.isDisposed).toBe(true);
    const g2 = tensor([3, 4], { dtype: 'float32' });
    a.grad = g2;
    opt.zeroGrad({ setToNone: false });
    expect(a.grad).toBe(g2);
    expect(Array.from(g2.dataSync())).toEqual([0, 0]);
    expect(g2.requiresGrad).toBe(false);
  });

  it('step(closure) evaluates the closure with gradients enabled and returns its loss', async () => {
    const w = param([1, -2]);
    const opt = new SGD([w], { lr: 0.5 });
    const closure = () => {
      opt.zeroGrad();
      const loss = w.square().sum();
      loss.backward();
      return loss;
    };
    const loss = noGrad(() => opt.step(closure)) as Tensor;
    expect(await loss.item()).toBe(5);
    // w - 0.5 * 2w = 0
    expect(Array.from(await w.data())).toEqual([0, 0]);
    expect(opt.step()).toBeUndefined();
  });
});

describe('Optimizer: memory and host reads', () => {
  it('never reads parameters or state back to the host during step', () => {
    const reads = [
      vi.spyOn(Tensor.prototype, 'data'),
      vi.spyOn(Tensor.prototype, 'dataSync'),
      vi.spyOn(Tensor.prototype, 'item'),
      vi.spyOn(Tensor.prototype, 'itemSync'),
      vi.spyOn(Tensor.prototype, 'toArray'),
      vi.spyOn(Tensor.prototype, 'toArraySync'),
    ];
    for (const [, make] of OPTIMIZERS) {
      const ps = [new Parameter(randn([4, 3])), new Parameter(randn([5]))];
      const opt = make(ps);
      for (let i = 0; i < 3; i++) {
        setGrads(ps, i);
        opt.step();
      }
    }
    for (const spy of reads) expect(spy).not.toHaveBeenCalled();
  });

  it('keeps state tensors alive across scopes', () => {
    const a = new Parameter(randn([3]));
    const opt = new Adam([a]);
    scope(() => {
      a.grad = tensor([1, 2, 3], { dtype: 'float32' });
      opt.step();
      opt.zeroGrad();
    });
    const s = opt.state.get(a)!;
    expect(s.expAvg.isDisposed).toBe(false);
    expect(s.expAvgSq.isDisposed).toBe(false);
  });

  for (const [name, make] of OPTIMIZERS) {
    it(`${name}: memory stays flat over many steps (no temporaries left behind)`, () => {
      const ps = [new Parameter(randn([8, 4])), new Parameter(randn([4]))];
      const grads = ps.map((p) => gradFor(p, 1));
      const opt = make(ps);
      const stepOnce = () => {
        ps.forEach((p, i) => {
          p.grad = grads[i]; // the same gradient tensors each step: nothing allocated outside step()
        });
        opt.step();
      };
      stepOnce();
      stepOnce();
      const before = memory('cpu');
      for (let i = 0; i < 50; i++) stepOnce();
      expect(memory('cpu')).toEqual(before);
    });
  }

  it('a whole training loop (forward, backward, step, zeroGrad) holds memory flat', () => {
    const w = new Parameter(randn([4, 2]));
    const x = randn([16, 4]);
    const y = randn([16, 2]);
    const opt = new Adam([w], { lr: 0.01 });
    const iteration = () =>
      scope(() => {
        opt.zeroGrad();
        const loss = x.matmul(w).sub(y).square().mean();
        loss.backward();
        opt.step();
      });
    iteration();
    iteration();
    const before = memory('cpu');
    for (let i = 0; i < 30; i++) iteration();
    opt.zeroGrad();
    iteration();
    expect(memory('cpu')).toEqual(before);
  });
});

describe('Optimizer: state dicts', () => {
  it("uses PyTorch's layout: numbered state and groups listing parameter numbers", () => {
    const a = param([1, 2]);
    const b = param([3]);
    const c = param([4]);
    const opt = new Adam([{ params: [a, b] }, { params: [c], lr: 0.1, amsgrad: true }]);
    a.grad = tensor([1, 1], { dtype: 'float32' });
    c.grad = tensor([2], { dtype: 'float32' });
    opt.step();
    const sd = opt.stateDict();
    expect(Object.keys(sd.state)).toEqual(['0', '2']);
    expect(sd.state[0].step).toBe(1);
    expect(sd.state[0].expAvg).toBeInstanceOf(Tensor);
    expect(sd.state[2].maxExpAvgSq).toBeInstanceOf(Tensor);
    expect(sd.param_groups).toEqual([
      {
        lr: 0.001,
        betas: [0.9, 0.999],
        eps: 1e-8,
        weightDecay: 0,
        amsgrad: false,
        maximize: false,
        params: [0, 1],
      },
      {
        lr: 0.1,
        betas: [0.9, 0.999],
        eps: 1e-8,
        weightDecay: 0,
        amsgrad: true,
        maximize: false,
        params: [2],
      },
    ]);
    // Views of the live state, as PyTorch returns references.
    expect((sd.state[0].expAvg as Tensor).storage).toBe(opt.state.get(a)!.expAvg.storage);
  });

  for (const [name, make] of OPTIMIZERS) {
    it(`${name}: continuing from a loaded state dict matches uninterrupted training`, () => {
      const init = [randn([3, 2]), randn([4])];
      const ref = init.map((t) => new Parameter(t.clone()));
      const refOpt = make(ref);
      for (let i = 0; i < 10; i++) {
        setGrads(ref, i);
        refOpt.step();
      }
      // Snapshot: parameters and optimizer state after 10 steps.
      const resumed = ref.map((p) => new Parameter(p.detach().clone()));
      const saved = refOpt.stateDict();
      const opt = make(resumed);
      opt.loadStateDict(saved);
      for (const t of Object.values(saved.state).flatMap((s) => Object.values(s))) {
        if (t instanceof Tensor) t.dispose(); // the loaded optimizer holds copies
      }
      for (let i = 10; i < 20; i++) {
        setGrads(ref, i);
        refOpt.step();
        setGrads(resumed, i);
        opt.step();
      }
      ref.forEach((p, i) => {
        expect(Array.from(resumed[i].dataSync())).toEqual(Array.from(p.dataSync()));
      });
    });
  }
});

describe('Optimizer: loading state dicts, parameter groups', () => {
  it('loading restores group options and copies state onto the parameters', () => {
    const a = new Parameter(tensor([1, 2], { dtype: 'float64' }));
    const opt = new SGD([a], { lr: 0.1, momentum: 0.9 });
    opt.loadStateDict({
      state: { 0: { momentumBuffer: tensor([0.5, 0.25]) } },
      param_groups: [
        {
          lr: 0.5,
          momentum: 0.8,
          dampening: 0,
          weightDecay: 0,
          nesterov: false,
          maximize: false,
          params: [0],
        },
      ],
    });
    expect(opt.paramGroups[0]).toMatchObject({ lr: 0.5, momentum: 0.8 });
    expect(opt.paramGroups[0].params[0]).toBe(a);
    const buf = opt.state.get(a)!.momentumBuffer!;
    expect(buf.dtype).toBe('float64');
    expect(Array.from(buf.dataSync())).toEqual([0.5, 0.25]);
  });

  it("rejects state dicts whose groups don't match", () => {
    const a = param([1]);
    const b = param([2]);
    const opt = new SGD([a, b], { lr: 0.1 });
    const other = new SGD([{ params: [a] }, { params: [b] }], { lr: 0.1 });
    expect(() => opt.loadStateDict(other.stateDict())).toThrow(
      'loaded state dict has a different number of parameter groups',
    );
    const single = new SGD([a], { lr: 0.1 });
    expect(() => opt.loadStateDict(single.stateDict())).toThrow(
      "loaded state dict contains a parameter group that doesn't match the size of optimizer's group",
    );
  });

  it('Adagrad has state for every parameter from construction on, as PyTorch', () => {
    const a = param([1, 2]);
    const opt = new Adagrad([a], { initialAccumulatorValue: 0.5 });
    expect(opt.state.get(a)!.step).toBe(0);
    expect(Array.from(opt.state.get(a)!.sum.dataSync())).toEqual([0.5, 0.5]);
    expect(Object.keys(opt.stateDict().state)).toEqual(['0']);
  });

  it('addParamGroup adds parameters that later steps update', () => {
    const a = param([1]);
    const b = param([1]);
    const opt = new SGD([a], { lr: 0.1 });
    opt.addParamGroup({ params: [b], lr: 1 });
    a.grad = tensor([1], { dtype: 'float32' });
    b.grad = tensor([1], { dtype: 'float32' });
    opt.step();
    expect(a.dataSync()[0]).toBeCloseTo(0.9, 6);
    expect(b.dataSync()[0]).toBe(0);
    const z = zeros(1);
    expect(() => opt.addParamGroup({ params: z })).not.toThrow();
  });
});

/** A float64 parameter holding `data`. */
const param64 = (data: number[]) => new Parameter(tensor(data, { dtype: 'float64' }));

describe('Adadelta', () => {
  it("has PyTorch's defaults (lr 1.0, rho 0.9, eps 1e-6, weight_decay 0, maximize False)", () => {
    const opt = new Adadelta([param([1])]);
    expect(opt.defaults).toEqual({ lr: 1, rho: 0.9, eps: 1e-6, weightDecay: 0, maximize: false });
    expect(opt.paramGroups[0]).toMatchObject(opt.defaults);
  });

  it('follows the single-tensor update of PyTorch 1.13 (float64, three steps)', () => {
    const init = [0.5, -1.25, 2];
    const grads = [
      [0.3, -2, 0.01],
      [-1, 0.5, 0],
      [0.2, 0.2, -3],
    ];
    const lr = 0.8;
    const rho = 0.7;
    const eps = 1e-4;
    const w = param64(init);
    const opt = new Adadelta([w], { lr, rho, eps });
    // Scalar reference in the same operation order.
    const p = [...init];
    const v = [0, 0, 0];
    const u = [0, 0, 0];
    for (const g of grads) {
      w.grad?.dispose();
      w.grad = tensor(g, { dtype: 'float64' });
      opt.step();
      for (let k = 0; k < p.length; k++) {
        v[k] = v[k] * rho + g[k] * (1 - rho) * g[k];
        const delta = (Math.sqrt(u[k] + eps) / Math.sqrt(v[k] + eps)) * g[k];
        u[k] = u[k] * rho + delta * (1 - rho) * delta;
        p[k] += -lr * delta;
      }
      const got = Array.from(w.dataSync());
      p.forEach((x, k) => {
        expect(got[k]).toBeCloseTo(x, 14);
      });
    }
    const s = opt.state.get(w)!;
    expect(s.step).toBe(3);
    Array.from(s.squareAvg.dataSync()).forEach((x, k) => {
      expect(x).toBeCloseTo(v[k], 14);
    });
    Array.from(s.accDelta.dataSync()).forEach((x, k) => {
      expect(x).toBeCloseTo(u[k], 14);
    });
  });

  it('with rho = 1 the averages stay 0 and the update is plain SGD', () => {
    const w = param64([1, -2]);
    const opt = new Adadelta([w], { lr: 0.1, rho: 1 });
    w.grad = tensor([0.5, 3], { dtype: 'float64' });
    opt.step();
    expect(Array.from(w.dataSync())).toEqual([1 - 0.1 * 0.5, -2 - 0.1 * 3]);
    expect(Array.from(opt.state.get(w)!.squareAvg.dataSync())).toEqual([0, 0]);
    expect(Array.from(opt.state.get(w)!.accDelta.dataSync())).toEqual([0, 0]);
  });

  it('maximize: steps as with the negated gradient', () => {
    const a = param([0.5, -1, 2]);
    const b = param([0.5, -1, 2]);
    const maxOpt = new Adadelta([a], { lr: 0.9, maximize: true });
    const minOpt = new Adadelta([b], { lr: 0.9 });
    for (let i = 0; i < 5; i++) {
      setGrads([a], i);
      b.grad?.dispose();
      b.grad = noGrad(() => gradFor(b, i).neg());
      maxOpt.step();
      minOpt.step();
      expect(Array.from(a.dataSync())).toEqual(Array.from(b.dataSync()));
    }
    // Maximizing moves up the gradient: a first step with g > 0 increases the parameter.
    const c = param([1]);
    const opt = new Adadelta([c], { maximize: true });
    c.grad = tensor([2], { dtype: 'float32' });
    opt.step();
    expect(c.dataSync()[0]).toBeGreaterThan(1);
  });

  it('weightDecay: steps as with weightDecay * param added to the gradient', () => {
    const a = param([0.5, -1, 2]);
    const b = param([0.5, -1, 2]);
    const decayOpt = new Adadelta([a], { weightDecay: 0.3 });
    const plainOpt = new Adadelta([b]);
    for (let i = 0; i < 5; i++) {
      setGrads([a], i);
      b.grad?.dispose();
      b.grad = noGrad(() => {
        const g = gradFor(b, i);
        const out = g.add(b, { alpha: 0.3 });
        g.dispose();
        return out;
      });
      decayOpt.step();
      plainOpt.step();
      expect(Array.from(a.dataSync())).toEqual(Array.from(b.dataSync()));
    }
    // With a zero gradient, weight decay alone shrinks the parameter towards 0.
    const c = param([2, -2]);
    const opt = new Adadelta([c], { weightDecay: 0.5 });
    c.grad = tensor([0, 0], { dtype: 'float32' });
    opt.step();
    const [x, y] = Array.from(c.dataSync());
    expect(x).toBeLessThan(2);
    expect(y).toBeGreaterThan(-2);
  });
});

describe('Adadelta: state, state dicts, training', () => {
  it('creates state at the first update, in the layout of PyTorch (step, square_avg, acc_delta)', () => {
    const a = param([1, 2]);
    const b = param([3]);
    const opt = new Adadelta([a, b], { rho: 0.5 });
    expect(opt.state.size).toBe(0);
    a.grad = tensor([1, -1], { dtype: 'float32' });
    opt.step();
    expect(opt.state.has(b)).toBe(false);
    const sd = opt.stateDict();
    expect(Object.keys(sd.state)).toEqual(['0']);
    expect(Object.keys(sd.state[0])).toEqual(['step', 'squareAvg', 'accDelta']);
    expect(sd.state[0].step).toBe(1);
    expect(Array.from((sd.state[0].squareAvg as Tensor).dataSync())).toEqual([0.5, 0.5]);
    expect(sd.param_groups).toEqual([
      { lr: 1, rho: 0.5, eps: 1e-6, weightDecay: 0, maximize: false, params: [0, 1] },
    ]);
  });

  it('state dict round trip: loading copies the state and restores the options', () => {
    const a = param([1, 2, 3]);
    const opt = new Adadelta([a], { lr: 0.5, eps: 1e-5 });
    for (let i = 0; i < 4; i++) {
      setGrads([a], i);
      opt.step();
    }
    const saved = opt.stateDict();
    const b = new Parameter(a.detach().clone());
    const other = new Adadelta([b]);
    other.loadStateDict(saved);
    expect(other.paramGroups[0]).toMatchObject({
      lr: 0.5,
      rho: 0.9,
      eps: 1e-5,
      weightDecay: 0,
      maximize: false,
    });
    const s = other.state.get(b)!;
    const ref = opt.state.get(a)!;
    expect(s.step).toBe(4);
    expect(s.squareAvg.storage).not.toBe(ref.squareAvg.storage);
    expect(s.accDelta.storage).not.toBe(ref.accDelta.storage);
    expect(Array.from(s.squareAvg.dataSync())).toEqual(Array.from(ref.squareAvg.dataSync()));
    expect(Array.from(s.accDelta.dataSync())).toEqual(Array.from(ref.accDelta.dataSync()));
    expect(other.stateDict().param_groups).toEqual(saved.param_groups);
    setGrads([a], 4);
    setGrads([b], 4);
    opt.step();
    other.step();
    expect(Array.from(b.dataSync())).toEqual(Array.from(a.dataSync()));
  });

  it("trains as in PyTorch's MNIST example: Adadelta(model.parameters(), lr=1.0) with StepLR(step_size=1)", () => {
    manualSeed(0);
    const model = new nn.Sequential(new nn.Linear(4, 16), new nn.ReLU(), new nn.Linear(16, 1));
    const x = randn([32, 4]);
    const y = x.sum(1, true);
    const criterion = new nn.MSELoss();
    const optimizer = new Adadelta(model.parameters(), { lr: 1.0 });
    const scheduler = new lrScheduler.StepLR(optimizer, { stepSize: 1, gamma: 0.7 });
    const lrs: number[] = [];
    const losses: number[] = [];
    for (let epoch = 0; epoch < 3; epoch++) {
      lrs.push(optimizer.paramGroups[0].lr);
      for (let i = 0; i < 20; i++) {
        scope(() => {
          optimizer.zeroGrad();
          const loss = criterion.forward(model.forward(x) as Tensor, y);
          loss.backward();
          optimizer.step();
          losses.push(loss.itemSync() as number);
        });
      }
      scheduler.step();
    }
    expect(lrs[0]).toBe(1);
    expect(lrs[1]).toBeCloseTo(0.7, 15);
    expect(lrs[2]).toBeCloseTo(0.49, 15);
    expect(losses.every(Number.isFinite)).toBe(true);
    expect(losses[losses.length - 1]).toBeLessThan(losses[0]);
  });
});
