/**
 * Python's subscript for tensors: `x.index(...specs)` is `x[specs]` and `x.indexSet(specs, v)` is
 * `x[specs] = v`, with PyTorch 1.13's basic indexing (ints, slices, `None`, ellipsis: views) and
 * advanced indexing (int32 index tensors and lists, bool masks, Python bools: copies), and
 * `indexPut_` (PyTorch: `Tensor.index_put_`). The ops are in advanced-indexing.ts.
 */
import { isIntegral, type TypedArray } from '../dtype.js';
import { Tensor } from '../tensor.js';
import {
  hostValues,
  type IndexPutTarget,
  indexAt,
  indexPutAt,
  indexPutAt_,
  nonzeroWith,
  readAll,
} from './advanced-indexing.js';
import { tensor } from './creation.js';
import { copy_, fill_ } from './transfer.js';
import { reshape, select, slice, unsqueeze } from './views.js';

/** A slice: `sl(1, 3)` is Python's `1:3` (PyTorch: a Python `slice` in `x[...]`). */
export interface SliceSpec {
  /** First index, may be negative; null or omitted: from the start (PyTorch: `x[start:]`). */
  start?: number | null;
  /** End index, exclusive, may be negative; null or omitted: to the end (PyTorch: `x[:stop]`). */
  stop?: number | null;
  /** Positive step; default 1 (PyTorch rejects negative steps too). */
  step?: number;
}

/** A (nested) list of ints or of bools, as in PyTorch's `x[[0, 2]]`. */
export type IndexList = readonly (number | boolean | IndexList)[];

/**
 * One entry of an {@link index} call: an int (`x[1]`), a slice (`sl(1, 3)` or `'1:3'`, `':'`), `'...'`
 * (ellipsis), `null` (`None`, a new axis), a Python bool, an int32 or bool tensor, or a list of ints
 * or bools (a new int32 or bool tensor). (PyTorch: the entries of `x[...]`, `Tensor.__getitem__`.)
 */
export type IndexSpec = number | string | null | boolean | Tensor | SliceSpec | IndexList;

/** `sl(1, 3)` is Python's `1:3`, `sl(null, null, 2)` is `::2` (PyTorch: a `slice` in `x[...]`). */
export function sl(start?: number | null, stop?: number | null, step?: number): IndexSpec {
  return { start, stop, step };
}

function parseSliceString(spec: string): SliceSpec {
  const parts = spec.split(':');
  if (parts.length < 2 || parts.length > 3)
    throw new SyntaxError(`index(): cannot parse '${spec}' as a slice like '1:3' or '::2'`);
  const num = (s: string | undefined) => {
    if (s === undefined || s.trim() === '') return null;
    const v = Number(s);
    if (!Number.isInteger(v)) throw new SyntaxError(`index(): '${s}' in '${spec}' is not an integer`);
    return v;
  };
  return { start: num(parts[0]), stop: num(parts[1]), step: num(parts[2]) ?? 1 };
}

/** PyTorch's error for an index it does not understand. */
function invalid(spec: unknown): TypeError {
  const kind = spec === undefined ? 'undefined' : typeof spec === 'number' ? 'float' : typeof spec;
  return new TypeError(
    `only integers, slices (\`:\`), ellipsis (\`...\`), None and long or byte Variables are valid indices (got ${kind})`,
  );
}

function isSliceSpec(spec: object): spec is SliceSpec {
  const ok = (v: unknown) => v === undefined || v === null || Number.isInteger(v);
  const s = spec as Record<string, unknown>;
  return (
    Object.keys(s).every((k) => k === 'start' || k === 'stop' || k === 'step') &&
    ok(s.start) &&
    ok(s.stop) &&
    ok(s.step)
  );
}

/** A parsed entry: what it is and how many dims of the input it consumes. */
type Entry =
  | { kind: 'ellipsis' | 'newaxis' }
  | { kind: 'int'; value: number }
  | { kind: 'slice'; slice: SliceSpec }
  | { kind: 'tensor'; tensor: Tensor }
  | { kind: 'bool'; value: boolean };

function flattenList(list: IndexList, out: (number | boolean)[]): void {
  for (const v of list) {
    if (Array.isArray(v)) flattenList(v, out);
    else if (typeof v === 'boolean' || Number.isInteger(v)) out.push(v as number | boolean);
    else throw invalid(v);
  }
}

/** A list becomes an int32 (or, all bools, a bool) tensor on `device`, its values known. */
function listTensor(list: IndexList, device: string, known: Map<Tensor, TypedArray>, made: Tensor[]): Tensor {
  const flat: (number | boolean)[] = [];
  flattenList(list, flat);
  const bools = flat.length > 0 && flat.every((v) => typeof v === 'boolean');
  const t = tensor(list as never, { dtype: bools ? 'bool' : 'int64', device });
  made.push(t);
  known.set(t, bools ? Uint8Array.from(flat, Number) : Int32Array.from(flat, Number));
  return t;
}

