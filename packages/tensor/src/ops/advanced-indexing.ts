/**
 * Advanced indexing as in PyTorch 1.13: gathering and writing at int32 index tensors broadcast
 * together (`x[idx]`, `x[rows, cols]`, `index_put_`), boolean masks (`masked_select`, `x[mask] = v`)
 * and `nonzero` / `argwhere`. The spec parser (`x.index(...)`, `x.indexSet(...)`) is in
 * index-specs.ts.
 *
 * Composed of existing kernels: an index is flattened over the indexed dims (negative indices
 * wrapped), then `indexSelect` gathers whole slices and `scatter` (with `'add'` to accumulate) writes
 * them. The size of a mask's or `nonzero`'s result depends on values, so they are read on the host:
 * synchronously where the device can, else the synchronous forms throw and the `...Async` forms read
 * first. Out-of-range indices throw PyTorch's error where the indices can be read (sync devices, the
 * async forms); elsewhere the kernels' guards read 0 and skip the write (as CUDA's device asserts).
 */
import type { Backend } from '../backend/contract.js';
import { dispatch } from '../dispatch.js';
import { isIntegral, type TypedArray } from '../dtype.js';
import { scope } from '../memory/scope.js';
import {
  broadcastShapes,
  broadcastStrides,
  contiguousStrides,
  formatShape,
  isContiguousLayout,
  numelOf,
} from '../shape.js';
import { Tensor } from '../tensor.js';
import { binary, where } from './elementwise.js';
import { indexSelect } from './indexing.js';
import { checkIndicesOnDevice } from './int-checks.js';
import {
  broadcastView,
  bumpVersion,
  castTo,
  newTensor,
  scalarTensor,
  viewOf,
  viewWith,
  writeHost,
} from './internal.js';
import { contiguous, expand, permute, reshape } from './views.js';

/** Values already read on the host (by the async forms), by tensor. */
export type KnownValues = ReadonlyMap<Tensor, TypedArray>;

/**
 * The values of `t` on the host: known ones, else a synchronous read, else an error naming the
 * asynchronous form (the result's size depends on them).
 */
export function hostValues(t: Tensor, op: string, asyncForm: string, known?: KnownValues): TypedArray {
  const got = known?.get(t);
  if (got !== undefined) return got;
  const backend = t.storage.backend;
  if (!backend.capabilities.syncRead || backend.readSync === undefined) {
    throw new Error(
      `${op}: the size of the result depends on the values of a tensor on device '${t.device}', which cannot be read synchronously; use the asynchronous form (${asyncForm})`,
    );
  }
  return backend.readSync(viewOf(t));
}

/** Writes host indices into a new int64 tensor (PyTorch's index dtype) on `backend`. */
function int64Tensor(backend: Backend, shape: readonly number[], values: Int32Array): Tensor {
  const t = newTensor(backend, shape, 'int64');
  writeHost(backend, t, values);
  return t;
}

// ---- where the index dims go ----

/** How an advanced index lays out its result. */
export interface AdvancedLayout {
  /** The indexed dims first, then the others (`rest`). */
  readonly perm: readonly number[];
  readonly restShape: readonly number[];
  /** The broadcast shape of the index tensors. */
  readonly indexShape: readonly number[];
  /** Where the index dims go among the rest dims: in place when adjacent, else first (0). */
  readonly at: number;
  /** The result's shape. */
  readonly out: readonly number[];
  /** The product of the indexed dims' sizes. */
  readonly indexed: number;
}

/**
 * PyTorch's layout rule: the broadcast index dims replace the indexed dims when those are adjacent,
 * and go first otherwise. 0-d indices remove their dim without taking part in the rule, as PyTorch's
 * integer indices (a select) do.
 */
