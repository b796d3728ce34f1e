/// <reference types="@webgpu/types" preserve="true" />
/**
 * The execution engine under the kernels: one GPUDevice, a pipeline cache, a buffer pool, and a
 * command encoder that collects many dispatches before they are submitted together.
 *
 * - Pipelines are cached by a shader key (op, dtypes, which operands share a buffer). Shapes, strides
 *   and offsets never enter the shader: they travel in a per-dispatch slice of one metadata buffer.
 * - Dispatches go into the open compute pass; the batch is submitted on a read, a flush, when the
 *   metadata arena is full, or after {@link MAX_BATCH} dispatches.
 * - Storage freed while the open batch still uses it returns to the pool only after that batch is
 *   submitted; `write` submits first when the open batch uses the target, so queue writes never
 *   overtake the commands recorded before them.
 * - Errors: every op runs inside validation and out-of-memory error scopes; a failure, an uncaptured
 *   error or a lost device is kept and thrown (naming the op) by the next kernel call or read.
 */
import type { DType } from '@typetorch/tensor';
import { HALF } from '../wgsl/half.js';
import { BufferPool } from './pool.js';
import { bufferBytes, elementBytes, GpuStorage } from './storage.js';

// WebGPU's flag values, spelled out so the runtime does not depend on the GPUBufferUsage & co.
// globals (which Node's bindings do not install by themselves).
const STORAGE = 0x80;
const COPY_SRC = 0x04;
const COPY_DST = 0x08;
const MAP_READ = 0x01;
const COMPUTE = 0x04;
const MAP_MODE_READ = 0x01;

/** Dispatches per submitted batch: enough to amortise a submit, few enough to keep the GPU fed. */
const MAX_BATCH = 256;
/** Bytes of the metadata arena; one batch's shapes and strides must fit. */
const META_BYTES = 1 << 20;

/** One buffer a kernel reads or writes. */
export interface Binding {
  readonly storage: GpuStorage;
  /** `read`, `write` (read and write), or `atomic` (bound as `array<atomic<u32|i32>>`). */
  readonly access: 'read' | 'write' | 'atomic';
  /** The kernel writes every element of the storage, so a fresh allocation need not be cleared first. */
  readonly overwrites?: boolean;
  /** Bound as `array<vec4<f32>>` (`vec4<f16>` for float16; the view's offsets must be multiples of 4). */
  readonly vec4?: boolean;
}

/** A dispatch as kernels describe it. */
export interface DispatchSpec {
  /** The op, for error messages and labels. */
  readonly op: string;
  /** Identifies the shader source (op, dtypes, variant); the binding pattern is appended. */
  readonly key: string;
  readonly bindings: readonly Binding[];
  /** The dispatch's metadata words (u32; signed values as their bit patterns). */
  readonly meta: ArrayLike<number>;
  /** Workgroups along x (at most the device limit; kernels loop over the rest). */
  readonly groups: number;
  /** WGSL body: receives the variable names of the bindings (aliased operands share one). */
  readonly source: (names: readonly string[]) => string;
}

/** The WGSL element type of a storage of `dtype`. */
export function wgslType(dtype: DType): string {
  switch (dtype) {
    case 'float32':
      return 'f32';
    case 'float16':
      return 'f16';
    case 'int32':
      return 'i32';
    case 'bool':
      return 'u32';
    default:
      throw new TypeError(`webgpu: dtype ${dtype} is not supported on this device`);
  }
}

/** One letter per dtype for pipeline keys (float16 and float32 must not share one). */
const DTYPE_CODE: Record<DType, string> = {
  float16: 'h',
  float32: 'f',
  float64: 'd',
  int32: 'i',
  int64: 'l',
  bool: 'b',
};

