/**
 * `GradFn.nextFunctions` (PyTorch: `grad_fn.next_functions`), declared here by augmentation so that
 * tensor.ts stays within its size budget; the autograd package's nodes implement it.
 */
import type { GradFn } from './tensor.js';

/** Per input of a node: the node its gradient goes to and which of its outputs, or `[null, 0]`. */
export type NextFunctions = readonly (readonly [GradFn | null, number])[];

declare module './tensor.js' {
  interface GradFn {
    /**
     * Per input, `[node, outputIndex]`, or `[null, 0]` for an input that needs no gradient (PyTorch:
     * `grad_fn.next_functions`). A leaf's node is its `AccumulateGrad`, whose `variable` is the leaf.
     */
    readonly nextFunctions: NextFunctions;
  }
}