export function advancedLayout(
  shape: readonly number[],
  dims: readonly number[],
  indices: readonly Tensor[],
): AdvancedLayout {
  let indexShape: number[];
  try {
    indexShape = broadcastShapes(...indices.map((t) => t.shape));
  } catch {
    throw new RangeError(
      `shape mismatch: indexing tensors could not be broadcast together with shapes ${indices.map((t) => formatShape(t.shape)).join(', ')}`,
    );
  }
  const rest = shape.map((_, d) => d).filter((d) => !dims.includes(d));
  const counted = dims.filter((_, j) => indices[j].ndim > 0);
  let at = 0;
  if (counted.length > 0) {
    const [first, last] = [counted[0], counted[counted.length - 1]];
    if (!rest.some((r) => r > first && r < last)) at = rest.filter((r) => r < first).length;
  }
  const restShape = rest.map((d) => shape[d]);
  const out = [...restShape.slice(0, at), ...indexShape, ...restShape.slice(at)];
  const indexed = dims.reduce((p, d) => p * shape[d], 1);
  return { perm: [...dims, ...rest], restShape, indexShape, at, out, indexed };
}

/** The permutation taking `[...index dims, ...rest]` to the result's order. */
function toResultOrder(layout: AdvancedLayout): number[] {
  const nb = layout.indexShape.length;
  const nr = layout.restShape.length;
  const rest = (k: number) => nb + k;
  return [
    ...Array.from({ length: layout.at }, (_, k) => rest(k)),
    ...Array.from({ length: nb }, (_, k) => k),
    ...Array.from({ length: nr - layout.at }, (_, k) => rest(layout.at + k)),
  ];
}

function inverse(perm: readonly number[]): number[] {
  const inv = new Array<number>(perm.length);
  perm.forEach((p, k) => {
    inv[p] = k;
  });
  return inv;
}

/**
 * PyTorch's out-of-bounds error, where the indices can be read on the host (known values, or a device
 * with synchronous reads); other devices rely on the kernels' guards.
 */
export function checkIndexBounds(
  backend: Backend,
  shape: readonly number[],
  dims: readonly number[],
  indices: readonly Tensor[],
  known?: KnownValues,
): void {
  dims.forEach((d, j) => {
    const index = indices[j];
    let values = known?.get(index);
    if (values === undefined && backend.capabilities.syncRead && index.numel() > 0)
      values = backend.readSync!(viewOf(index));
    const size = shape[d];
    if (values === undefined) {
      checkIndicesOnDevice(backend, 'index', index, -size, size);
      return;
    }
    for (let i = 0; i < values.length; i++) {
      const v = values[i];
      if (v < -size || v >= size)
        throw new RangeError(`index ${v} is out of bounds for dimension ${j} with size ${size}`);
    }
  });
}

/**
 * The row of each index in `x` seen as `[indexed, ...rest]` (1-D int32, negative indices wrapped),
 * -1 where an index is out of range on a device that could not check it (the kernels skip it).
 */
function flatIndex(
  backend: Backend,
  shape: readonly number[],
  dims: readonly number[],
  indices: readonly Tensor[],
  layout: AdvancedLayout,
): Tensor {
  let flat: Tensor | undefined;
  let valid: Tensor | undefined;
  dims.forEach((d, j) => {
    const size = shape[d];
    const raw = indices[j];
    const wrapped = where(binary('lt', raw, 0), binary('add', raw, size), raw);
    if (!backend.capabilities.syncRead) {
      const ok = binary('logicalAnd', binary('ge', wrapped, 0), binary('lt', wrapped, size));
      valid = valid === undefined ? ok : binary('logicalAnd', valid, ok);
    }
    flat = flat === undefined ? wrapped : binary('add', binary('mul', flat, size), wrapped);
  });
  let full = expand(flat!, [...layout.indexShape]);
  if (valid !== undefined) full = where(valid, full, -1);
  return reshape(contiguous(full), [numelOf(layout.indexShape)]);
}

// ---- index (x[idx]) ----

