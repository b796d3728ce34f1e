/**
 * PyTorch's names for things typetorch already has: `x.T`, `await x.tolist()`, the dtype shorthands
 * `x.float()`, `x.long()`... (See define.ts for how a group of methods is added.)
 */
import { permute } from '../ops/views.js';
import * as read from '../read.js';
import type { NestedNumbers, Tensor } from '../tensor.js';
import { defineGetters, defineMethods } from './define.js';

declare module '../tensor.js' {
  interface Tensor {
    /** The tensor with its dims reversed, a view (PyTorch: `Tensor.T`). */
    readonly T: Tensor;
    /** The values as nested arrays (PyTorch: `Tensor.tolist()`); asynchronous, as every read. */
    tolist(): Promise<NestedNumbers>;
    /** Synchronous {@link tolist}, where the device reads synchronously (PyTorch: `Tensor.tolist()`). */
    tolistSync(): NestedNumbers;
    /** float32 (PyTorch: `Tensor.float()`). */
    float(): Tensor;
    /** float64 (PyTorch: `Tensor.double()`). */
    double(): Tensor;
    /**
     * float16, rounding each value to the nearest half (ties to even; beyond ±65504 to ±Infinity)
     * (PyTorch: `Tensor.half()`). The device must support float16 (see its `capabilities.dtypes`).
     */
    half(): Tensor;
    /** int32 (PyTorch: `Tensor.int()`). */
    int(): Tensor;
    /** int64, stored in 32 bits (PyTorch: `Tensor.long()`; see dtype.ts). */
    long(): Tensor;
    /** PyTorch: `Tensor.bool()`. */
    bool(): Tensor;
  }
}

const DTYPE_SHORTHANDS = {
  float: 'float32',
  double: 'float64',
  half: 'float16',
  int: 'int32',
  long: 'int64',
  bool: 'bool',
} as const;

export function installAliasMethods(proto: Tensor): void {
  defineGetters(proto, {
    T(this: Tensor) {
      return permute(this, [...this.shape.keys()].reverse());
    },
  });
  defineMethods(proto, {
    tolist(this: Tensor) {
      return read.toArray(this);
    },
    tolistSync(this: Tensor) {
      return read.toArraySync(this);
    },
  });
  for (const [name, dtype] of Object.entries(DTYPE_SHORTHANDS)) {
    defineMethods(proto, {
      [name](this: Tensor) {
        return this.to(dtype);
      },
    });
  }
}
