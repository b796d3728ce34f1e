/**
 * Inverted dropout's scaled mask in one op (the op row `dropoutMask`): the backend's fused kernel
 * (`FastPaths.dropoutMask`) where it has one, else the composition dropout used before the kernel
 * existed, so a seed draws the same mask either way and on every backend.
 */
import type { Backend } from '../backend/contract.js';
import { getDefaultDevice } from '../backend/registry.js';
import { dispatch } from '../dispatch.js';
import { type DType, type DTypeLike, isFloating, resolveDType } from '../dtype.js';
import { defaultGenerator, type Generator } from '../random/generator.js';
import { checkShape, numelOf } from '../shape.js';
import type { Tensor } from '../tensor.js';
import { broadcastView, disposeTemps, newTensor, outputTensor, viewOf } from './internal.js';

/** Options of {@link dropoutMask} (PyTorch: the dtype and device of `torch.native_dropout`'s input, and a generator). */
export interface DropoutMaskOptions {
  /** A floating dtype; default float32 (PyTorch: the input's `dtype`). */
  dtype?: DTypeLike;
  /** Default the default device (PyTorch: the input's `device`). */
  device?: string;
  /** The Philox stream the mask is drawn from; default the global generator (PyTorch: the default generator). */
  generator?: Generator;
}

/**
 * Inverted dropout's mask: each element is `1 / (1 - p)` with probability `1 - p` and 0 otherwise, in
 * the given floating dtype (PyTorch: the mask of `torch.native_dropout(input, p, train=True)`, times
 * `1 / (1 - p)`, the factor its output carries). Element `i` is decided by the generator's uniform
 * draw for counter `offset + i` (the generator advances by the mask's size), compared with `1 - p` in
 * the dtype, exactly as `bernoulli(full(shape, 1 - p)).div_(1 - p)` draws it, so the same seed gives
 * the same mask on every backend. `p = 1` gives zeros.
 */
export function dropoutMask(shape: readonly number[], p: number, options?: DropoutMaskOptions): Tensor {
  checkShape(shape, 'dropoutMask');
  if (!(p >= 0 && p <= 1))
    throw new RangeError(`dropout probability has to be between 0 and 1, but got ${p}`);
  const dtype = resolveDType(options?.dtype, 'dropoutMask') ?? 'float32';
  if (!isFloating(dtype)) throw new TypeError(`dropoutMask(): expected a floating point dtype, got ${dtype}`);
  return dispatch(
    'dropoutMask',
    [],
    { shape, p, dtype },
    (backend) => {
      const n = numelOf(shape);
      const { key, offset } = (options?.generator ?? defaultGenerator).take(n);
      if (p === 1 || n === 0) return newTensor(backend, shape, dtype);
      const kernel = backend.fast?.dropoutMask;
      if (kernel === undefined) return dropoutMaskComposite(backend, shape, dtype, 1 - p, key, offset);
      const out = outputTensor(backend, shape, dtype);
      kernel.call(backend.fast, viewOf(out), 1 - p, key, offset);
      return out;
    },
    options?.device ?? getDefaultDevice(),
  );
}

/**
 * The reference composition of the fast path `dropoutMask` (see `FastPaths.dropoutMask`): a new mask
 * drawn from counters `offset + i` of `key`, kernel for kernel what `bernoulli(full(shape,
 * keep)).div_(keep)` runs: a uniform draw, `lt` against `keep` stored in the dtype, a cast of the bool
 * result back to the dtype, and a divide by `keep`. For backends and the conformance suite (PyTorch
 * has none).
 */
export function dropoutMaskComposite(
  backend: Backend,
  shape: readonly number[],
  dtype: DType,
  keep: number,
  key: readonly [number, number],
  offset: number,
): Tensor {
  const u = newTensor(backend, shape, dtype);
  backend.random(viewOf(u), 'uniform', key, offset);
  const k = newTensor(backend, [], dtype);
  backend.fill(viewOf(k), keep);
  const hit = newTensor(backend, shape, 'bool');
  backend.binary('lt', viewOf(u), broadcastView(k, shape), viewOf(hit));
  const out = newTensor(backend, shape, dtype);
  backend.copy(viewOf(hit), viewOf(out));
  backend.binary('div', viewOf(out), broadcastView(k, shape), viewOf(out));
  disposeTemps([u, k, hit], [out]);
  return out;
}
