/**
 * In-place writes through views of tensors that require grad (PyTorch's CopySlices and view
 * rebasing), against PyTorch 1.13 on every backend: each case of `fixtures/inplace-views.json` runs its
 * program (`inplace-view-programs.ts`) on leaves that require grad, backpropagates the recorded
 * gradient and compares the output, the leaves' `.grad` and the `gradFn` names with PyTorch's.
 *
 * The fixtures are float64; a device without float64 (WebGPU) runs them in float32. Like the other
 * gradient cases, these need the autograd engine: the runner must `import '@typetorch/autograd'`.
 */
import { autogradEngine, type DType, getBackend, scope, type Tensor, tensor } from '@typetorch/tensor';
import { check, defaultTolerance, expectTensor, type Tolerance } from '../assert.js';
import type { ConformanceCase } from '../case.js';
import { INPLACE_VIEW_FIXTURES, INPLACE_VIEW_PROGRAMS } from '../inplace-view-programs.js';

type Fixture = (typeof INPLACE_VIEW_FIXTURES.cases)[number];

interface Encoded {
  readonly shape: readonly number[];
  readonly data: readonly number[];
}

const FIXTURE = 'inplace-views fixture: ';

const NO_ENGINE =
  "gradient cases need the autograd engine: the test runner must `import '@typetorch/autograd'`";

/** float64 where the device stores it (the fixtures' dtype), else float32. */
const dtypeFor = (device: string): DType =>
  getBackend(device).capabilities.dtypes.includes('float64') ? 'float64' : 'float32';

/**
 * float64 replays PyTorch's float64 arithmetic to a few ulps of chained ops (as the other gradient
 * fixtures); float32 gets its usual `assert_close` room, since the float64 fixtures are rounded on input.
 */
const toleranceFor = (dtype: DType): Tolerance =>
  dtype === 'float64' ? { rtol: 1e-9, atol: 1e-12 } : defaultTolerance(dtype);

/** Row-major fixture values on `device`, reshaped (so a tensor made to require grad is a leaf). */
const decode = (e: Encoded, device: string, dtype: DType): Tensor =>
  tensor([...e.data], { dtype, device }).reshape([...e.shape]);

/** Runs the program and backward in a scope that disposes their intermediates; returns what is read. */
function runProgram(c: Fixture, device: string, dtype: DType) {
  const program = INPLACE_VIEW_PROGRAMS[c.name];
  check(program !== undefined, `${FIXTURE}no typetorch program for '${c.name}'`);
  return scope(() => {
    const inputs = c.inputs.map((e) => decode(e, device, dtype).requiresGrad_());
    const [out, base, view] = program(...inputs);
    const baseGradFn = base.gradFn?.name ?? null;
    // PyTorch regenerates a stale view's grad_fn when it is read; typetorch when the view is used.
    if (view !== undefined) view.mul(1);
    const viewGradFn = view === undefined ? null : (view.gradFn?.name ?? null);
    check(out.requiresGrad, `output of '${c.name}' does not require grad`);
    out.backward(decode(c.gradOutput, device, dtype));
    return { inputs, out, baseGradFn, viewGradFn };
  });
}

async function runCase(c: Fixture, device: string): Promise<void> {
  check(autogradEngine() !== undefined, NO_ENGINE);
  check(
    c.grads.length === c.inputs.length,
    `${FIXTURE}${c.grads.length} grads for ${c.inputs.length} inputs`,
  );
  const dtype = dtypeFor(device);
  const tol = toleranceFor(dtype);
  const expected = (e: Encoded) => ({ shape: e.shape, dtype, data: e.data });
  const { inputs, out, baseGradFn, viewGradFn } = runProgram(c, device, dtype);
  try {
    await expectTensor(out, expected(c.output), tol, 'output');
    check(baseGradFn === c.baseGradFn, `base gradFn ${baseGradFn} != PyTorch's ${c.baseGradFn}`);
    check(viewGradFn === c.viewGradFn, `view gradFn ${viewGradFn} != PyTorch's ${c.viewGradFn}`);
    for (let i = 0; i < inputs.length; i++) {
      const grad = inputs[i].grad;
      check(grad !== null, `grad of input ${i}: .grad is null, PyTorch has a gradient`);
      await expectTensor(grad, expected(c.grads[i]), tol, `grad of input ${i}`);
    }
  } finally {
    for (const x of inputs) {
      x.grad?.dispose();
      x.grad = null;
      x.dispose();
    }
    out.dispose();
  }
}

/** One gradient case per fixture case, in the group `pytorch-grad:inplace-views`. */
export function inplaceViewGradientCases(): ConformanceCase[] {
  return INPLACE_VIEW_FIXTURES.cases.map((c) => ({
    group: 'pytorch-grad:inplace-views',
    name: c.name,
    run: (device: string) => runCase(c, device),
  }));
}
