/** The public functions of ops/numpy.ts with their positional arity checked (see arity.ts). */
import { positional } from '../arity.js';
import * as ops from './numpy.js';

export * from './numpy.js';
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
export const fromTypedArray = positional(ops.fromTypedArray, 'fromTypedArray', 1, 3);
