/**
 * The smaller activation functions of `torch.nn.functional` (PyTorch 1.13): relu6, hardtanh, hardsigmoid,
 * hardswish, hardshrink, softshrink, tanhshrink, softplus, softsign, selu, celu, mish, logsigmoid,
 * softmin, threshold, prelu, glu and the in-place forms `relu_`, `elu_`, `leakyRelu_`, `hardtanh_`,
 * `threshold_`, `selu_`, `celu_`. Compositions of differentiable tensor ops (so every device and autograd
 * support them); temporaries are disposed on return.
 */
import { bindArgs, scope, type Tensor, where } from '@typetorch/tensor';
import { elu, leakyRelu, relu, softmax } from './activation.js';

/** Binds `(input, <names...>)`: positionally in PyTorch's order or in a trailing options object. */
function bind(fn: string, args: readonly unknown[], names: readonly string[]): Record<string, unknown> {
  const options = bindArgs(`${fn}()`, args, { leading: 1, positional: names });
  if (options.inplace !== undefined && typeof options.inplace !== 'boolean') {
    throw new TypeError(`${fn}(): argument 'inplace' must be bool, not ${typeof options.inplace}`);
  }
  return options;
}

/** Writes `out` into `input` when `inplace` (recorded by autograd as `copy_`), else returns `out`. */
function finish(input: Tensor, inplace: unknown, compute: () => Tensor): Tensor {
  return scope(() => {
    const out = compute();
    if (!inplace) return out;
    input.copy_(out);
    return input;
  });
}

const num = (value: unknown, fallback: number) => (value as number | undefined) ?? fallback;

/**
 * `min(max(x, minVal), maxVal)` (PyTorch: `torch.nn.functional.hardtanh(input, min_val=-1.0,
 * max_val=1.0, inplace=False)`). The gradient is 1 strictly inside the range, 0 elsewhere.
 */
export function hardtanh(input: Tensor, ...args: unknown[]): Tensor {
  const o = bind('hardtanh', args, ['minVal', 'maxVal', 'inplace']);
  const lo = num(o.minVal, -1);
  const hi = num(o.maxVal, 1);
  return finish(input, o.inplace, () => {
    const inside = input.gt(lo).logicalAnd(input.lt(hi));
    return where(inside, input, input.clamp(lo, hi).detach());
  });
}

/** In-place {@link hardtanh} (PyTorch: `torch.nn.functional.hardtanh_(input, min_val=-1.0, max_val=1.0)`). */
export function hardtanh_(input: Tensor, ...args: unknown[]): Tensor {
  const o = bind('hardtanh_', args, ['minVal', 'maxVal']);
  return hardtanh(input, num(o.minVal, -1), num(o.maxVal, 1), true);
}

/** `min(max(0, x), 6)` (PyTorch: `torch.nn.functional.relu6(input, inplace=False)`). */
export function relu6(input: Tensor, ...args: unknown[]): Tensor {
  const o = bind('relu6', args, ['inplace']);
  return hardtanh(input, 0, 6, (o.inplace as boolean | undefined) ?? false);
}

/** `relu6(x + 3) / 6` (PyTorch: `torch.nn.functional.hardsigmoid(input, inplace=False)`). */
export function hardsigmoid(input: Tensor, ...args: unknown[]): Tensor {
  const o = bind('hardsigmoid', args, ['inplace']);
  return finish(input, o.inplace, () => hardtanh(input.div(6).add(0.5), 0, 1));
}

/** `x * relu6(x + 3) / 6` (PyTorch: `torch.nn.functional.hardswish(input, inplace=False)`). */
export function hardswish(input: Tensor, ...args: unknown[]): Tensor {
  const o = bind('hardswish', args, ['inplace']);
  return finish(input, o.inplace, () => input.mul(hardtanh(input.div(6).add(0.5), 0, 1)));
}

