/** Dropout (PyTorch: `torch.nn.functional.dropout`). */
import { bernoulli, bindArgs, fullLike, type Generator, scope, type Tensor } from '@typetorch/tensor';

/** Options of {@link dropout}. */
export interface DropoutOptions {
  /** Probability of zeroing an element; default 0.5. */
  p?: number;
  /** Apply dropout (true, default) or return the input unchanged (evaluation). */
  training?: boolean;
  /** Overwrite the input. */
  inplace?: boolean;
  /** The Philox stream the mask is drawn from; default the global generator. */
  generator?: Generator;
}

/** Checks `p` as PyTorch does, with its message. */
export function checkDropoutProbability(p: number): void {
  if (!(p >= 0 && p <= 1)) {
    throw new RangeError(`dropout probability has to be between 0 and 1, but got ${p}`);
  }
}

/**
 * Inverted dropout: zeroes each element with probability `p` and scales the rest by `1 / (1 - p)`, so
 * the expected value is unchanged and evaluation needs no rescaling (PyTorch:
 * `torch.nn.functional.dropout(input, p=0.5, training=True, inplace=False)`). The mask comes from the
 * generator's Philox stream, so a seed reproduces it on every backend. Out of training (or with
 * `p = 0`) the input itself is returned, as in PyTorch.
 */
export function dropout(
  input: Tensor,
  ...args:
    | [options?: DropoutOptions]
    | [
        p?: number,
        training?: boolean | DropoutOptions,
        inplace?: boolean | DropoutOptions,
        options?: DropoutOptions,
      ]
): Tensor {
  const options: DropoutOptions = bindArgs('dropout()', args, {
    leading: 1,
    positional: ['p', 'training', 'inplace'],
    keywordOnly: ['generator'],
  });
  const p = options.p ?? 0.5;
  checkDropoutProbability(p);
  if (!(options.training ?? true) || p === 0 || input.numel() === 0) return input;
  const inplace = options.inplace ?? false;
  return scope(() => {
    // p = 1 zeroes everything; the scale 1 / (1 - p) would be infinite (PyTorch multiplies by 0 too).
    if (p === 1) return inplace ? input.mul_(0) : input.mul(0);
    const mask = bernoulli(fullLike(input, 1 - p), { generator: options.generator }).div_(1 - p);
    return inplace ? input.mul_(mask) : input.mul(mask);
  });
}
