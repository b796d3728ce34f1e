/**
 * Tensor methods of the linear-algebra ops beyond those in tensor.ts: `x.addmm(mat1, mat2)`
 * (PyTorch: `Tensor.addmm`). See define.ts for how a group of methods is added.
 */
import { type AddmmOptions, addmm } from '../ops/linalg.js';
import type { Tensor } from '../tensor.js';
import { defineMethods } from './define.js';

declare module '../tensor.js' {
  interface Tensor {
    /** `beta * this + alpha * (mat1 @ mat2)` (PyTorch: `Tensor.addmm`); see `addmm`. */
    addmm(mat1: Tensor, mat2: Tensor, options?: AddmmOptions): Tensor;
  }
}

export function installLinalgMethods(proto: Tensor): void {
  defineMethods(proto, {
    addmm(this: Tensor, mat1: Tensor, mat2: Tensor, options?: AddmmOptions) {
      return addmm(this, mat1, mat2, options);
    },
  });
}
