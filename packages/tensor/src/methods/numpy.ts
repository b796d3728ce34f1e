/**
 * `x.numpy()` (PyTorch: `Tensor.numpy`), the host side of the NumPy bridge (`ops/numpy.ts`). See
 * define.ts for how a group of methods is added.
 */
import type { TypedArray } from '../dtype.js';
import { type NumpyOptions, numpy } from '../ops/numpy.js';
import type { Tensor } from '../tensor.js';
import { defineMethods } from './define.js';

declare module '../tensor.js' {
  interface Tensor {
    /**
     * A typed array that shares this tensor's memory, no copy (PyTorch: `Tensor.numpy()`): writes
     * through the array show in the tensor and in-place ops on the tensor show in the array. The
     * array's type follows the dtype (float32 Float32Array, float64 Float64Array, int32 and int64
     * Int32Array, bool Uint8Array of 0/1) and holds the elements in row-major order; the shape stays
     * on the tensor. The storage moves out of device memory for good (backend-cpu's WebAssembly
     * heap), so the array stays valid however the tensor is used, disposed or collected.
     *
     * Raises PyTorch's errors for a tensor that requires grad (`tensor.detach().numpy()` shares the
     * same memory) and for a device the host cannot address (copy it with `tensor.cpu()`, or
     * `await tensor.toAsync('cpu')` on WebGPU). Unlike PyTorch, which returns a strided ndarray, a
     * non-contiguous tensor raises (a typed array has no strides: `.contiguous().numpy()` copies); a
     * contiguous view with an offset gives a `subarray`. float16 raises (no typed array holds half
     * floats here). `{ force: true }` detaches, copies to the CPU or makes contiguous as needed instead.
     * @see https://pytorch.org/docs/1.13/generated/torch.Tensor.numpy.html
     */
    numpy(options?: NumpyOptions): TypedArray;
  }
}

export function installNumpyMethods(proto: Tensor): void {
  defineMethods(proto, {
    numpy(this: Tensor, options?: NumpyOptions) {
      return numpy(this, options);
    },
  });
}