/** `x` where `|x| > lambd`, else 0 (PyTorch: `torch.nn.functional.hardshrink(input, lambd=0.5)`). */
export function hardshrink(input: Tensor, ...args: unknown[]): Tensor {
  const lambd = num(bind('hardshrink', args, ['lambd']).lambd, 0.5);
  return scope(() => where(input.abs().gt(lambd), input, 0));
}

/**
 * `x - lambd` above `lambd`, `x + lambd` below `-lambd`, else 0 (PyTorch:
 * `torch.nn.functional.softshrink(input, lambd=0.5)`).
 */
export function softshrink(input: Tensor, ...args: unknown[]): Tensor {
  const lambd = num(bind('softshrink', args, ['lambd']).lambd, 0.5);
  if (lambd < 0) {
    throw new RangeError(`lambda must be greater or equal to 0, but found to be ${lambd}.`);
  }
  return scope(() => input.sub(hardtanh(input, -lambd, lambd)));
}

/** `x - tanh(x)` (PyTorch: `torch.nn.functional.tanhshrink(input)`). */
export function tanhshrink(input: Tensor): Tensor {
  return scope(() => input.sub(input.tanh()));
}

/**
 * `log(1 + exp(beta * x)) / beta`, linear (`x`) where `beta * x > threshold` (PyTorch:
 * `torch.nn.functional.softplus(input, beta=1, threshold=20)`).
 */
export function softplus(input: Tensor, ...args: unknown[]): Tensor {
  const o = bind('softplus', args, ['beta', 'threshold']);
  const beta = num(o.beta, 1);
  const threshold = num(o.threshold, 20);
  return scope(() => {
    const z = input.mul(beta);
    // The discarded branch sees min(z, threshold): exp of a large z would overflow and its
    // gradient turn into NaN.
    const smooth = z.clamp(null, threshold).exp().log1p().div(beta);
    return where(z.gt(threshold), input, smooth);
  });
}

/** `x / (1 + |x|)` (PyTorch: `torch.nn.functional.softsign(input)`). */
export function softsign(input: Tensor): Tensor {
  return scope(() => input.div(input.abs().add(1)));
}

const SELU_ALPHA = 1.6732632423543772;
const SELU_SCALE = 1.0507009873554805;

/** `scale * elu(x, alpha)` with SELU's constants (PyTorch: `torch.nn.functional.selu(input, inplace=False)`). */
export function selu(input: Tensor, ...args: unknown[]): Tensor {
  const o = bind('selu', args, ['inplace']);
  return finish(input, o.inplace, () => elu(input, SELU_ALPHA).mul(SELU_SCALE));
}

/** In-place {@link selu} (PyTorch: `torch.nn.functional.selu_(input)`). */
export function selu_(input: Tensor): Tensor {
  return selu(input, true);
}

/**
 * `x` where positive, `alpha * (exp(x / alpha) - 1)` elsewhere (PyTorch:
 * `torch.nn.functional.celu(input, alpha=1.0, inplace=False)`).
 */
export function celu(input: Tensor, ...args: unknown[]): Tensor {
  const o = bind('celu', args, ['alpha', 'inplace']);
  const alpha = num(o.alpha, 1);
  if (alpha === 0) throw new RangeError('ZeroDivisionError: alpha cannot be 0 for CELU');
  return finish(input, o.inplace, () => {
    const negative = input.clamp(null, 0).div(alpha).expm1().mul(alpha);
    return where(input.gt(0), input, negative);
  });
}

/** In-place {@link celu} (PyTorch: `torch.nn.functional.celu_(input, alpha=1.0)`). */
export function celu_(input: Tensor, ...args: unknown[]): Tensor {
  return celu(input, num(bind('celu_', args, ['alpha']).alpha, 1), true);
}

/** `x * tanh(softplus(x))` (PyTorch: `torch.nn.functional.mish(input, inplace=False)`). */
export function mish(input: Tensor, ...args: unknown[]): Tensor {
  const o = bind('mish', args, ['inplace']);
  return finish(input, o.inplace, () => input.mul(softplus(input).tanh()));
}

