/**
 * The WebGPU backend: the typetorch backend contract on WGSL compute shaders. Kernels are recorded
 * into a command encoder and submitted in batches (see runtime/runtime.ts); only `read` and `flush`
 * wait for the device, so `capabilities.syncRead` is false.
 */
import type {
  Backend,
  BinaryOp,
  Capabilities,
  DType,
  FastPaths,
  RandomDistribution,
  ReduceOp,
  StorageHandle,
  TypedArray,
  UnaryOp,
  View,
} from '@typetorch/tensor';
import { col2im, conv2d, im2col } from './kernels/conv.js';
import { crossEntropy, crossEntropyBackward } from './kernels/cross-entropy.js';
import { binary, copy, fill, unary, where } from './kernels/elementwise.js';
import { gather, scatter } from './kernels/indexing.js';
import { matmul } from './kernels/matmul.js';
import { adamStep } from './kernels/optim.js';
import { avgPool2d, maxPool2d } from './kernels/pooling.js';
import { random } from './kernels/random.js';
import { reduce } from './kernels/reduce.js';
import { softmax } from './kernels/softmax.js';
import { contiguousStrides, numel } from './runtime/layout.js';
import { Runtime, type RuntimeStats } from './runtime/runtime.js';
import { asStorage, GpuStorage } from './runtime/storage.js';

/** Dtypes the device stores; float64 has no WGSL type. */
const DTYPES: readonly DType[] = ['float32', 'int32', 'bool'];

/** Whether a view reads `numel` consecutive elements from its offset. */
function isContiguous(v: View): boolean {
  const expected = contiguousStrides(v.shape);
  return v.shape.every((s, d) => s === 1 || v.strides[d] === expected[d]);
}

/** Host data as the device's 32-bit words (bool: 0/1 per u32, `!= 0` so NaN is true). */
function toWords(dtype: DType, data: TypedArray): Float32Array | Int32Array | Uint32Array {
  switch (dtype) {
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
    case 'int32':
      return new Int32Array(bytes);
    default:
      return Uint8Array.from(new Uint32Array(bytes));
  }
}

/** The `Backend` contract on one GPUDevice. Create it with `initWebGPU()`. */
export class WebGPUBackend implements Backend {
  readonly device = 'webgpu';
  readonly capabilities: Capabilities;
  readonly runtime: Runtime;

  readonly fast: FastPaths = {
    softmax: (x, out, log) => softmax(this.runtime, x, out, log),
    crossEntropy: (x, target, weight, loss, targetWeight, norm, options) =>
      crossEntropy(this.runtime, x, target, weight, loss, targetWeight, norm, options),
    crossEntropyBackward: (g, x, target, weight, norm, out, options) =>
      crossEntropyBackward(this.runtime, g, x, target, weight, norm, out, options),
    adamStep: (p, g, m, v, vmax, options) => adamStep(this.runtime, p, g, m, v, vmax, options),
    im2col: (x, out, window) => im2col(this.runtime, x, out, window),
    col2im: (cols, out, window) => col2im(this.runtime, cols, out, window),
    conv2d: (x, w, b, out, window, groups) => conv2d(this.runtime, x, w, b, out, window, groups),
    maxPool2d: (x, out, indices, window) => maxPool2d(this.runtime, x, out, indices, window),
    avgPool2d: (x, out, window, options) => avgPool2d(this.runtime, x, out, window, options),
  };

  constructor(
    readonly gpuDevice: GPUDevice,
    /** The adapter's description, for error messages and diagnostics. */
    readonly adapterInfo: string = 'WebGPU adapter',
    /** Objects the device depends on (the GPU entry point and adapter), held so they are not collected. */
    readonly owners: readonly unknown[] = [],
  ) {
    this.runtime = new Runtime(gpuDevice);
    const limits = gpuDevice.limits;
    this.capabilities = {
      syncRead: false,
      dtypes: DTYPES,
      maxBufferBytes: Math.min(limits.maxStorageBufferBindingSize, limits.maxBufferSize),
    };
  }

  alloc(dtype: DType, size: number): StorageHandle {
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
    if (data.length > 0) this.runtime.write(s, toWords(dtype, data), offset);
  }

  async read(x: View): Promise<TypedArray> {
    const n = numel(x.shape);
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

  /** Submits queued work and resolves once the device has finished it (rejects with its first error). */
  flush(): Promise<void> {
    return this.runtime.flush();
  }

  /** GPU buffers, bytes and pipelines the backend holds (pooled buffers included). */
  stats(): RuntimeStats {
    return this.runtime.stats();
  }
}
