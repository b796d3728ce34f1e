/**
 * In-place writes through views of tensors that require grad (CopySlices and view rebasing),
 * against PyTorch 1.13: fixtures/inplace-views.json (scripts/fixtures/inplace_views.py runs the same
 * programs in PyTorch, by the same names).
 */
import '@typetorch/backend-cpu';
import { memory, scope, type Tensor, tensor, unbind, zeros } from '@typetorch/tensor';
import { describe, expect, it } from 'vitest';
import fixtures from './fixtures/inplace-views.json' with { type: 'json' };
import { grad, gradcheck, noGrad } from './index.js';

interface Encoded {
  readonly shape: readonly number[];
  readonly data: readonly number[];
}

/** A program's output, and the base and view whose gradFn names PyTorch reports. */
type Result = [out: Tensor, base: Tensor, view?: Tensor];

const F64 = { dtype: 'float64' } as const;

const PROGRAMS: Record<string, (...inputs: Tensor[]) => Result> = {
  sel_mul: (x) => {
    const y = x.mul(2);
    const v = y.index(':', 1);
    v.mul_(2);
    return [y, y, v];
  },
  setitem_scalar: (x) => {
    const y = x.mul(2);
    y.indexSet([':', 1], 0);
    return [y, y];
  },
  ellipsis_mul: (x) => {
    const h = x.pow(2);
    h.index('...', 0).mul_(2);
    return [h, h];
  },
  narrow_add: (x, b) => {
    const out = x.mul(3);
    const v = out.narrow(1, 0, 2);
    v.add_(b);
    return [out, out, v];
  },
  setitem_tensor: (x, a) => {
    const y = x.mul(1);
    y.indexSet([0], a);
    return [y, y];
  },
  transpose_row_mul: (x, a) => {
    const t = x.mul(1);
    const v = t.t().index(1);
    v.mul_(a);
    return [t, t, v];
  },
  diagonal_add: (x, c) => {
    const z = x.mul(x);
    const d = z.diagonal();
    d.add_(c);
    return [z, z, d];
  },
  zeros_buffer: (a, b) => {
    const z = zeros([3, 4], F64);
    z.indexSet(['1:'], a);
    z.indexSet([0, '1:3'], b.mul(2));
    return [z, z];
  },
  stale_view: (x) => {
    const y = x.mul(2);
    const w = y.index(0);
    y.index(':', 1).exp_();
    return [y.mul(1).add(w.sum()), y, w];
  },
  view_of_view: (x, s) => {
    const y = x.sin();
    const v = y.index('1:');
    v.index(':', 2).div_(s);
    return [y, y, v];
  },
  double_write: (x, a) => {
    const y = x.mul(2);
    y.indexSet([0], a);
    y.indexSet([1], y.index(0).mul(2));
    return [y, y];
  },
  base_inplace_then_view: (x) => {
    const y = x.mul(1);
    const r = y.index('1:', '::2');
    y.mul_(3);
    return [r.mul(r), y, r];
  },
  slice_step_sub: (x, b) => {
    const y = x.tanh().mul(1);
    y.index(':', '::2').sub_(b);
    return [y, y];
  },
  two_views_chain: (x) => {
    const y = x.mul(1);
    y.index(0).mul_(2);
    y.index(':', 0).add_(y.index(1, 0));
    return [y, y];
  },
  advanced_on_view: (x, a) => {
    const y = x.mul(1);
    y.indexSet([0, [1, 3]], a);
    return [y, y];
  },
};

const decode = (e: Encoded) => tensor([...e.data], F64).reshape([...e.shape]);
const values = (t: Tensor | null) => Array.from(t!.dataSync());

function expectClose(actual: Tensor | null, expected: Encoded): void {
  expect(actual).not.toBeNull();
  expect(actual!.shape).toEqual(expected.shape);
  const got = values(actual);
  expected.data.forEach((v, i) => {
    expect(got[i]).toBeCloseTo(v, 10);
  });
}

