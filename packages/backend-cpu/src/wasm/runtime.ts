/**
 * The WebAssembly runtime: instantiates the kernels once, owns their linear memory and runs jobs, on
 * the calling thread or split across worker threads.
 *
 * The memory is a heap of blocks (size classes with free lists; never moved, never returned) holding
 * float32 storages, so kernels work on tensors in place, and each op's scratch arena (packed panels,
 * staged operands), a bump allocator reset by every op. A training loop that allocates the same
 * shapes every step allocates nothing new in its steady state.
 *
 * Where shared memory and blocking waits are allowed (Node; a browser worker in a cross-origin
 * isolated page), the memory is a shared `WebAssembly.Memory` and the threaded build of the kernels
 * is used, so workers can be added at any time; elsewhere the plain build runs single-threaded.
 * Feature detection is `WebAssembly.validate` on the embedded modules themselves: an engine without
 * 128-bit SIMD rejects them and the backend keeps its TypeScript kernels.
 */
import { KERNELS_THREADS, KERNELS_THREADS_RELAXED, MAX_PAGES } from './kernels.generated.js';
import {
  C_COUNT,
  C_DONE,
  C_ERROR,
  C_GEN,
  C_NEXT,
  C_THREADS,
  C_WORKER_CHUNKS,
  CHUNK_BITS,
  CONTROL_FIELDS,
  GEN_MASK,
  J_KIND,
  J_SCRATCH,
  J_SCRATCH_STRIDE,
  JOB_FIELDS,
  MAX_CHUNKS,
} from './layout.js';
import { parallelZero } from './parallel.js';
import { chooseKernels } from './select.js';
import { getNumThreads, relaxedSimdSwitchedOn, wasmSwitchedOn } from './settings.js';
import { startWorker, type WorkerHandle, workersAllowed } from './threads.js';
import { SPIN } from './worker-source.js';

const PAGE = 65536;
/**
 * Storages stop taking the kernels' memory at 1 GiB; they then fall back to plain typed arrays. The
 * tensor package keeps this heap far below that in a loop that never disposes (its sweeps move storages
 * no kernel used lately out to plain arrays, see its `memory/device-memory.ts`); the bound is for
 * working sets that large.
 */
const HEAP_LIMIT = 2 ** 30;
/** The whole memory (below 2^31, so offsets fit the kernels' i32 job fields). */
const MEMORY_LIMIT = MAX_PAGES * PAGE - PAGE;

/**
 * Size classes of heap blocks: multiples of 64 bytes up to 1 KiB, then eight classes per power of
 * two, so a block is at most 12.5% larger than asked and same-size requests share a free list.
 */
export function sizeClass(bytes: number): number {
  if (bytes <= 1024) return Math.max(64, alignUp(bytes, 64));
  const step = 2 ** Math.floor(Math.log2(bytes)) / 8;
  return Math.ceil(bytes / step) * step;
}

function alignUp(x: number, to: number): number {
  return Math.ceil(x / to) * to;
}

