/**
 * The Tensor: a strided view onto refcounted device storage (PyTorch: `torch.Tensor`).
 * Methods delegate to the op functions in `ops/`; every op goes through `dispatch`.
 */
import { autogradEngine, type BackwardOptions, type GradientHook } from './dispatch.js';
import { type DType, type DTypeLike, isFloating, type TypedArray } from './dtype.js';
import { checkAssignedGrad } from './grad-fn.js';
import { unwatchView, watchView } from './memory/finalizer.js';
import { trackInScope } from './memory/scope.js';
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
import type { BinaryOp, UnaryOp } from './op-table/index.js';
import { type ElementwiseMethods, installElementwiseMethods } from './op-table/methods.js';
import * as creation from './ops/creation.js';
import * as ew from './ops/elementwise.js';
import * as idx from './ops/indexing.js';
import type { TensorLike } from './ops/internal.js';
import * as join from './ops/join.js';
import * as linalg from './ops/linalg.js';
import * as rnd from './ops/random.js';
import * as transfer from './ops/transfer.js';
import * as views from './ops/views.js';
import { formatTensor } from './print.js';
import type { Generator } from './random/generator.js';
import * as read from './read.js';
import { frozenSize, isContiguousLayout, normalizeDim, numelOf, type Shape } from './shape.js';
import type { Storage } from './storage.js';

/** Gradient bookkeeping that `@typetorch/autograd` attaches to outputs of recorded ops. */
export interface GradFn {
  /** PyTorch-style node name, e.g. `'MulBackward0'`. */
  readonly name: string;
}

type NestedNumbers = number | boolean | NestedNumbers[];

/**
 * The elementwise methods (`x.exp()`, `a.mul(b)`, `x.exp_()`) come from the op table's rows
 * (op-table/unary.ts and binary.ts, where each is documented) and are installed below the class.
 */
export interface Tensor extends ElementwiseMethods {}

// biome-ignore lint/suspicious/noUnsafeDeclarationMerging: the interface's members are defined on the prototype when this module loads (installElementwiseMethods, below)
export class Tensor {
  readonly storage: Storage;
  readonly shape: readonly number[];
  readonly strides: readonly number[];
  /** Element offset into the storage (PyTorch: `storage_offset()`). */
  readonly offset: number;
  private disposed = false;
  /** Registered with the finalizer as a view (a tensor that is not its storage's first). */
  private watched = false;

  // ---- autograd state, owned by @typetorch/autograd ----
  private requiresGradFlag = false;
  private gradValue: Tensor | null = null;
  /** Accumulated gradient of a leaf (PyTorch: `Tensor.grad`); an assigned one must match as PyTorch's. */
  get grad(): Tensor | null {
    return this.gradValue;
  }
  set grad(value: Tensor | null) {
    if (value !== null) checkAssignedGrad(this, value);
    this.gradValue = value;
  }
  /** The node that produced this tensor in the autograd graph, or null for leaves (PyTorch: `grad_fn`). */
  gradFn: GradFn | null = null;
  /** Set by `retainGrad()`: a non-leaf that keeps its `.grad`. */
  retainsGrad = false;

  /** Use the creation functions (`tensor`, `zeros`, ...); this constructor is for ops and backends. */
  constructor(storage: Storage, shape: Shape, strides: readonly number[], offset: number) {
    this.storage = storage;
    this.shape = frozenSize(shape);
    this.strides = Object.freeze([...strides]);
    this.offset = offset;
    this.adopt(storage);
    trackInScope(this);
  }

  /**
   * Takes a hold on `storage`. A view (not the storage's first tensor) asks the finalizer to report
   * its collection, so that memory() counts it out; the first tensor is counted out with the storage.
   */
  private adopt(storage: Storage): void {
    if (storage.isFreed) {
      throw new Error(
        'internal error: a tensor was made on a storage that was already freed (a use after free inside typetorch; please report it)',
      );
    }
    storage.retain();
    this.watched = storage.record.refs > 1 && watchView(this, storage.record);
  }

