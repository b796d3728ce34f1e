/**
 * The `(values, indices)` pair of `max(x, dim)`, `min(x, dim)`, `sort`, `topk` and `kthvalue`: PyTorch
 * returns a named tuple (`torch.return_types.max`), read either by position (`values, indices =
 * x.max(1)`) or by name (`x.max(1).values`). typetorch returns a frozen two-element array with the
 * same two names, so both `const [values, indices] = x.max(1)` and `x.max(1).values` work.
 */
import type { Tensor } from '../tensor.js';

/** A readonly `[values, indices]` tuple that also has `values` and `indices` properties (PyTorch: the named tuple `torch.return_types.max`, `sort`, ...). */
export type ValuesIndices = readonly [values: Tensor, indices: Tensor] & {
  /** The values (PyTorch: `.values`). */
  readonly values: Tensor;
  /** Their int indices (PyTorch: `.indices`). */
  readonly indices: Tensor;
};

/** Builds a {@link ValuesIndices}; the named properties are not enumerable (it prints as a pair) (PyTorch: `torch.return_types`). */
export function valuesIndices(values: Tensor, indices: Tensor): ValuesIndices {
  const pair = [values, indices];
  Object.defineProperties(pair, {
    values: { value: values, enumerable: false },
    indices: { value: indices, enumerable: false },
  });
  return Object.freeze(pair) as unknown as ValuesIndices;
}
