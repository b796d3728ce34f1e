/**
 * The Tensor: a strided view onto refcounted device storage (PyTorch: `torch.Tensor`).
 * Methods delegate to the op functions in `ops/`; every op goes through `dispatch`.
 */
import { installTensorBrand } from './brand.js';
import { autogradEngine, type BackwardOptions, type GradientHook } from './dispatch.js';
import { type DType, type DTypeLike, isFloating, type TypedArray } from './dtype.js';
import { checkAssignedGrad } from './grad-fn.js';
import { unwatchView, watchView } from './memory/finalizer.js';
import { insideScope, trackInScope } from './memory/scope.js';
import { installAdvancedIndexingMethods } from './methods/advanced-indexing.js';
import { installAliasMethods } from './methods/aliases.js';
import { installArityChecks } from './methods/arity.js';
import { installLinalgMethods } from './methods/linalg.js';
import { installMathMethods } from './methods/math.js';
import { installNumpyMethods } from './methods/numpy.js';
import { installRandomMethods } from './methods/random.js';
import { installReduceMethods } from './methods/reduce.js';
import { installScanShapeMethods } from './methods/scan-shape.js';
import { installSortingMethods } from './methods/sorting.js';
import { installViewMethods } from './methods/views.js';
import type { BinaryOp, UnaryOp } from './op-table/index.js';
import { type ElementwiseMethods, installElementwiseMethods } from './op-table/methods.js';
import * as creation from './ops/creation.js';
import * as ew from './ops/elementwise.js';
import * as idx from './ops/indexing.js';
import type { TensorLike } from './ops/internal.js';
import * as rnd from './ops/random.js';
import * as transfer from './ops/transfer.js';
import * as views from './ops/views.js';
import { formatTensor } from './print.js';
import type { Generator } from './random/generator.js';
import * as read from './read.js';
import { frozenSize, frozenStrides, isContiguousLayout, normalizeDim, numelOf, type Shape } from './shape.js';
import type { Storage } from './storage.js';

/** Gradient bookkeeping that `@typetorch/autograd` attaches to outputs of recorded ops (PyTorch: `Tensor.grad_fn`, a `torch.autograd.graph.Node`). */
export interface GradFn {
  /** PyTorch-style node name, e.g. `'MulBackward0'`. */
  readonly name: string;
}

/** A tensor's values as nested arrays, booleans for bool (PyTorch: what `Tensor.tolist()` returns). */
export type NestedNumbers = number | boolean | NestedNumbers[];

// The elementwise methods (`x.exp()`, `a.mul(b)`, `x.exp_()`) come from the op table's rows
// (op-table/unary.ts and binary.ts, where each is documented) and are installed below the class; the
// other method groups are declared by module augmentation in methods/*.ts.
export interface Tensor extends ElementwiseMethods {}

/**
 * A multi-dimensional array of one dtype on one device (PyTorch: `torch.Tensor`).
 *
 * - **Storage and views.** A tensor is a strided view (`shape`, `strides`, `offset`) onto a refcounted
 *   {@link Storage}. Views (`view`, `transpose`, `narrow`, `select`, `expand`, `x.index(':', 0)`...) share
 *   the storage, so in-place ops (names ending in `_`) on one show in the others, as in PyTorch.
 * - **Devices.** `device` names a registered backend (`'cpu'` from `@typetorch/backend-cpu`, `'webgpu'`
 *   from `@typetorch/backend-webgpu`); creation functions use `setDefaultDevice`'s. Ops need their
 *   tensor operands on one device; `to(device)` / `toAsync(device)` copy between devices.
 * - **dtypes.** float32 (the default for JS numbers), float64, float16, int32, int64 (PyTorch's default
 *   integer dtype: stored in 32 bits on every backend, and a value that would not fit raises PyTorch's
 *   overflow error rather than wrapping; see {@link DType}), and bool. Binary ops broadcast and promote
 *   types as PyTorch does ({@link promoteTypes}).
 * - **Reading values.** Devices compute asynchronously, so `data()`, `toArray()`, `item()`, `format()`
 *   return Promises and work everywhere; `dataSync()`, `itemSync()`... work where the device reads
 *   synchronously (the CPU; not WebGPU, where they throw).
 * - **Memory.** Nothing needs to be freed: the garbage collector and the device memory manager reclaim
 *   tensors, even in loops that never yield. `dispose()`, `scope(fn)` and `keep(t)` free device memory
 *   sooner, as optimisations; `memory()` reports what is held.
 * - **Autograd.** With `import '@typetorch/autograd'`, ops on tensors that require grad are recorded,
 *   and `backward()` fills `.grad` of the leaves.
 *
 * Create tensors with `tensor`, `zeros`, `ones`, `arange`, `rand`...; the constructor is for ops and backends.
 */
