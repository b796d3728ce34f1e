/**
 * Activation functions (PyTorch: `torch.nn.functional.relu`, `leaky_relu`, `elu`, `gelu`, `silu`,
 * `sigmoid`, `tanh`, `softmax`, `log_softmax`). Compositions of differentiable tensor ops, so autograd
 * gives their gradients; temporaries are disposed on return.
 */
import { bindArgs, type DType, scope, type Tensor, where } from '@typetorch/tensor';

/**
 * The `inplace` flag of activations: overwrite the input instead of allocating the result (PyTorch:
 * `inplace=False`).
 */
export interface InplaceOptions {
  /** Overwrite the input; default false. PyTorch: `inplace`. */
  inplace?: boolean;
}

/** Writes `out` into `input` when `inplace` (recorded by autograd as `copy_`), else returns `out`. */
function finish(input: Tensor, out: Tensor, inplace: boolean | undefined): Tensor {
  if (!inplace) return out;
  input.copy_(out);
  return input;
}

/** `max(0, x)` (PyTorch: `torch.nn.functional.relu(input, inplace=False)`). */
export function relu(input: Tensor, inplace: boolean | InplaceOptions = {}): Tensor {
  const options = inplaceArgs('relu', [inplace]);
  return options.inplace ? input.relu_() : input.relu();
}

const TORCH_NAME: Record<string, string> = { int32: 'Int', int64: 'Long', bool: 'Bool' };

/** PyTorch's error for activations that have no integer kernels. */
function checkFloatingInput(op: string, input: Tensor): void {
  if (!input.isFloatingPoint())
    throw new TypeError(`"${op}_cpu" not implemented for '${TORCH_NAME[input.dtype] ?? input.dtype}'`);
}

/**
 * `x` where positive, `negativeSlope * x` elsewhere (PyTorch:
 * `torch.nn.functional.leaky_relu(input, negative_slope=0.01, inplace=False)`).
 */
export function leakyRelu(
  input: Tensor,
  ...args:
    | [options?: InplaceOptions & { negativeSlope?: number }]
    | [negativeSlope?: number, inplace?: boolean | InplaceOptions]
): Tensor {
  checkFloatingInput('leaky_relu', input);
  const options = inplaceArgs('leaky_relu', args, 'negativeSlope');
  const negativeSlope = (options.negativeSlope as number | undefined) ?? 0.01;
  // The slope branch is taken at 0, so the gradient there is negativeSlope, as in PyTorch.
  return scope(() => finish(input, where(input.gt(0), input, input.mul(negativeSlope)), options.inplace));
}

/**
 * `x` where positive, `alpha * (exp(x) - 1)` elsewhere (PyTorch:
 * `torch.nn.functional.elu(input, alpha=1.0, inplace=False)`).
 */
export function elu(
  input: Tensor,
  ...args:
    | [options?: InplaceOptions & { alpha?: number }]
    | [alpha?: number, inplace?: boolean | InplaceOptions]
): Tensor {
  checkFloatingInput('elu', input);
  const options = inplaceArgs('elu', args, 'alpha');
  const alpha = (options.alpha as number | undefined) ?? 1.0;
  return scope(() => {
    // expm1 sees min(x, 0): on the branch where() discards, a large x would overflow to inf and
    // its zero gradient times exp(x) would turn into NaN.
    const negative = input.clamp(null, 0).expm1().mul(alpha);
    return finish(input, where(input.gt(0), input, negative), options.inplace);
  });
}

/** Options of {@link gelu} (PyTorch: the keyword arguments of `torch.nn.functional.gelu`). */
export interface GeluOptions {
  /**
   * `'none'` (default): the exact `x * Phi(x)` through erf; `'tanh'`: the tanh approximation. PyTorch:
   * `approximate`.
   */
  approximate?: 'none' | 'tanh';
}

/**
 * Gaussian error linear unit, `x * Phi(x)` with Phi the standard normal CDF (PyTorch:
 * `torch.nn.functional.gelu(input, *, approximate='none')`). `approximate: 'tanh'` uses
 * `0.5 * x * (1 + tanh(sqrt(2 / pi) * (x + 0.044715 * x^3)))`.
 */
export function gelu(input: Tensor, options: GeluOptions = {}): Tensor {
  bindArgs('gelu()', [options], { leading: 1, positional: [], keywordOnly: ['approximate'] });
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
export function silu(input: Tensor, inplace: boolean | InplaceOptions = {}): Tensor {
  const options = inplaceArgs('silu', [inplace]);
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

/**
 * Options of {@link softmax} and {@link logSoftmax} (PyTorch: the keyword arguments of
 * `torch.nn.functional.softmax`).
 */
export interface SoftmaxOptions {
  /** Cast the input to this dtype first (PyTorch's `dtype=`), e.g. to compute in float64. */
  dtype?: DType;
}

function withDtype(input: Tensor, dtype: DType | undefined, fn: (x: Tensor) => Tensor): Tensor {
  if (dtype === undefined || dtype === input.dtype) return fn(input);
  return scope(() => fn(input.to(dtype)));
}

/** `exp(x) / sum(exp(x))` along `dim` (PyTorch: `torch.nn.functional.softmax(input, dim, dtype=None)`). */
export function softmax(
  input: Tensor,
  dim: number | (SoftmaxOptions & { dim: number }),
  options?: SoftmaxOptions,
): Tensor {
  const o = softmaxArgs('softmax', dim, options);
  return withDtype(input, o.dtype, (x) => x.softmax(o.dim));
}

/**
 * `log(softmax(x))` along `dim`, computed stably as `x - logsumexp(x)` (PyTorch:
 * `torch.nn.functional.log_softmax(input, dim, dtype=None)`).
 */
export function logSoftmax(
  input: Tensor,
  dim: number | (SoftmaxOptions & { dim: number }),
  options?: SoftmaxOptions,
): Tensor {
  const o = softmaxArgs('log_softmax', dim, options);
  return withDtype(input, o.dtype, (x) => x.logSoftmax(o.dim));
}

/** Binds `([first,] inplace)` of an activation: positionally, or in an options object. */
function inplaceArgs(
  fn: string,
  args: readonly unknown[],
  first?: string,
): Record<string, unknown> & { inplace?: boolean } {
  const positional = first === undefined ? ['inplace'] : [first, 'inplace'];
  const options = bindArgs(`${fn}()`, args, { leading: 1, positional });
  if (options.inplace !== undefined && typeof options.inplace !== 'boolean') {
    throw new TypeError(`${fn}(): argument 'inplace' must be bool, not ${typeof options.inplace}`);
  }
  return options;
}

/** Binds `(dim, *, dtype)` of softmax / log_softmax. */
function softmaxArgs(fn: string, dim: unknown, options: unknown): { dim: number; dtype?: DType } {
  const bound = bindArgs(`${fn}()`, [dim, options], {
    leading: 1,
    positional: ['dim'],
    keywordOnly: ['dtype'],
  });
  if (typeof bound.dim !== 'number') {
    throw new TypeError(`${fn}() missing 1 required argument: 'dim' (an int)`);
  }
  return { dim: bound.dim, dtype: bound.dtype as DType | undefined };
}