  // ---- attributes ----
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

  /** PyTorch: `Tensor.dim()`. */
  dim(): number {
    return this.shape.length;
  }

  /** PyTorch: `Tensor.numel()`. */
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

  /** PyTorch: `Tensor.storage_offset()`. */
  storageOffset(): number {
    return this.offset;
  }

  /** PyTorch: `Tensor.element_size()`. */
  elementSize(): number {
    return this.storage.byteLength / Math.max(1, this.storage.size);
  }

  /** PyTorch: `Tensor.is_floating_point()`. */
  isFloatingPoint(): boolean {
    return isFloating(this.dtype);
  }

  /** Whether elements are laid out row-major without gaps (PyTorch: `Tensor.is_contiguous()`). */
  isContiguous(): boolean {
    return isContiguousLayout(this.shape, this.strides);
  }

  // ---- memory ----
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

  /** Synchronous {@link data}, where the device can read synchronously. */
  dataSync(): TypedArray {
    return read.dataSync(this);
  }

  /** Nested arrays of numbers (booleans for bool) (PyTorch: `Tensor.tolist()`). */
  toArray(): Promise<NestedNumbers> {
    return read.toArray(this);
  }

  /** Synchronous {@link toArray}. */
  toArraySync(): NestedNumbers {
    return read.toArraySync(this);
  }

  /** The value of a one-element tensor (PyTorch: `Tensor.item()`). */
  item(): Promise<number | boolean> {
    return read.item(this);
  }

  /** Synchronous {@link item}. */
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

  /** {@link to} that also moves tensors off asynchronous devices. */
  toAsync(target: string | { device?: string; dtype?: DTypeLike }): Promise<Tensor> {
    return transfer.toAsync(this, target);
  }

  /** PyTorch: `Tensor.cpu()`. */
  cpu(): Tensor {
    return this.to('cpu');
  }

  contiguous(): Tensor {
    return views.contiguous(this);
  }

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
  sub(other: TensorLike, options?: { alpha?: number }): Tensor {
    return ew.withAlpha('sub', this, other, options?.alpha, false);
  }
  clamp(min?: number | Tensor | null, max?: number | Tensor | null): Tensor {
    return ew.clamp(this, min, max);
  }
  /** `condition ? this : other` (PyTorch: `Tensor.where(condition, y)`). */
  where(condition: Tensor, other: TensorLike): Tensor {
    return ew.where(condition, this, other);
  }
  maskedFill(mask: Tensor, value: number | boolean | Tensor): Tensor {
    return ew.maskedFill(this, mask, value);
  }

  // ---- in place (names end in `_`, as in PyTorch) ----
  add_(other: TensorLike, options?: { alpha?: number }): this {
    ew.withAlpha('add', this, other, options?.alpha, true);
    return this;
  }
  sub_(other: TensorLike, options?: { alpha?: number }): this {
    ew.withAlpha('sub', this, other, options?.alpha, true);
    return this;
  }
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
  maskedFill_(mask: Tensor, value: number | boolean): this {
    const filled = ew.maskedFill(this, mask, value);
    transfer.copy_(this, filled);
    filled.dispose();
    return this;
  }
  uniform_(from = 0, to = 1, options?: { generator?: Generator }): this {
    rnd.uniform_(this, from, to, options);
    return this;
  }
  normal_(mean = 0, std = 1, options?: { generator?: Generator }): this {
    rnd.normal_(this, mean, std, options);
    return this;
  }
  scatter_(dim: number, index: Tensor, src: Tensor | number): this {
    idx.scatter_(this, dim, index, src);
    return this;
  }
  scatterAdd_(dim: number, index: Tensor, src: Tensor): this {
    idx.scatterAdd_(this, dim, index, src);
    return this;
  }

  // ---- reductions: methods/reduce.ts ----

