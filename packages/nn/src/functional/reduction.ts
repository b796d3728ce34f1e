/** The `reduction` argument shared by the losses (PyTorch: `reduction='mean' | 'sum' | 'none'`). */
import type { Tensor } from '@typetorch/tensor';

/**
 * How a loss combines its elementwise values: their mean (default), their sum, or not at all (PyTorch:
 * `reduction='mean' | 'sum' | 'none'`).
 */
export type Reduction = 'mean' | 'sum' | 'none';

/** The `reduction` option, checked (PyTorch's `_Reduction.get_enum` message). */
export function reductionOf(reduction: string | undefined): Reduction {
  const r = reduction ?? 'mean';
  if (r !== 'mean' && r !== 'sum' && r !== 'none')
    throw new RangeError(`${r} is not a valid value for reduction`);
  return r;
}

/** Applies a reduction to elementwise losses; a reduced `loss` is a temporary and is disposed. */
export function applyReduction(loss: Tensor, reduction: Reduction): Tensor {
  if (reduction === 'none') return loss;
  const out = reduction === 'mean' ? loss.mean() : loss.sum();
  loss.dispose();
  return out;
}

/** `torch.Size([2, 3])`, as PyTorch's Python-side loss messages print shapes. */
export function torchSize(shape: readonly number[]): string {
  return `torch.Size([${shape.join(', ')}])`;
}
