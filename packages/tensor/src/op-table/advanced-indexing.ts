/**
 * The rows of advanced indexing (ops/advanced-indexing.ts): PyTorch's `index` (`x[idx]` with integer
 * index tensors), `index_put` / `index_put_`, `masked_select` and `nonzero`. Boolean masks reach
 * `index` and `indexPut` as the integer indices `nonzero` gives (their count is read on the host), so
 * the gradients see integer indices only.
 */
import { row } from './row.js';

/** The dims of the indexed tensor the index inputs address, ascending (one index tensor each). */
export interface AdvancedIndexAttrs {
  readonly dims: readonly number[];
}

/**
 * `indexPut`'s attributes. With `mask`, the one index input is a bool mask over the dims from
 * `dims[0]` (written where true, without reading it on the host: PyTorch's masked-fill dispatch).
 */
export interface IndexPutAttrs extends AdvancedIndexAttrs {
  readonly accumulate: boolean;
  readonly mask: boolean;
}

export const ADVANCED_INDEXING_OPS = {
  /** Inputs `[x, ...indices]`: int32 index tensors broadcast together, one per dim in `dims`. */
  index: row<AdvancedIndexAttrs>()({ group: 'indexing', differentiable: true }),
  /** Inputs `[x, values, ...indices]`. */
  indexPut: row<IndexPutAttrs>()({ group: 'indexing', differentiable: true }),
  indexPut_: row<IndexPutAttrs>()({
    group: 'indexing',
    differentiable: true,
    inPlace: true,
    gradientOf: 'indexPut',
  }),
  /** Inputs `[x, mask]`; outputs `[values, flat positions]` (the second is saved for backward). */
  maskedSelect: row()({ group: 'indexing', differentiable: true }),
  nonzero: row<{ readonly asTuple: boolean }>()({ group: 'indexing', differentiable: false }),
};
