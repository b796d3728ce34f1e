/** `adaptive_avg_pool1d` and `bilinear` of `torch.nn.functional`, composed of existing tensor ops. */
import { adaptiveAvgPool2d, scope, type Tensor } from '@typetorch/tensor';

/**
 * Average pooling of `[N, C, L]` (or `[C, L]`) input to `outputSize` bins (PyTorch:
 * `torch.nn.functional.adaptive_avg_pool1d(input, output_size)`).
 */
export function adaptiveAvgPool1d(input: Tensor, outputSize: number): Tensor {
  if (input.ndim !== 2 && input.ndim !== 3) {
    throw new RangeError(
      `Expected 2 to 3 dimensions, but got ${input.ndim}-dimensional tensor for argument #1 'self' (while checking arguments for adaptive_avg_pool1d)`,
    );
  }
  return scope(() => adaptiveAvgPool2d(input.unsqueeze(-2), [1, outputSize]).squeeze(-2));
}

/**
 * `y[..., o] = x1 . weight[o] . x2 + bias[o]` (PyTorch: `torch.nn.functional.bilinear(input1, input2,
 * weight, bias=None)`): `input1` `[*, in1]`, `input2` `[*, in2]`, `weight` `[out, in1, in2]`.
 */
export function bilinear(input1: Tensor, input2: Tensor, weight: Tensor, bias: Tensor | null = null): Tensor {
  if (weight.ndim !== 3) throw new RangeError(`bilinear(): weight must be 3-D, got ${weight.ndim}-D`);
  const [out, in1, in2] = weight.shape;
  if (input1.shape[input1.ndim - 1] !== in1 || input2.shape[input2.ndim - 1] !== in2) {
    throw new RangeError(
      `bilinear(): input1 and input2 must end in in1_features=${in1} and in2_features=${in2}, got [${input1.shape.join(', ')}] and [${input2.shape.join(', ')}]`,
    );
  }
  if (input1.shape.slice(0, -1).join() !== input2.shape.slice(0, -1).join()) {
    throw new RangeError(
      'bilinear(): input1 and input2 must have the same size except for the last dimension',
    );
  }
  return scope(() => {
    const lead = input1.shape.slice(0, -1);
    const x1 = input1.reshape([-1, in1]);
    const x2 = input2.reshape([-1, in2]);
    // x1 [B, in1] times weight as [in1, out * in2], then the dot with x2 per output.
    const left = x1.matmul(weight.permute([1, 0, 2]).reshape([in1, out * in2])).reshape([-1, out, in2]);
    let y = left.mul(x2.unsqueeze(1)).sum(-1);
    if (bias) y = y.add(bias);
    return y.reshape([...lead, out]);
  });
}