/** What {@link WebGPUBackend.stats} reports (PyTorch: like `torch.cuda.memory_stats()`). */
export interface RuntimeStats {
  /** GPU buffers alive (in use or pooled; PyTorch: like `torch.cuda.memory_stats()['segment.all.current']`). */
  buffers: number;
  /** Bytes of those buffers (PyTorch: like `torch.cuda.memory_reserved()`). */
  bytes: number;
  /** Buffers that storages hold right now (PyTorch: like `memory_stats()['allocation.all.current']`). */
  storages: number;
  /** Compute pipelines compiled so far (PyTorch has none: its kernels are compiled ahead of time). */
  pipelines: number;
  /** Command buffers submitted to the queue so far (PyTorch has none). */
  submits: number;
  /** Host-to-device writes (`queue.writeBuffer` of tensor data; PyTorch: like host-to-device `Tensor.to`). */
  writes: number;
}

export class Runtime {
  readonly queue: GPUQueue;
  readonly limits: GPUSupportedLimits;
  /** Invocations per workgroup used by the 1-D kernels. */
  readonly workgroupSize: number;
  readonly maxGroups: number;
  private readonly metaAlign: number;
  private readonly pool: BufferPool;
  private readonly pipelines = new Map<
    string,
    { pipeline: GPUComputePipeline; layout: GPUBindGroupLayout }
  >();
  private encoder: GPUCommandEncoder | null = null;
  private pass: GPUComputePassEncoder | null = null;
  private dispatches = 0;
  private batchOps = new Set<string>();
  /** Number of the open batch; storages remember the batch that last used them. */
  batch = 0;
  private readonly meta = new Uint32Array(META_BYTES / 4);
  private metaUsed = 0;
  private readonly metaBuffer: GPUBuffer;
  private pendingFree: GpuStorage[] = [];
  private checks: Promise<void>[] = [];
  /** The first device error not yet reported; thrown once by the next kernel call, read or flush. */
  private failure: Error | null = null;
  /** Set when the device is lost: every later call fails. */
  private lost: Error | null = null;
  private liveStorages = 0;
  private submits = 0;
  private writes = 0;
  /** Storages the open batch writes, poisoned if the batch fails. */
  private batchWrites: GpuStorage[] = [];

  constructor(readonly device: GPUDevice) {
    this.queue = device.queue;
    this.limits = device.limits;
    // A power of two, for the tree reductions.
    const wg = Math.min(
      256,
      this.limits.maxComputeInvocationsPerWorkgroup,
      this.limits.maxComputeWorkgroupSizeX,
    );
    this.workgroupSize = 2 ** Math.floor(Math.log2(wg));
    this.maxGroups = this.limits.maxComputeWorkgroupsPerDimension;
    this.metaAlign = this.limits.minStorageBufferOffsetAlignment / 4;
    this.pool = new BufferPool(device, 512 * 1024 * 1024, STORAGE | COPY_SRC | COPY_DST);
    this.metaBuffer = device.createBuffer({
      label: 'typetorch metadata',
      size: META_BYTES,
      usage: STORAGE | COPY_DST,
    });
    device.lost.then((info) => {
      this.lost =
        info.reason === 'destroyed'
          ? new Error('webgpu: the device was destroyed; create a new backend with initWebGPU()')
          : new Error(`webgpu: the device was lost (${info.reason}): ${info.message}`);
    });
    device.addEventListener('uncapturederror', (event) => {
      const error = (event as GPUUncapturedErrorEvent).error;
      this.fail(`webgpu: uncaptured error: ${error.message}`);
    });
  }

  private fail(message: string): void {
    if (this.failure === null) this.failure = new Error(message);
  }

  /**
   * Throws a lost device's error, or (once) the first device error recorded since the last check,
   * which names the op that caused it.
   */
  check(op: string): void {
    if (this.lost !== null)
      throw new Error(`${op}(): cannot run: ${this.lost.message}`, { cause: this.lost });
    const failure = this.failure;
    if (failure !== null) {
      this.failure = null;
      throw new Error(`${op}(): an earlier operation failed: ${failure.message}`, { cause: failure });
    }
  }

  // ---- memory ----

