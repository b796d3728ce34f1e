/**
 * `GradFn.nextFunctions` (PyTorch: `grad_fn.next_functions`), declared here by augmentation so that
 * tensor.ts stays within its size budget; the autograd package's nodes implement it.
 */
import type { GradFn, Tensor } from './tensor.js';

/** Per input of a node: the node its gradient goes to and which of its outputs, or `[null, 0]` (PyTorch: `grad_fn.next_functions`). */
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

/** PyTorch's checks on assigning `x.grad = g`: the same dtype, device and shape as `x`. */
export function checkAssignedGrad(x: Tensor, grad: Tensor): void {
  if (grad.dtype !== x.dtype) throw new TypeError('assigned grad has data of a different type');
  if (grad.device !== x.device) throw new TypeError('assigned grad has data located on a different device');
  if (grad.shape.length !== x.shape.length || grad.shape.some((s, i) => s !== x.shape[i]))
    throw new RangeError('assigned grad has data of a different size');
}
