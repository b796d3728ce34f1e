/// <reference types="@webgpu/types" preserve="true" />
/**
 * The WebGPU backend: the typetorch backend contract on WGSL compute shaders. Kernels are recorded
 * into a command encoder and submitted in batches (see runtime/runtime.ts); only `read` and `flush`
 * wait for the device, so `capabilities.syncRead` is false.
 */
import {
  type Backend,
  type BinaryOp,
  type Capabilities,
  contiguousStrides,
  type DType,
  type FastPaths,
  fromHalfBits,
  numelOf,
  type RandomDistribution,
  type ReduceOp,
  type StorageHandle,
  type TypedArray,
  toHalfBits,
  type UnaryOp,
  type View,
} from '@typetorch/tensor';
import { col2im, conv2d, im2col } from './kernels/conv.js';
import { crossEntropy, crossEntropyBackward } from './kernels/cross-entropy.js';
import { dropoutMask, dropoutMaskByCore } from './kernels/dropout-mask.js';
import { binary, copy, fill, unary, where } from './kernels/elementwise.js';
import { gather, scatter } from './kernels/indexing.js';
import { matmul } from './kernels/matmul.js';
import { adamStep } from './kernels/optim.js';
import { maxPool2dBackward } from './kernels/pool-backward.js';
import { avgPool2d, maxPool2d } from './kernels/pooling.js';
import { random } from './kernels/random.js';
import { reduce } from './kernels/reduce.js';
import { softmax } from './kernels/softmax.js';
import { sort } from './kernels/sort.js';
import { Runtime, type RuntimeStats } from './runtime/runtime.js';
import { asStorage, GpuStorage } from './runtime/storage.js';

/** Dtypes the device stores; float64 has no WGSL type, float16 needs the 'shader-f16' feature. */
const DTYPES: readonly DType[] = ['float32', 'int32', 'bool'];
const DTYPES_WITH_FLOAT16: readonly DType[] = ['float16', 'float32', 'int32', 'bool'];

/** What the "does not support dtype float16" error adds on a device created without float16. */
const FLOAT16_HINT =
  "float16 on WebGPU needs the adapter feature 'shader-f16': create the device with initWebGPU({ float16: true }) (or initWebGPUNode({ float16: true }))";

/** Whether a view reads `numel` consecutive elements from its offset. */
function isContiguous(v: View): boolean {
  const expected = contiguousStrides(v.shape);
  return v.shape.every((s, d) => s === 1 || v.strides[d] === expected[d]);
}

/**
 * Host data as the device's element encoding (bool: 0/1 per u32, `!= 0` so NaN is true; float16: half
 * bit patterns, rounded to nearest even).
 */
function toWords(dtype: DType, data: TypedArray): Float32Array | Int32Array | Uint32Array | Uint16Array {
  switch (dtype) {
    case 'float16':
      return toHalfBits(data);
    case 'float32':
      return data instanceof Float32Array ? data : Float32Array.from(data);
    case 'int32':
      // The Int32Array conversion truncates and wraps, as the CPU backend's stores do.
      return data instanceof Int32Array ? data : new Int32Array(data);
    case 'bool': {
      const words = new Uint32Array(data.length);
      for (let i = 0; i < data.length; i++) words[i] = data[i] !== 0 ? 1 : 0;
      return words;
    }
    default:
      throw new TypeError(`write(): device 'webgpu' does not support dtype ${dtype}`);
  }
}

function fromWords(dtype: DType, bytes: ArrayBuffer): TypedArray {
  switch (dtype) {
    case 'float32':
      return new Float32Array(bytes);
    case 'float16':
      return fromHalfBits(new Uint16Array(bytes));
    case 'int32':
      return new Int32Array(bytes);
    default:
      return Uint8Array.from(new Uint32Array(bytes));
  }
}

/**
 * The `Backend` contract on one GPUDevice, in WGSL compute shaders (PyTorch has no WebGPU device; the
 * nearest are its GPU backends, `torch.device('cuda')` and `torch.device('mps')`). Create it with
 * `initWebGPU()` (or `initWebGPUNode()` from `@typetorch/backend-webgpu/node`), which registers it as
 * device `'webgpu'`. Kernels are queued and run asynchronously: read results with `await t.data()`.
 */
export class WebGPUBackend implements Backend {
  readonly device = 'webgpu';
  readonly capabilities: Capabilities;
  /** @internal The device's buffers, pipelines and queue. */
  readonly runtime: Runtime;

