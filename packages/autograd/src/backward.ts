/**
 * The backward pass: one topological sort of the graph reachable from the roots (Kahn's algorithm
 * on dependency counts), then each node runs once with the sum of the gradients flowing into it.
 *
 * Temporaries of a formula die with the scope it runs in.
 */
import { type BackwardOptions, formatShape, ones, scope, type Tensor, untrack } from '@typetorch/tensor';
import { enableGrad, noGrad } from './grad-mode.js';
import { aliasOf, edgeOf } from './graph.js';
import { AccumulateGrad, type Edge, type GraphNode, Node } from './node.js';
import { runHooks } from './tensor-hooks.js';

export interface RunOptions extends BackwardOptions {
  /** Capture gradients of these tensors instead of accumulating into leaves (autograd.grad). */
  inputs?: readonly Tensor[];
  allowUnused?: boolean;
}

function rootGradient(root: Tensor, given: Tensor | undefined, index: number): Tensor {
  if (given === undefined) {
    if (root.numel() !== 1) throw new Error('grad can be implicitly created only for scalar outputs');
    return ones([...root.shape], { dtype: root.dtype, device: root.device });
  }
  if (given.shape.length !== root.shape.length || given.shape.some((s, i) => s !== root.shape[i])) {
    throw new RangeError(
      `Mismatch in shape: grad_output[${index}] has a shape of ${formatShape(given.shape)} and output[${index}] has a shape of ${formatShape(root.shape)}.`,
    );
  }
  return aliasOf(given);
}

/** Nodes reachable from `starts`, with how many edges point at each. */
function dependencies(starts: readonly GraphNode[]): Map<GraphNode, number> {
  const deps = new Map<GraphNode, number>();
  const stack = [...new Set(starts)];
  for (const s of stack) deps.set(s, 0);
  while (stack.length > 0) {
    const node = stack.pop()!;
    for (const edge of node.edges) {
      if (edge === null) continue;
      const seen = deps.has(edge.node);
      deps.set(edge.node, (deps.get(edge.node) ?? 0) + 1);
      if (!seen) stack.push(edge.node);
    }
  }
  return deps;
}

/**
 * Runs backward from `roots`; returns the captured gradients when `options.inputs` is given.
 *
 * Ownership: every gradient in flight is a tensor object owned by exactly one buffer slot (several
 * may share a storage). A node's formula gets its slots' tensors; each input gradient it returns
 * is placed as is when it is new, and as an alias otherwise (a tensor passed through, or returned
 * for two inputs), the aliases all made before anything is placed, since placing may dispose. Then the
 * node's own tensors and what it returned are disposed; the placed ones keep their storages alive.
 */