/** The functions the kernels module exports (`assembly/index.ts`). */
export interface KernelExports {
  /** Rows of the matmul micro-tile (MR). */
  readonly TILE_ROWS: WebAssembly.Global;
  runChunk(job: number, chunk: number, slot: number): void;
  heapBase(): number;
  zero(ptr: number, bytes: number): void;
  simdCeilingF32(iterations: number, seed: number): number;
  copyBytes(dst: number, src: number, bytes: number): void;
  uniformF32(out: number, n: number, counterLo: number, counterHi: number, k0: number, k1: number): void;
  dropoutMaskF32(
    out: number,
    n: number,
    counterLo: number,
    counterHi: number,
    k0: number,
    k1: number,
    keep: number,
    hit: number,
    miss: number,
  ): void;
  binaryF32(op: number, aStep: number, bStep: number, a: number, b: number, o: number, n: number): void;
  unaryF32(op: number, x: number, o: number, n: number): void;
  sumColumnsF32(x: number, rowStride: number, rows: number, count: number, acc: number): void;
  sumRowsF32(
    x: number,
    outStride: number,
    count: number,
    rowStride: number,
    rows: number,
    n: number,
    acc: number,
  ): void;
  im2colF32(
    x: number,
    sC: number,
    sRow: number,
    sCol: number,
    channels: number,
    H: number,
    W: number,
    kH: number,
    kW: number,
    strideH: number,
    strideW: number,
    dilH: number,
    dilW: number,
    padT: number,
    padL: number,
    oH: number,
    oW: number,
    dst: number,
  ): void;
  col2imF32(
    cols: number,
    c1: number,
    c2: number,
    c3: number,
    c4: number,
    c5: number,
    channels: number,
    H: number,
    W: number,
    kH: number,
    kW: number,
    strideH: number,
    strideW: number,
    dilH: number,
    dilW: number,
    padT: number,
    padL: number,
    oH: number,
    oW: number,
    dst: number,
  ): void;
  /** Conv and pooling kernels of `assembly/conv.ts` and `assembly/pool.ts` (see src/wasm/pool.ts). */
  addChannelBiasF32(
    out: number,
    bias: number,
    biasStride: number,
    planes: number,
    O: number,
    L: number,
  ): void;
  maxPool2dF32(
    x: number,
    sN: number,
    sC: number,
    sRow: number,
    sCol: number,
    C: number,
    H: number,
    W: number,
    oH: number,
    oW: number,
    kH: number,
    kW: number,
    sH: number,
    sW: number,
    dH: number,
    dW: number,
    pT: number,
    pL: number,
    out: number,
    idx: number,
    first: number,
    end: number,
  ): void;
  /** Max pooling's input gradient, planes `[first, end)` (`assembly/pool-backward.ts`; see src/wasm/pool-backward.ts). */
  maxPool2dBackwardF32(
    grad: number,
    sN: number,
    sC: number,
    sRow: number,
    sCol: number,
    C: number,
    oH: number,
    oW: number,
    idx: number,
    out: number,
    plane: number,
    first: number,
    end: number,
  ): void;
  adamStepF32(
    p: number,
    g: number,
    m: number,
    v: number,
    vmax: number,
    n: number,
    sign: number,
    beta1: number,
    oneMinusBeta1: number,
    beta2: number,
    oneMinusBeta2: number,
    l2: number,
    decay: number,
    biasCorrection2Sqrt: number,
    negStepSize: number,
    eps: number,
  ): void;
}

/** The instantiated kernels, their memory and the arena above the control block and job descriptor. */
export class WasmRuntime {
  readonly memory: WebAssembly.Memory;
  readonly shared: boolean;
  /** The module is the relaxed-SIMD build (fused multiply-adds where the CPU has them). */
  readonly relaxed: boolean;
  private readonly module: WebAssembly.Module;
  /** The kernels, for single-threaded calls on storages in this memory. */
  readonly kernels: KernelExports;
  /** Rows of the matmul micro-tile, as compiled into the kernels. */
  readonly tileRows: number;
  /** Byte offsets of the control block, the job descriptor and the start of the arena. */
  readonly control: number;
  readonly job: number;
  /** End of the memory handed out so far (storages and scratch arenas); blocks are never moved. */
  private heapTop: number;
  /** Freed blocks by size class, and the size class of every block in use. */
  private readonly freeBlocks = new Map<number, number[]>();
  private readonly blockSizes = new Map<number, number>();
  /** Storages handed out by {@link allocFloat32}. */
  private readonly heapViews = new WeakSet<Float32Array>();
  /** The scratch arena of the current op: a heap block, bump-allocated from `top`. */
  private arenaPtr = 0;
  private arenaBytes = 0;
  private top = 0;
  private readonly retiredArenas: number[] = [];
  /** Views of the whole memory, refreshed after every grow. */
  f32!: Float32Array;
  i32!: Int32Array;
  private readonly ctrl: Int32Array;
  private gen = 0;
  private readonly workers: WorkerHandle[] = [];

  constructor(module: WebAssembly.Module, memory: WebAssembly.Memory, shared: boolean, relaxed = false) {
    this.module = module;
    this.memory = memory;
    this.shared = shared;
    this.relaxed = relaxed;
    const instance = new WebAssembly.Instance(module, { env: { memory } });
    this.kernels = instance.exports as unknown as KernelExports;
    this.tileRows = this.kernels.TILE_ROWS.value as number;
    this.control = alignUp(this.kernels.heapBase(), 64);
    this.job = this.control + CONTROL_FIELDS * 4;
    this.heapTop = alignUp(this.job + JOB_FIELDS * 4, 64);
    this.refreshViews();
    this.ctrl = new Int32Array(memory.buffer, this.control, CONTROL_FIELDS);
  }

  private refreshViews(): void {
    this.f32 = new Float32Array(this.memory.buffer);
    this.i32 = new Int32Array(this.memory.buffer);
  }

  /**
   * Reserves `bytes` of the kernels' memory for good (64-byte aligned), growing the memory when needed;
   * returns the offset, or -1 when the memory would exceed `limit`.
   */
  private carve(bytes: number, limit: number): number {
    const at = this.heapTop;
    const end = at + alignUp(bytes, 64);
    if (end > limit) return -1;
    const have = this.memory.buffer.byteLength;
    if (end > have) {
      // Grow by at least a quarter of the current size, so a slowly growing workload grows rarely.
      const current = have / PAGE;
      const pages = Math.max(Math.ceil((end - have) / PAGE), Math.ceil(current / 4));
      try {
        this.memory.grow(Math.min(pages, MAX_PAGES - current));
      } catch {
        return -1; // the engine could not commit more memory
      }
      this.refreshViews();
    }
    this.heapTop = end;
    return at;
  }

