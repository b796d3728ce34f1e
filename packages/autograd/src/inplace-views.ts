/**
 * In-place ops through views, as PyTorch 1.13 records them (CopySlices and view rebasing).
 *
 * Every view an op makes at the top level is remembered with its root base (PyTorch's `_base`: a
 * view of a view has the first one's base). An in-place op on a view (`y[:, 1] = 0` is `copy_` on
 * `y.select(1, 1)`) then records a `CopySlices` node as the base's new `gradFn`: its backward takes
 * the base's gradient, runs the region the view covers through the op's formula and passes the rest
 * through unchanged, to the base's earlier history; the op's other inputs get the formula's
 * gradients. The view itself becomes an `AsStridedBackward0` of the base. A view taken before its
 * base's history changed is regenerated the same way when it is used next.
 *
 * The region is the view's (shape, strides, offset) in the storage, relative to the base's: the one
 * mechanism covers every view op (select, slice, narrow, diagonal, transpose, unbind, ...). Its
 * backward addresses a gradient buffer laid out as the base's storage, so it is not itself recorded:
 * differentiating through it twice (`createGraph`) is refused.
 */
import { type GradFn, Tensor, zeros } from '@typetorch/tensor';
import type { BackwardContext, Formula, TensorMeta } from './formulas/registry.js';
import { isGradEnabled } from './grad-mode.js';
import { attachOutputs, edgeOf } from './graph.js';
import { type Edge, Node, type SavedTensor } from './node.js';

interface ViewInfo {
  /** The root base: never a view itself. */
  readonly base: Tensor;
  /** The base's `gradFn` when the view's own was last valid: another one means regenerate it. */
  baseFn: GradFn | null;
  /** Made in no-grad mode: never regenerated, and written in place with grad mode on is refused. */
  readonly noGrad: boolean;
  /** PyTorch's refusal for one of several views made by one op (`unbind`), or of a view of one. */
  readonly multiOutput: string | undefined;
}

const views = new WeakMap<Tensor, ViewInfo>();

/** The storage layout of a tensor (element strides and offset). */
interface Geometry {
  readonly shape: readonly number[];
  readonly strides: readonly number[];
  readonly offset: number;
}

const geometryOf = (t: Tensor): Geometry => ({ shape: t.shape, strides: t.strides, offset: t.offset });

/** Whether distinct indices always reach distinct elements (no expanded dim, no negative stride). */
function nonOverlapping(g: Geometry): boolean {
  return g.shape.every((s, k) => s <= 1 || g.strides[k] > 0);
}

/** The storage positions a layout spans: [start, start + length). */
function extentOf(g: Geometry): { start: number; length: number } {
  if (g.shape.some((s) => s === 0)) return { start: g.offset, length: 0 };
  const last = g.shape.reduce((acc, s, k) => acc + (s - 1) * g.strides[k], g.offset);
  return { start: g.offset, length: last - g.offset + 1 };
}

/** Whether the view's region can be addressed inside a buffer laid out as the base's storage. */
function regionOk(base: Geometry, view: Geometry): boolean {
  if (!nonOverlapping(base) || view.strides.some((s) => s < 0)) return false;
  const b = extentOf(base);
  const v = extentOf(view);
  return v.length === 0 || (v.start >= b.start && v.start + v.length <= b.start + b.length);
}

/** Remembers the outputs of a view op on `input` (node name `node`) that share its storage. */
export function trackViews(input: Tensor, outputs: readonly Tensor[], gradMode: boolean, node: string): void {
  const info = views.get(input);
  const base = info?.base ?? input;
  outputs.forEach((out, i) => {
    if (out === input || out.storage !== input.storage) return;
    const multiOutput =
      info?.multiOutput ??
      (outputs.length > 1
        ? `Output ${i} of ${node} is a view and is being modified inplace. This view is the output of a function that returns multiple views. Such functions do not allow the output views to be modified inplace. You should replace the inplace operation by an out-of-place one.`
        : undefined);
    views.set(out, { base, baseFn: gradMode ? base.gradFn : null, noGrad: !gradMode, multiOutput });
  });
}

/** The root base of a tracked view made with grad mode on. */
export function gradViewBase(t: Tensor): Tensor | undefined {
  const info = views.get(t);
  return info === undefined || info.noGrad ? undefined : info.base;
}

const NO_GRAD_VIEW =
  "A view was created in no_grad mode and is being modified inplace with grad mode enabled. Given that this use case is ambiguous and error-prone, it is forbidden. You can clarify your code by moving both the view and the inplace either both inside the no_grad block (if you don't want the inplace to be tracked) or both outside (if you want the inplace to be tracked).";

const OVERLAP =
  'unsupported operation: more than one element of the written-to tensor refers to a single memory location. Please clone() the tensor before performing the operation.';

/**
 * PyTorch's checks of an in-place op on `self` with grad mode on; `anyRequires`: some input
 * requires grad. Throws for views of leaves that require grad, views made in no-grad mode, and
 * self-overlapping views.
 */
export function checkInPlaceOnView(name: string, self: Tensor, anyRequires: boolean): void {
  const info = views.get(self);
  if (info === undefined) return;
  const { base } = info;
  if (info.noGrad) {
    if (anyRequires || base.requiresGrad) throw new Error(NO_GRAD_VIEW);
    return;
  }
  if (!anyRequires) return;
  if (info.multiOutput !== undefined) throw new Error(info.multiOutput);
  if (base.isLeaf && base.requiresGrad) {
    throw new Error('a view of a leaf Variable that requires grad is being used in an in-place operation.');
  }
  if (!nonOverlapping(geometryOf(self))) throw new Error(OVERLAP);
  if (!regionOk(geometryOf(base), geometryOf(self))) {
    throw new Error(
      `${name}(): in-place operations on this view of a tensor that requires grad are not supported (its base's layout overlaps itself); apply the op to a .clone() of the view.`,
    );
  }
}

