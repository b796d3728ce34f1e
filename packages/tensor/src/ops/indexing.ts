/**
 * Index ops: `gather`, `scatter`, `scatterAdd`, `indexSelect`, `oneHot`, `tril`/`triu` (PyTorch
 * names). `index()` (Python's subscript) is in index-specs.ts, advanced indexing in
 * advanced-indexing.ts.
 */

import type { Backend, View } from '../backend/contract.js';
import { dispatch } from '../dispatch.js';
import { isIntegral } from '../dtype.js';
import { formatShape, normalizeDim } from '../shape.js';
import { Tensor } from '../tensor.js';
import { arange } from './creation.js';
import { binary, where } from './elementwise.js';
import { checkIndicesOnDevice, checkValues } from './int-checks.js';
import { aliasOf, bumpVersion, castTo, disposeTemps, newTensor, viewOf, viewWith } from './internal.js';
import { unsqueeze } from './views.js';

/** The kernel view of `t`, with a 0-d tensor seen as one element along dim 0 (the dim kernels index). */
function asVector(t: Tensor): View {
  return t.ndim === 0 ? viewWith(t, [1], [1]) : viewOf(t);
}

function checkIndexDtype(op: string, index: Tensor): void {
  if (!isIntegral(index.dtype))
    throw new TypeError(`${op}(): Expected dtype int64 for index, got ${index.dtype}`);
}

/**
 * Range-checks indices: on the host where the device can read synchronously, else on the device,
 * raising at the next read (the kernels skip out-of-range indices meanwhile).
 */
function checkIndexRange(backend: Backend, op: string, index: Tensor, size: number): void {
  checkIndicesOnDevice(backend, `${op}()`, index, 0, size);
  if (!backend.capabilities.syncRead || index.numel() === 0) return;
  const values = backend.readSync!(viewOf(index));
  for (let i = 0; i < values.length; i++) {
    const v = values[i];
    if (v < 0 || v >= size)
      throw new RangeError(`${op}(): index ${v} is out of bounds for dimension with size ${size}`);
  }
}

function checkSameRank(op: string, x: Tensor, index: Tensor, dim: number, other?: Tensor): void {
  if (index.ndim !== x.ndim)
    throw new RangeError(
      `${op}(): Index tensor must have the same number of dimensions as ${other ? 'self' : 'input'} tensor`,
    );
  for (let d = 0; d < x.ndim; d++) {
    if (d !== dim && index.shape[d] > x.shape[d]) {
      throw new RangeError(
        `Size does not match at dimension ${d} expected index ${formatShape(index.shape)} to be smaller than self ${formatShape(x.shape)} apart from dimension ${dim}`,
      );
    }
    if (other && index.shape[d] > other.shape[d]) {
      throw new RangeError(
        `Size does not match at dimension ${d} expected index ${formatShape(index.shape)} to be smaller than src ${formatShape(other.shape)}`,
      );
    }
  }
}

/** Values of `x` along `dim` at `index` (PyTorch: `torch.gather`). Indices must be in `[0, size)`. */
export function gather(x: Tensor, dim: number, index: Tensor): Tensor {
  checkIndexDtype('gather', index);
  const d = x.ndim === 0 ? 0 : normalizeDim(dim, x.ndim, 'gather');
  checkSameRank('gather', x, index, d);
  return dispatch('gather', [x, index], { dim: d }, (backend) => {
    checkIndexRange(backend, 'gather', index, x.ndim === 0 ? 1 : x.shape[d]);
    const out = newTensor(backend, index.shape, x.dtype);
    if (out.numel() > 0) backend.gather(asVector(x), d, asVector(index), asVector(out));
    return out;
  });
}

type ScatterName = 'scatter' | 'scatterAdd' | 'scatter_' | 'scatterAdd_';

function scatterInPlace(
  op: ScatterName,
  self: Tensor,
  dim: number,
  index: Tensor,
  src: Tensor | number,
  reduce: 'none' | 'add',
): Tensor {
  checkIndexDtype(op, index);
  const d = self.ndim === 0 ? 0 : normalizeDim(dim, self.ndim, op);
  checkSameRank(op, self, index, d, src instanceof Tensor ? src : undefined);
  const inputs = src instanceof Tensor ? [self, index, src] : [self, index];
  return dispatch(op, inputs, { dim: d, reduce }, (backend) => {
    checkIndexRange(backend, op, index, self.ndim === 0 ? 1 : self.shape[d]);
    const temps: Tensor[] = [];
    let source: Tensor;
    if (src instanceof Tensor) {
      source = castTo(backend, src, self.dtype);
      if (source !== src) temps.push(source);
    } else {
      source = newTensor(backend, [], self.dtype);
      backend.fill(viewOf(source), src);
      temps.push(source);
      source = aliasOf(
        source,
        index.shape,
        index.shape.map(() => 0),
        0,
      );
      temps.push(source);
    }
    if (index.numel() > 0) backend.scatter(asVector(self), d, asVector(index), asVector(source), reduce);
    disposeTemps(temps, [self]);
    bumpVersion(self);
    return self;
  });
}

/** In place: writes `src` into `self` at `index` along `dim` (PyTorch: `Tensor.scatter_`). */
export function scatter_(self: Tensor, dim: number, index: Tensor, src: Tensor | number): Tensor {
  return scatterInPlace('scatter_', self, dim, index, src, 'none');
}

/** In place: adds `src` into `self` at `index` along `dim` (PyTorch: `Tensor.scatter_add_`). */
export function scatterAdd_(self: Tensor, dim: number, index: Tensor, src: Tensor): Tensor {
  return scatterInPlace('scatterAdd_', self, dim, index, src, 'add');
}

