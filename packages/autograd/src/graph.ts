/** Links between tensors and graph nodes: which node a tensor's gradient flows to. */
import { isFloating, type Tensor } from '@typetorch/tensor';
import { AccumulateGrad, type Edge, type GraphNode, Node } from './node.js';

const accumulators = new WeakMap<Tensor, AccumulateGrad>();
const outputNumbers = new WeakMap<Tensor, number>();
/** Aliases of leaves (saved tensors) route their gradient to the original leaf's accumulator. */
const leafAliases = new WeakMap<Tensor, Edge>();

/** The edge an input's gradient flows along: its producer's output slot, or its leaf accumulator. */
export function edgeOf(t: Tensor): Edge | null {
  if (!t.requiresGrad) return null;
  if (t.gradFn !== null) return { node: t.gradFn as GraphNode, outputNr: outputNumbers.get(t) ?? 0 };
  const aliased = leafAliases.get(t);
  if (aliased !== undefined) return aliased;
  let acc = accumulators.get(t);
  if (acc === undefined) {
    acc = new AccumulateGrad(t);
    accumulators.set(t, acc);
  }
  return { node: acc, outputNr: 0 };
}

/**
 * Makes `node` the producer of each floating output. Returns the outputs it attached to. An output
 * that retains its grad (an in-place op on it) now receives the gradient at its new node.
 */
export function attachOutputs(node: GraphNode, outputs: readonly Tensor[]): Tensor[] {
  const attached: Tensor[] = [];
  outputs.forEach((out, i) => {
    if (!isFloating(out.dtype)) return;
    if (out.retainsGrad && out.gradFn instanceof Node)
      out.gradFn.retained.delete(outputNumbers.get(out) ?? 0);
    out.gradFn = node;
    outputNumbers.set(out, i);
    if (out.retainsGrad && node instanceof Node) node.retained.set(i, out);
    attached.push(out);
  });
  return attached;
}

/** `t.retainGrad()` on a non-leaf: its node will hand it the gradient flowing through it. */
export function retainGrad(t: Tensor): void {
  if (t.gradFn instanceof Node) t.gradFn.retained.set(outputNumbers.get(t) ?? 0, t);
}

/**
 * Gives `alias` the autograd identity behind `edge`, so that using it in a recorded computation (a
 * saved tensor during a create-graph backward) connects to the original's place in the graph.
 */
export function linkAlias(alias: Tensor, edge: Edge): void {
  if (edge.node instanceof AccumulateGrad) {
    alias.requiresGrad = true;
    leafAliases.set(alias, edge);
  } else {
    alias.gradFn = edge.node;
    outputNumbers.set(alias, edge.outputNr);
  }
}

/** A second tensor object over the same storage with the same place in the graph. */
export function aliasOf(t: Tensor): Tensor {
  const alias = t.detach();
  const edge = edgeOf(t);
  if (edge !== null) linkAlias(alias, edge);
  return alias;
}
