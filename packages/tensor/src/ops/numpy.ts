/**
 * The NumPy bridge: tensors and host typed arrays that share memory, as `torch.from_numpy` and
 * `Tensor.numpy()` share it with NumPy arrays (writes through either show in the other).
 *
 * A backend takes part through two optional members of the contract: `adopt` (a storage that is the
 * caller's array) and `hostArray` (the array a storage in garbage-collected memory is). The memory
 * manager pins such storages (`DeviceMemory.pin`): a storage in device memory (backend-cpu's
 * WebAssembly heap, whose blocks are reused once freed and whose arrays a sweep would replace) moves
 * out for good first, so host code never holds a view into device memory. Neither function runs a
 * kernel nor records anything for autograd, so neither is a row of the op table.
 */
import { getBackend } from '../backend/registry.js';
import { type DType, dtypeOfTypedArray, type TypedArray } from '../dtype.js';
import { checkShape, contiguousStrides, formatShape, numelOf, type Shape } from '../shape.js';
import { Storage } from '../storage.js';
import { Tensor } from '../tensor.js';

/** Keyword-only options of {@link fromTypedArray} (PyTorch: `torch.from_numpy` has none; see `device`). */
export interface FromTypedArrayOptions {
  /**
   * The device whose tensor shares the array: default `'cpu'` (whatever the default device), as
   * `torch.from_numpy` always gives a CPU tensor. Devices whose memory the host cannot address
   * (WebGPU) raise an error: copy there with `tensor()` or `.to(device)` instead.
   */
  device?: string;
}

/** Keyword-only options of `Tensor.numpy()` (PyTorch: `Tensor.numpy(*, force=False)`). */
export interface NumpyOptions {
  /**
   * PyTorch's `force=True`: get an array even where sharing is impossible, i.e. `detach()` a tensor
   * that requires grad (still shared), copy from another device with `cpu()` (synchronous devices
   * only) and, since a typed array has no strides, copy a non-contiguous tensor with `contiguous()`.
   */
  force?: boolean;
}

function describe(value: unknown): string {
  if (value === null || typeof value !== 'object') return value === null ? 'null' : typeof value;
  return value.constructor?.name ?? 'object';
}

/** The dtype a typed array holds, with the errors worded for fromTypedArray. */
function dtypeOf(data: unknown): DType {
  if (!ArrayBuffer.isView(data) || data instanceof DataView) {
    throw new TypeError(
      `fromTypedArray(): expected a typed array (got ${describe(data)}); tensor() copies arrays and nested arrays`,
    );
  }
  try {
    return dtypeOfTypedArray(data);
  } catch (error) {
    throw new TypeError((error as Error).message.replace(/^tensor\(\)/, 'fromTypedArray()'));
  }
}

/** A Uint8Array is a bool tensor, whose elements must be 0 or 1 (kernels rely on it). */
function checkBools(data: Uint8Array): void {
  for (let i = 0; i < data.length; i++) {
    if (data[i] > 1) {
      throw new RangeError(
        `fromTypedArray(): a Uint8Array becomes a bool tensor, whose elements are 0 or 1, but element ${i} is ${data[i]}; typetorch has no uint8 dtype: use Int32Array.from(data), or tensor(data, { dtype: 'int32' }) to copy`,
      );
    }
  }
}

/**
 * A tensor that shares memory with `data` (PyTorch: `torch.from_numpy(arr)`, or `torch.frombuffer`
 * followed by `.view(shape)`): writes through the array show in the tensor and in-place ops on the
 * tensor show in the array, for as long as both live; disposing the tensor leaves the array as it is.
 * No copy is made.
 *
 * The dtype follows the array: Float32Array float32, Float64Array float64, Int32Array int32, Uint8Array
 * bool (whose elements must be 0 or 1). `shape` defaults to `[data.length]`; its product must equal
 * `data.length`. The tensor is contiguous, on the CPU unless `options.device` names another device that
 * can share host memory.
 *
 * Kernels of backend-cpu compute on such storages in place, on their TypeScript paths (the WebAssembly
 * kernels work in their own memory): compute-heavy code may be faster on a copy (`tensor(data)`).
 * @see https://pytorch.org/docs/1.13/generated/torch.from_numpy.html
 */
