/**
 * PyTorch parity of issue 17's small items: replays packages/nn/src/fixtures/nn_misc17.json (written by
 * scripts/fixtures/nn_misc17.py from PyTorch 1.13) in float32: Softmax2d, F.ctcLoss / nn.CTCLoss
 * (values and gradients w.r.t. the logits under a logSoftmax) and Module.registerFullBackwardHook
 * (grad_input / grad_output seen by the hooks, their order, a replaced grad_input); gradchecks in float64.
 */
import '@typetorch/backend-cpu';
import { gradcheck, noGrad } from '@typetorch/autograd';
import { type ExpectedTensor, expectTensor } from '@typetorch/conformance';
import { type DType, randn, type Tensor, tensor } from '@typetorch/tensor';
import { describe, expect, it } from 'vitest';
import fixture from './fixtures/nn_misc17.json' with { type: 'json' };
import { CTCLoss, F, Linear, type Module, Sequential, Softmax2d, Tanh } from './index.js';

type Encoded = { shape: number[]; dtype: string; data: (number | string)[] };
interface Case {
  name: string;
  op: string;
  inputs: Record<string, Encoded>;
  args: Record<string, unknown>;
  expected: { out: Encoded };
  gradOutput?: Encoded;
  grads?: Record<string, Encoded>;
}

const make = (e: Encoded, dtype?: DType): Tensor =>
  tensor(e.data as number[], { dtype: dtype ?? (e.dtype as DType) }).reshape(e.shape);
const asExpected = (e: Encoded) => e as unknown as ExpectedTensor;
const TOL = { rtol: 1e-5, atol: 1e-5 };
const cases = (fixture.cases as unknown as Case[]).filter((c) => c.op === 'softmax2d' || c.op === 'ctcLoss');

function run(c: Case, x: Tensor): Tensor {
  if (c.op === 'softmax2d') return new Softmax2d().forward(x);
  const a = c.args as {
    blank: number;
    reduction: 'mean' | 'sum' | 'none';
    zeroInfinity: boolean;
    asList: boolean;
  };
  const lengths = (e: Encoded) => (a.asList ? (e.data as number[]) : make(e));
  const lp = F.logSoftmax(x, -1);
  return F.ctcLoss(
    lp,
    make(c.inputs.targets),
    lengths(c.inputs.inputLengths),
    lengths(c.inputs.targetLengths),
    {
      blank: a.blank,
      reduction: a.reduction,
      zeroInfinity: a.zeroInfinity,
    },
  );
}

describe('Softmax2d and CTCLoss: PyTorch 1.13 fixtures', () => {
  it.each(cases.map((c) => [c.name, c] as const))('%s', async (_name, c) => {
    const x = make(c.inputs.x).requiresGrad_();
    const out = run(c, x);
    await expectTensor(out, asExpected(c.expected.out), TOL, 'out');
    if (c.gradOutput === undefined) return;
    out.backward(make(c.gradOutput));
    await expectTensor(x.grad!, asExpected(c.grads!.x), { rtol: 1e-4, atol: 1e-5 }, 'x.grad');
  });

  it('print as PyTorch', () => {
    const made: Record<string, Module> = {
      Softmax2d: new Softmax2d(),
      CTCLoss: new CTCLoss(),
      'CTCLoss(blank=2, reduction=sum, zeroInfinity)': new CTCLoss(2, 'sum', true),
    };
    for (const { key, repr } of fixture.reprs) if (key in made) expect(made[key].toString()).toBe(repr);
  });

  it("PyTorch's errors", () => {
    const m = new Softmax2d();
    expect(() => m.forward(randn([2, 3]))).toThrow('Softmax2d requires a 3D or 4D tensor as input');
    expect(() => m.forward(randn([2, 3, 4, 5, 6]))).toThrow('Softmax2d requires a 3D or 4D tensor as input');
    const lp = randn([5, 2, 4]).logSoftmax(2);
    const t = tensor(
      [
        [1, 1],
        [2, 3],
      ],
      { dtype: 'int64' },
    );
    expect(() => F.ctcLoss(lp, t, [5], [2, 2])).toThrow('input_lengths must be of size batch_size');
    expect(() => F.ctcLoss(lp, t, [5, 5], [2])).toThrow('target_lengths must be of size batch_size');
    expect(() => F.ctcLoss(lp, t, [5, 5], [2, 2], 4)).toThrow('blank must be in label range');
    expect(() => F.ctcLoss(lp, t, [6, 5], [2, 2])).toThrow(
      'Expected input_lengths to have value at most 5, but got value 6 (while checking arguments for ctc_loss_cpu)',
    );
    expect(() => F.ctcLoss(randn([5, 4, 2, 1]), t, [5], [2])).toThrow(
      "Expected 3-dimensional tensor, but got 5-dimensional tensor for argument #1 'log_probs'",
    );
    expect(() => new CTCLoss(0, 'mean', false, { blank: 1 })).toThrow(TypeError);
    expect(() =>
      (F.ctcLoss as (...a: unknown[]) => unknown)(lp, t, [5, 5], [2, 2], 0, 'mean', false, 1),
    ).toThrow(TypeError);
  });

  it('nn.CTCLoss is F.ctcLoss with its settings', async () => {
    const lp = randn([6, 2, 5]).logSoftmax(2);
    const t = tensor(
      [
        [1, 2, 2],
        [3, 0, 0],
      ],
      { dtype: 'int64' },
    );
    const m = new CTCLoss({ blank: 4, reduction: 'none' });
    const expected = F.ctcLoss(lp, t, [6, 6], [3, 1], 4, 'none');
    expect(await m.forward(lp, t, [6, 6], [3, 1]).data()).toEqual(await expected.data());
  });
});

