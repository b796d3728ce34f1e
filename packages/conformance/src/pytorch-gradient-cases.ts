/**
 * PyTorch gradient parity cases: for every fixture case that recorded `grads` (see
 * `scripts/generate_fixtures.py`), creates the floating inputs as leaves that require grad, runs the op,
 * backpropagates the recorded `gradOutputs` and compares each leaf's `.grad` with PyTorch's.
 *
 * This package does not depend on `@typetorch/autograd`: these cases only use the Tensor methods
 * (`requiresGrad`, `backward`, `.grad`), and the runner must `import '@typetorch/autograd'`.
 */
import * as torch from '@typetorch/tensor';
import { autogradEngine, type DType, isFloating, type Tensor } from '@typetorch/tensor';
import {
  check,
  decodeValue,
  type ExpectedTensor,
  expectTensor,
  expectThrows,
  type Tolerance,
} from './assert.js';
import type { ConformanceCase } from './case.js';
import {
  applyLayout,
  asFloat32,
  decodeScalar,
  dtypesOf,
  FILES,
  FIXTURE,
  type FixtureCase,
  type FixtureFile,
  type FixtureInput,
  type FixtureOp,
  layoutSteps,
  missingCapability,
  OPS,
  type Operand,
  outputsOf,
  unsupportedDtypeError,
} from './pytorch-cases.js';

/**
 * Gradients go through a chain of ops whose order differs from PyTorch's fused backward kernels, so
 * float32 gets more room than the forward cases; float64 stays tight.
 */
const GRAD_TOLERANCE: Partial<Record<DType, Tolerance>> = {
  float32: { rtol: 1e-4, atol: 1e-5 },
  float64: { rtol: 1e-9, atol: 1e-12 },
};

const NO_ENGINE =
  "gradient cases need the autograd engine: the test runner must `import '@typetorch/autograd'`";

/** A tensor from fixture data: row-major values, then reshaped. */
function fromExpected(spec: ExpectedTensor, device: string, created: Tensor[]): Tensor {
  const flat = torch.tensor(spec.data.map(decodeValue), { dtype: spec.dtype, device });
  created.push(flat);
  const shaped = flat.reshape([...spec.shape]);
  created.push(shaped);
  return shaped;
}

/**
 * An operand as the generator built it, plus its leaf: a floating tensor input is created (row-major
 * data, reshaped) and then made to require grad, so the leaf has the stored shape; the layout steps
 * (transpose, slice, expand, ...) are applied after, as recorded ops on the leaf.
 */
function makeLeafInput(
  spec: FixtureInput,
  device: string,
  created: Tensor[],
): { operand: Operand; leaf: Tensor | null } {
  if ('scalar' in spec) return { operand: decodeScalar(spec.scalar), leaf: null };
  let x = fromExpected(spec, device, created);
  const leaf = isFloating(spec.dtype) ? x.requiresGrad_() : null;
  for (const step of layoutSteps(spec.layout)) {
    x = applyLayout(x, step);
    created.push(x);
  }
  return { operand: x, leaf };
}

/** Every dtype the case touches, its gradients included. */
function gradDtypesOf(c: FixtureCase): DType[] {
  const dtypes = dtypesOf(c);
  for (const g of [...(c.gradOutputs ?? []), ...(c.grads ?? [])]) if (g) dtypes.push(g.dtype);
  return dtypes;
}

async function runGradientCase(c: FixtureCase, device: string): Promise<void> {
  check(autogradEngine() !== undefined, NO_ENGINE);
  const op = OPS[c.op as FixtureOp];
  check(op !== undefined, `${FIXTURE}no typetorch op for '${c.op}'`);
  const { grads, gradOutputs } = c;
  check(grads !== undefined && gradOutputs !== undefined, `${FIXTURE}case has no grads`);
  check(grads.length === c.inputs.length, `${FIXTURE}${grads.length} grads for ${c.inputs.length} inputs`);
  const created: Tensor[] = [];
  const leaves: (Tensor | null)[] = [];
  // Without a dtype the case needs, building it must fail with the device's clear error.
  const missing = missingCapability(gradDtypesOf(c), c.requires, device);
  check(missing !== 'syncRead', `${FIXTURE}gradient cases must not depend on synchronous reads`);
  if (missing !== null) {
    try {
      expectThrows(() => {
        const inputs = c.inputs.map((spec) => makeLeafInput(spec, device, created).operand);
        created.push(...outputsOf(op(inputs, c.args, device)));
      }, unsupportedDtypeError(missing));
    } finally {
      for (const t of created) t.dispose();
    }
    return;
  }
  try {
    const inputs = c.inputs.map((spec) => {
      const { operand, leaf } = makeLeafInput(spec, device, created);
      leaves.push(leaf);
      return operand;
    });
    const out = outputsOf(op(inputs, c.args, device));
    created.push(...out);
    check(out.length === gradOutputs.length, `${out.length} outputs != ${gradOutputs.length} gradOutputs`);

    // Backpropagate the recorded gradient of each differentiable output: one output takes it as
    // backward's argument; several (max with a dim, split, ...) backpropagate sum(out_i * gradOutput_i).
    const roots: [Tensor, Tensor][] = [];
    gradOutputs.forEach((spec, i) => {
      if (spec === null) return;
      check(out[i].requiresGrad, `output ${i} does not require grad (no gradient recorded for '${c.op}')`);
      roots.push([out[i], fromExpected(spec, device, created)]);
    });
    check(roots.length > 0, `${FIXTURE}no differentiable output`);
    if (roots.length === 1) {
      const [o, g] = roots[0];
      o.backward(g);
    } else {
      let total: Tensor | undefined;
      for (const [o, g] of roots) {
        const product = o.mul(g);
        const s = product.sum();
        created.push(product, s);
        if (total !== undefined) {
          total = total.add(s);
          created.push(total);
        } else total = s;
      }
      total!.backward();
    }

    for (let i = 0; i < grads.length; i++) {
      const expected = grads[i];
      const leaf = leaves[i];
      if (expected === null) {
        check(leaf === null, `${FIXTURE}input ${i} requires grad but has no recorded gradient`);
        continue;
      }
      check(leaf !== null, `${FIXTURE}input ${i} has a recorded gradient but is not a floating tensor`);
      const grad = leaf.grad;
      check(grad !== null, `grad of input ${i}: .grad is null, PyTorch has a gradient`);
      await expectTensor(
        grad,
        asFloat32(expected),
        GRAD_TOLERANCE[expected.dtype] ?? {},
        `grad of input ${i}`,
      );
    }
  } finally {
    for (const leaf of leaves) {
      leaf?.grad?.dispose();
      if (leaf !== null) leaf.grad = null;
    }
    for (const t of created) t.dispose();
  }
}

/** Every PyTorch fixture case that recorded gradients, in groups named `pytorch-grad:<group>`. */
export function pytorchGradientCases(): ConformanceCase[] {
  return (FILES as FixtureFile[]).flatMap((file) =>
    file.cases
      .filter((c) => c.grads !== undefined)
      .map((c) => ({
        group: `pytorch-grad:${file.group}`,
        name: c.name,
        run: (device: string) => runGradientCase(c, device),
      })),
  );
}