  // ---- linear algebra ----
  matmul(other: Tensor): Tensor {
    return linalg.matmul(this, other);
  }
  mm(other: Tensor): Tensor {
    return linalg.mm(this, other);
  }
  bmm(other: Tensor): Tensor {
    return linalg.bmm(this, other);
  }
  dot(other: Tensor): Tensor {
    return linalg.dot(this, other);
  }
  outer(other: Tensor): Tensor {
    return linalg.outer(this, other);
  }
  t(): Tensor {
    return views.t(this);
  }
  /** Transpose of the last two dims (PyTorch: `Tensor.mT`). */
  get mT(): Tensor {
    if (this.ndim < 2)
      throw new RangeError(
        `tensor.mT is only supported on matrices or batches of matrices. Got ${this.ndim}-D tensor.`,
      );
    return views.transpose(this, -2, -1);
  }

  // ---- shape and views ----
  view(...shape: (number | readonly number[])[]): Tensor {
    return views.view(this, ...shape);
  }
  reshape(...shape: (number | readonly number[])[]): Tensor {
    return views.reshape(this, ...shape);
  }
  viewAs(other: Tensor): Tensor {
    return views.view(this, other.shape);
  }
  reshapeAs(other: Tensor): Tensor {
    return views.reshape(this, other.shape);
  }
  flatten(startDim = 0, endDim = -1): Tensor {
    return views.flatten(this, startDim, endDim);
  }
  unflatten(dim: number, sizes: readonly number[]): Tensor {
    return views.unflatten(this, dim, sizes);
  }
  squeeze(dim?: number | readonly number[]): Tensor {
    return views.squeeze(this, dim);
  }
  unsqueeze(dim: number): Tensor {
    return views.unsqueeze(this, dim);
  }
  permute(...dims: (number | readonly number[])[]): Tensor {
    return views.permute(this, ...dims);
  }
  transpose(dim0: number, dim1: number): Tensor {
    return views.transpose(this, dim0, dim1);
  }
  expand(...sizes: (number | readonly number[])[]): Tensor {
    return views.expand(this, ...sizes);
  }
  expandAs(other: Tensor): Tensor {
    return views.expand(this, other.shape);
  }
  narrow(dim: number, start: number, length: number): Tensor {
    return views.narrow(this, dim, start, length);
  }
  select(dim: number, index: number): Tensor {
    return views.select(this, dim, index);
  }
  /** Python's `x[start:end:step]` along `dim`, as a view. */
  slice(dim: number, start?: number | null, end?: number | null, step = 1): Tensor {
    return views.slice(this, dim, start, end, step);
  }
  split(splitSize: number | readonly number[], dim: number | { dim?: number } = 0): Tensor[] {
    return join.split(this, splitSize, dim);
  }
  chunk(chunks: number, dim: number | { dim?: number } = 0): Tensor[] {
    return join.chunk(this, chunks, dim);
  }
  indexSelect(dim: number, index: Tensor): Tensor {
    return idx.indexSelect(this, dim, index);
  }
  gather(dim: number, index: Tensor): Tensor {
    return idx.gather(this, dim, index);
  }
  scatter(dim: number, index: Tensor, src: Tensor | number): Tensor {
    return idx.scatter(this, dim, index, src);
  }
  scatterAdd(dim: number, index: Tensor, src: Tensor): Tensor {
    return idx.scatterAdd(this, dim, index, src);
  }
  tril(diagonal = 0): Tensor {
    return idx.tril(this, diagonal);
  }
  triu(diagonal = 0): Tensor {
    return idx.triu(this, diagonal);
  }

  // ---- creation from this ----
  /** A new tensor with this tensor's dtype and device (PyTorch: `Tensor.new_zeros`). */
  newZeros(shape: readonly number[]): Tensor {
    return creation.zeros(shape, { dtype: this.dtype, device: this.device });
  }
  newOnes(shape: readonly number[]): Tensor {
    return creation.ones(shape, { dtype: this.dtype, device: this.device });
  }
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
installNumpyMethods(Tensor.prototype);
installArityChecks(Tensor.prototype); // last: wraps the methods installed above