export function fromTypedArray(data: TypedArray, shape?: Shape, options?: FromTypedArrayOptions): Tensor {
  const dtype = dtypeOf(data);
  const dims = shape === undefined ? [data.length] : [...shape];
  checkShape(dims, 'fromTypedArray');
  if (numelOf(dims) !== data.length) {
    throw new RangeError(
      `fromTypedArray(): shape '${formatShape(dims)}' is invalid for input of size ${data.length}`,
    );
  }
  if (dtype === 'bool') checkBools(data as Uint8Array);
  const device = options?.device ?? 'cpu';
  const backend = getBackend(device);
  if (backend.adopt === undefined) {
    throw new TypeError(
      `fromTypedArray(): device '${device}' cannot share memory with a typed array; copy the data there instead: tensor(data, { device: '${device}' }).view(shape)`,
    );
  }
  if (!backend.capabilities.dtypes.includes(dtype)) {
    throw new TypeError(
      `fromTypedArray(): Device '${device}' does not support dtype ${dtype} (supported: ${backend.capabilities.dtypes.join(', ')})`,
    );
  }
  const storage = new Storage(backend, backend.adopt(data, dtype), dtype, data.length);
  storage.record.memory.pin(storage.record, storage.placement); // never poisoned: it is the caller's
  return new Tensor(storage, dims, contiguousStrides(dims), 0);
}

function copyHint(x: Tensor): string {
  return x.storage.backend.capabilities.syncRead ? 'tensor.cpu()' : "await tensor.toAsync('cpu')";
}

/** PyTorch's error for a tensor whose memory the host cannot address, with typetorch's remedy. */
function deviceError(x: Tensor): TypeError {
  return new TypeError(
    `can't convert ${x.device} device type tensor to numpy. Use ${copyHint(x)} to copy the tensor to host memory first.`,
  );
}

/**
 * A typed array that shares memory with `x` (PyTorch: `Tensor.numpy()`); see the method for the rules.
 * The storage is pinned to garbage-collected memory (moved out of device memory once, for good).
 */
export function numpy(x: Tensor, options?: NumpyOptions): TypedArray {
  if (x.isDisposed) throw new Error('numpy(): the tensor was already disposed');
  if (options?.force === true) return forced(x);
  if (x.requiresGrad) {
    throw new Error("Can't call numpy() on Tensor that requires grad. Use tensor.detach().numpy() instead.");
  }
  const { storage } = x;
  const { backend, record, placement } = storage;
  if (backend.hostArray === undefined) throw deviceError(x);
  if (x.dtype === 'float16') {
    throw new TypeError(
      "numpy(): no typed array can share a float16 tensor's memory (JavaScript has no Float16Array here); tensor.float().numpy() gives a float32 copy",
    );
  }
  if (!x.isContiguous()) {
    throw new Error(
      `numpy(): the tensor is not contiguous (shape ${formatShape(x.shape)}, strides ${formatShape(x.strides)}) and a typed array has no strides; call .contiguous().numpy() for an array that shares a contiguous copy`,
    );
  }
  if (!record.memory.pin(record, placement)) throw deviceError(x);
  const array = backend.hostArray(placement.handle, record.dtype);
  if (array === undefined) throw deviceError(x);
  const n = x.numel();
  return x.offset === 0 && n === array.length ? array : array.subarray(x.offset, x.offset + n);
}

/** `numpy({ force: true })`: detach, copy to the CPU and make contiguous as needed. */
function forced(x: Tensor): TypedArray {
  const made: Tensor[] = [];
  let t = x;
  const step = (next: Tensor) => {
    if (next !== t) made.push(next);
    t = next;
  };
  try {
    if (t.requiresGrad) step(t.detach());
    if (t.storage.backend.hostArray === undefined) step(t.cpu());
    if (!t.isContiguous()) step(t.contiguous());
    return numpy(t);
  } finally {
    // The array stays valid: its storage was pinned to garbage-collected memory before these go.
    for (const m of made) m.dispose();
  }
}
