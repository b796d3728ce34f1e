/**
 * Activation functions (PyTorch: `torch.nn.functional.relu`, `leaky_relu`, `elu`, `gelu`, `silu`,
 * `sigmoid`, `tanh`, `softmax`, `log_softmax`). Compositions of differentiable tensor ops, so autograd
 * gives their gradients; temporaries are disposed on return.
 */
import { type DType, scope, type Tensor, where } from '@typetorch/tensor';

/** The `inplace` flag of activations: overwrite the input instead of allocating the result. */
export interface InplaceOptions {
  inplace?: boolean;
}

/** Writes `out` into `input` when `inplace` (recorded by autograd as `copy_`), else returns `out`. */
function finish(input: Tensor, out: Tensor, inplace: boolean | undefined): Tensor {
  if (!inplace) return out;
  input.copy_(out);
  return input;
}

/** `max(0, x)` (PyTorch: `torch.nn.functional.relu(input, inplace=False)`). */
export function relu(input: Tensor, options: InplaceOptions = {}): Tensor {
  return options.inplace ? input.relu_() : input.relu();
}

/**
 * `x` where positive, `negativeSlope * x` elsewhere (PyTorch:
 * `torch.nn.functional.leaky_relu(input, negative_slope=0.01, inplace=False)`).
 */
export function leakyRelu(input: Tensor, negativeSlope = 0.01, options: InplaceOptions = {}): Tensor {
  // The slope branch is taken at 0, so the gradient there is negativeSlope, as in PyTorch.
  return scope(() => finish(input, where(input.gt(0), input, input.mul(negativeSlope)), options.inplace));
}

/**
 * `x` where positive, `alpha * (exp(x) - 1)` elsewhere (PyTorch:
 * `torch.nn.functional.elu(input, alpha=1.0, inplace=False)`).
 */
export function elu(input: Tensor, alpha = 1.0, options: InplaceOptions = {}): Tensor {
  return scope(() => {
    // expm1 sees min(x, 0): on the branch where() discards, a large x would overflow to inf and
    // its zero gradient times exp(x) would turn into NaN.
    const negative = input.clamp(null, 0).expm1().mul(alpha);
    return finish(input, where(input.gt(0), input, negative), options.inplace);
  });
}

/** Options of {@link gelu}. */
export interface GeluOptions {
  /** `'none'` (default): the exact `x * Phi(x)` through erf; `'tanh'`: the tanh approximation. */
  approximate?: 'none' | 'tanh';
}

/**
 * Gaussian error linear unit, `x * Phi(x)` with Phi the standard normal CDF (PyTorch:
 * `torch.nn.functional.gelu(input, *, approximate='none')`). `approximate: 'tanh'` uses
 * `0.5 * x * (1 + tanh(sqrt(2 / pi) * (x + 0.044715 * x^3)))`.
 */
export function gelu(input: Tensor, options: GeluOptions = {}): Tensor {
  const approximate = options.approximate ?? 'none';
  if (approximate !== 'none' && approximate !== 'tanh') {
    throw new RangeError('approximate argument must be either none or tanh.');
  }
  return scope(() => {
    if (approximate === 'none') return input.mul(input.mul(Math.SQRT1_2).erf().add(1)).mul(0.5);
    const inner = input.add(input.pow(3).mul(0.044715)).mul(Math.sqrt(2 / Math.PI));
    return input.mul(inner.tanh().add(1)).mul(0.5);
  });
}

/** `x * sigmoid(x)`, also called swish (PyTorch: `torch.nn.functional.silu(input, inplace=False)`). */
export function silu(input: Tensor, options: InplaceOptions = {}): Tensor {
  return scope(() => finish(input, input.mul(input.sigmoid()), options.inplace));
}

/** Logistic function (PyTorch: `torch.nn.functional.sigmoid`). */
export function sigmoid(input: Tensor): Tensor {
  return input.sigmoid();
}

/** Hyperbolic tangent (PyTorch: `torch.nn.functional.tanh`). */
export function tanh(input: Tensor): Tensor {
  return input.tanh();
}

/** Options of {@link softmax} and {@link logSoftmax}. */
export interface SoftmaxOptions {
  /** Cast the input to this dtype first (PyTorch's `dtype=`), e.g. to compute in float64. */
  dtype?: DType;
}

function withDtype(input: Tensor, dtype: DType | undefined, fn: (x: Tensor) => Tensor): Tensor {
  if (dtype === undefined || dtype === input.dtype) return fn(input);
  return scope(() => fn(input.to(dtype)));
}

/** `exp(x) / sum(exp(x))` along `dim` (PyTorch: `torch.nn.functional.softmax(input, dim, dtype=None)`). */
export function softmax(input: Tensor, dim: number, options: SoftmaxOptions = {}): Tensor {
  return withDtype(input, options.dtype, (x) => x.softmax(dim));
}

/**
 * `log(softmax(x))` along `dim`, computed stably as `x - logsumexp(x)` (PyTorch:
 * `torch.nn.functional.log_softmax(input, dim, dtype=None)`).
 */
export function logSoftmax(input: Tensor, dim: number, options: SoftmaxOptions = {}): Tensor {
  return withDtype(input, options.dtype, (x) => x.logSoftmax(dim));
}