describe('gradcheck (float64)', () => {
  it('Softmax2d', () => {
    const x = randn([2, 3, 2, 2], { dtype: 'float64' }).requiresGrad_();
    expect(gradcheck((t) => new Softmax2d().forward(t), [x])).toBe(true);
  });

  it('ctcLoss w.r.t. log-probabilities and through logSoftmax', () => {
    const x = randn([7, 2, 4], { dtype: 'float64' }).requiresGrad_();
    const t = tensor(
      [
        [1, 1, 3],
        [2, 0, 0],
      ],
      { dtype: 'int64' },
    );
    for (const reduction of ['mean', 'none'] as const) {
      expect(gradcheck((v) => F.ctcLoss(v.logSoftmax(2), t, [7, 6], [3, 1], 0, reduction), [x])).toBe(true);
      expect(gradcheck((v) => F.ctcLoss(v, t, [7, 6], [3, 1], 0, reduction), [x])).toBe(true);
    }
    const cat = tensor([1, 2, 2, 3], { dtype: 'int64' });
    expect(gradcheck((v) => F.ctcLoss(v.logSoftmax(2), cat, [7, 7], [3, 1], { blank: 3 }), [x])).toBe(true);
  });

  it('full backward hooks on a two-input module, recording and replacing', async () => {
    class Bilinear2 extends Linear {
      override forward(a: Tensor, b?: Tensor): Tensor {
        return super.forward(a).mul(b!);
      }
    }
    const m = new Bilinear2(3, 2).to('float64');
    const seen: number[][] = [];
    const handle = m.registerFullBackwardHook((_m, gi, go) => {
      seen.push([...gi.map((g) => g?.numel() ?? -1), ...go.map((g) => g?.numel() ?? -1)]);
    });
    const a = randn([4, 3], { dtype: 'float64' }).requiresGrad_();
    const b = randn([4, 2], { dtype: 'float64' }).requiresGrad_();
    expect(gradcheck((u, v) => m.forward(u, v), [a, b])).toBe(true);
    expect(seen[0]).toEqual([12, 8, 8]);
    handle.remove();
    // A hook scaling grad_input by 3 scales the gradients of the inputs, not of the parameters.
    const plain = m.forward(a, b).sum();
    plain.backward();
    const [ga, gb, gw] = [a.grad!.clone(), b.grad!.clone(), m.weight.grad!.clone()];
    a.grad = b.grad = null;
    m.zeroGrad();
    m.registerFullBackwardHook((_m, gi) => gi.map((g) => g?.mul(3) ?? null));
    m.forward(a, b.detach()).sum().backward();
    expect(await a.grad!.data()).toEqual(await ga.mul(3).data());
    expect(b.grad).toBe(null);
    expect(gb.numel()).toBe(8);
    expect(await m.weight.grad!.data()).toEqual(await gw.data());
  });
});

interface HookRun {
  x: Encoded;
  gradOutput: Encoded;
  events: { module: string; gradInput: (Encoded | null)[]; gradOutput: (Encoded | null)[] }[];
  xGrad: Encoded | null;
  paramGrads: Record<string, Encoded>;
}

describe('registerFullBackwardHook: PyTorch 1.13 fixture', () => {
  const hooks = fixture.hooks as unknown as { state: Record<string, Encoded> } & Record<string, HookRun>;
  it.each(['xRequiresGrad', 'xNoGrad'])('%s', async (key) => {
    const r = hooks[key];
    const model = new Sequential(new Linear(3, 4), new Tanh(), new Linear(4, 2)).to('float64');
    noGrad(() => {
      for (const [name, p] of model.namedParameters()) p.copy_(make(hooks.state[name], 'float64'));
    });
    const events: { module: string; gradInput: (Tensor | null)[]; gradOutput: (Tensor | null)[] }[] = [];
    const record =
      (name: string, replace = false) =>
      (_m: Module, gradInput: (Tensor | null)[], gradOutput: (Tensor | null)[]) => {
        events.push({ module: name, gradInput, gradOutput });
        return replace ? gradInput.map((g) => g?.mul(2) ?? null) : undefined;
      };
    const handles = [
      model.registerFullBackwardHook(record('seq')),
      model.at(0).registerFullBackwardHook(record('0')),
      model.at(2).registerFullBackwardHook(record('2', true)),
    ];
    const x = make(r.x, 'float64').requiresGrad_(key === 'xRequiresGrad');
    (model.forward(x) as Tensor).backward(make(r.gradOutput, 'float64'));
    for (const h of handles) h.remove();
    expect(events.map((e) => e.module)).toEqual(r.events.map((e) => e.module));
    for (const [i, e] of r.events.entries()) {
      const ours = events[i];
      for (const side of ['gradInput', 'gradOutput'] as const) {
        expect(ours[side].map((g) => g === null)).toEqual(e[side].map((g) => g === null));
        for (const [j, g] of e[side].entries()) {
          if (g !== null)
            await expectTensor(ours[side][j]!.float(), asExpected(g), TOL, `${e.module} ${side}[${j}]`);
        }
      }
    }
    if (r.xGrad !== null) await expectTensor(x.grad!.float(), asExpected(r.xGrad), TOL, 'x.grad');
    else expect(x.grad).toBe(null);
    for (const [name, p] of model.namedParameters()) {
      await expectTensor(p.grad!.float(), asExpected(r.paramGrads[name]), TOL, `${name}.grad`);
    }
    // Removed hooks no longer run.
    events.length = 0;
    model.zeroGrad();
    (model.forward(x) as Tensor).sum().backward();
    expect(events).toEqual([]);
  });
});