  /** A zero-filled storage of `size` elements. */
  alloc(dtype: DType, size: number): GpuStorage {
    this.check('alloc');
    wgslType(dtype);
    const bytes = bufferBytes(dtype, size);
    const max = Math.min(this.limits.maxStorageBufferBindingSize, this.limits.maxBufferSize);
    if (bytes > max) {
      throw new RangeError(
        `webgpu: cannot allocate ${size} elements of ${dtype} (${bytes} bytes): the adapter binds at most ${max} bytes per buffer (maxStorageBufferBindingSize)`,
      );
    }
    const { buffer, fresh } = this.pool.acquire(bytes, dtype);
    this.liveStorages++;
    const storage = new GpuStorage(buffer, dtype, size);
    // A new buffer is zero-filled by WebGPU. A pooled one is cleared lazily, at its first use, and not
    // at all when that use overwrites it whole (an upload, or a kernel writing every element).
    storage.needsZero = !fresh;
    return storage;
  }

  /** Clears a pooled buffer at its first use, in order with the open batch. */
  private zeroIfNeeded(storage: GpuStorage, overwritten: boolean): void {
    if (!storage.needsZero) return;
    storage.needsZero = false;
    if (overwritten) return;
    this.openEncoder();
    this.endPass();
    this.encoder!.clearBuffer(storage.buffer);
    storage.lastUse = this.batch;
  }

  free(storage: GpuStorage): void {
    if (storage.freed) return;
    storage.freed = true;
    this.liveStorages--;
    if (storage.lastUse === this.batch && this.encoder !== null) this.pendingFree.push(storage);
    else this.pool.release(storage.buffer);
  }

  /**
   * Host data (the storage's element encoding) into a storage, in order after every command recorded so
   * far. The byte offset and length must be multiples of 4 (float16 callers align them).
   */
  write(storage: GpuStorage, words: ArrayBufferView, elementOffset: number): void {
    this.check('write');
    const at = elementOffset * elementBytes(storage.dtype);
    if (at % 4 !== 0 || words.byteLength % 4 !== 0) {
      throw new RangeError(`write(): ${words.byteLength} bytes at byte ${at} are not whole 4-byte words`);
    }
    if (storage.needsZero) {
      storage.needsZero = false;
      // Never used yet, so queue order is right for a host-side clear of what the upload leaves out.
      if (at !== 0 || words.byteLength < storage.size * elementBytes(storage.dtype)) {
        this.queue.writeBuffer(storage.buffer, 0, new Uint8Array(storage.buffer.size));
      }
    }
    if (storage.lastUse === this.batch && this.encoder !== null) this.submit();
    this.writes++;
    storage.poison = null;
    this.queue.writeBuffer(storage.buffer, at, words.buffer, words.byteOffset, words.byteLength);
  }

  /**
   * Copies `count` elements starting at `elementOffset` back to the host, once all work recorded so
   * far has run. Rejects with the first device error of that work.
   */
  async read(storage: GpuStorage, elementOffset: number, count: number): Promise<ArrayBuffer> {
    this.check('read');
    const size = elementBytes(storage.dtype);
    if (storage.needsZero) return new ArrayBuffer(count * size);
    // Buffer copies move whole 4-byte words: widen the range, then cut the elements out of it.
    const first = elementOffset * size;
    const begin = first - (first % 4);
    const bytes = Math.ceil((first + count * size) / 4) * 4 - begin;
    const staging = this.device.createBuffer({
      label: 'typetorch readback',
      size: Math.max(bytes, 4),
      usage: MAP_READ | COPY_DST,
    });
    try {
      if (bytes > 0) {
        this.openEncoder();
        this.endPass();
        this.encoder!.copyBufferToBuffer(storage.buffer, begin, staging, 0, bytes);
        storage.lastUse = this.batch;
        this.batchOps.add('read');
      }
      this.submit();
      // Dawn in Node makes progress on mapAsync only while another queue promise is pending.
      await Promise.all([staging.mapAsync(MAP_MODE_READ), this.queue.onSubmittedWorkDone(), this.settle()]);
      this.check('read');
      if (storage.poison !== null) {
        throw new Error(`read(): the tensor holds no valid data: ${storage.poison.message}`, {
          cause: storage.poison,
        });
      }
      return staging.getMappedRange(0, bytes).slice(first - begin, first - begin + count * size);
    } finally {
      if (staging.mapState === 'mapped') staging.unmap();
      staging.destroy();
    }
  }