  /**
   * A block of at least `bytes` from the free lists or freshly carved (-1 when memory is exhausted),
   * zeroed when `zeroed` (fresh memory already is: it has never been used).
   */
  private takeBlock(bytes: number, zeroed: boolean, limit: number): number {
    const size = sizeClass(bytes);
    const reused = this.freeBlocks.get(size)?.pop();
    const ptr = reused ?? this.carve(size, limit);
    if (ptr < 0) return ptr;
    this.blockSizes.set(ptr, size);
    if (zeroed && reused !== undefined && !parallelZero(this, ptr, bytes)) this.kernels.zero(ptr, bytes);
    return ptr;
  }

  private releaseBlock(ptr: number): void {
    const size = this.blockSizes.get(ptr);
    if (size === undefined) throw new Error(`free(): ${ptr} is not a block of the WebAssembly heap`);
    this.blockSizes.delete(ptr);
    let list = this.freeBlocks.get(size);
    if (list === undefined) this.freeBlocks.set(size, (list = []));
    list.push(ptr);
  }

  /**
   * A zeroed float32 storage of `size` elements living in the kernels' (shared) memory, so kernels
   * read and write it in place; undefined when the memory is not shared (a grow would detach the
   * view) or exhausted. Freed blocks are kept by size and reused: a training loop that allocates the
   * same shapes every step allocates nothing new in its steady state. With `zeroed` false a reused
   * block keeps its old elements (for outputs a kernel writes whole: `CpuBackend.allocEmpty`).
   */
  allocFloat32(size: number, zeroed = true): Float32Array | undefined {
    if (!this.shared) return undefined;
    const ptr = this.takeBlock(size * 4, zeroed, HEAP_LIMIT);
    if (ptr < 0) return undefined;
    const view = new Float32Array(this.memory.buffer, ptr, size);
    this.heapViews.add(view);
    return view;
  }

  /** Whether `x` is a storage from {@link allocFloat32} (and where it is: `x.byteOffset`). */
  owns(x: unknown): x is Float32Array {
    return this.heapViews.has(x as Float32Array);
  }

  /** Returns a storage from {@link allocFloat32} to the free lists; false if it is not one. */
  freeFloat32(x: unknown): boolean {
    if (!this.owns(x)) return false;
    this.heapViews.delete(x);
    this.releaseBlock(x.byteOffset);
    return true;
  }

  /** Forgets every scratch allocation of the previous op (the arena itself is kept for the next). */
  reset(): void {
    for (const ptr of this.retiredArenas.splice(0)) this.releaseBlock(ptr);
    this.top = this.arenaPtr;
  }

  /** Reserves `bytes` (64-byte aligned) of scratch for the current op; returns the offset. */
  alloc(bytes: number): number {
    const need = alignUp(bytes, 64);
    if (this.top + need > this.arenaPtr + this.arenaBytes) {
      // A larger arena; the old one stays valid until the next reset (earlier scratch of this op is in it).
      const grown = Math.max(need, 2 * this.arenaBytes);
      // Scratch may use the whole memory: an op's scratch is bounded by its operands.
      const ptr = this.takeBlock(grown, false, MEMORY_LIMIT);
      if (ptr < 0)
        throw new RangeError(`WebAssembly kernels: cannot reserve ${grown} bytes of scratch memory`);
      if (this.arenaBytes > 0) this.retiredArenas.push(this.arenaPtr);
      this.arenaPtr = ptr;
      this.arenaBytes = sizeClass(grown);
      this.top = ptr;
    }
    const at = this.top;
    this.top += need;
    return at;
  }

  /**
   * Runs chunks `[0, count)` of the job whose descriptor the caller wrote at {@link job} (kind and
   * parameters; this sets the scratch fields): on the calling thread only, or shared with the
   * workers when `parallel`. Each participating thread gets `scratchBytes` of scratch of its own.
   */
  run(kind: number, count: number, scratchBytes: number, parallel: boolean): void {
    if (count === 0) return;
    if (count > MAX_CHUNKS) throw new Error(`wasm job of ${count} chunks exceeds ${MAX_CHUNKS}`);
    const threads = parallel ? this.ensureWorkers() + 1 : 1;
    const stride = alignUp(scratchBytes, 64);
    const scratch = this.alloc(stride * threads);
    const j = this.job >> 2;
    this.i32[j + J_KIND] = kind;
    this.i32[j + J_SCRATCH] = scratch;
    this.i32[j + J_SCRATCH_STRIDE] = stride;
    if (threads === 1 || count === 1) {
      for (let c = 0; c < count; c++) this.kernels.runChunk(this.job, c, 0);
      return;
    }
    this.dispatch(count);
  }