// biome-ignore lint/suspicious/noUnsafeDeclarationMerging: the interface's members are defined on the prototype when this module loads (installElementwiseMethods, below)
export class Tensor {
  /** The refcounted storage this tensor views; shared with its views (PyTorch: `Tensor.untyped_storage()`). */
  readonly storage: Storage;
  /** The size of each dim, frozen (PyTorch: `Tensor.shape`); a 0-d tensor's is `[]`. */
  readonly shape: readonly number[];
  /** Element strides of each dim, frozen; 0 on an expanded dim (PyTorch: `Tensor.stride()`). */
  readonly strides: readonly number[];
  /** Element offset into the storage (PyTorch: `storage_offset()`). */
  readonly offset: number;
  private disposed = false;
  /** Registered with the finalizer as a view (a tensor that is not its storage's first). */
  private watched = false;
  /** A view made inside a scope: registers when it leaves the scopes alive (see {@link leftScopes}). */
  private watchPending = false;

  // ---- autograd state, owned by @typetorch/autograd ----
  private requiresGradFlag = false;
  private gradValue: Tensor | null = null;
  /** Accumulated gradient of a leaf (PyTorch: `Tensor.grad`); an assigned one must match as PyTorch's. */
  get grad(): Tensor | null {
    return this.gradValue;
  }
  /** Assigns or clears `.grad`; a tensor must match this one's shape, dtype and device (PyTorch: `Tensor.grad`). */
  set grad(value: Tensor | null) {
    if (value !== null) checkAssignedGrad(this, value);
    this.gradValue = value;
  }
  /** The node that produced this tensor in the autograd graph, or null for leaves (PyTorch: `grad_fn`). */
  gradFn: GradFn | null = null;
  /** Set by `retainGrad()`: a non-leaf that keeps its `.grad` (PyTorch: `Tensor.retains_grad`). */
  retainsGrad = false;

  /** Use the creation functions (`tensor`, `zeros`, ...); this constructor is for ops and backends. */
  constructor(storage: Storage, shape: Shape, strides: readonly number[], offset: number) {
    this.storage = storage;
    this.shape = frozenSize(shape);
    this.strides = frozenStrides(strides);
    this.offset = offset;
    this.adopt(storage, true);
    trackInScope(this);
  }

  /**
   * Takes a hold on `storage`. A view (not the storage's first tensor) asks the finalizer to report
   * its collection, so that memory() counts it out; the first tensor is counted out with the storage.
   * `made`: called by the constructor, so the innermost open scope (if any) is about to hold it.
   */
  private adopt(storage: Storage, made = false): void {
    if (storage.isFreed) {
      throw new Error(
        'internal error: a tensor was made on a storage that was already freed (a use after free inside typetorch; please report it)',
      );
    }
    storage.retain();
    this.watched = false;
    // A scope holds what is made inside it, so the collector cannot take it before it leaves the scopes:
    // registering then spares the views a scope disposes a registration and its removal (~2 µs).
    this.watchPending = storage.record.refs > 1 && made && insideScope();
    if (storage.record.refs > 1 && !this.watchPending) this.watched = watchView(this, storage.record);
  }

  /**
   * @internal Called when this tensor leaves the last open scope alive: a view made inside it starts
   * watching for its collection now (PyTorch has no equivalent).
   */
  leftScopes(): void {
    if (!this.watchPending) return;
    this.watchPending = false;
    if (!this.disposed) this.watched = watchView(this, this.storage.record);
  }

  // ---- attributes ----
  /** The element type, e.g. `'float32'` (PyTorch: `Tensor.dtype`). */
  get dtype(): DType {
    return this.storage.dtype;
  }

  /** Device name, e.g. `'cpu'` (PyTorch: `Tensor.device`). */
  get device(): string {
    return this.storage.backend.device;
  }

