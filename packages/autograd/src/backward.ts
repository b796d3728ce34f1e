/**
 * The backward pass: one topological sort of the graph reachable from the roots (Kahn's algorithm
 * on dependency counts), then each node runs once with the sum of the gradients flowing into it.
 *
 * Ownership: every gradient tensor in flight is owned by exactly one buffer slot. A formula that
 * passes a gradient through to two inputs gets a second alias, temporaries of a formula die with the
 * scope it runs in, and a slot's tensor is disposed once its node ran unless it moved on.
 */
import {
  type BackwardOptions,
  formatShape,
  ones,
  type Storage,
  scope,
  type Tensor,
  untrack,
} from '@typetorch/tensor';
import { enableGrad, noGrad } from './grad-mode.js';
import { aliasOf, edgeOf } from './graph.js';
import { AccumulateGrad, type Edge, type GraphNode, Node } from './node.js';

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

/** Runs backward from `roots`; returns the captured gradients when `options.inputs` is given. */
export function backward(
  roots: readonly Tensor[],
  rootGrads: readonly (Tensor | undefined)[] | undefined,
  options: RunOptions = {},
): (Tensor | null)[] {
  const createGraph = options.createGraph ?? false;
  const retainGraph = options.retainGraph ?? createGraph;
  const capture = options.inputs;
  const buffers = new Map<GraphNode, (Tensor | null)[]>();
  const placedStorages = new Map<Storage, number>();
  const slot = (node: GraphNode) => {
    let b = buffers.get(node);
    if (b === undefined) {
      b = new Array<Tensor | null>(node.numOutputs).fill(null);
      buffers.set(node, b);
    }
    return b;
  };
  const place = (edge: Edge, grad: Tensor, placedNow: Set<Tensor>) => {
    const owned = placedNow.has(grad) ? aliasOf(grad) : grad;
    placedNow.add(owned);
    placedStorages.set(owned.storage, (placedStorages.get(owned.storage) ?? 0) + 1);
    const b = slot(edge.node);
    const existing = b[edge.outputNr];
    if (existing === null) b[edge.outputNr] = owned;
    else {
      b[edge.outputNr] = existing.add(owned);
      existing.dispose();
      owned.dispose();
    }
  };

  const starts: GraphNode[] = [];
  const seeded = new Set<Tensor>();
  roots.forEach((root, i) => {
    const edge = edgeOf(root);
    if (edge === null)
      throw new Error('element 0 of tensors does not require grad and does not have a grad_fn');
    const g = rootGradient(root, rootGrads?.[i], i);
    if (rootGrads?.[i] !== undefined) placedStorages.set(g.storage, 2); // the caller owns it too
    place(edge, g, seeded);
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
    const keep = new Set<Tensor>();
    captureAt.get(node)?.forEach((k, outputNr) => {
      const g = grads[outputNr];
      if (g !== null) {
        captured[k] = untrack(aliasOf(g));
        placedStorages.set(g.storage, 2);
      }
    });
    if (node instanceof AccumulateGrad) {
      if (capture === undefined && grads[0] !== null) {
        accumulate(node.variable, grads[0], placedStorages, createGraph);
        keep.add(grads[0]);
      }
    } else if (node instanceof Node) {
      if (capture === undefined) retainGrads(node, grads, placedStorages, createGraph);
      const inputGrads = run(() => scope(() => node.apply(grads)));
      ran.push(node);
      const placedNow = new Set<Tensor>();
      node.edges.forEach((edge, i) => {
        const g = inputGrads[i];
        if (edge === null || g === null || g === undefined) return;
        if (grads.includes(g)) keep.add(g);
        place(edge, g, placedNow);
      });
      for (const g of inputGrads) if (g && !placedNow.has(g) && !grads.includes(g)) g.dispose();
      for (const edge of node.edges) {
        if (edge === null) continue;
        const left = deps.get(edge.node)! - 1;
        deps.set(edge.node, left);
        if (left === 0) ready.push(edge.node);
      }
    }
    for (const g of grads) {
      if (g === null) continue;
      // The slot no longer holds it: one placed gradient fewer shares its storage, so a view passed on
      // (e.g. by a transpose's backward) can become a `.grad` without a defensive copy.
      placedStorages.set(g.storage, (placedStorages.get(g.storage) ?? 1) - 1);
      if (!keep.has(g)) g.dispose();
    }
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

/** A gradient fit to live in `.grad`: contiguous, owning its storage, outside any scope. */
function ownGrad(g: Tensor, placedStorages: Map<Storage, number>): Tensor {
  const shared = (placedStorages.get(g.storage) ?? 0) > 1;
  const fresh = shared || !g.isContiguous() || g.offset !== 0 || g.numel() !== g.storage.size ? g.clone() : g;
  if (fresh !== g) placedStorages.set(fresh.storage, 1);
  return untrack(fresh);
}

function accumulate(t: Tensor, g: Tensor, placedStorages: Map<Storage, number>, createGraph: boolean): void {
  if (t.grad === null) {
    const own = ownGrad(g, placedStorages);
    t.grad = own;
    if (own !== g) g.dispose();
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
function retainGrads(
  node: Node,
  grads: readonly (Tensor | null)[],
  placed: Map<Storage, number>,
  createGraph: boolean,
): void {
  node.outputs.forEach((ref, i) => {
    const t = ref.deref();
    const g = grads[i];
    if (t === undefined || g === null || !t.retainsGrad) return;
    const copy = aliasOf(g);
    placed.set(g.storage, 2);
    accumulate(t, copy, placed, createGraph);
  });
}