  /**
   * The fused kernels are float32 kernels; float16 views pass through float32 copies (PyTorch has none:
   * its CUDA kernels are chosen inside each operator).
   */
  readonly fast: FastPaths = {
    softmax: (x, out, log) => this.viaFloat32([x, out], 1, ([x, out]) => softmax(this.runtime, x, out, log)),
    crossEntropy: (x, target, weight, loss, targetWeight, norm, options) => {
      const views =
        weight === null
          ? [x, target, loss, targetWeight, norm]
          : [x, target, weight, loss, targetWeight, norm];
      this.viaFloat32(views, views.length - 3, (v) =>
        weight === null
          ? crossEntropy(this.runtime, v[0], v[1], null, v[2], v[3], v[4], options)
          : crossEntropy(this.runtime, v[0], v[1], v[2], v[3], v[4], v[5], options),
      );
    },
    crossEntropyBackward: (g, x, target, weight, norm, out, options) => {
      const views = weight === null ? [g, x, target, norm, out] : [g, x, target, weight, norm, out];
      this.viaFloat32(views, views.length - 1, (v) =>
        weight === null
          ? crossEntropyBackward(this.runtime, v[0], v[1], v[2], null, v[3], v[4], options)
          : crossEntropyBackward(this.runtime, v[0], v[1], v[2], v[3], v[4], v[5], options),
      );
    },
    adamStep: (p, g, m, v, vmax, options) => {
      const views = vmax === null ? [g, p, m, v] : [g, p, m, v, vmax];
      this.viaFloat32(views, 1, ([g, p, m, v, vmax]) =>
        adamStep(this.runtime, p, g, m, v, vmax ?? null, options),
      );
    },
    im2col: (x, out, window) =>
      this.viaFloat32([x, out], 1, ([x, out]) => im2col(this.runtime, x, out, window)),
    col2im: (cols, out, window) =>
      this.viaFloat32([cols, out], 1, ([cols, out]) => col2im(this.runtime, cols, out, window)),
    conv2d: (x, w, b, out, window, groups) => {
      const views = b === null ? [x, w, out] : [x, w, b, out];
      this.viaFloat32(views, views.length - 1, (v) =>
        b === null
          ? conv2d(this.runtime, v[0], v[1], null, v[2], window, groups)
          : conv2d(this.runtime, v[0], v[1], v[2], v[3], window, groups),
      );
    },
    maxPool2d: (x, out, indices, window) =>
      this.viaFloat32([x, out], 1, ([x, out]) => maxPool2d(this.runtime, x, out, indices, window)),
    maxPool2dBackward: (grad, indices, out) =>
      this.viaFloat32([grad, out], 1, ([grad, out]) => maxPool2dBackward(this.runtime, grad, indices, out)),
    avgPool2d: (x, out, window, options) =>
      this.viaFloat32([x, out], 1, ([x, out]) => avgPool2d(this.runtime, x, out, window, options)),
    sort: (x, values, indices, descending) =>
      this.viaFloat32([x, values, indices], 1, ([x, v, i]) => sort(this.runtime, x, v, i, descending)),
    // float16 keeps its own rounding through the core kernels rather than a float32 copy.
    dropoutMask: (out, keep, key, offset) =>
      out.dtype === 'float32'
        ? dropoutMask(this.runtime, out, keep, key, offset)
        : dropoutMaskByCore(this, out, keep, key, offset),
  };

  constructor(
    /** The WebGPU device the kernels run on (PyTorch: the CUDA device behind `torch.device('cuda')`). */
    readonly gpuDevice: GPUDevice,
    /**
     * The adapter's description, for error messages and diagnostics (PyTorch: like
     * `torch.cuda.get_device_name()`).
     */
    readonly adapterInfo: string = 'WebGPU adapter',
    /**
     * Objects the device depends on (the GPU entry point and adapter), held so they are not collected
     * (PyTorch has none).
     */
    readonly owners: readonly unknown[] = [],
    /** Offer float16 (the device must have been created with the 'shader-f16' feature). */
    float16 = false,
  ) {
    if (float16 && !gpuDevice.features.has('shader-f16')) {
      throw new Error(
        `webgpu: float16 needs a device created with the 'shader-f16' feature, and this one (${adapterInfo}) was not; float32 works without it`,
      );
    }
    this.runtime = new Runtime(gpuDevice);
    const limits = gpuDevice.limits;
    this.capabilities = {
      syncRead: false,
      dtypes: float16 ? DTYPES_WITH_FLOAT16 : DTYPES,
      ...(float16 ? {} : { dtypeHints: { float16: FLOAT16_HINT } }),
      maxBufferBytes: Math.min(limits.maxStorageBufferBindingSize, limits.maxBufferSize),
    };
  }

  /**
   * Runs a float32 kernel on views of which some may be float16: those are copied into float32
   * temporaries first, and the ones from index `firstOutput` on (the kernel's outputs, written in place)
   * are copied back, each value rounded to half once. The fused kernels thus compute float16 in float32.
   */
  private viaFloat32(views: readonly View[], firstOutput: number, run: (views: View[]) => void): void {
    if (views.every((v) => v.dtype !== 'float16')) {
      run([...views]);
      return;
    }
    const temps: GpuStorage[] = [];
    const staged = views.map((v) => {
      if (v.dtype !== 'float16') return v;
      const storage = this.runtime.alloc('float32', numelOf(v.shape));
      temps.push(storage);
      const f32: View = {
        storage,
        dtype: 'float32',
        shape: v.shape,
        strides: contiguousStrides(v.shape),
        offset: 0,
      };
      copy(this.runtime, v, f32);
      return f32;
    });
    try {
      run(staged);
      for (let i = firstOutput; i < views.length; i++) {
        if (views[i].dtype === 'float16') copy(this.runtime, staged[i], views[i]);
      }
    } finally {
      for (const t of temps) this.runtime.free(t);
    }
  }