function refuseCreateGraph(node: string): void {
  if (isGradEnabled()) {
    throw new Error(
      `${node}: differentiating twice through an in-place write to a view is not supported yet (createGraph); write to a .clone() instead.`,
    );
  }
}

/** A zeroed gradient buffer laid out as `base`'s storage, and tensors addressing it by layout. */
function gradBuffer(base: Geometry, like: Tensor): (g: Geometry) => Tensor {
  const { start, length } = extentOf(base);
  const buf = zeros([length], { dtype: like.dtype, device: like.device });
  return (g) => new Tensor(buf.storage, g.shape, g.strides, g.offset - start);
}

/** PyTorch's AsStridedBackward0 for a view of `base`: its gradient placed in a zero gradient of the base. */
function asStridedFormula(base: Geometry, view: Geometry): Formula {
  return {
    node: 'AsStridedBackward0',
    backward(_ctx, [g]) {
      refuseCreateGraph('AsStridedBackward0');
      if (g === null || g === undefined) return [null];
      const at = gradBuffer(base, g);
      // An expanded dim reaches one element many times: its gradient is their sum.
      const expanded = view.shape.flatMap((s, k) => (s > 1 && view.strides[k] === 0 ? [k] : []));
      const summed = expanded.length === 0 ? g : g.sum(expanded, true);
      const region = { ...view, shape: view.shape.map((s, k) => (expanded.includes(k) ? 1 : s)) };
      at(region).copy_(summed);
      return [at(base)];
    },
  };
}

const metaOf = (t: Tensor): TensorMeta => ({ shape: t.shape, dtype: t.dtype, device: t.device });

/** Makes `view`'s gradFn an AsStridedBackward0 of its base's current history. */
function rebase(view: Tensor, info: ViewInfo, edge: Edge): void {
  const formula = asStridedFormula(geometryOf(info.base), geometryOf(view));
  attachOutputs(new Node(formula, [edge], {}, [metaOf(info.base)], [], [view]), [view]);
  info.baseFn = info.base.gradFn;
}

/**
 * A view used after its base's history changed (an in-place op on the base or on another view of
 * it) gets its gradFn regenerated from the base, as PyTorch does. Where the base's layout does not
 * allow it, using the view is refused rather than differentiated wrongly.
 */
export function refreshView(name: string, t: Tensor): void {
  const info = views.get(t);
  if (info === undefined || info.noGrad || info.base.gradFn === info.baseFn) return;
  const edge = edgeOf(info.base);
  if (edge === null) return;
  if (!regionOk(geometryOf(info.base), geometryOf(t))) {
    throw new Error(
      `${name}(): this view of a tensor that requires grad was taken before an in-place change to its data, and its base's layout does not allow replaying it; take the view again after the change.`,
    );
  }
  rebase(t, info, edge);
}

/** PyTorch's CopySlices: the base's gradient, with the view's region run through the op's formula. */
function copySlicesFormula(inner: Formula, base: Geometry, view: Geometry, viewMeta: TensorMeta): Formula {
  return {
    node: 'CopySlices',
    ...(inner.saveInputs === undefined ? {} : { saveInputs: inner.saveInputs }),
    ...(inner.saveOutputs === undefined ? {} : { saveOutputs: inner.saveOutputs }),
    backward(ctx, [g]) {
      refuseCreateGraph('CopySlices');
      if (g === null || g === undefined) return [];
      const at = gradBuffer(base, g);
      const result = at(base);
      result.copy_(g);
      const region = at(view);
      const innerCtx: BackwardContext = {
        attrs: ctx.attrs,
        input: ctx.input,
        output: ctx.output,
        inputMeta: [viewMeta, ...ctx.inputMeta.slice(1)],
        needsInputGrad: ctx.needsInputGrad,
      };
      const grads = inner.backward(innerCtx, [region.clone()]);
      const own = grads[0];
      if (own === null || own === undefined) region.fill_(0);
      else region.copy_(own);
      return [result, ...grads.slice(1)];
    },
  };
}

/** What {@link recordOnView} needs of the op the engine is recording. */
export interface InPlaceOnView {
  readonly formula: Formula;
  readonly attrs: object;
  /** The op's inputs, input 0 (the view) possibly replaced by its saved value from before the op. */
  readonly inputs: readonly (Tensor | SavedTensor)[];
  readonly edges: readonly (Edge | null)[];
  readonly meta: readonly TensorMeta[];
}

/**
 * Records in-place op `op` on `view` (a tracked view made with grad mode on): the base's gradFn
 * becomes CopySlices, the view's AsStridedBackward0 of it.
 */
export function recordOnView(view: Tensor, op: InPlaceOnView): void {
  const info = views.get(view)!;
  const { base } = info;
  const formula = copySlicesFormula(op.formula, geometryOf(base), geometryOf(view), metaOf(view));
  const edges = [edgeOf(base), ...op.edges.slice(1)];
  const meta = [metaOf(base), ...op.meta.slice(1)];
  const node = new Node(formula, edges, op.attrs, meta, op.inputs, [view]);
  attachOutputs(node, [base]);
  rebase(view, info, { node, outputNr: 0 });
}
