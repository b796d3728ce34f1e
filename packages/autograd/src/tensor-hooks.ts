/**
 * Hooks on the gradients of tensors (PyTorch: `Tensor.register_hook`). A tensor's gradient is the
 * gradient flowing into one output of its graph node (a leaf's node is its `AccumulateGrad`), so hooks
 * are kept by node and output, and `backward` runs them on that slot before the node uses it.
 */
import { type GradientHook, type Tensor, untrack } from '@typetorch/tensor';
import { edgeOf } from './graph.js';
import type { GraphNode } from './node.js';

const hooks = new WeakMap<GraphNode, Map<number, Map<number, GradientHook>>>();
let nextId = 0;

export function registerHook(tensor: Tensor, hook: GradientHook): { remove(): void } {
  const edge = edgeOf(tensor);
  if (edge === null) throw new Error("cannot register a hook on a tensor that doesn't require gradient");
  let byOutput = hooks.get(edge.node);
  if (byOutput === undefined) hooks.set(edge.node, (byOutput = new Map()));
  let list = byOutput.get(edge.outputNr);
  if (list === undefined) byOutput.set(edge.outputNr, (list = new Map()));
  const id = nextId++;
  list.set(id, hook);
  const registered = list;
  return {
    remove() {
      registered.delete(id);
    },
  };
}

/**
 * Runs the hooks of `node`'s outputs on `grads` (its gradient slots), in registration order; a hook's
 * returned tensor replaces the slot's gradient, which backward then owns.
 */
export function runHooks(node: GraphNode, grads: (Tensor | null)[]): void {
  const byOutput = hooks.get(node);
  if (byOutput === undefined) return;
  byOutput.forEach((list, outputNr) => {
    for (const hook of [...list.values()]) {
      const g = grads[outputNr];
      if (g === null || g === undefined) return;
      const result = hook(g);
      if (result === undefined || result === g) continue;
      if (result.shape.length !== g.shape.length || result.shape.some((s, i) => s !== g.shape[i])) {
        throw new RangeError(
          `hook 'hook' has changed the size of value: expected [${g.shape.join(', ')}], got [${result.shape.join(', ')}]`,
        );
      }
      grads[outputNr] = untrack(result);
      g.dispose();
    }
  });
}
