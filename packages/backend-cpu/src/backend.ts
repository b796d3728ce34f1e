/**
 * The CPU backend: the typetorch backend contract implemented with typed arrays on the JS thread.
 * A storage handle is the typed array itself (Float32Array, Float64Array, Int32Array, or Uint8Array
 * for bool). Every kernel runs synchronously, so `readSync` is available and `flush` is a no-op.
 *
 * float16 storages are Float32Arrays of half-representable values: kernels treat them as float32 (on
 * the TypeScript path; the WebAssembly kernels only ever see float32 storages) and the methods below
 * round each float16 output to half once, where the kernel has written it (kernels/half.ts).
 */
import {
  allocTypedArray,
  type Backend,
  type BinaryOp,
  type Capabilities,
  contiguousStrides,
  type DType,
  type FastPaths,
  numelOf,
  type RandomDistribution,
  type ReduceOp,
  roundToHalfInPlace,
  type StorageHandle,
  type TypedArray,
  type UnaryOp,
  type View,
} from '@typetorch/tensor';
import { col2im, conv2d, im2col } from './kernels/conv.js';
import { crossEntropy, crossEntropyBackward } from './kernels/cross-entropy.js';
import { denseArray } from './kernels/dense.js';
import { dropoutMask } from './kernels/dropout-mask.js';
import { binary, copy, fill, unary, where } from './kernels/elementwise.js';
import { roundHalfView, truncateHalfView } from './kernels/half.js';
import { gather, scatter } from './kernels/index.js';
import { matmul } from './kernels/matmul.js';
import { adamStep } from './kernels/optim.js';
import { maxPool2dBackward } from './kernels/pool-backward.js';
import { avgPool2d, maxPool2d } from './kernels/pooling.js';
import { random } from './kernels/random.js';
import { reduce } from './kernels/reduce.js';
import { softmax } from './kernels/softmax.js';
import { sort } from './kernels/sort.js';
import { createdRuntime, wasmRuntime } from './wasm/runtime.js';

/** Smaller float32 storages stay plain typed arrays: kernels gain nothing from having them in place. */
const WASM_HEAP_MIN_ELEMENTS = 256;

/**
 * Whether `x` is a typed array that holds `dtype`'s elements exactly as this backend stores them:
 * float16 storages are Float32Arrays of half values, which no typed array shares with host code.
 */
function isHostArrayOf(x: unknown, dtype: DType): boolean {
  return (
    dtype !== 'float16' && ArrayBuffer.isView(x) && x.constructor === allocTypedArray(dtype, 0).constructor
  );
}

/**
 * The `Backend` contract on typed arrays, with WebAssembly SIMD kernels for the heavy ops (PyTorch: the
 * CPU dispatch key's kernels, `torch.device('cpu')`). Use the shared {@link cpuBackend} instance, which
 * importing the package registers as device `'cpu'`.
 */
export class CpuBackend implements Backend {
  readonly device = 'cpu';

  readonly capabilities: Capabilities = {
    syncRead: true,
    dtypes: ['float16', 'float32', 'float64', 'int32', 'bool'],
    // Element offsets are kept in int32 registers by the kernels, so no storage may exceed 2^31 elements.
    maxBufferBytes: 2 ** 31 - 1,
  };

  /**
   * The fast paths; those that compute a float16 output round it (im2col and max pooling only copy; PyTorch
   * has none: its CPU kernels are chosen inside each operator).
   */
  readonly fast: FastPaths = {
    softmax: (x, out, log) => {
      softmax(x, out, log);
      roundHalfView(out);
    },
    crossEntropy: (x, target, weight, loss, targetWeight, norm, options) => {
      crossEntropy(x, target, weight, loss, targetWeight, norm, options);
      for (const v of [loss, targetWeight, norm]) roundHalfView(v);
    },
    crossEntropyBackward: (g, x, target, weight, norm, out, options) => {
      crossEntropyBackward(g, x, target, weight, norm, out, options);
      roundHalfView(out);
    },
    adamStep: (param, grad, expAvg, expAvgSq, maxExpAvgSq, options) => {
      if (param.dtype !== 'float16') {
        adamStep(param, grad, expAvg, expAvgSq, maxExpAvgSq, options);
        return;
      }
      // float16 state steps through the float32 loop (the storages are Float32Arrays), then rounds.
      const f32 = (v: View): View => ({ ...v, dtype: 'float32' });
      const state = [param, expAvg, expAvgSq, ...(maxExpAvgSq === null ? [] : [maxExpAvgSq])];
      adamStep(f32(param), f32(grad), f32(expAvg), f32(expAvgSq), maxExpAvgSq && f32(maxExpAvgSq), options);
      for (const v of state) roundHalfView(v);
    },
    im2col,
    col2im: (cols, out, window) => {
      col2im(cols, out, window);
      roundHalfView(out);
    },
    conv2d: (x, weight, bias, out, window, groups) => {
      conv2d(x, weight, bias, out, window, groups);
      roundHalfView(out);
    },
    maxPool2d,
    maxPool2dBackward: (grad, indices, out) => {
      maxPool2dBackward(grad, indices, out);
      roundHalfView(out);
    },
    sort,
    // Computes in the dtype, rounding as fill and div do (float16 included): no rounding afterwards.
    dropoutMask,
    avgPool2d: (x, out, window, options) => {
      avgPool2d(x, out, window, options);
      roundHalfView(out);
    },
  };