function parseEntry(spec: IndexSpec, device: string, known: Map<Tensor, TypedArray>, made: Tensor[]): Entry {
  if (spec === null) return { kind: 'newaxis' };
  if (spec === '...') return { kind: 'ellipsis' };
  if (typeof spec === 'boolean') return { kind: 'bool', value: spec };
  if (typeof spec === 'number') {
    if (!Number.isInteger(spec)) throw invalid(spec);
    return { kind: 'int', value: spec };
  }
  if (typeof spec === 'string') return { kind: 'slice', slice: parseSliceString(spec) };
  if (spec instanceof Tensor) {
    if (!isIntegral(spec.dtype) && spec.dtype !== 'bool')
      throw new TypeError('tensors used as indices must be long, byte or bool tensors');
    return { kind: 'tensor', tensor: spec };
  }
  if (Array.isArray(spec)) return { kind: 'tensor', tensor: listTensor(spec, device, known, made) };
  if (typeof spec === 'object' && isSliceSpec(spec)) return { kind: 'slice', slice: spec };
  throw invalid(spec);
}

/** How many dims of the input an entry consumes (a 0-d bool adds its own dim first). */
function consumes(e: Entry): number {
  if (e.kind === 'int' || e.kind === 'slice') return 1;
  if (e.kind === 'tensor') return e.tensor.dtype === 'bool' ? e.tensor.ndim : 1;
  return 0;
}

/** An advanced index of the basic-indexed view: a tensor at `dim` (a bool mask covers its ndim dims). */
interface Advanced {
  readonly dim: number;
  readonly tensor: Tensor;
}

interface Parsed {
  /** `x` after the basic indices (a view). */
  readonly view: Tensor;
  readonly advanced: Advanced[];
  /** Tensors the parser made (views, list and bool indices), to dispose after the op. */
  readonly made: Tensor[];
}

/** PyTorch's check that a mask's shape matches the dims it indexes. */
function checkMask(mask: Tensor, x: Tensor, start: number): void {
  mask.shape.forEach((s, j) => {
    if (s !== x.shape[start + j]) {
      throw new RangeError(
        `The shape of the mask [${mask.shape.join(', ')}] at index ${j} does not match the shape of the indexed tensor [${x.shape.join(', ')}] at index ${start + j}`,
      );
    }
  });
}

/** Applies the basic entries as views, and records the advanced ones by the view's dims. */
function parse(
  x: Tensor,
  specs: readonly IndexSpec[],
  known: Map<Tensor, TypedArray>,
  asyncForm: string,
): Parsed {
  const made: Tensor[] = [];
  const entries = specs.map((s) => parseEntry(s, x.device, known, made));
  if (entries.filter((e) => e.kind === 'ellipsis').length > 1)
    throw new SyntaxError('index(): an index can only have a single ellipsis');
  const used = entries.reduce((n, e) => n + consumes(e), 0);
  if (used > x.ndim) throw new RangeError(`too many indices for tensor of dimension ${x.ndim}`);
  let view = x;
  const step = (next: Tensor) => {
    view = next;
    made.push(next);
  };
  const advanced: Advanced[] = [];
  let dim = 0;
  for (const e of entries) {
    if (e.kind === 'ellipsis') dim += x.ndim - used;
    else if (e.kind === 'newaxis') step(unsqueeze(view, dim++));
    else if (e.kind === 'int') step(select(view, dim, e.value));
    else if (e.kind === 'slice') step(slice(view, dim++, e.slice.start, e.slice.stop, e.slice.step ?? 1));
    else {
      // A Python bool or 0-d bool tensor adds a dim and indexes it with [0] (true) or [] (false).
      const t = e.kind === 'tensor' ? e.tensor : undefined;
      if (t === undefined || (t.dtype === 'bool' && t.ndim === 0)) {
        const value =
          t === undefined
            ? (e as { value: boolean }).value
            : hostValues(t, 'index()', asyncForm, known)[0] !== 0;
        step(unsqueeze(view, dim));
        const index = tensor(value ? [0] : [], { dtype: 'int64', device: x.device });
        made.push(index);
        known.set(index, new Int32Array(value ? 1 : 0));
        advanced.push({ dim: dim++, tensor: index });
      } else {
        if (t.dtype === 'bool') checkMask(t, view, dim);
        advanced.push({ dim, tensor: t });
        dim += consumes(e);
      }
    }
  }
  return { view, advanced, made };
}