  /** Resolves once every submitted batch ran and its error checks came back. */
  async flush(): Promise<void> {
    this.submit();
    await Promise.all([this.queue.onSubmittedWorkDone(), this.settle()]);
    this.check('flush');
  }

  private async settle(): Promise<void> {
    while (this.checks.length > 0) {
      const pending = this.checks;
      this.checks = [];
      await Promise.all(pending);
    }
  }

  // ---- dispatch ----

  private openEncoder(): void {
    if (this.encoder === null) this.encoder = this.device.createCommandEncoder({ label: 'typetorch batch' });
  }

  private endPass(): void {
    if (this.pass !== null) {
      this.pass.end();
      this.pass = null;
    }
  }

  /** Records one compute dispatch into the open batch. */
  dispatch(spec: DispatchSpec): void {
    this.check(spec.op);
    if (spec.groups === 0) return;
    if (spec.groups > this.maxGroups) {
      throw new RangeError(
        `${spec.op}(): ${spec.groups} workgroups exceed the adapter's limit of ${this.maxGroups}`,
      );
    }
    for (const b of spec.bindings) this.zeroIfNeeded(b.storage, b.overwrites === true);
    // Operands on one buffer share a binding (WebGPU forbids a writable buffer bound twice).
    const unique: Binding[] = [];
    const names: string[] = [];
    for (const b of spec.bindings) {
      let at = unique.findIndex((u) => u.storage.buffer === b.storage.buffer);
      if (at < 0) {
        at = unique.length;
        unique.push(b);
      } else if (b.access !== 'read') {
        unique[at] = { ...unique[at], access: b.access };
      }
      names.push(`buf${at}`);
    }
    const signature =
      unique.map((u) => `${DTYPE_CODE[u.storage.dtype]}${u.access[0]}${u.vec4 ? 4 : ''}`).join('') +
      names.join('');
    const key = `${spec.key}|${signature}`;
    const words = Math.max(spec.meta.length, 1);
    if (this.metaUsed + words > this.meta.length) this.submit();
    this.openEncoder();
    const metaAt = this.metaUsed;
    for (let i = 0; i < spec.meta.length; i++) this.meta[metaAt + i] = spec.meta[i];
    this.metaUsed = Math.ceil((metaAt + words) / this.metaAlign) * this.metaAlign;

    this.device.pushErrorScope('out-of-memory');
    this.device.pushErrorScope('validation');
    const created = !this.pipelines.has(key);
    const { pipeline, layout } = this.pipeline(key, spec, unique, names);
    const entries: GPUBindGroupEntry[] = unique.map((u, i) => ({
      binding: i,
      resource: { buffer: u.storage.buffer },
    }));
    entries.push({
      binding: unique.length,
      resource: { buffer: this.metaBuffer, offset: metaAt * 4, size: words * 4 },
    });
    const group = this.device.createBindGroup({ label: spec.op, layout, entries });
    if (this.pass === null) this.pass = this.encoder!.beginComputePass({ label: 'typetorch' });
    this.pass.setPipeline(pipeline);
    this.pass.setBindGroup(0, group);
    this.pass.dispatchWorkgroups(spec.groups);
    // A pipeline that failed to build must not stay cached: drop it so its error is not repeated.
    this.watch(spec.op, created ? key : undefined);
    // Outputs of a kernel that read a poisoned input are poisoned too.
    const poison = unique.find((u) => u.storage.poison !== null)?.storage.poison ?? null;
    for (const u of unique) {
      u.storage.lastUse = this.batch;
      if (u.access !== 'read') {
        this.batchWrites.push(u.storage);
        if (poison !== null) u.storage.poison = poison;
      }
    }
    this.batchOps.add(spec.op);
    if (++this.dispatches >= MAX_BATCH) this.submit();
  }

