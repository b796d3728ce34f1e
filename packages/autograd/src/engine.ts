/**
 * The engine installed into the tensor package's dispatch point: it records each top-level op whose
 * inputs require grad as a graph {@link Node}, and enforces PyTorch's rules on in-place ops.
 */
import { type AutogradEngine, type OpName, type OpRecord, opInfo, type Tensor } from '@typetorch/tensor';
import { backward } from './backward.js';
import { type Formula, formulaFor } from './formulas/registry.js';
import { isGradEnabled, noGrad } from './grad-mode.js';
import { attachOutputs, edgeOf, retainGrad } from './graph.js';
import { Node, SavedTensor } from './node.js';

/** View outputs whose base is a leaf that requires grad: in-place writes to them are refused. */
const viewsOfLeaves = new WeakSet<Tensor>();
/**
 * Views of tensors that require grad, with their storage version when taken. typetorch does not yet
 * replay view history after an in-place change (PyTorch's view rebasing), so writing through such a
 * view, or using one after its base changed, is refused rather than differentiated wrongly.
 */
const viewVersions = new WeakMap<Tensor, number>();

/**
 * In-place ops overwrite input 0; formulas that need its old value get a copy taken before the op.
 * `version` is input 0's version before the op, for saved inputs that share its storage.
 */
let pendingOldSelf: { name: OpName; target: Tensor; version: number; copy?: SavedTensor } | undefined;

function check(name: OpName, inputs: readonly Tensor[]): void {
  pendingOldSelf = undefined;
  if (!isGradEnabled()) return;
  for (const t of inputs) {
    const taken = viewVersions.get(t);
    if (taken !== undefined && taken !== t.storage.version && t.requiresGrad) {
      throw new Error(
        `${name}(): this view of a tensor that requires grad was taken before an in-place change to its data; its gradient would be wrong. Take the view again after the change (typetorch does not replay views yet).`,
      );
    }
  }
  if (!opInfo(name).inPlace || inputs.length === 0) return;
  const self = inputs[0];
  const anyRequires = inputs.some((t) => t.requiresGrad);
  if (!anyRequires) return;
  if (self.isLeaf && self.requiresGrad) {
    throw new Error('a leaf Variable that requires grad is being used in an in-place operation.');
  }
  if (viewsOfLeaves.has(self)) {
    throw new Error('a view of a leaf Variable that requires grad is being used in an in-place operation.');
  }
  if (viewVersions.has(self) && self.requiresGrad) {
    throw new Error(
      `${name}(): in-place operations on a view of a tensor that requires grad are not supported yet; apply the op out of place, or to a .clone() of the view.`,
    );
  }
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
  if (!isGradEnabled()) {
    pending?.copy?.release();
    return;
  }
  const edges = op.inputs.map(edgeOf);
  const info = opInfo(op.name);
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
  const node = new Node(formula, edges, op.attrs, meta, inputs, op.outputs);
  const base = op.inputs[0];
  const isView = info.view && base.requiresGrad;
  const viewOfLeaf = isView && (base.isLeaf || viewsOfLeaves.has(base));
  for (const out of attachOutputs(node, op.outputs)) {
    if (viewOfLeaf) viewsOfLeaves.add(out);
    if (isView && out.storage === base.storage) viewVersions.set(out, out.storage.version);
  }
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
    backward([tensor], gradient === undefined ? undefined : [gradient], options);
  },
  retainGrad,
};
