/**
 * The PyTorch parity fixtures of convolution and pooling (`scripts/fixtures/conv.py`): groups
 * `pytorch:conv` and, with autograd, `pytorch-grad:conv`.
 */
import {
  adaptiveAvgPool2d,
  autogradEngine,
  avgPool2d,
  conv2d,
  type DType,
  fold,
  getBackend,
  maxPool2d,
  storageDType,
  type Tensor,
  tensor,
  unfold,
} from '@typetorch/tensor';
import { check, type ExpectedTensor, expectTensor, expectThrows, type Tolerance } from '../assert.js';
import type { ConformanceCase } from '../case.js';
import fixture from '../fixtures/conv.json' with { type: 'json' };

interface FixtureCase {
  name: string;
  op: 'conv2d' | 'maxPool2d' | 'avgPool2d' | 'adaptiveAvgPool2d' | 'unfold' | 'fold';
  args: Record<string, unknown>;
  inputs: (ExpectedTensor | null)[];
  expected: ExpectedTensor[];
  gradOutputs: (ExpectedTensor | null)[];
  grads: (ExpectedTensor | null)[];
  tol?: Tolerance;
}

const CASES = (fixture as unknown as { cases: FixtureCase[] }).cases;
const FIXTURE = 'fixtures/conv.json: ';

function fromSpec(spec: ExpectedTensor, device: string): Tensor {
  return tensor(spec.data as number[], { dtype: spec.dtype, device }).reshape([...spec.shape]);
}

/** Runs a fixture case's op through typetorch; every op returns a list of outputs. */
function runFixtureOp(c: FixtureCase, inputs: (Tensor | null)[]): Tensor[] {
  const a = c.args as Record<string, never>;
  const x = inputs[0]!;
  switch (c.op) {
    case 'conv2d':
      return [conv2d(x, inputs[1]!, inputs[2], a)];
    case 'maxPool2d':
      return maxPool2d(x, a.kernelSize, { ...(a as object), returnIndices: true });
    case 'avgPool2d':
      return [avgPool2d(x, a.kernelSize, a)];
    case 'adaptiveAvgPool2d':
      return [adaptiveAvgPool2d(x, a.outputSize)];
    case 'unfold':
      return [unfold(x, a.kernelSize, a)];
    case 'fold':
      return [fold(x, a.outputSize, a.kernelSize, a)];
  }
}

/** The dtype of the case the device does not store, if any. */
function missingDtype(c: FixtureCase, device: string): DType | undefined {
  const dtypes: DType[] = [...c.inputs, ...c.expected].flatMap((t) => (t === null ? [] : [t.dtype]));
  return dtypes.find((d) => !getBackend(device).capabilities.dtypes.includes(storageDType(d)));
}

/** On a device without the case's dtype, creating its inputs must fail with the clear error. */
function expectUnsupported(c: FixtureCase, device: string, dtype: DType): void {
  const created: Tensor[] = [];
  try {
    expectThrows(() => {
      for (const spec of c.inputs) if (spec !== null) created.push(fromSpec(spec, device));
    }, `does not support dtype ${dtype}`);
  } finally {
    for (const t of created) t.dispose();
  }
}

/** Float32 gradients go through a different chain of roundings than PyTorch's kernels. */
const GRAD_TOLERANCE: Partial<Record<DType, Tolerance>> = {
  float32: { rtol: 1e-4, atol: 1e-5 },
  float64: { rtol: 1e-9, atol: 1e-12 },
};

async function runForward(c: FixtureCase, device: string): Promise<void> {
  const missing = missingDtype(c, device);
  if (missing !== undefined) return expectUnsupported(c, device, missing);
  const inputs = c.inputs.map((spec) => (spec === null ? null : fromSpec(spec, device)));
  const outs = runFixtureOp(c, inputs);
  check(outs.length === c.expected.length, `${outs.length} outputs != ${c.expected.length}`);
  for (let i = 0; i < outs.length; i++) {
    await expectTensor(
      outs[i],
      c.expected[i],
      c.expected[i].dtype === 'int32' ? {} : (c.tol ?? {}),
      `output ${i}`,
    );
  }
}

async function runGradient(c: FixtureCase, device: string): Promise<void> {
  check(
    autogradEngine() !== undefined,
    "gradient cases need the autograd engine: the test runner must `import '@typetorch/autograd'`",
  );
  const missing = missingDtype(c, device);
  if (missing !== undefined) return expectUnsupported(c, device, missing);
  const leaves = c.inputs.map((spec) => (spec === null ? null : fromSpec(spec, device).requiresGrad_()));
  const outs = runFixtureOp(c, leaves);
  let total: Tensor | undefined;
  c.gradOutputs.forEach((spec, i) => {
    if (spec === null) return;
    const term = outs[i].mul(fromSpec(spec, device)).sum();
    total = total === undefined ? term : total.add(term);
  });
  check(total !== undefined, `${FIXTURE}no differentiable output`);
  total!.backward();
  for (let i = 0; i < c.grads.length; i++) {
    const expected = c.grads[i];
    const leaf = leaves[i];
    if (expected === null || leaf === null) {
      check(expected === null && leaf === null, `${FIXTURE}input ${i}: gradient and input disagree`);
      continue;
    }
    check(leaf.grad !== null, `grad of input ${i}: .grad is null, PyTorch has a gradient`);
    await expectTensor(leaf.grad!, expected, GRAD_TOLERANCE[expected.dtype] ?? {}, `grad of input ${i}`);
  }
}

/** The forward fixture cases, for every backend. */
export const convFixtureCases: ConformanceCase[] = CASES.map((c) => ({
  group: 'pytorch:conv',
  name: c.name,
  run: (device: string) => runForward(c, device),
}));

/** PyTorch gradient parity of convolution and pooling (needs `@typetorch/autograd`). */
export function convGradientCases(): ConformanceCase[] {
  return CASES.map((c) => ({
    group: 'pytorch-grad:conv',
    name: c.name,
    run: (device: string) => runGradient(c, device),
  }));
}