/**
 * `x` at int32 `indices`, one per dim of `dims` (ascending), broadcast together (PyTorch:
 * `torch.Tensor.__getitem__` with index tensors, `aten::index`). Index tensors of the parser's
 * making (from masks and lists) pass their `known` values, so they are not read again.
 */
export function indexAt(
  x: Tensor,
  dims: readonly number[],
  indices: readonly Tensor[],
  known?: KnownValues,
): Tensor {
  for (const t of indices) {
    if (!isIntegral(t.dtype))
      throw new TypeError('tensors used as indices must be long, byte or bool tensors');
  }
  const layout = advancedLayout(x.shape, dims, indices);
  return dispatch('index', [x, ...indices], { dims }, (backend) => {
    checkIndexBounds(backend, x.shape, dims, indices, known);
    return scope(() => {
      const flat = flatIndex(backend, x.shape, dims, indices, layout);
      const rows = reshape(permute(x, [...layout.perm]), [layout.indexed, ...layout.restShape]);
      const picked = reshape(indexSelect(rows, 0, flat), [...layout.indexShape, ...layout.restShape]);
      return layout.at === 0 ? contiguous(picked) : contiguous(permute(picked, toResultOrder(layout)));
    });
  });
}

// ---- index_put_ ----

/** PyTorch's error when `values` does not broadcast to the indexing result. */
function checkValuesShape(values: readonly number[], out: readonly number[]): void {
  let ok = true;
  try {
    const b = broadcastShapes(values, out);
    ok = b.length === out.length && b.every((s, k) => s === out[k]);
  } catch {
    ok = false;
  }
  if (!ok) {
    throw new RangeError(
      `shape mismatch: value tensor of shape ${formatShape(values)} cannot be broadcast to indexing result of shape ${formatShape(out)}`,
    );
  }
}

/** Scatters `values` into `self` at the indices (the forward of indexPut_ without a mask). */
function scatterAt(
  backend: Backend,
  self: Tensor,
  dims: readonly number[],
  indices: readonly Tensor[],
  values: Tensor,
  accumulate: boolean,
  known?: KnownValues,
): void {
  const layout = advancedLayout(self.shape, dims, indices);
  checkValuesShape(values.shape, layout.out);
  checkIndexBounds(backend, self.shape, dims, indices, known);
  scope(() => {
    const flat = flatIndex(backend, self.shape, dims, indices, layout);
    const n = flat.shape[0];
    const r = numelOf(layout.restShape);
    if (n === 0 || r === 0) return;
    let v = expand(castTo(backend, values, self.dtype), [...layout.out]);
    if (layout.at > 0) v = permute(v, inverse(toResultOrder(layout)));
    v = reshape(contiguous(v), [n, r]);
    const target = permute(self, [...layout.perm]);
    const direct = isContiguousLayout(target.shape, target.strides);
    const work = direct ? target : contiguous(target);
    const rows = reshape(work, [layout.indexed, r]);
    const index = viewWith(flat, [n, r], [flat.strides[0], 0]);
    backend.scatter(viewOf(rows), 0, index, viewOf(v), accumulate ? 'add' : 'none');
    if (!direct) backend.copy(viewOf(work), viewOf(target));
  });
}

/**
 * Writes a 1-element `value` where the bool `mask` (over the dims from `start`) is true, without
 * reading the mask on the host: PyTorch's masked-fill dispatch of `x[mask] = v`.
 */
function fillMasked(backend: Backend, self: Tensor, start: number, mask: Tensor, value: Tensor): void {
  const shape = [...mask.shape, ...new Array<number>(self.ndim - start - mask.ndim).fill(1)];
  scope(() => {
    const m = reshape(mask, shape);
    const v = reshape(castTo(backend, value, self.dtype), []);
    const out = newTensor(backend, self.shape, self.dtype);
    backend.where(broadcastView(m, self.shape), broadcastView(v, self.shape), viewOf(self), viewOf(out));
    backend.copy(viewOf(out), viewOf(self));
  });
}