  /** Publishes the job to the workers, works on it too, and waits until every chunk is done. */
  private dispatch(count: number): void {
    const ctrl = this.ctrl;
    const gen = (this.gen = (this.gen + 1) & GEN_MASK);
    const tag = gen << CHUNK_BITS;
    // Invalidate NEXT first: a worker still holding the previous generation can no longer claim.
    Atomics.store(ctrl, C_NEXT, tag | MAX_CHUNKS);
    Atomics.store(ctrl, C_COUNT, count);
    Atomics.store(ctrl, C_DONE, 0);
    Atomics.store(ctrl, C_ERROR, 0);
    Atomics.store(ctrl, C_NEXT, tag);
    Atomics.store(ctrl, C_GEN, gen);
    Atomics.notify(ctrl, C_GEN);
    for (;;) {
      const v = Atomics.load(ctrl, C_NEXT);
      const idx = v & MAX_CHUNKS;
      if (idx >= count) break;
      if (Atomics.compareExchange(ctrl, C_NEXT, v, v + 1) !== v) continue;
      try {
        this.kernels.runChunk(this.job, idx, 0);
      } catch {
        Atomics.store(ctrl, C_ERROR, 1);
      }
      Atomics.add(ctrl, C_DONE, 1);
    }
    let done = Atomics.load(ctrl, C_DONE);
    for (let s = 0; done < count && s < SPIN; s++) done = Atomics.load(ctrl, C_DONE);
    while (done < count) {
      Atomics.wait(ctrl, C_DONE, done);
      done = Atomics.load(ctrl, C_DONE);
    }
    if (Atomics.load(ctrl, C_ERROR) !== 0) throw new Error('a WebAssembly kernel failed in a worker thread');
  }

  /**
   * Starts workers up to `getNumThreads() - 1` and returns how many take part in the next job. Workers
   * are never stopped (stopping one mid-chunk would lose the chunk); after `setNumThreads` lowers the
   * count, the ones with higher slots just sit out (`C_THREADS`).
   */
  private ensureWorkers(): number {
    const wanted = getNumThreads() - 1;
    while (this.workers.length < wanted) {
      const handle = startWorker({
        module: this.module,
        memory: this.memory,
        control: this.control,
        job: this.job,
        slot: this.workers.length + 1,
      });
      if (handle === undefined) break;
      this.workers.push(handle);
    }
    const active = Math.min(wanted, this.workers.length);
    Atomics.store(this.ctrl, C_THREADS, active + 1);
    return active;
  }

  /** Whether jobs can be split across threads here (shared memory, workers allowed, more than one thread). */
  canParallelize(): boolean {
    return this.shared && getNumThreads() > 1 && workersAllowed();
  }

  /** Workers started so far. */
  workerCount(): number {
    return this.workers.length;
  }

  /** Chunks the workers have run so far. */
  workerChunks(): number {
    return Atomics.load(this.ctrl, C_WORKER_CHUNKS);
  }
}

let runtime: WasmRuntime | null | undefined;

function createRuntime(): WasmRuntime | null {
  if (typeof WebAssembly !== 'object' || typeof WebAssembly.validate !== 'function') return null;
  try {
    const choice = chooseKernels({
      threads: KERNELS_THREADS,
      threadsRelaxed: KERNELS_THREADS_RELAXED,
      canShare: workersAllowed() && typeof SharedArrayBuffer === 'function',
      relaxedWanted: relaxedSimdSwitchedOn(),
      validate: (bytes) => WebAssembly.validate(bytes),
    });
    if (choice === null) return null;
    const memory = new WebAssembly.Memory({ initial: 16, maximum: MAX_PAGES, shared: choice.shared });
    return new WasmRuntime(new WebAssembly.Module(choice.bytes), memory, choice.shared, choice.relaxed);
  } catch {
    // No SIMD, no memory to spare, or a browser refusing synchronous compilation: stay in TypeScript.
    return null;
  }
}

/** The runtime when the WebAssembly path is switched on and supported, else null (use TypeScript). */
export function wasmRuntime(): WasmRuntime | null {
  if (!wasmSwitchedOn()) return null;
  if (runtime === undefined) runtime = createRuntime();
  return runtime;
}

/** The runtime if it was ever created, whatever the switch says now: storages it holds must go back to it. */
export function createdRuntime(): WasmRuntime | null {
  return runtime ?? null;
}