  /** Number of dims (PyTorch: `Tensor.ndim`). */
  get ndim(): number {
    return this.shape.length;
  }

  /** Number of dims (PyTorch: `Tensor.dim()`). */
  dim(): number {
    return this.shape.length;
  }

  /** Number of elements, the product of the shape (PyTorch: `Tensor.numel()`). */
  numel(): number {
    return numelOf(this.shape);
  }

  /** The shape, or the size of one dim (PyTorch: `Tensor.size(dim)`). */
  size(): readonly number[];
  size(dim: number): number;
  size(dim?: number): number | readonly number[] {
    return dim === undefined ? this.shape : this.shape[normalizeDim(dim, this.ndim, 'size')];
  }

  /** The strides, or one of them (PyTorch: `Tensor.stride(dim)`). */
  stride(): readonly number[];
  stride(dim: number): number;
  stride(dim?: number): number | readonly number[] {
    return dim === undefined ? this.strides : this.strides[normalizeDim(dim, this.ndim, 'stride')];
  }

  /** The element offset of the first element into the storage (PyTorch: `Tensor.storage_offset()`). */
  storageOffset(): number {
    return this.offset;
  }

  /** Bytes per element in storage, 4 for int64 (PyTorch: `Tensor.element_size()`, which says 8). */
  elementSize(): number {
    return this.storage.byteLength / Math.max(1, this.storage.size);
  }

  /** Whether the dtype is float16, float32 or float64 (PyTorch: `Tensor.is_floating_point()`). */
  isFloatingPoint(): boolean {
    return isFloating(this.dtype);
  }

  /** Whether elements are laid out row-major without gaps (PyTorch: `Tensor.is_contiguous()`). */
  isContiguous(): boolean {
    return isContiguousLayout(this.shape, this.strides);
  }

  // ---- memory ----
  /** Whether `dispose()` was called on this tensor. PyTorch has no equivalent (it frees by refcount). */
  get isDisposed(): boolean {
    return this.disposed;
  }

  /**
   * Makes this tensor use `source`'s storage and geometry, keeping its identity (PyTorch:
   * `Tensor.set_`): how `Module.to()` moves parameters that optimizers already hold.
   */
  set_(source: Tensor): this {
    if (this.isDisposed || source.isDisposed)
      throw new Error('set_(): a Tensor argument was already disposed');
    const old = this.storage;
    if (this.watched) unwatchView(this);
    this.adopt(source.storage);
    const self = this as {
      storage: Storage;
      shape: readonly number[];
      strides: readonly number[];
      offset: number;
    };
    self.storage = source.storage;
    self.shape = source.shape;
    self.strides = source.strides;
    self.offset = source.offset;
    old.release();
    this.storage.version++;
    return this;
  }

  /**
   * Releases this tensor's hold on its storage; the memory is freed once no view uses it.
   * Idempotent. The tensor must not be used afterwards.
   * PyTorch has no equivalent: it frees a tensor when its refcount drops to zero.
   */
  dispose(): void {
    if (this.disposed) return;
    this.disposed = true;
    if (this.watched) unwatchView(this);
    this.storage.release();
  }

  // ---- autograd surface (implemented by @typetorch/autograd) ----
  /** Whether gradients are recorded for this tensor (PyTorch: `Tensor.requires_grad`). */
  get requiresGrad(): boolean {
    // A non-leaf requires grad exactly when it has a grad_fn, as in PyTorch.
    return this.requiresGradFlag || this.gradFn !== null;
  }

  /** Sets the flag on a leaf (floating dtypes only); a non-leaf cannot be changed (PyTorch: `Tensor.requires_grad`). */
  set requiresGrad(value: boolean) {
    if (value && !isFloating(this.dtype)) {
      throw new TypeError('only Tensors of floating point dtype can require gradients');
    }
    if (!value && this.gradFn !== null) {
      throw new Error(
        "you can only change requires_grad flags of leaf variables. If you want to use a computed variable in a subgraph that doesn't require differentiation use var_no_grad = var.detach().",
      );
    }
    this.requiresGradFlag = value;
  }

  /** Sets `requiresGrad` in place and returns this (PyTorch: `Tensor.requires_grad_`). */
  requiresGrad_(value = true): this {
    this.requiresGrad = value;
    return this;
  }