/** What {@link indexPutAt} writes: int32 indices at `dims`, or one bool mask starting at `dims[0]`. */
export interface IndexPutTarget {
  readonly dims: readonly number[];
  readonly indices: readonly Tensor[];
  readonly mask: boolean;
}

/**
 * In place: writes (or with `accumulate` adds) `values` into `self` at the target (PyTorch:
 * `Tensor.index_put_`; duplicate indices without `accumulate` leave one unspecified winner).
 */
export function indexPutAt_(
  self: Tensor,
  target: IndexPutTarget,
  values: Tensor | number | boolean,
  accumulate: boolean,
  known?: KnownValues,
): Tensor {
  const { dims, indices, mask } = target;
  const run = (v: Tensor) =>
    dispatch('indexPut_', [self, v, ...indices], { dims, accumulate, mask }, (backend) => {
      if (mask) fillMasked(backend, self, dims[0], indices[0], v);
      else scatterAt(backend, self, dims, indices, v, accumulate, known);
      bumpVersion(self);
      return self;
    });
  if (values instanceof Tensor) return run(values);
  const v = scalarTensor(self.storage.backend, values, self.dtype);
  try {
    return run(v);
  } finally {
    v.dispose();
  }
}

/** Out of place: a copy of `x` with `values` written at the target (PyTorch: `torch.index_put`). */
export function indexPutAt(
  x: Tensor,
  target: IndexPutTarget,
  values: Tensor,
  accumulate: boolean,
  known?: KnownValues,
): Tensor {
  const { dims, indices, mask } = target;
  return dispatch('indexPut', [x, values, ...indices], { dims, accumulate, mask }, () => {
    const out = x.clone();
    indexPutAt_(out, target, values, accumulate, known);
    return out;
  });
}

// ---- nonzero, masked_select ----

/** Flat positions (row-major in `shape`) where `values`, laid out in `from` broadcast to `shape`, are non-zero. */
function truePositions(values: TypedArray, from: readonly number[], shape: readonly number[]): number[] {
  const strides = broadcastStrides(from, contiguousStrides(from), shape);
  const hits: number[] = [];
  const n = numelOf(shape);
  const counter = new Array<number>(shape.length).fill(0);
  let offset = 0;
  for (let i = 0; i < n; i++) {
    if (values[offset] !== 0) hits.push(i);
    for (let d = shape.length - 1; d >= 0; d--) {
      counter[d]++;
      offset += strides[d];
      if (counter[d] < shape[d]) break;
      offset -= counter[d] * strides[d];
      counter[d] = 0;
    }
  }
  return hits;
}

/** `nonzero` with values already read (the async forms) or read here. */
export function nonzeroWith(
  x: Tensor,
  asTuple: boolean,
  known?: KnownValues,
  asyncForm = 'await nonzeroAsync(x)',
): Tensor | Tensor[] {
  return dispatch('nonzero', [x], { asTuple }, (backend) => {
    const values = hostValues(x, 'nonzero()', asyncForm, known);
    const hits = truePositions(values, x.shape, x.shape);
    const ndim = x.ndim;
    const strides = contiguousStrides(x.shape);
    const coords = Array.from({ length: Math.max(ndim, asTuple ? 1 : 0) }, () => new Int32Array(hits.length));
    hits.forEach((p, i) => {
      for (let d = 0; d < ndim; d++) coords[d][i] = Math.floor(p / strides[d]) % x.shape[d];
    });
    if (asTuple) return coords.map((c) => int64Tensor(backend, [hits.length], c));
    const table = new Int32Array(hits.length * ndim);
    hits.forEach((_, i) => {
      for (let d = 0; d < ndim; d++) table[i * ndim + d] = coords[d][i];
    });
    return int64Tensor(backend, [hits.length, ndim], table);
  });
}