/** Advanced indices as int32 tensors by dim: masks become their nonzero coordinates (a host read). */
function resolve(
  advanced: readonly Advanced[],
  known: Map<Tensor, TypedArray>,
  made: Tensor[],
  asyncForm: string,
): IndexPutTarget {
  const dims: number[] = [];
  const indices: Tensor[] = [];
  for (const { dim, tensor: t } of advanced) {
    if (t.dtype !== 'bool') {
      dims.push(dim);
      indices.push(t);
      continue;
    }
    const coords = nonzeroWith(t, true, known, asyncForm) as Tensor[];
    coords.forEach((c, j) => {
      made.push(c);
      dims.push(dim + j);
      indices.push(c);
    });
  }
  return { dims, indices, mask: false };
}

function disposeMade(made: readonly Tensor[], keep?: Tensor): void {
  for (const t of made) if (t !== keep && !t.isDisposed) t.dispose();
}

function indexWith(x: Tensor, specs: readonly IndexSpec[], known: Map<Tensor, TypedArray>): Tensor {
  const asyncForm = 'await x.indexAsync(...)';
  const { view, advanced, made } = parse(x, specs, known, asyncForm);
  if (advanced.length === 0) {
    disposeMade(made, view);
    return view;
  }
  try {
    const { dims, indices } = resolve(advanced, known, made, asyncForm);
    return indexAt(view, dims, indices, known);
  } finally {
    disposeMade(made);
  }
}

/**
 * Indexing as Python's `x[...]` (PyTorch: `Tensor.__getitem__`). Basic indices give a view:
 * `x.index(0)` is `x[0]`, `x.index(':', '1:3')` is `x[:, 1:3]`, `x.index('...', 0)` is `x[..., 0]`,
 * `null` is `None`. Advanced indices give a copy: `x.index(idx)` with an int32 tensor or a list
 * (`x.index([0, 2])` is `x[[0, 2]]`), several broadcast together (`x.index(arange(n), target)` is
 * `x[range(n), target]`), a bool mask (`x.index(mask)` is `x[mask]`), `true`/`false`. Their dims
 * replace the indexed dims when those are adjacent and go first otherwise, as in PyTorch. Masks (and
 * 0-d bool tensors) are read on the host: on devices without synchronous reads use
 * {@link indexAsync}. Anything else throws PyTorch's IndexError message.
 */
export function index(x: Tensor, ...specs: IndexSpec[]): Tensor {
  return indexWith(x, specs, new Map());
}

/** The tensors among `specs` (their values are read by the async forms). */
function specTensors(specs: readonly IndexSpec[]): Tensor[] {
  return specs.filter((s): s is Tensor => s instanceof Tensor);
}

/**
 * {@link index} on every device: reads the index tensors asynchronously first (masks' sizes, and
 * PyTorch's out-of-bounds error on devices that cannot read synchronously).
 */
export async function indexAsync(x: Tensor, ...specs: IndexSpec[]): Promise<Tensor> {
  return indexWith(x, specs, await readAll(specTensors(specs)));
}

/** `value` with leading size-1 dims beyond `ndim` dropped, as PyTorch's setitem does. */
function stripLeadingOnes(value: Tensor, ndim: number): Tensor {
  let k = 0;
  while (value.ndim - k > ndim && value.shape[k] === 1) k++;
  return k === 0 ? value : reshape(value, value.shape.slice(k));
}

type Value = Tensor | number | boolean;

const isSingle = (v: Value) => !(v instanceof Tensor) || v.numel() === 1;

function indexSetWith(
  x: Tensor,
  specs: readonly IndexSpec[],
  value: Value,
  known: Map<Tensor, TypedArray>,
): Tensor {
  const asyncForm = 'await x.indexSetAsync(...)';
  const { view, advanced, made } = parse(x, specs, known, asyncForm);
  try {
    const v = value instanceof Tensor ? stripLeadingOnes(value, view.ndim) : value;
    if (v !== value) made.push(v as Tensor);
    if (advanced.length === 0) {
      if (v instanceof Tensor) copy_(view, v);
      else fill_(view, v);
    } else if (advanced.length === 1 && advanced[0].tensor.dtype === 'bool' && isSingle(v)) {
      indexPutAt_(view, { dims: [advanced[0].dim], indices: [advanced[0].tensor], mask: true }, v, false);
    } else {
      indexPutAt_(view, resolve(advanced, known, made, asyncForm), v, false, known);
    }
    return x;
  } finally {
    disposeMade(made, x);
  }
}

/**
 * Assignment as Python's `x[specs] = value` (PyTorch: `Tensor.__setitem__`), in place; returns `x`.
 * `x.indexSet(['...', 1], 0)` is `x[..., 1] = 0`, `x.indexSet([mask], v)` is `x[mask] = v`,
 * `x.indexSet([idx], src)` is `x[idx] = src`. The specs are those of {@link index}; `value` broadcasts
 * to the indexed result. A mask with a single value is written without reading the mask (PyTorch's
 * masked fill); other masks are read on the host: on devices without synchronous reads use
 * {@link indexSetAsync}.
 */
