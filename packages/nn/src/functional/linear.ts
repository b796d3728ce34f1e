/** The affine map of `Linear` (PyTorch: `torch.nn.functional.linear`). */
import { scope, type Tensor } from '@typetorch/tensor';

/**
 * `input @ weight^T + bias` (PyTorch: `torch.nn.functional.linear(input, weight, bias=None)`).
 * `input` is `[*, in]`, `weight` is `[out, in]` (PyTorch's layout), `bias` is `[out]`.
 */
export function linear(input: Tensor, weight: Tensor, bias?: Tensor | null): Tensor {
  return scope(() => {
    const y = input.matmul(weight.t());
    return bias ? y.add(bias) : y;
  });
}
