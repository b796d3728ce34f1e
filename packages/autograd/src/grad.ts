/** `grad(outputs, inputs)`: gradients returned, not accumulated into `.grad` (PyTorch: `torch.autograd.grad`). */
import type { Tensor } from '@typetorch/tensor';
import { backward } from './backward.js';

/** Keyword options of {@link grad} (PyTorch: those of `torch.autograd.grad`). */
export interface GradOptions {
  /** Keep the graph for another backward (default: `createGraph`; PyTorch: `retain_graph`). */
  retainGraph?: boolean;
  /** Record the gradient computation, for higher-order derivatives (PyTorch: `create_graph`). */
  createGraph?: boolean;
  /**
   * Return null for inputs the outputs do not depend on, instead of failing (default false;
   * PyTorch: `allow_unused`).
   */
  allowUnused?: boolean;
}

/**
 * Gradients of `outputs` (weighted by `gradOutputs`, default ones for scalars) with respect to
 * `inputs`, leaving every `.grad` untouched. Returns one tensor per input (null if unused and
 * `allowUnused`). PyTorch: `torch.autograd.grad(outputs, inputs, grad_outputs)`.
 */
export function grad(
  outputs: Tensor | readonly Tensor[],
  inputs: Tensor | readonly Tensor[],
  gradOutputs?: Tensor | readonly (Tensor | undefined)[] | null,
  options: GradOptions = {},
): (Tensor | null)[] {
  const outs = Array.isArray(outputs) ? outputs : [outputs as Tensor];
  const ins = Array.isArray(inputs) ? inputs : [inputs as Tensor];
  const gos =
    gradOutputs === undefined || gradOutputs === null
      ? undefined
      : Array.isArray(gradOutputs)
        ? gradOutputs
        : [gradOutputs as Tensor];
  return backward(outs, gos, { ...options, inputs: ins });
}
