/**
 * `torch.multinomial`: indices drawn from rows of non-negative weights, composed from ops that run on
 * every backend (`rand`, `cumsum`, `searchsorted`, `topk`), so a seed gives the same draws everywhere.
 */
import { getBackend } from '../backend/registry.js';
import { type DType, isFloating } from '../dtype.js';
import { scope } from '../memory/scope.js';
import { checkOptions } from '../options.js';
import { defaultGenerator, type Generator } from '../random/generator.js';
import type { Tensor } from '../tensor.js';
import { checkValues } from './int-checks.js';
import { rand } from './random.js';
import { searchsorted, topk } from './sorting.js';

/** Keyword options of `multinomial` (PyTorch: `torch.multinomial(input, num_samples, replacement=False, *, generator=None)`). */
export interface MultinomialOptions {
  /** The random stream (the default generator if omitted) (PyTorch: `generator`). */
  generator?: Generator;
}

const TORCH_DTYPE: Record<DType, string> = {
  float16: 'Half',
  float32: 'Float',
  float64: 'Double',
  int32: 'Int',
  int64: 'Long',
  bool: 'Bool',
};

/**
 * `numSamples` indices per row drawn from the categories of the last dim of `input`, with
 * probabilities proportional to its non-negative weights (which need not sum to 1) (PyTorch:
 * `torch.multinomial(input, num_samples, replacement=False, *, generator=None)` and
 * `Tensor.multinomial`). `input` is 1-D (result `[numSamples]`) or 2-D (result `[rows, numSamples]`);
 * the result is int64. Without replacement each row's samples are distinct, drawn by PyTorch's
 * exponential race (the `numSamples` largest `w / q`, `q ~ Exp(1)`), so zero-weight categories come
 * only after every positive one; with replacement, by inverse-CDF sampling (a uniform draw located in
 * the row's cumulative weights), so zero-weight categories never come. PyTorch's errors; the checks of
 * the weights' values (negative, infinite or NaN weights, a row summing to 0) raise at the op on the
 * CPU and at the next read on an asynchronous device (see device-checks.ts).
 */
export function multinomial(
  input: Tensor,
  numSamples: number,
  replacement = false,
  options?: MultinomialOptions,
): Tensor {
  checkOptions('multinomial()', options, ['generator']);
  if (typeof numSamples !== 'number' || !Number.isInteger(numSamples)) {
    throw new TypeError(
      `multinomial(): argument 'num_samples' (position 2) must be int, not ${typeof numSamples === 'number' ? 'float' : typeof numSamples}`,
    );
  }
  if (typeof replacement !== 'boolean') {
    throw new TypeError(
      `multinomial(): argument 'replacement' (position 3) must be bool, not ${typeof replacement}`,
    );
  }
  if (input.ndim < 1 || input.ndim > 2) throw new RangeError('prob_dist must be 1 or 2 dim');
  if (!isFloating(input.dtype)) {
    throw new TypeError(
      `multinomial only supports floating-point dtypes for input, got: ${TORCH_DTYPE[input.dtype]}`,
    );
  }
  if (numSamples <= 0) throw new RangeError('cannot sample n_sample <= 0 samples');
  const categories = input.shape[input.ndim - 1];
  if (!replacement && numSamples > categories) {
    throw new RangeError('cannot sample n_sample > prob_dist.size(-1) samples without replacement');
  }
  if (categories > 2 ** 24) throw new RangeError('number of categories cannot exceed 2^24');
  const rows = input.ndim === 1 ? 1 : input.shape[0];
  const outShape = input.ndim === 1 ? [numSamples] : [rows, numSamples];
  if (input.numel() === 0) return input.newZeros(outShape).to('int64');
  const generator = options?.generator ?? defaultGenerator;
  return scope(() => {
    const weights = input.reshape([rows, categories]).to(input.dtype === 'float64' ? 'float64' : 'float32');
    checkWeights(weights, replacement && numSamples > 1);
    const drawn =
      replacement && numSamples > 1
        ? withReplacement(weights, numSamples, generator)
        : withoutReplacement(weights, numSamples, generator);
    return drawn.reshape(outShape).to('int64');
  });
}

/** PyTorch's checks of the weights, in its order; `perElement` is its with-replacement kernel's wording. */
function checkWeights(weights: Tensor, perElement: boolean): void {
  const backend = getBackend(weights.device);
  if (perElement) {
    checkValues(
      backend,
      weights,
      (w) => w.ge(0).logicalNot(),
      'invalid multinomial distribution (encountering probability entry < 0)',
    );
    checkValues(
      backend,
      weights,
      (w) => w.eq(Number.POSITIVE_INFINITY),
      'invalid multinomial distribution (encountering probability entry = infinity or NaN)',
    );
  } else {
    checkValues(
      backend,
      weights,
      (w) => w.ge(0).logicalAnd(w.lt(Number.POSITIVE_INFINITY)).logicalNot(),
      'probability tensor contains either `inf`, `nan` or element < 0',
    );
  }
  checkValues(
    backend,
    weights,
    (w) => w.sum(1).le(0),
    'invalid multinomial distribution (sum of probabilities <= 0)',
  );
}

/** The `n` largest `w / q` per row, `q ~ Exp(1)` (PyTorch's Gumbel-max form). */
function withoutReplacement(weights: Tensor, n: number, generator: Generator): Tensor {
  const u = rand([...weights.shape], { device: weights.device, dtype: weights.dtype, generator });
  // -log(u) with u in [0, 1) is > 0 (inf for u = 0), so w / q is never NaN: 0 for w = 0.
  const keys = weights.div(u.log().neg());
  return topk(keys, n, 1).indices;
}

/**
 * Inverse-CDF sampling: `u * total` located in the row's cumulative weights (the first category whose
 * cumulative weight exceeds it, so zero-weight ones are skipped), capped at the last positive category
 * in case rounding makes `u * total` reach the total.
 */
function withReplacement(weights: Tensor, n: number, generator: Generator): Tensor {
  const rows = weights.shape[0];
  const cdf = weights.cumsum(1);
  const total = cdf.narrow(1, cdf.shape[1] - 1, 1).contiguous();
  const u = rand([rows, n], { device: weights.device, dtype: weights.dtype, generator });
  const found = searchsorted(cdf, u.mul(total), { right: true });
  const lastPositive = searchsorted(cdf, total);
  return found.minimum(lastPositive);
}
