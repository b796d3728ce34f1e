/** Dropout (PyTorch: `torch.nn.functional.dropout`). */
import { bindArgs, dropoutMask, type Generator, scope, type Tensor } from '@typetorch/tensor';

/** Options of {@link dropout} (PyTorch: the arguments of `torch.nn.functional.dropout` after `input`). */
export interface DropoutOptions {
  /** Probability of zeroing an element; default 0.5. PyTorch: `p`. */
  p?: number;
  /** Apply dropout (true, default) or return the input unchanged (evaluation). PyTorch: `training`. */
  training?: boolean;
  /** Overwrite the input. PyTorch: `inplace`. */
  inplace?: boolean;
  /**
   * The Philox stream the mask is drawn from; default the global generator. PyTorch's `F.dropout` has no such
   * argument and always uses the global generator.
   */
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
export function dropout(input: Tensor, ...args: DropoutArgs): Tensor {
  const options = dropoutArgs('dropout', args);
  return dropoutWithMask(input, input.shape, options);
}

/**
 * The arguments of every dropout function after the input: `p, training, inplace`, or options (PyTorch:
 * `p=0.5, training=True, inplace=False`).
 */
export type DropoutArgs =
  | [options?: DropoutOptions]
  | [
      p?: number,
      training?: boolean | DropoutOptions,
      inplace?: boolean | DropoutOptions,
      options?: DropoutOptions,
    ];

const warned = new Set<string>();

/** Python's `warnings.warn` with the default filter: each message once per process. */
export function warnOnce(message: string): void {
  if (warned.has(message)) return;
  warned.add(message);
  console.warn(`UserWarning: ${message}`);
}

/** Binds a dropout function's arguments (`p, training, inplace`, keyword-only `generator`) and checks `p`. */
export function dropoutArgs(name: string, args: readonly unknown[]): DropoutOptions & { p: number } {
  const options: DropoutOptions = bindArgs(`${name}()`, args, {
    leading: 1,
    positional: ['p', 'training', 'inplace'],
    keywordOnly: ['generator'],
  });
  const p = options.p ?? 0.5;
  checkDropoutProbability(p);
  return { ...options, p };
}

/**
 * Inverted dropout with one Bernoulli draw per element of `maskShape`, broadcast over `input` (the
 * input's own shape for element-wise dropout, `[N, C, 1, 1]` for channel-wise). Out of training, with
 * `p = 0` or on an empty input, the input itself is returned, as in PyTorch.
 */
export function dropoutWithMask(
  input: Tensor,
  maskShape: readonly number[],
  options: DropoutOptions & { p: number },
): Tensor {
  const { p } = options;
  if (!(options.training ?? true) || p === 0 || input.numel() === 0) return input;
  const inplace = options.inplace ?? false;
  return scope(() => {
    // p = 1 zeroes everything; the scale 1 / (1 - p) would be infinite (PyTorch multiplies by 0 too).
    if (p === 1) return inplace ? input.mul_(0) : input.mul(0);
    // One kernel draws and scales the mask: the same bits as bernoulli(full(1 - p)).div_(1 - p).
    const mask = dropoutMask(maskShape, p, {
      dtype: input.dtype,
      device: input.device,
      generator: options.generator,
    });
    return inplace ? input.mul_(mask) : input.mul(mask);
  });
}