export function backward(
  roots: readonly Tensor[],
  rootGrads: readonly (Tensor | undefined)[] | undefined,
  options: RunOptions = {},
): (Tensor | null)[] {
  const createGraph = options.createGraph ?? false;
  const retainGraph = options.retainGraph ?? createGraph;
  const capture = options.inputs;
  const buffers = new Map<GraphNode, (Tensor | null)[]>();
  /** Takes ownership of `grad`: it fills the slot, or is summed into it. */
  const place = (edge: Edge, grad: Tensor) => {
    let b = buffers.get(edge.node);
    if (b === undefined) {
      b = new Array<Tensor | null>(edge.node.numOutputs).fill(null);
      buffers.set(edge.node, b);
    }
    const existing = b[edge.outputNr];
    if (existing === null) b[edge.outputNr] = grad;
    else {
      b[edge.outputNr] = existing.add(grad);
      existing.dispose();
      grad.dispose();
    }
  };

  const starts: GraphNode[] = [];
  roots.forEach((root, i) => {
    const edge = edgeOf(root);
    if (edge === null)
      throw new Error('element 0 of tensors does not require grad and does not have a grad_fn');
    place(edge, rootGradient(root, rootGrads?.[i], i));
    starts.push(edge.node);
  });

  const deps = dependencies(starts);
  const captureAt = new Map<GraphNode, Map<number, number>>(); // node -> outputNr -> index in inputs
  const captured: (Tensor | null)[] = capture?.map(() => null) ?? [];
  capture?.forEach((t, k) => {
    const edge = edgeOf(t);
    if (edge === null) throw new Error('One of the differentiated Tensors does not require grad');
    let m = captureAt.get(edge.node);
    if (m === undefined) captureAt.set(edge.node, (m = new Map()));
    m.set(edge.outputNr, k);
  });

  const ready = [...new Set(starts)].filter((n) => deps.get(n) === 0);
  const ran: Node[] = [];
  const run = createGraph ? enableGrad : noGrad;
  while (ready.length > 0) {
    const node = ready.pop()!;
    const grads = buffers.get(node) ?? new Array<Tensor | null>(node.numOutputs).fill(null);
    buffers.delete(node);
    run(() => runHooks(node, grads));
    captureAt.get(node)?.forEach((k, outputNr) => {
      const g = grads[outputNr];
      if (g !== null) captured[k] = untrack(aliasOf(g));
    });
    if (node instanceof AccumulateGrad) {
      if (capture === undefined && grads[0] !== null) {
        accumulate(node.variable, grads[0], createGraph);
        grads[0] = null; // now the leaf's
      }
    } else if (node instanceof Node) {
      if (capture === undefined) retainGrads(node, grads, createGraph);
      const inputGrads = run(() => scope(() => node.apply(grads)));
      ran.push(node);
      const returned = new Set<Tensor>();
      const owned = node.edges.map((edge, i) => {
        const g = inputGrads[i];
        if (edge === null || g === null || g === undefined) return null;
        const own = returned.has(g) || grads.includes(g) ? aliasOf(g) : g;
        returned.add(g);
        return own;
      });
      owned.forEach((g, i) => {
        if (g !== null) place(node.edges[i]!, g);
      });
      for (const g of inputGrads) if (g && !owned.includes(g)) g.dispose();
      for (const edge of node.edges) {
        if (edge === null) continue;
        const left = deps.get(edge.node)! - 1;
        deps.set(edge.node, left);
        if (left === 0) ready.push(edge.node);
      }
    }
    for (const g of grads) g?.dispose();
  }
  for (const b of buffers.values()) for (const g of b) g?.dispose();
  if (!retainGraph) for (const node of ran) node.release();

  if (capture !== undefined && !options.allowUnused && captured.some((g) => g === null)) {
    throw new Error(
      'One of the differentiated Tensors appears to not have been used in the graph. Set allow_unused=True if this is the desired behavior.',
    );
  }
  return captured;
}

/**
 * A gradient fit to live in `.grad`: contiguous, alone on its storage (no other tensor, the caller's
 * or another gradient in flight, could see later in-place accumulation), outside any scope.
 */
function ownGrad(g: Tensor): Tensor {
  const alone =
    g.storage.record.refs === 1 && g.isContiguous() && g.offset === 0 && g.numel() === g.storage.size;
  if (alone) return untrack(g);
  const copy = untrack(g.clone());
  g.dispose();
  return copy;
}

/** Adds the gradient `g` (which it takes ownership of) into `t.grad`. */
function accumulate(t: Tensor, g: Tensor, createGraph: boolean): void {
  if (t.grad === null) {
    t.grad = ownGrad(g);
    return;
  }
  if (createGraph) {
    const sum = untrack(t.grad.add(g));
    t.grad = sum;
  } else {
    const target = t.grad;
    noGrad(() => target.add_(g));
  }
  g.dispose();
}

/** Non-leaf outputs that called `retainGrad()` receive the gradient flowing through them. */
function retainGrads(node: Node, grads: readonly (Tensor | null)[], createGraph: boolean): void {
  node.retained.forEach((t, i) => {
    const g = grads[i];
    if (g === null || g === undefined) return;
    accumulate(t, aliasOf(g), createGraph);
  });
}