  alloc(dtype: DType, size: number): StorageHandle {
    return this.runtime.alloc(dtype, size);
  }

  /**
   * The same buffer {@link alloc} gives: a pooled buffer is cleared lazily, at its first use, and not at
   * all when that use writes it whole, so an output needs nothing more here (PyTorch: `torch.empty`'s
   * allocation).
   */
  allocEmpty(dtype: DType, size: number): StorageHandle {
    return this.runtime.alloc(dtype, size);
  }

  free(storage: StorageHandle): void {
    if (storage instanceof GpuStorage) this.runtime.free(storage);
  }

  write(storage: StorageHandle, dtype: DType, data: TypedArray, offset: number): void {
    const s = asStorage(storage, 'write');
    if (offset < 0 || offset + data.length > s.size) {
      throw new RangeError(
        `write(): ${data.length} elements at offset ${offset} overflow a storage of ${s.size}`,
      );
    }
    if (data.length === 0) return;
    if (dtype !== 'float16') {
      this.runtime.write(s, toWords(dtype, data), offset);
      return;
    }
    // Buffer writes move whole 4-byte words, two halves each. An odd length that ends the storage is
    // padded into the buffer's last word; any other unaligned range goes through a temporary.
    const halves = toWords(dtype, data) as Uint16Array;
    const end = offset + data.length;
    if (offset % 2 === 0 && (data.length % 2 === 0 || end === s.size)) {
      const words = data.length % 2 === 0 ? halves : new Uint16Array(data.length + 1);
      if (words !== halves) words.set(halves);
      this.runtime.write(s, words, offset);
      return;
    }
    const tmp = this.runtime.alloc('float16', data.length);
    try {
      const padded = new Uint16Array(data.length + (data.length % 2));
      padded.set(halves);
      this.runtime.write(tmp, padded, 0);
      const shape = [data.length];
      copy(
        this.runtime,
        { storage: tmp, dtype, shape, strides: [1], offset: 0 },
        { storage: s, dtype, shape, strides: [1], offset },
      );
    } finally {
      this.runtime.free(tmp);
    }
  }

  async read(x: View): Promise<TypedArray> {
    const n = numelOf(x.shape);
    if (isContiguous(x)) {
      return fromWords(x.dtype, await this.runtime.read(asStorage(x.storage, 'read'), x.offset, n));
    }
    // Gather a strided view into a contiguous temporary first.
    const tmp = this.runtime.alloc(x.dtype, n);
    try {
      copy(this.runtime, x, {
        storage: tmp,
        dtype: x.dtype,
        shape: x.shape,
        strides: contiguousStrides(x.shape),
        offset: 0,
      });
      return fromWords(x.dtype, await this.runtime.read(tmp, 0, n));
    } finally {
      this.runtime.free(tmp);
    }
  }

  fill(out: View, value: number): void {
    fill(this.runtime, out, value);
  }

  copy(x: View, out: View): void {
    copy(this.runtime, x, out);
  }

  unary(op: UnaryOp, x: View, out: View): void {
    unary(this.runtime, op, x, out);
  }

  binary(op: BinaryOp, a: View, b: View, out: View): void {
    binary(this.runtime, op, a, b, out);
  }

  where(cond: View, a: View, b: View, out: View): void {
    where(this.runtime, cond, a, b, out);
  }

  reduce(op: ReduceOp, x: View, out: View): void {
    reduce(this.runtime, op, x, out);
  }

  matmul(a: View, b: View, out: View): void {
    matmul(this.runtime, a, b, out);
  }

  gather(x: View, dim: number, index: View, out: View): void {
    gather(this.runtime, x, dim, index, out);
  }

  scatter(out: View, dim: number, index: View, src: View, reduce: 'none' | 'add'): void {
    scatter(this.runtime, out, dim, index, src, reduce);
  }

  random(out: View, distribution: RandomDistribution, key: readonly [number, number], offset: number): void {
    random(this.runtime, out, distribution, key, offset);
  }

  /**
   * Submits queued work and resolves once the device has finished it (rejects with its first error;
   * PyTorch: `torch.cuda.synchronize()`).
   */
  flush(): Promise<void> {
    return this.runtime.flush();
  }

  /**
   * GPU buffers, bytes and pipelines the backend holds (pooled buffers included; PyTorch: like
   * `torch.cuda.memory_stats()`).
   */
  stats(): RuntimeStats {
    return this.runtime.stats();
  }
}
