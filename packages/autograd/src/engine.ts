/**
 * The engine installed into the tensor package's dispatch point: it records each top-level op whose
 * inputs require grad as a graph {@link Node}, and enforces PyTorch's rules on in-place ops.
 */
import type { AutogradEngine, OpRecord, Tensor } from '@typetorch/tensor';
import { backward } from './backward.js';
import { type Formula, formulaFor, isNonDifferentiable } from './formulas/registry.js';
import { isGradEnabled, noGrad } from './grad-mode.js';
import { attachOutputs, edgeOf } from './graph.js';
import { Node, SavedTensor } from './node.js';

/** View outputs whose base is a leaf that requires grad: in-place writes to them are refused. */
const viewsOfLeaves = new WeakSet<Tensor>();
const VIEW_OPS = new Set(['view', 'reshape', 'permute', 'expand', 'unsqueeze', 'squeeze', 'slice', 'select']);

/** The formula of an in-place op is its out-of-place op's (`add_` differentiates as `add`). */
function formulaName(name: string): string {
  return name.endsWith('_') && formulaFor(name) === undefined ? name.slice(0, -1) : name;
}

/**
 * In-place ops overwrite input 0; formulas that need its old value get a copy taken before the op.
 * `version` is input 0's version before the op, for saved inputs that share its storage.
 */
let pendingOldSelf: { name: string; target: Tensor; version: number; copy?: SavedTensor } | undefined;

function check(name: string, inputs: readonly Tensor[]): void {
  pendingOldSelf = undefined;
  if (!name.endsWith('_') || !isGradEnabled() || inputs.length === 0) return;
  const self = inputs[0];
  const anyRequires = inputs.some((t) => t.requiresGrad);
  if (!anyRequires) return;
  if (self.isLeaf && self.requiresGrad) {
    throw new Error('a leaf Variable that requires grad is being used in an in-place operation.');
  }
  if (viewsOfLeaves.has(self)) {
    throw new Error('a view of a leaf Variable that requires grad is being used in an in-place operation.');
  }
  const version = self.storage.version;
  let saved: SavedTensor | undefined;
  if (savedInputs(formulaFor(formulaName(name)), inputs.map((t) => t.requiresGrad)).includes(0)) {
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
  if (edges.every((e) => e === null) || isNonDifferentiable(op.name)) {
    pending?.copy?.release();
    return;
  }
  const name = formulaName(op.name);
  const formula = formulaFor(name) ?? missingFormula(op.name);
  const inputs: (Tensor | SavedTensor)[] = [...op.inputs];
  if (pending !== undefined && pending.name === op.name && pending.target === op.inputs[0]) {
    if (pending.copy !== undefined) inputs[0] = pending.copy;
    // A saved input that shares storage with input 0 (`y.mul_(y)`, `y.mul_(y[0])`) was overwritten
    // by the op: saving it at its version from before the op makes backward report that, as
    // PyTorch does, instead of using the new values.
    for (const i of savedInputs(formula, edges.map((e) => e !== null))) {
      const t = op.inputs[i];
      if (i > 0 && t !== undefined && t.storage === pending.target.storage)
        inputs[i] = new SavedTensor(t, edges[i], pending.version);
    }
  }
  const meta = op.inputs.map((t) => ({ shape: t.shape, dtype: t.dtype, device: t.device }));
  const node = new Node(formula, edges, op.attrs, meta, inputs, op.outputs);
  const base = op.inputs[0];
  const viewOfLeaf = VIEW_OPS.has(op.name) && base.requiresGrad && (base.isLeaf || viewsOfLeaves.has(base));
  for (const out of attachOutputs(node, op.outputs)) if (viewOfLeaf) viewsOfLeaves.add(out);
}

function missingFormula(name: string) {
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
};