function scatterOutOfPlace(
  op: 'scatter' | 'scatterAdd',
  x: Tensor,
  dim: number,
  index: Tensor,
  src: Tensor | number,
  reduce: 'none' | 'add',
): Tensor {
  const inputs = src instanceof Tensor ? [x, index, src] : [x, index];
  return dispatch(op, inputs, { dim, reduce }, () => {
    const out = x.clone();
    scatterInPlace(op, out, dim, index, src, reduce);
    return out;
  });
}

/** Out-of-place scatter (PyTorch: `torch.scatter`). */
export function scatter(x: Tensor, dim: number, index: Tensor, src: Tensor | number): Tensor {
  return scatterOutOfPlace('scatter', x, dim, index, src, 'none');
}

/** Out-of-place scatter-add (PyTorch: `torch.scatter_add`). */
export function scatterAdd(x: Tensor, dim: number, index: Tensor, src: Tensor): Tensor {
  return scatterOutOfPlace('scatterAdd', x, dim, index, src, 'add');
}

/** Entries of `x` along `dim` at the 1-D `index` (PyTorch: `torch.index_select`). */
export function indexSelect(x: Tensor, dim: number, index: Tensor): Tensor {
  checkIndexDtype('index_select', index);
  if (index.ndim > 1) throw new RangeError('index_select(): Index is supposed to be a vector');
  const d = x.ndim === 0 ? 0 : normalizeDim(dim, x.ndim, 'index_select');
  return dispatch('indexSelect', [x, index], { dim: d }, (backend) => {
    const size = x.ndim === 0 ? 1 : x.shape[d];
    checkIndexRange(backend, 'index_select', index, size);
    const n = index.numel();
    const shape = x.ndim === 0 ? [] : x.shape.map((s, k) => (k === d ? n : s));
    const out = newTensor(backend, shape, x.dtype);
    if (out.numel() === 0) return out;
    // gather with the index broadcast over every other dim (stride 0) selects whole slices.
    const gatherShape = x.ndim === 0 ? [1] : shape;
    const strides = gatherShape.map((_, k) => (k === d ? (index.strides[0] ?? 0) : 0));
    backend.gather(asVector(x), d, viewWith(index, gatherShape, strides), asVector(out));
    return out;
  });
}

/**
 * One-hot encoding of int64 class indices (PyTorch: `torch.nn.functional.one_hot`): a new last dim
 * of size `numClasses` (-1 infers it from the largest index, on devices with synchronous reads).
 * Result dtype int64. int32 indices are accepted too.
 */
export function oneHot(index: Tensor, numClasses = -1): Tensor {
  if (!isIntegral(index.dtype)) throw new TypeError('one_hot is only applicable to index tensor.');
  return dispatch('oneHot', [index], { numClasses }, (backend) => {
    let classes = numClasses;
    if (classes === -1) {
      if (!backend.capabilities.syncRead) {
        throw new Error(
          `one_hot(): numClasses=-1 needs to read the indices, which device '${index.device}' cannot do synchronously; pass numClasses`,
        );
      }
      if (index.numel() === 0)
        throw new RangeError('Can not infer total number of classes from empty tensor.');
      const values = backend.readSync!(viewOf(index));
      let m = 0;
      for (let i = 0; i < values.length; i++) m = Math.max(m, values[i]);
      classes = m + 1;
    }
    checkValues(backend, index, (t) => t.lt(0), 'one_hot(): Class values must be non-negative.', true);
    const large = 'one_hot(): Class values must be smaller than num_classes.';
    checkValues(backend, index, (t) => t.ge(classes), large, true);
    if (backend.capabilities.syncRead && index.numel() > 0) {
      const values = backend.readSync!(viewOf(index));
      for (let i = 0; i < values.length; i++) {
        if (values[i] < 0) throw new RangeError('one_hot(): Class values must be non-negative.');
        if (values[i] >= classes)
          throw new RangeError('one_hot(): Class values must be smaller than num_classes.');
      }
    }
    const cls = arange(classes, { device: index.device });
    const col = unsqueeze(index, -1);
    const hits = binary('eq', col, cls);
    const out = castTo(backend, hits, 'int64');
    disposeTemps([cls, col, hits], [out]);
    return out;
  });
}

function triangle(op: 'tril' | 'triu', x: Tensor, diagonal: number): Tensor {
  if (x.ndim < 2) throw new RangeError(`${op}: input tensor must have at least 2 dimensions`);
  return dispatch(op, [x], { diagonal }, () => {
    // int32: positions within one matrix need no int64 overflow checks.
    const rows = arange(x.shape[x.ndim - 2], { dtype: 'int32', device: x.device });
    const cols = arange(x.shape[x.ndim - 1], { dtype: 'int32', device: x.device });
    const r = unsqueeze(rows, 1);
    const offset = binary('sub', cols, r); // col - row, shape [R, C]
    const keep = op === 'tril' ? binary('le', offset, diagonal) : binary('ge', offset, diagonal);
    const out = where(keep, x, 0);
    disposeTemps([rows, cols, r, offset, keep], [out]);
    return out.dtype === x.dtype ? out : castInto(out, x);
  });
}

function castInto(out: Tensor, like: Tensor): Tensor {
  const c = out.to(like.dtype);
  out.dispose();
  return c;
}

/** Lower triangle, zeroing above `diagonal` (PyTorch: `torch.tril`). */
export function tril(x: Tensor, diagonal = 0): Tensor {
  return triangle('tril', x, diagonal);
}

/** Upper triangle, zeroing below `diagonal` (PyTorch: `torch.triu`). */
export function triu(x: Tensor, diagonal = 0): Tensor {
  return triangle('triu', x, diagonal);
}

export { type IndexSpec, index, type SliceSpec, sl } from './index-specs.js';