/** `masked_select` with the mask's values already read (the async form) or read here. */
export function maskedSelectWith(x: Tensor, mask: Tensor, known?: KnownValues): Tensor {
  if (mask.dtype !== 'bool') throw new TypeError('masked_select: expected BoolTensor or ByteTensor for mask');
  const shape = broadcastShapes(x.shape, mask.shape);
  const [out, positions] = dispatch('maskedSelect', [x, mask], {}, (backend) => {
    const values = hostValues(mask, 'masked_select()', 'await maskedSelectAsync(x, mask)', known);
    const hits = truePositions(values, mask.shape, shape);
    const flat = int64Tensor(backend, [hits.length], Int32Array.from(hits));
    const picked = scope(() => indexSelect(reshape(expand(x, shape), [numelOf(shape)]), 0, flat));
    return [picked, flat] as const;
  });
  positions.dispose(); // autograd keeps its own alias for backward
  return out;
}

/** Reads the values of `tensors` (for the async forms). */
export async function readAll(tensors: readonly Tensor[]): Promise<Map<Tensor, TypedArray>> {
  const known = new Map<Tensor, TypedArray>();
  for (const t of tensors) if (!known.has(t)) known.set(t, await t.data());
  return known;
}

/** Options of {@link nonzero} (PyTorch: `torch.nonzero(input, *, as_tuple=False)`). */
export interface NonzeroOptions {
  /** One 1-D tensor of indices per dim instead of a `[count, ndim]` table (PyTorch: `as_tuple=True`). */
  asTuple?: boolean;
}

/**
 * The indices of the non-zero elements (PyTorch: `torch.nonzero`): a `[count, ndim]` int32 tensor in
 * row-major order, or with `asTuple` one 1-D tensor per dim (a 0-d input counts as 1-D). Not
 * differentiable. Its size depends on the values, read synchronously: on devices that cannot (WebGPU)
 * use {@link nonzeroAsync}.
 */
export function nonzero(x: Tensor, options: NonzeroOptions & { asTuple: true }): Tensor[];
export function nonzero(x: Tensor, options?: NonzeroOptions & { asTuple?: false }): Tensor;
export function nonzero(x: Tensor, options?: NonzeroOptions): Tensor | Tensor[];
export function nonzero(x: Tensor, options?: NonzeroOptions): Tensor | Tensor[] {
  return nonzeroWith(x, options?.asTuple ?? false);
}

/** {@link nonzero} on every device: reads `x` asynchronously first. */
export function nonzeroAsync(x: Tensor, options: NonzeroOptions & { asTuple: true }): Promise<Tensor[]>;
export function nonzeroAsync(x: Tensor, options?: NonzeroOptions & { asTuple?: false }): Promise<Tensor>;
export async function nonzeroAsync(x: Tensor, options?: NonzeroOptions): Promise<Tensor | Tensor[]> {
  return nonzeroWith(x, options?.asTuple ?? false, await readAll([x]));
}

/** The indices of the non-zero elements as a `[count, ndim]` table (PyTorch: `torch.argwhere`). */
export function argwhere(x: Tensor): Tensor {
  return nonzeroWith(x, false, undefined, 'await argwhereAsync(x)') as Tensor;
}

/** {@link argwhere} on every device: reads `x` asynchronously first. */
export async function argwhereAsync(x: Tensor): Promise<Tensor> {
  return nonzeroWith(x, false, await readAll([x])) as Tensor;
}

/**
 * The elements of `x` where the bool `mask` is true, as a 1-D tensor; `x` and `mask` broadcast
 * (PyTorch: `torch.masked_select`). Its size depends on the mask, read synchronously: on devices that
 * cannot (WebGPU) use {@link maskedSelectAsync}.
 */
export function maskedSelect(x: Tensor, mask: Tensor): Tensor {
  return maskedSelectWith(x, mask);
}

/** {@link maskedSelect} on every device: reads the mask asynchronously first. */
export async function maskedSelectAsync(x: Tensor, mask: Tensor): Promise<Tensor> {
  return maskedSelectWith(x, mask, await readAll([mask]));
}