export function indexSet(x: Tensor, specs: readonly IndexSpec[], value: Tensor | number | boolean): Tensor {
  return indexSetWith(x, specs, value, new Map());
}

/** {@link indexSet} on every device: reads the index tensors asynchronously first. */
export async function indexSetAsync(
  x: Tensor,
  specs: readonly IndexSpec[],
  value: Tensor | number | boolean,
): Promise<Tensor> {
  return indexSetWith(x, specs, value, await readAll(specTensors(specs)));
}

/** Options of {@link indexPut_} (PyTorch: `Tensor.index_put_(indices, values, accumulate=False)`). */
export interface IndexPutOptions {
  /** Add `values` instead of writing them (duplicate indices add up) (PyTorch: `accumulate`). */
  accumulate?: boolean;
}

/** `indices` of index_put_ (null: the whole dim) as advanced indices by dim. */
function putIndices(self: Tensor, indices: readonly (Tensor | null)[]): Advanced[] {
  const advanced: Advanced[] = [];
  let dim = 0;
  for (const t of indices) {
    if (t === null) {
      dim++;
      continue;
    }
    if (
      !(t instanceof Tensor) ||
      (!isIntegral(t.dtype) && t.dtype !== 'bool') ||
      (t.dtype === 'bool' && t.ndim === 0)
    )
      throw new TypeError('tensors used as indices must be long, byte or bool tensors');
    if (t.dtype === 'bool') checkMask(t, self, dim);
    advanced.push({ dim, tensor: t });
    dim += t.dtype === 'bool' ? t.ndim : 1;
  }
  if (dim > self.ndim) throw new RangeError(`too many indices for tensor of dimension ${self.ndim}`);
  return advanced;
}

function putTarget(
  self: Tensor,
  indices: readonly (Tensor | null)[],
  values: Tensor,
  accumulate: boolean,
  known: Map<Tensor, TypedArray>,
  made: Tensor[],
  asyncForm: string,
): IndexPutTarget {
  const advanced = putIndices(self, indices);
  if (!accumulate && advanced.length === 1 && advanced[0].tensor.dtype === 'bool' && values.numel() === 1)
    return { dims: [advanced[0].dim], indices: [advanced[0].tensor], mask: true };
  return resolve(advanced, known, made, asyncForm);
}

function indexPutWith(
  self: Tensor,
  indices: readonly (Tensor | null)[],
  values: Tensor,
  options: IndexPutOptions | undefined,
  known: Map<Tensor, TypedArray>,
  inPlace: boolean,
): Tensor {
  const accumulate = options?.accumulate ?? false;
  const made: Tensor[] = [];
  try {
    const target = putTarget(
      self,
      indices,
      values,
      accumulate,
      known,
      made,
      inPlace ? 'await indexPutAsync_(...)' : 'await indexPutAsync(...)',
    );
    return inPlace
      ? indexPutAt_(self, target, values, accumulate, known)
      : indexPutAt(self, target, values, accumulate, known);
  } finally {
    disposeMade(made, self);
  }
}

/**
 * In place: writes `values` into `self` at `indices` (PyTorch: `Tensor.index_put_(indices, values,
 * accumulate)`): one int32 or bool tensor per leading dim (null for a whole dim), broadcast together;
 * `values` broadcasts to the indexed result; with `accumulate` duplicates add up. Bool masks are read
 * on the host (except a mask with one value, written as a masked fill): on devices without
 * synchronous reads use {@link indexPutAsync_}.
 */
export function indexPut_(
  self: Tensor,
  indices: readonly (Tensor | null)[],
  values: Tensor,
  options?: IndexPutOptions,
): Tensor {
  return indexPutWith(self, indices, values, options, new Map(), true);
}

/** Out of place {@link indexPut_} (PyTorch: `torch.index_put`). */
export function indexPut(
  x: Tensor,
  indices: readonly (Tensor | null)[],
  values: Tensor,
  options?: IndexPutOptions,
): Tensor {
  return indexPutWith(x, indices, values, options, new Map(), false);
}

const present = (indices: readonly (Tensor | null)[]) => indices.filter((t): t is Tensor => t !== null);

/** {@link indexPut_} on every device: reads the index tensors asynchronously first. */
export async function indexPutAsync_(
  self: Tensor,
  indices: readonly (Tensor | null)[],
  values: Tensor,
  options?: IndexPutOptions,
): Promise<Tensor> {
  return indexPutWith(self, indices, values, options, await readAll(present(indices)), true);
}

/** {@link indexPut} on every device: reads the index tensors asynchronously first. */
export async function indexPutAsync(
  x: Tensor,
  indices: readonly (Tensor | null)[],
  values: Tensor,
  options?: IndexPutOptions,
): Promise<Tensor> {
  return indexPutWith(x, indices, values, options, await readAll(present(indices)), false);
}