  /** True for tensors created by the user rather than by a recorded op (PyTorch: `Tensor.is_leaf`). */
  get isLeaf(): boolean {
    return this.gradFn === null;
  }

  /**
   * Computes gradients of this tensor with respect to graph leaves (PyTorch: `Tensor.backward`).
   * Needs `import '@typetorch/autograd'`.
   */
  backward(gradient?: Tensor, options: BackwardOptions = {}): void {
    const engine = autogradEngine();
    if (engine === undefined) {
      throw new Error(
        "backward() needs the autograd engine: add `import '@typetorch/autograd'` (nn and optim import it for you).",
      );
    }
    engine.backward(this, gradient, options);
  }

  // ---- reading ----
  /**
   * The elements as a new contiguous typed array (PyTorch: `Tensor.numpy()`, async because devices are).
   * bool reads as a Uint8Array of 0/1, float16 as a Float32Array holding the half values exactly.
   */
  data(): Promise<TypedArray> {
    return read.data(this);
  }

  /** Synchronous {@link data}, where the device can read synchronously (PyTorch: `Tensor.numpy()`, a copy here). */
  dataSync(): TypedArray {
    return read.dataSync(this);
  }

  /** Nested arrays of numbers (booleans for bool) (PyTorch: `Tensor.tolist()`). */
  toArray(): Promise<NestedNumbers> {
    return read.toArray(this);
  }

  /** Synchronous {@link toArray} (PyTorch: `Tensor.tolist()`). */
  toArraySync(): NestedNumbers {
    return read.toArraySync(this);
  }

  /** The value of a one-element tensor (PyTorch: `Tensor.item()`). */
  item(): Promise<number | boolean> {
    return read.item(this);
  }

  /** Synchronous {@link item} (PyTorch: `Tensor.item()`). */
  itemSync(): number | boolean {
    return read.itemSync(this);
  }

  /** PyTorch's `repr`, e.g. `tensor([[0.1000, 0.2000]])`; on async devices a summary line (use `format()`). */
  toString(): string {
    if (this.isDisposed) return `tensor(<disposed>, shape=[${this.shape.join(', ')}], dtype=${this.dtype})`;
    if (!this.storage.backend.capabilities.syncRead) {
      return `tensor(<on ${this.device}: await t.format() to print values>, shape=[${this.shape.join(', ')}], dtype=${this.dtype})`;
    }
    return formatTensor(this, this.dataSync());
  }

  /** PyTorch's `repr`, on any device. */
  async format(): Promise<string> {
    return formatTensor(this, await this.data());
  }

  /** What Node's `util.inspect` shows (`console.log(t)`, the REPL): PyTorch's `print(t)`. */
  [Symbol.for('nodejs.util.inspect.custom')](): string {
    return this.toString();
  }

  // ---- conversion and copies ----
  /**
   * Converts dtype and/or moves to a device (PyTorch: `Tensor.to`): `t.to('float64')`, `t.to('cpu')`,
   * `t.to({ device, dtype })`. Returns `this` when nothing changes. Moving off a device that reads
   * asynchronously needs {@link toAsync}.
   */
  to(target: string | { device?: string; dtype?: DTypeLike }): Tensor {
    return transfer.to(this, target);
  }

  /** {@link to} that also moves tensors off asynchronous devices (PyTorch: `Tensor.to`). */
  toAsync(target: string | { device?: string; dtype?: DTypeLike }): Promise<Tensor> {
    return transfer.toAsync(this, target);
  }

  /** `to('cpu')`: this tensor if it is on the CPU, else a copy there (PyTorch: `Tensor.cpu()`). */
  cpu(): Tensor {
    return this.to('cpu');
  }

  /** This tensor if it is contiguous, else a row-major copy (PyTorch: `Tensor.contiguous()`). */
  contiguous(): Tensor {
    return views.contiguous(this);
  }

  /** A contiguous copy with its own storage, recorded by autograd (PyTorch: `Tensor.clone()`). */
  clone(): Tensor {
    return views.clone(this);
  }

  /** A tensor sharing storage but cut from the autograd graph (PyTorch: `Tensor.detach`). */
  detach(): Tensor {
    if (this.disposed) throw new Error('detach(): the tensor was already disposed');
    return new Tensor(this.storage, this.shape, this.strides, this.offset);
  }