describe('in-place writes through views match PyTorch 1.13', () => {
  it('covers every pattern of the fixture', () => {
    expect(Object.keys(PROGRAMS).sort()).toEqual(fixtures.cases.map((c) => c.name).sort());
  });

  for (const c of fixtures.cases) {
    it(`${c.name}: output, gradients and grad_fn names`, () => {
      const inputs = c.inputs.map((e) => decode(e).requiresGrad_());
      const [out, base, view] = PROGRAMS[c.name](...inputs);
      expectClose(out, c.output);
      expect(base.gradFn?.name).toBe(c.baseGradFn);
      // PyTorch regenerates a stale view's grad_fn when it is read; typetorch when the view is used.
      if (view !== undefined) view.mul(1);
      if (view !== undefined) expect(view.gradFn?.name).toBe(c.viewGradFn);
      const grads = grad(out, inputs, decode(c.gradOutput));
      grads.forEach((g, i) => {
        expectClose(g, c.grads[i]);
      });
    });
  }

  const checked = [
    'sel_mul',
    'narrow_add',
    'transpose_row_mul',
    'diagonal_add',
    'zeros_buffer',
    'view_of_view',
  ];
  for (const name of checked) {
    it(`${name}: gradcheck in float64`, () => {
      const c = fixtures.cases.find((k) => k.name === name)!;
      const inputs = c.inputs.map((e) => decode(e).requiresGrad_());
      expect(gradcheck((...xs) => PROGRAMS[name](...xs)[0], inputs)).toBe(true);
    });
  }
});

describe('in-place writes through views that PyTorch refuses', () => {
  const message = (name: string) => fixtures.errors.find((e) => e.name === name)!.message;
  const leaf = () => tensor([1, 1, 1], { ...F64, requiresGrad: true });

  it('a leaf that requires grad, and a view of one', () => {
    expect(() => leaf().mul_(2)).toThrow(message('leaf'));
    expect(() => leaf().index(0).mul_(2)).toThrow(message('leaf_view'));
    const x = leaf();
    const v = x.index(0);
    noGrad(() => v.mul_(2)); // an optimizer's step: allowed
    expect(values(x)).toEqual([2, 1, 1]);
  });

  it('a view made in no-grad mode, written with grad mode on', () => {
    const y = leaf().mul(1);
    const v = noGrad(() => y.index('0:2'));
    expect(() => v.mul_(2)).toThrow(message('no_grad_view'));
  });

  it('an expanded view, and one of several views made by one op', () => {
    expect(() => leaf().mul(1).index(0).expand(2).add_(1)).toThrow(message('expanded'));
    const y = tensor(Array(12).fill(1), { ...F64, requiresGrad: true })
      .mul(1)
      .reshape([3, 4]);
    expect(() => unbind(y, 0)[1].mul_(2)).toThrow(message('unbind'));
  });

  it('a saved view overwritten by a later write to its base', () => {
    const x = leaf();
    const b = tensor(1, { ...F64, requiresGrad: true });
    const y = x.mul(2);
    y.indexSet([1], b.mul(y.index(0)));
    y.indexSet([2], 1);
    const prefix = message('saved_then_written').split(':')[0];
    expect(prefix).toBe(
      'one of the variables needed for gradient computation has been modified by an inplace operation',
    );
    expect(() => y.sum().backward()).toThrow(prefix);
  });

  it('twice-differentiating through a write to a view is refused, not wrong', () => {
    const x = leaf();
    const y = x.mul(x);
    y.index(0).mul_(3);
    expect(() => grad(y.sum(), x, null, { createGraph: true })).toThrow(
      'CopySlices: differentiating twice through an in-place write to a view is not supported yet',
    );
    const [g] = grad(y.sum(), x);
    expect(values(g)).toEqual([6, 2, 2]);
  });
});

describe('memory', () => {
  it('writes through views in a loop leave nothing behind', () => {
    const x = tensor(Array(12).fill(0.5), { ...F64, requiresGrad: true }).reshape([3, 4]);
    const step = () =>
      scope(() => {
        const [out] = PROGRAMS.stale_view(x);
        const [g] = grad(out.sum(), x);
        const n = values(g).length;
        g!.dispose(); // grad() hands its results to the caller, outside the scope
        return n;
      });
    for (let i = 0; i < 3; i++) step();
    const before = memory('cpu');
    for (let i = 0; i < 50; i++) step();
    const after = memory('cpu');
    expect(after.numTensors).toBe(before.numTensors);
    expect(after.numBytes).toBe(before.numBytes);
  });
});
