/**
 * The engine installed into the tensor package's dispatch point: it records each top-level op whose
 * inputs require grad as a graph {@link Node}, and enforces PyTorch's rules on in-place ops. In-place
 * ops on views (CopySlices) and views used after their base changed are in inplace-views.ts.
 */
import { type AutogradEngine, type OpName, type OpRecord, opInfo, type Tensor } from '@typetorch/tensor';
import { backward } from './backward.js';
import { type Formula, formulaFor, nodeName } from './formulas/registry.js';
import { isGradEnabled, noGrad } from './grad-mode.js';
import { attachOutputs, edgeOf, retainGrad } from './graph.js';
import { checkInPlaceOnView, gradViewBase, recordOnView, refreshView, trackViews } from './inplace-views.js';
import { Node, SavedTensor } from './node.js';
import { registerHook } from './tensor-hooks.js';

/**
 * In-place ops overwrite input 0; formulas that need its old value get a copy taken before the op.
 * `version` is input 0's version before the op, for saved inputs that share its storage.
 */
let pendingOldSelf: { name: OpName; target: Tensor; version: number; copy?: SavedTensor } | undefined;

function check(name: OpName, inputs: readonly Tensor[]): void {
  pendingOldSelf = undefined;
  if (!isGradEnabled()) return;
  for (const t of inputs) refreshView(name, t);
  if (!opInfo(name).inPlace || inputs.length === 0) return;
  const self = inputs[0];
  const anyRequires = inputs.some((t) => t.requiresGrad);
  if (self.isLeaf && self.requiresGrad) {
    throw new Error('a leaf Variable that requires grad is being used in an in-place operation.');
  }
  checkInPlaceOnView(name, self, anyRequires);
  if (!anyRequires) return;
  const version = self.storage.version;
  let saved: SavedTensor | undefined;
  const needs = inputs.map((t) => t.requiresGrad);
  if (savedInputs(formulaFor(name), needs).includes(0)) {
    const copy = noGrad(() => self.clone()); // dispatches, so set pendingOldSelf only afterwards
    saved = new SavedTensor(copy, edgeOf(self));
    copy.dispose();
  }
  pendingOldSelf = { name, target: self, version, ...(saved === undefined ? {} : { copy: saved }) };
}

function savedInputs(formula: Formula | undefined, needs: readonly boolean[]): readonly number[] {
  const saves = formula?.saveInputs;
  return typeof saves === 'function' ? saves(needs) : (saves ?? []);
}

function record(op: OpRecord): void {
  const pending = pendingOldSelf;
  pendingOldSelf = undefined;
  const info = opInfo(op.name);
  if (info.view && op.inputs.length > 0) {
    const formula = op.outputs.length > 1 ? formulaFor(op.name) : undefined;
    const node = formula === undefined ? op.name : nodeName(formula, op.inputs);
    trackViews(op.inputs[0], op.outputs, isGradEnabled(), node);
  }
  if (!isGradEnabled()) {
    pending?.copy?.release();
    return;
  }
  const edges = op.inputs.map(edgeOf);
  if (edges.every((e) => e === null) || info.differentiable === false) {
    pending?.copy?.release();
    return;
  }
  const formula = formulaFor(op.name) ?? missingFormula(op.name);
  const inputs: (Tensor | SavedTensor)[] = [...op.inputs];
  if (pending !== undefined && pending.name === op.name && pending.target === op.inputs[0]) {
    if (pending.copy !== undefined) inputs[0] = pending.copy;
    // A saved input that shares storage with input 0 (`y.mul_(y)`, `y.mul_(y[0])`) was overwritten
    // by the op: saving it at its version from before the op makes backward report that, as
    // PyTorch does, instead of using the new values.
    const saves = savedInputs(
      formula,
      edges.map((e) => e !== null),
    );
    for (const i of saves) {
      const t = op.inputs[i];
      if (i > 0 && t !== undefined && t.storage === pending.target.storage)
        inputs[i] = new SavedTensor(t, edges[i], pending.version);
    }
  }
  const meta = op.inputs.map((t) => ({ shape: t.shape, dtype: t.dtype, device: t.device }));
  if (info.inPlace && gradViewBase(op.inputs[0]) !== undefined) {
    recordOnView(op.inputs[0], { formula, attrs: op.attrs, inputs, edges, meta });
    return;
  }
  attachOutputs(new Node(formula, edges, op.attrs, meta, inputs, op.outputs), op.outputs);
}

/** An op marked `differentiable: 'notImplemented'` (a `true` one without a formula fails a coverage test). */
function missingFormula(name: OpName): Formula {
  return {
    node: `${name}Backward`,
    backward(): never {
      throw new Error(`the derivative for '${name}' is not implemented`);
    },
  };
}

/** The engine object installed into `@typetorch/tensor`. */
export const engine: AutogradEngine = {
  check,
  record,
  backward(tensor, gradient, options) {
    if (isGradEnabled()) refreshView('backward', tensor);
    backward([tensor], gradient === undefined ? undefined : [gradient], options);
  },
  retainGrad,
  registerHook,
};