/** `log(sigmoid(x))`, computed stably (PyTorch: `torch.nn.functional.logsigmoid(input)`). */
export function logsigmoid(input: Tensor): Tensor {
  return scope(() => input.clamp(null, 0).sub(input.abs().neg().exp().log1p()));
}

/** `softmax(-x)` along `dim` (PyTorch: `torch.nn.functional.softmin(input, dim, dtype=None)`). */
export function softmin(input: Tensor, ...args: unknown[]): Tensor {
  const o = bindArgs('softmin()', args, { leading: 1, positional: ['dim'], keywordOnly: ['dtype'] });
  if (typeof o.dim !== 'number') throw new TypeError("softmin() missing 1 required argument: 'dim' (an int)");
  return scope(() => softmax(input.neg(), o.dim as number, { dtype: o.dtype as never }));
}

/**
 * `x` where `x > threshold`, else `value` (PyTorch:
 * `torch.nn.functional.threshold(input, threshold, value, inplace=False)`).
 */
export function threshold(input: Tensor, ...args: unknown[]): Tensor {
  const o = bind('threshold', args, ['threshold', 'value', 'inplace']);
  if (typeof o.threshold !== 'number' || typeof o.value !== 'number') {
    throw new TypeError("threshold() missing required arguments: 'threshold' and 'value' (numbers)");
  }
  return finish(input, o.inplace, () => where(input.gt(o.threshold as number), input, o.value as number));
}

/** In-place {@link threshold} (PyTorch: `torch.nn.functional.threshold_(input, threshold, value)`). */
export function threshold_(input: Tensor, threshold_: number, value: number): Tensor {
  return threshold(input, threshold_, value, true);
}

/** In-place {@link relu} (PyTorch: `torch.nn.functional.relu_(input)`). */
export function relu_(input: Tensor): Tensor {
  return relu(input, true);
}

/** In-place {@link elu} (PyTorch: `torch.nn.functional.elu_(input, alpha=1.0)`). */
export function elu_(input: Tensor, alpha = 1.0): Tensor {
  return elu(input, alpha, true);
}

/** In-place {@link leakyRelu} (PyTorch: `torch.nn.functional.leaky_relu_(input, negative_slope=0.01)`). */
export function leakyRelu_(input: Tensor, negativeSlope = 0.01): Tensor {
  return leakyRelu(input, negativeSlope, true);
}

/**
 * `x` where positive, `weight * x` elsewhere, `weight` holding one slope or one per channel (dim 1)
 * (PyTorch: `torch.nn.functional.prelu(input, weight)`).
 */
export function prelu(input: Tensor, weight: Tensor): Tensor {
  const n = weight.numel();
  if (n !== 1) {
    const channels = input.ndim >= 2 ? input.shape[1] : input.ndim === 1 ? input.shape[0] : 1;
    if (input.ndim === 0 || channels !== n) {
      throw new RangeError(
        `Mismatch of parameter numbers and input channel size. Found parameter numbers = ${n} and channel size = ${channels}.`,
      );
    }
  }
  return scope(() => {
    const shape = input.ndim >= 2 ? [n, ...new Array<number>(input.ndim - 2).fill(1)] : [n];
    const w = n === 1 ? weight.reshape([]) : weight.reshape(shape);
    return where(input.gt(0), input, input.mul(w));
  });
}

/** `a * sigmoid(b)` of the two halves of `dim` (PyTorch: `torch.nn.functional.glu(input, dim=-1)`). */
export function glu(input: Tensor, ...args: unknown[]): Tensor {
  const dim = num(bind('glu', args, ['dim']).dim, -1);
  if (input.ndim === 0)
    throw new RangeError('glu does not support scalars because halving size must be even');
  const d = dim < 0 ? dim + input.ndim : dim;
  const size = input.shape[d];
  if (size % 2 !== 0) {
    throw new RangeError(`Halving dimension must be even, but dimension ${d} is size ${size}`);
  }
  return scope(() => {
    const [a, b] = input.chunk(2, d);
    return a.mul(b.sigmoid());
  });
}
