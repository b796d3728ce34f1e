/** The affine map of `Linear` (PyTorch: `torch.nn.functional.linear`). */
import { addmm, scope, type Tensor } from '@typetorch/tensor';

/**
 * `input @ weight^T + bias` (PyTorch: `torch.nn.functional.linear(input, weight, bias=None)`).
 * `input` is `[*, in]`, `weight` is `[out, in]` (PyTorch's layout), `bias` is `[out]`.
 */
export function linear(input: Tensor, weight: Tensor, bias?: Tensor | null): Tensor {
  return scope(() => {
    // PyTorch 1.13's paths, so autograd records the same nodes: the fused `addmm` for a 2-D input
    // with a bias (AddmmBackward0), also for a contiguous 3-D one flattened to 2-D (ViewBackward0).
    if (bias && input.ndim === 2) return addmm(bias, input, weight.t());
    if (bias && input.ndim === 3 && bias.ndim <= 1 && input.isContiguous()) {
      const [a, b, k] = input.shape;
      return addmm(bias, input.view(a * b, k), weight.t()).view(a, b, weight.shape[0]);
    }
    const y = input.matmul(weight.t());
    return bias ? y.add(bias) : y;
  });
}
