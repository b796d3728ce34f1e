/** Lookup tables (PyTorch: `torch.nn.functional.embedding`). */
import { assertAsync, getBackend, scope, type Tensor, where } from '@typetorch/tensor';

/** Options of {@link embedding} (PyTorch: the keyword arguments of `torch.nn.functional.embedding`). */
export interface EmbeddingOptions {
  /**
   * Row whose entries get no gradient (the padding token); negative counts from the end. PyTorch:
   * `padding_idx`.
   */
  paddingIdx?: number | null;
}

/** `paddingIdx` checked against the table size and made non-negative (PyTorch's F.embedding). */
export function normalizePaddingIdx(
  paddingIdx: number | null | undefined,
  numEmbeddings: number,
): number | null {
  if (paddingIdx === null || paddingIdx === undefined) return null;
  if (paddingIdx >= numEmbeddings || paddingIdx < -numEmbeddings) {
    throw new RangeError('Padding_idx must be within num_embeddings');
  }
  return paddingIdx < 0 ? paddingIdx + numEmbeddings : paddingIdx;
}

/**
 * PyTorch's `index out of range in self` for an index outside `[0, rows)`: at once where the device
 * reads synchronously, else at the next read from the device (checked there before the lookup's own
 * check, so this error is the one raised).
 */
function checkIndices(input: Tensor, rows: number): void {
  const message = 'index out of range in self';
  if (!getBackend(input.device).capabilities.syncRead) {
    if (input.numel() > 0) scope(() => assertAsync(input.ge(0).logicalAnd(input.lt(rows)).all(), message));
    return;
  }
  const values = input.dataSync();
  for (let i = 0; i < values.length; i++) {
    if (values[i] < 0 || values[i] >= rows) throw new RangeError(message);
  }
}

/**
 * Rows of `weight` (`[numEmbeddings, dim]`) at the int64 (or int32) indices `input`, giving `[*input.shape, dim]`
 * (PyTorch: `torch.nn.functional.embedding(input, weight, padding_idx=None)`). Rows looked up at
 * `paddingIdx` receive no gradient.
 */
export function embedding(input: Tensor, weight: Tensor, options: EmbeddingOptions = {}): Tensor {
  if (input.dtype !== 'int64' && input.dtype !== 'int32') {
    throw new TypeError(
      `embedding(): Expected tensor for argument #1 'indices' to have one of the following scalar types: Long, Int; but got ${input.dtype} instead`,
    );
  }
  if (weight.ndim !== 2) throw new RangeError("'weight' must be 2-D");
  const rows = weight.shape[0];
  const paddingIdx = normalizePaddingIdx(options.paddingIdx, rows);
  checkIndices(input, rows);
  return scope(() => {
    const out = weight.indexSelect(0, input.reshape([-1])).reshape([...input.shape, weight.shape[1]]);
    if (paddingIdx === null) return out;
    // Same values either way; only the non-padding positions carry the gradient back to the table.
    return where(input.eq(paddingIdx).unsqueeze(-1), out.detach(), out);
  });
}