  /**
   * Keeps `.grad` on this non-leaf after backward (PyTorch: `Tensor.retain_grad`). No-op on leaves.
   */
  retainGrad(): void {
    if (!this.requiresGrad) throw new Error("can't retain_grad on Tensor that has requires_grad=False");
    if (this.isLeaf || this.retainsGrad) return;
    this.retainsGrad = true;
    autogradEngine()?.retainGrad(this);
  }

  /**
   * Calls `hook(grad)` each time the gradient of this tensor is computed in backward; a returned tensor
   * replaces the gradient (PyTorch: `Tensor.register_hook`). On a leaf, it runs before `.grad` is
   * accumulated. Returns a handle whose `remove()` unregisters it.
   */
  registerHook(hook: GradientHook): { remove(): void } {
    if (!this.requiresGrad)
      throw new Error("cannot register a hook on a tensor that doesn't require gradient");
    const engine = autogradEngine();
    if (engine === undefined)
      throw new Error("registerHook() needs the autograd engine: add `import '@typetorch/autograd'`.");
    return engine.registerHook(this, hook);
  }

  /** Cuts this tensor from the graph in place (PyTorch: `Tensor.detach_`). */
  detach_(): this {
    this.gradFn = null;
    this.requiresGradFlag = false;
    return this;
  }

  // ---- elementwise ----
  /** `this + alpha * other` (PyTorch: `torch.add(input, other, *, alpha=1)`). */
  add(other: TensorLike, options?: { alpha?: number }): Tensor {
    return ew.withAlpha('add', this, other, options?.alpha, false);
  }
  /** `this - alpha * other`; rejects bool (PyTorch: `torch.sub(input, other, *, alpha=1)`). */
  sub(other: TensorLike, options?: { alpha?: number }): Tensor {
    return ew.withAlpha('sub', this, other, options?.alpha, false);
  }
  /** Limits elements to `[min, max]`; either bound may be omitted or a tensor (PyTorch: `Tensor.clamp`). */
  clamp(min?: number | Tensor | null, max?: number | Tensor | null): Tensor {
    return ew.clamp(this, min, max);
  }
  /** `condition ? this : other` (PyTorch: `Tensor.where(condition, y)`). */
  where(condition: Tensor, other: TensorLike): Tensor {
    return ew.where(condition, this, other);
  }
  /** `value` (a number or 0-d tensor) where the bool `mask` is true; both broadcast (PyTorch: `Tensor.masked_fill`). */
  maskedFill(mask: Tensor, value: number | boolean | Tensor): Tensor {
    return ew.maskedFill(this, mask, value);
  }

