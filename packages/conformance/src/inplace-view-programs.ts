/**
 * In-place writes through views of tensors that require grad (PyTorch's CopySlices and view
 * rebasing): the typetorch side of `fixtures/inplace-views.json`. `scripts/fixtures/inplace_views.py`
 * runs the same programs in PyTorch 1.13, by the same names. The gradient conformance cases
 * (`cases/inplace-views.ts`) replay them on every backend; `@typetorch/autograd`'s tests gradcheck them.
 *
 * The programs only use Tensor methods (and `zeros`), so this module needs no autograd import: the
 * runner installs the engine.
 */
import { type Tensor, zeros } from '@typetorch/tensor';
import fixtures from './fixtures/inplace-views.json' with { type: 'json' };

/** PyTorch 1.13's results for the programs, and the errors it raises for writes it refuses. */
export const INPLACE_VIEW_FIXTURES = fixtures;

/** A program's output, and the base and view whose `gradFn` names PyTorch reports. */
export type InplaceViewResult = [out: Tensor, base: Tensor, view?: Tensor];

/** A program: its inputs (leaves that require grad) in, its {@link InplaceViewResult} out; the same program runs in PyTorch 1.13. */
export type InplaceViewProgram = (...inputs: Tensor[]) => InplaceViewResult;

/** Each fixture case's program, by the fixture's name (the PyTorch side: `scripts/fixtures/inplace_views.py`). */
export const INPLACE_VIEW_PROGRAMS: Readonly<Record<string, InplaceViewProgram>> = {
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
    // PyTorch: torch.zeros(3, 4, dtype=float64); here the inputs' dtype and device, for every backend.
    const z = zeros([3, 4], { dtype: a.dtype, device: a.device });
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
    y.index(':', 0).add_(y.index(1, 0).clone());
    return [y, y];
  },
  advanced_on_view: (x, a) => {
    const y = x.mul(1);
    y.indexSet([0, [1, 3]], a);
    return [y, y];
  },
};