  /**
   * Allocates a zero-filled typed array of `size` elements. With the WebAssembly kernels on (and shared
   * memory), float32 storages of at least 256 elements (`WASM_HEAP_MIN_ELEMENTS`) live in the kernels' memory,
   * reused after `free`, so kernels run on them in place and a training loop stops allocating (PyTorch: the
   * CPU allocator, `c10::GetCPUAllocator()`).
   */
  alloc(dtype: DType, size: number): StorageHandle {
    if (dtype === 'float32' && size >= WASM_HEAP_MIN_ELEMENTS) {
      const inWasm = wasmRuntime()?.allocFloat32(size);
      if (inWasm !== undefined) return inWasm;
    }
    return allocTypedArray(dtype, size);
  }

  /**
   * As {@link alloc}, but a storage in the kernels' memory keeps what a freed storage left there: the
   * tensor package asks for it only for outputs a kernel writes whole, which then skip the zeroing (PyTorch:
   * the allocation behind `torch.empty`). Typed arrays are zeroed by JavaScript anyway.
   */
  allocEmpty(dtype: DType, size: number): StorageHandle {
    if (dtype === 'float32' && size >= WASM_HEAP_MIN_ELEMENTS) {
      const inWasm = wasmRuntime()?.allocFloat32(size, false);
      if (inWasm !== undefined) return inWasm;
    }
    return allocTypedArray(dtype, size);
  }

  /**
   * Whether a storage lives in the kernels' WebAssembly memory, which the garbage collector does not
   * see: the tensor package frees it and keeps it within a budget. Other storages are plain typed
   * arrays, freed by the garbage collector with their tensors (PyTorch has none: its CPU tensors are freed
   * by reference counting).
   */
  isDeviceMemory(storage: StorageHandle): boolean {
    return createdRuntime()?.owns(storage) ?? false;
  }

  /**
   * Returns a storage in the kernels' memory to its free list (PyTorch: like the caching allocator's free
   * list (`torch.cuda.memory`)).
   */
  free(storage: StorageHandle): void {
    createdRuntime()?.freeFloat32(storage);
  }

  /**
   * A plain Float32Array copy of a storage in the kernels' memory, for the tensor package to move it
   * out (it then frees the original). Kernels take plain arrays too, on their TypeScript paths (PyTorch has
   * none).
   */
  evict(storage: StorageHandle): StorageHandle {
    // A slice is a fresh non-shared array, filled without the zeroing that `new` + `set` costs.
    return (storage as Float32Array).slice();
  }

  /**
   * The caller's typed array itself: kernels take plain arrays (as evicted storages are; PyTorch:
   * `torch.from_numpy` shares an array the same way).
   */
  adopt(data: TypedArray, dtype: DType): StorageHandle {
    if (!isHostArrayOf(data, dtype)) {
      throw new TypeError(`adopt(): a ${data.constructor.name} cannot hold a ${dtype} storage`);
    }
    return data;
  }

  /**
   * The storage itself when it is a plain typed array of the dtype's host type (never float16's; PyTorch:
   * `Tensor.numpy()` shares a CPU tensor's memory the same way).
   */
  hostArray(storage: StorageHandle, dtype: DType): TypedArray | undefined {
    if (this.isDeviceMemory(storage) || !isHostArrayOf(storage, dtype)) return undefined;
    return storage as TypedArray;
  }