  // ---- in place (names end in `_`, as in PyTorch) ----
  /** In place `this += alpha * other`, `other` broadcast to this shape (PyTorch: `Tensor.add_`). */
  add_(other: TensorLike, options?: { alpha?: number }): this {
    ew.withAlpha('add', this, other, options?.alpha, true);
    return this;
  }
  /** In place `this -= alpha * other` (PyTorch: `Tensor.sub_`). */
  sub_(other: TensorLike, options?: { alpha?: number }): this {
    ew.withAlpha('sub', this, other, options?.alpha, true);
    return this;
  }
  /** In place {@link clamp} with number bounds (PyTorch: `Tensor.clamp_`). */
  clamp_(min?: number | null, max?: number | null): this {
    if (min !== undefined && min !== null) ew.binaryInPlace('maximum', this, min);
    if (max !== undefined && max !== null) ew.binaryInPlace('minimum', this, max);
    return this;
  }
  /** `this += value * t1 * t2` (PyTorch: `Tensor.addcmul_`). */
  addcmul_(t1: Tensor, t2: Tensor, options?: { value?: number }): this {
    const prod = t1.mul(t2);
    this.add_(prod, { alpha: options?.value ?? 1 });
    prod.dispose();
    return this;
  }
  /** `this += value * t1 / t2` (PyTorch: `Tensor.addcdiv_`). */
  addcdiv_(t1: Tensor, t2: Tensor, options?: { value?: number }): this {
    const q = t1.div(t2);
    this.add_(q, { alpha: options?.value ?? 1 });
    q.dispose();
    return this;
  }
  /** `this += weight * (end - this)` (PyTorch: `Tensor.lerp_`). */
  lerp_(end: Tensor, weight: number): this {
    const diff = end.sub(this);
    this.add_(diff, { alpha: weight });
    diff.dispose();
    return this;
  }
  /** Sets every element to 0 (PyTorch: `Tensor.zero_`). */
  zero_(): this {
    return this.fill_(0);
  }
  /** Sets every element to `value` (PyTorch: `Tensor.fill_`). */
  fill_(value: number | boolean): this {
    transfer.fill_(this, value);
    return this;
  }
  /** Copies `src` (broadcast, cast, possibly from another device) into this (PyTorch: `Tensor.copy_`). */
  copy_(src: Tensor): this {
    transfer.copy_(this, src);
    return this;
  }
  /** In place {@link maskedFill}; `mask` must broadcast to this shape (PyTorch: `Tensor.masked_fill_`). */
  maskedFill_(mask: Tensor, value: number | boolean): this {
    const filled = ew.maskedFill(this, mask, value);
    transfer.copy_(this, filled);
    filled.dispose();
    return this;
  }
  /** Fills with uniform samples from `[from, to)` (PyTorch: `Tensor.uniform_(from=0, to=1, *, generator=None)`). */
  uniform_(from = 0, to = 1, options?: { generator?: Generator }): this {
    rnd.uniform_(this, from, to, options);
    return this;
  }
  /** Fills with normal samples of `mean` and `std` (PyTorch: `Tensor.normal_(mean=0, std=1, *, generator=None)`). */
  normal_(mean = 0, std = 1, options?: { generator?: Generator }): this {
    rnd.normal_(this, mean, std, options);
    return this;
  }
  /** In place: writes `src` (a tensor or a number) at `index` along `dim` (PyTorch: `Tensor.scatter_`). */
  scatter_(dim: number, index: Tensor, src: Tensor | number): this {
    idx.scatter_(this, dim, index, src);
    return this;
  }
  /** In place: adds `src` at `index` along `dim`; repeated indices accumulate (PyTorch: `Tensor.scatter_add_`). */
  scatterAdd_(dim: number, index: Tensor, src: Tensor): this {
    idx.scatterAdd_(this, dim, index, src);
    return this;
  }

  // ---- reductions: methods/reduce.ts ----

  // ---- linear algebra: methods/linalg.ts; shape, views, splits, gather/scatter: methods/views.ts ----

  // ---- creation from this ----
  /** Zeros with this tensor's dtype and device (PyTorch: `Tensor.new_zeros`). */
  newZeros(shape: readonly number[]): Tensor {
    return creation.zeros(shape, { dtype: this.dtype, device: this.device });
  }
  /** Ones with this tensor's dtype and device (PyTorch: `Tensor.new_ones`). */
  newOnes(shape: readonly number[]): Tensor {
    return creation.ones(shape, { dtype: this.dtype, device: this.device });
  }
  /** `value` everywhere, with this tensor's dtype and device (PyTorch: `Tensor.new_full`). */
  newFull(shape: readonly number[], value: number | boolean): Tensor {
    return creation.full(shape, value, { dtype: this.dtype, device: this.device });
  }
}

installElementwiseMethods(Tensor.prototype, {
  unary: (op, x) => ew.unary(op as UnaryOp, x),
  binary: (op, a, b) => ew.binary(op as BinaryOp, a, b),
  unaryInPlace: (op, x) => ew.unaryInPlace(op, x),
  binaryInPlace: (op, a, b) => ew.binaryInPlace(op, a, b),
});
installAliasMethods(Tensor.prototype);
installReduceMethods(Tensor.prototype);
installSortingMethods(Tensor.prototype);
installRandomMethods(Tensor.prototype);
installScanShapeMethods(Tensor.prototype);
installMathMethods(Tensor.prototype);
installAdvancedIndexingMethods(Tensor.prototype);
installLinalgMethods(Tensor.prototype);
installViewMethods(Tensor.prototype);
installNumpyMethods(Tensor.prototype);
installArityChecks(Tensor.prototype); // last: wraps the methods installed above
// `instanceof Tensor` also holds for tensors of another loaded copy of this package (brand.ts).
installTensorBrand(Tensor);
