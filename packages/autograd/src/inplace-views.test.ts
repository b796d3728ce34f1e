/**
 * In-place writes through views of tensors that require grad (CopySlices and view rebasing),
 * against PyTorch 1.13: the programs and fixtures of `@typetorch/conformance`
 * (`inplace-view-programs.ts`; scripts/fixtures/inplace_views.py runs the same programs in PyTorch,
 * by the same names). Every backend replays them in its gradient conformance run
 * (group 'pytorch-grad:inplace-views'); here, on the CPU in float64, with gradchecks and the errors.
 */
import '@typetorch/backend-cpu';
import { INPLACE_VIEW_FIXTURES as fixtures, INPLACE_VIEW_PROGRAMS as PROGRAMS } from '@typetorch/conformance';
import { memory, scope, type Tensor, tensor, unbind } from '@typetorch/tensor';
import { describe, expect, it } from 'vitest';
import { grad, gradcheck, noGrad } from './index.js';

interface Encoded {
  readonly shape: readonly number[];
  readonly data: readonly number[];
}

const F64 = { dtype: 'float64' } as const;

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