  /**
   * Copies `data` into the storage at element `offset`, converting element types (bool: `!= 0`;
   * float16: rounded to half) (PyTorch: `Tensor.copy_` from host data).
   */
  write(storage: StorageHandle, dtype: DType, data: TypedArray, offset: number): void {
    const target = storage as TypedArray;
    if (dtype === 'bool') {
      if (offset < 0 || offset + data.length > target.length) {
        throw new RangeError(
          `write(): ${data.length} elements at offset ${offset} overflow a storage of ${target.length}`,
        );
      }
      // Uint8Array.set would store 2 as 2 and 0.5 as 0; a bool is `value != 0` (NaN is true).
      for (let i = 0; i < data.length; i++) target[offset + i] = data[i] !== 0 ? 1 : 0;
      return;
    }
    // `set` converts element types as the typed arrays' own stores do (Int32Array truncates).
    target.set(data, offset);
    if (dtype === 'float16') roundToHalfInPlace(target as Float32Array, offset, offset + data.length);
  }

  /**
   * Resolves with a contiguous copy of the view; kernels are synchronous, so nothing is pending (PyTorch:
   * `Tensor.cpu().numpy()`, a promise here as the contract's reads are).
   */
  read(x: View): Promise<TypedArray> {
    try {
      return Promise.resolve(this.readSync(x));
    } catch (error) {
      return Promise.reject(error);
    }
  }

  /**
   * A new contiguous typed array of `x.dtype` holding the view's elements in row-major order (PyTorch:
   * `Tensor.contiguous` then `Tensor.numpy`).
   */
  readSync(x: View): TypedArray {
    const n = numelOf(x.shape);
    const dense = denseArray(x, n);
    const result = allocTypedArray(x.dtype, n);
    // A copy, so the result never aliases the storage (nor the WebAssembly memory: `set` into a fresh
    // array is a memcpy, where `slice` of a shared-memory view is not).
    if (dense !== undefined) {
      result.set(dense);
      return result;
    }
    copy(x, {
      storage: result,
      dtype: x.dtype,
      shape: x.shape,
      strides: contiguousStrides(x.shape),
      offset: 0,
    });
    return result;
  }

  fill(out: View, value: number): void {
    fill(out, value);
    roundHalfView(out);
  }

  copy(x: View, out: View): void {
    copy(x, out);
    // float16 -> float16 copies values that are already half; every other source may need rounding.
    if (x.dtype !== 'float16') roundHalfView(out);
  }

  unary(op: UnaryOp, x: View, out: View): void {
    unary(op, x, out);
    roundHalfView(out);
  }

  binary(op: BinaryOp, a: View, b: View, out: View): void {
    binary(op, a, b, out);
    roundHalfView(out);
  }

  where(cond: View, a: View, b: View, out: View): void {
    where(cond, a, b, out);
  }

  /**
   * float16 blocks reduce in float32 or wider (sums in double accumulators); the result is rounded
   * (PyTorch: reductions such as `torch.sum` on CPU).
   */
  reduce(op: ReduceOp, x: View, out: View): void {
    reduce(op, x, out);
    roundHalfView(out);
  }

  /**
   * float16 products accumulate as float32 (the TypeScript kernel) and are rounded once at the end
   * (PyTorch: `torch.matmul` on CPU).
   */
  matmul(a: View, b: View, out: View): void {
    matmul(a, b, out);
    roundHalfView(out);
  }

  gather(x: View, dim: number, index: View, out: View): void {
    gather(x, dim, index, out);
  }

  scatter(out: View, dim: number, index: View, src: View, reduce: 'none' | 'add'): void {
    scatter(out, dim, index, src, reduce);
    if (reduce === 'add') roundHalfView(out);
  }

  /**
   * float16: the float32 numbers on the half grid; uniforms truncated so they stay below 1 (PyTorch:
   * `torch.rand`/`torch.randn` on CPU, with a counter-based generator).
   */
  random(out: View, distribution: RandomDistribution, key: readonly [number, number], offset: number): void {
    random(out, distribution, key, offset);
    if (distribution === 'uniform') truncateHalfView(out);
    else roundHalfView(out);
  }

  /**
   * Resolves at once: every kernel has finished by the time it returns (PyTorch: `torch.cpu.synchronize()`,
   * also a no-op).
   */
  flush(): Promise<void> {
    return Promise.resolve();
  }
}

/**
 * The shared CPU backend instance that `import '@typetorch/backend-cpu'` registers as device `'cpu'`
 * (PyTorch: `torch.device('cpu')`).
 */
export const cpuBackend = new CpuBackend();
