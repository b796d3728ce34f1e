/**
 * PyTorch's names for things typetorch already has: `x.T`, `await x.tolist()`. (See define.ts for how
 * a group of methods is added.)
 */
import { permute } from '../ops/views.js';
import * as read from '../read.js';
import type { Tensor } from '../tensor.js';
import { defineGetters, defineMethods } from './define.js';

type NestedNumbers = number | boolean | NestedNumbers[];

declare module '../tensor.js' {
  interface Tensor {
    /** The tensor with its dims reversed, a view (PyTorch: `Tensor.T`). */
    readonly T: Tensor;
    /** The values as nested arrays (PyTorch: `Tensor.tolist()`); asynchronous, as every read. */
    tolist(): Promise<NestedNumbers>;
    /** Synchronous {@link tolist}, where the device reads synchronously. */
    tolistSync(): NestedNumbers;
  }
}

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
}