  /** Pops the two error scopes pushed for `op` and records what they caught. */
  private watch(op: string, newPipeline?: string, written?: readonly GpuStorage[]): void {
    const validation = this.device.popErrorScope();
    const memory = this.device.popErrorScope();
    this.checks.push(
      Promise.all([validation, memory]).then(([v, m]) => {
        const e = v ?? m;
        if (e === null) return;
        const error = new Error(`webgpu: ${op}() failed on the device: ${e.message}`);
        if (this.failure === null) this.failure = error;
        if (written !== undefined) for (const s of written) s.poison = error;
        if (newPipeline !== undefined) this.pipelines.delete(newPipeline);
      }),
    );
  }

  private pipeline(
    key: string,
    spec: DispatchSpec,
    unique: readonly Binding[],
    names: readonly string[],
  ): { pipeline: GPUComputePipeline; layout: GPUBindGroupLayout } {
    const cached = this.pipelines.get(key);
    if (cached !== undefined) return cached;
    const declarations = unique.map((u, i) => {
      const t = wgslType(u.storage.dtype);
      // Float atomics are compare-and-swap loops on the bits (a float16 pair shares one u32 word).
      const element =
        u.access === 'atomic'
          ? `atomic<${t === 'f32' || t === 'f16' ? 'u32' : t}>`
          : u.vec4
            ? `vec4<${t}>`
            : t;
      const access = u.access === 'read' ? 'read' : 'read_write';
      return `@group(0) @binding(${i}) var<storage, ${access}> buf${i}: array<${element}>;`;
    });
    declarations.push(`@group(0) @binding(${unique.length}) var<storage, read> md: array<u32>;`);
    // float16 storages need WGSL's f16 extension (the device was created with 'shader-f16').
    const half = unique.some((u) => u.storage.dtype === 'float16');
    const code = `${half ? 'enable f16;\n' : ''}${declarations.join('\n')}\nconst WG: u32 = ${this.workgroupSize}u;\n${half ? HALF : ''}${spec.source(names)}`;
    const module = this.device.createShaderModule({ label: spec.key, code });
    const layout = this.device.createBindGroupLayout({
      label: spec.key,
      entries: [
        ...unique.map((u, i) => ({
          binding: i,
          visibility: COMPUTE,
          buffer: { type: (u.access === 'read' ? 'read-only-storage' : 'storage') as GPUBufferBindingType },
        })),
        {
          binding: unique.length,
          visibility: COMPUTE,
          buffer: { type: 'read-only-storage' as GPUBufferBindingType },
        },
      ],
    });
    const pipeline = this.device.createComputePipeline({
      label: spec.key,
      layout: this.device.createPipelineLayout({ bindGroupLayouts: [layout] }),
      compute: { module, entryPoint: 'main' },
    });
    const entry = { pipeline, layout };
    this.pipelines.set(key, entry);
    return entry;
  }

  /** Submits the open batch (its metadata first) and releases the storages it was the last user of. */
  submit(): void {
    if (this.encoder === null) return;
    this.endPass();
    const ops = [...this.batchOps].join(', ');
    if (this.metaUsed > 0) this.queue.writeBuffer(this.metaBuffer, 0, this.meta.buffer, 0, this.metaUsed * 4);
    this.device.pushErrorScope('out-of-memory');
    this.device.pushErrorScope('validation');
    this.queue.submit([this.encoder.finish()]);
    this.watch(`a batch of [${ops}]`, undefined, this.batchWrites);
    this.batchWrites = [];
    this.submits++;
    this.encoder = null;
    this.dispatches = 0;
    this.metaUsed = 0;
    this.batchOps = new Set();
    this.batch++;
    for (const s of this.pendingFree) this.pool.release(s.buffer);
    this.pendingFree = [];
  }

  stats(): RuntimeStats {
    return {
      buffers: this.pool.liveBuffers,
      bytes: this.pool.liveBytes,
      storages: this.liveStorages,
      pipelines: this.pipelines.size,
      submits: this.submits,
      writes: this.writes,
    };
  }

  /** Destroys pooled buffers (they are recreated on demand). */
  releaseCache(): void {
    this.submit();
    this.pool.drain();
  }
}
