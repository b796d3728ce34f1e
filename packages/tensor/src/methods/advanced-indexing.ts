/**
 * Tensor methods of advanced indexing (ops/advanced-indexing.ts, ops/index-specs.ts): `x.indexSet()`
 * (Python's `x[...] = v`), `x.indexPut_()`, `x.maskedSelect()`, `x.nonzero()`, `x.argwhere()` and
 * their async forms for devices without synchronous reads (and `x.index()`, Python's `x[...]`).
 * (See define.ts for how a group of methods is added.)
 */
import {
  argwhere,
  argwhereAsync,
  maskedSelect,
  maskedSelectAsync,
  type NonzeroOptions,
  nonzero,
  nonzeroAsync,
} from '../ops/advanced-indexing.js';
import {
  type IndexPutOptions,
  type IndexSpec,
  index,
  indexAsync,
  indexPut,
  indexPut_,
  indexPutAsync,
  indexPutAsync_,
  indexSet,
  indexSetAsync,
} from '../ops/index-specs.js';
import type { Tensor } from '../tensor.js';
import { defineMethods } from './define.js';

type Indices = readonly (Tensor | null)[];

declare module '../tensor.js' {
  interface Tensor {
    /**
     * Python's `x[...]` (PyTorch: `Tensor.__getitem__`): `x.index(':', '1:3')` is `x[:, 1:3]` (a view),
     * `x.index(idx)`, `x.index([0, 2])`, `x.index(mask)` are `x[idx]`, `x[[0, 2]]`, `x[mask]` (copies).
     */
    index(...specs: IndexSpec[]): Tensor;
    /** {@link Tensor.index} on every device: reads mask and index tensors asynchronously first (PyTorch: `Tensor.__getitem__`). */
    indexAsync(...specs: IndexSpec[]): Promise<Tensor>;
    /**
     * In place, Python's `x[specs] = value` (PyTorch: `Tensor.__setitem__`): `x.indexSet(['...', 1], 0)`
     * is `x[..., 1] = 0`, `x.indexSet([mask], v)` is `x[mask] = v`. Returns `this`.
     */
    indexSet(specs: readonly IndexSpec[], value: Tensor | number | boolean): this;
    /** {@link Tensor.indexSet} on every device: reads mask and index tensors asynchronously first (PyTorch: `Tensor.__setitem__`). */
    indexSetAsync(specs: readonly IndexSpec[], value: Tensor | number | boolean): Promise<this>;
    /** In place: `values` written (or added) at `indices` (PyTorch: `Tensor.index_put_`). */
    indexPut_(indices: readonly (Tensor | null)[], values: Tensor, options?: IndexPutOptions): this;
    /** Out of place `indexPut_` (PyTorch: `Tensor.index_put`). */
    indexPut(indices: readonly (Tensor | null)[], values: Tensor, options?: IndexPutOptions): Tensor;
    /** `indexPut_` on every device (reads bool masks asynchronously first) (PyTorch: `Tensor.index_put_`). */
    indexPutAsync_(
      indices: readonly (Tensor | null)[],
      values: Tensor,
      options?: IndexPutOptions,
    ): Promise<this>;
    /** `indexPut` on every device (reads bool masks asynchronously first) (PyTorch: `Tensor.index_put`). */
    indexPutAsync(
      indices: readonly (Tensor | null)[],
      values: Tensor,
      options?: IndexPutOptions,
    ): Promise<Tensor>;
    /** The elements where `mask` is true, 1-D (PyTorch: `Tensor.masked_select`). */
    maskedSelect(mask: Tensor): Tensor;
    /** `maskedSelect` on every device: reads the mask asynchronously first (PyTorch: `Tensor.masked_select`). */
    maskedSelectAsync(mask: Tensor): Promise<Tensor>;
    /** Indices of the non-zero elements (PyTorch: `Tensor.nonzero`). */
    nonzero(options: NonzeroOptions & { asTuple: true }): Tensor[];
    nonzero(options?: NonzeroOptions & { asTuple?: false }): Tensor;
    /** `nonzero` on every device: reads the values asynchronously first (PyTorch: `Tensor.nonzero`). */
    nonzeroAsync(options: NonzeroOptions & { asTuple: true }): Promise<Tensor[]>;
    nonzeroAsync(options?: NonzeroOptions & { asTuple?: false }): Promise<Tensor>;
    /** Indices of the non-zero elements, `[count, ndim]` (PyTorch: `Tensor.argwhere`). */
    argwhere(): Tensor;
    /** `argwhere` on every device: reads the values asynchronously first (PyTorch: `Tensor.argwhere`). */
    argwhereAsync(): Promise<Tensor>;
  }
}

export function installAdvancedIndexingMethods(proto: Tensor): void {
  defineMethods(proto, {
    index(this: Tensor, ...specs: IndexSpec[]) {
      return index(this, ...specs);
    },
    indexAsync(this: Tensor, ...specs: IndexSpec[]) {
      return indexAsync(this, ...specs);
    },
    indexSet(this: Tensor, specs: readonly IndexSpec[], value: Tensor | number | boolean) {
      return indexSet(this, specs, value);
    },
    indexSetAsync(this: Tensor, specs: readonly IndexSpec[], value: Tensor | number | boolean) {
      return indexSetAsync(this, specs, value);
    },
    indexPut_(this: Tensor, indices: Indices, values: Tensor, options?: IndexPutOptions) {
      return indexPut_(this, indices, values, options);
    },
    indexPut(this: Tensor, indices: Indices, values: Tensor, options?: IndexPutOptions) {
      return indexPut(this, indices, values, options);
    },
    indexPutAsync_(this: Tensor, indices: Indices, values: Tensor, options?: IndexPutOptions) {
      return indexPutAsync_(this, indices, values, options);
    },
    indexPutAsync(this: Tensor, indices: Indices, values: Tensor, options?: IndexPutOptions) {
      return indexPutAsync(this, indices, values, options);
    },
    maskedSelect(this: Tensor, mask: Tensor) {
      return maskedSelect(this, mask);
    },
    maskedSelectAsync(this: Tensor, mask: Tensor) {
      return maskedSelectAsync(this, mask);
    },
    nonzero(this: Tensor, options?: NonzeroOptions) {
      return nonzero(this, options);
    },
    nonzeroAsync(this: Tensor, options?: NonzeroOptions) {
      return options?.asTuple ? nonzeroAsync(this, { asTuple: true }) : nonzeroAsync(this);
    },
    argwhere(this: Tensor) {
      return argwhere(this);
    },
    argwhereAsync(this: Tensor) {
      return argwhereAsync(this);
    },
  });
}
