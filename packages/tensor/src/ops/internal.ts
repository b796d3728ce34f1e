/** Helpers shared by op implementations: allocation, views onto storage, casts, scalar operands. */
import type { Backend, StorageHandle, View } from '../backend/contract.js';
import { runningOp } from '../dispatch.js';
import { checkIntFits, type DType, storageDType, type TypedArray } from '../dtype.js';
import { broadcastStrides, contiguousStrides, numelOf, type Shape } from '../shape.js';
import { Storage } from '../storage.js';
import { Tensor } from '../tensor.js';
import { checkIntCast } from './int-checks.js';

/** What ops accept where PyTorch accepts a tensor or a Python number. */
export type TensorLike = Tensor | number | boolean;

/** A new contiguous tensor on `backend` (contents zero). */
export function newTensor(backend: Backend, shape: Shape, dtype: DType): Tensor {
  const storage = Storage.allocate(backend, dtype, numelOf(shape));
  return new Tensor(storage, shape, contiguousStrides(shape), 0);
}

/**
 * A new contiguous tensor whose elements are unspecified (the backend's `allocEmpty`): only for the
 * `out` of a kernel that writes every element of it (see `Backend.allocEmpty`), so no time is spent
 * zeroing memory the kernel overwrites.
 */
export function outputTensor(backend: Backend, shape: Shape, dtype: DType): Tensor {
  const storage = Storage.allocate(backend, dtype, numelOf(shape), false);
  return new Tensor(storage, shape, contiguousStrides(shape), 0);
}

/** Writes host values (the dtype's host form, see dtype.ts) into `t`'s storage from element 0. */
export function writeHost(backend: Backend, t: Tensor, values: TypedArray): void {
  if (values.length > 0) backend.write(t.storage.touch(), storageDType(t.dtype), values, 0);
}

/** A tensor sharing `t`'s storage with a different geometry. */
export function aliasOf(t: Tensor, shape: Shape, strides: readonly number[], offset: number): Tensor {
  return new Tensor(t.storage, shape, strides, offset);
}

/**
 * The kernel-facing view of a tensor, for a kernel about to run: take it right before the call (the
 * memory manager may move storages between ops; see `Storage.touch`).
 * PyTorch has no equivalent public function (compare `Tensor.data_ptr()` with `Tensor.stride()`).
 */
export function viewOf(t: Tensor): View {
  return {
    storage: handleFor(t),
    dtype: storageDType(t.dtype),
    shape: t.shape,
    strides: t.strides,
    offset: t.offset,
  };
}

/** The storage handle of `t` for a kernel call (the one check every kernel input goes through). */
function handleFor(t: Tensor): StorageHandle {
  if (t.storage.isFreed) {
    throw new Error(
      'internal error: a kernel was given a tensor whose storage was already freed (a use after free inside typetorch; please report it)',
    );
  }
  return t.storage.touch();
}

/** The view of `t` read as if broadcast to `shape` (stride 0 on broadcast dims). */
export function broadcastView(t: Tensor, shape: Shape): View {
  return {
    storage: handleFor(t),
    dtype: storageDType(t.dtype),
    shape,
    strides: broadcastStrides(t.shape, t.strides, shape),
    offset: t.offset,
  };
}

/** A view with explicit geometry (for kernels that need permuted or reshaped reads). */
export function viewWith(t: Tensor, shape: Shape, strides: readonly number[], offset = t.offset): View {
  return { storage: handleFor(t), dtype: storageDType(t.dtype), shape, strides, offset };
}

/** `t` converted to `dtype` (a new tensor), or `t` itself when it already has that dtype. */
export function castTo(backend: Backend, t: Tensor, dtype: DType): Tensor {
  if (t.dtype === dtype) return t;
  checkIntCast(backend, t, dtype);
  const out = newTensor(backend, t.shape, dtype);
  backend.copy(viewOf(t), viewOf(out));
  return out;
}

/**
 * A 0-d tensor holding a scalar operand. An int64 one must fit its 32-bit storage (an int32 one wraps,
 * as in PyTorch).
 */
export function scalarTensor(backend: Backend, value: number | boolean, dtype: DType): Tensor {
  if (dtype === 'int64' && typeof value === 'number') checkIntFits(runningOp() ?? 'tensor', value, dtype);
  const out = newTensor(backend, [], dtype);
  backend.fill(viewOf(out), typeof value === 'boolean' ? Number(value) : value);
  return out;
}

/** Disposes temporaries created inside an op, leaving the op's inputs alone. */
export function disposeTemps(temps: readonly Tensor[], keep: readonly Tensor[]): void {
  for (const t of temps) if (!keep.includes(t) && !t.isDisposed) t.dispose();
}

/** Marks an in-place write on `t`'s storage (autograd checks the version of saved tensors). */
export function bumpVersion(t: Tensor): void {
  t.storage.version++;
}

/**
 * Strides for viewing `shape`/`strides` as `newShape` without copying, or null when the memory
 * layout does not allow it (PyTorch's `computeStride`, the rule that decides view vs. reshape-copy).
 */
export function viewStrides(shape: Shape, strides: readonly number[], newShape: Shape): number[] | null {
  const numel = numelOf(shape);
  const newStrides = new Array<number>(newShape.length).fill(0);
  if (numel === 0 || shape.length === 0) return contiguousStrides(newShape);
  let viewD = newShape.length - 1;
  let chunkBase = strides[strides.length - 1] ?? 1;
  let tensorNumel = 1;
  let viewNumel = 1;
  for (let d = shape.length - 1; d >= 0; d--) {
    tensorNumel *= shape[d];
    if (d === 0 || (shape[d - 1] !== 1 && strides[d - 1] !== tensorNumel * chunkBase)) {
      while (viewD >= 0 && (viewNumel < tensorNumel || newShape[viewD] === 1)) {
        newStrides[viewD] = viewNumel * chunkBase;
        viewNumel *= newShape[viewD];
        viewD--;
      }
      if (viewNumel !== tensorNumel) return null;
      if (d > 0) {
        chunkBase = strides[d - 1];
        tensorNumel = 1;
        viewNumel = 1;
      }
    }
  }
  if (viewD !== -1) return null;
  return newStrides;
}
