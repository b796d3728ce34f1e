/**
 * Tensor methods of the linear-algebra ops (ops/linalg.ts): `a.matmul(b)`, `a.mm(b)`, `a.bmm(b)`,
 * `a.dot(b)`, `a.outer(b)`, `x.addmm(mat1, mat2)`, and the transposes `x.t()`, `x.mT`. See define.ts
 * for how a group of methods is added.
 */
import { type AddmmOptions, addmm, bmm, dot, matmul, mm, outer } from '../ops/linalg.js';
import { t, transpose } from '../ops/views.js';
import type { Tensor } from '../tensor.js';
import { defineGetters, defineMethods } from './define.js';

declare module '../tensor.js' {
  interface Tensor {
    /** `beta * this + alpha * (mat1 @ mat2)` (PyTorch: `Tensor.addmm`); see `addmm`. */
    addmm(mat1: Tensor, mat2: Tensor, options?: AddmmOptions): Tensor;
    /**
     * Matrix product with NumPy's rules, floating dtypes (PyTorch: `Tensor.matmul`, the `@` operator):
     * 1-D·1-D is a dot product, a 1-D operand gains (then loses) a dim, and batch dims broadcast.
     */
    matmul(other: Tensor): Tensor;
    /** Product of two 2-D matrices, `[n, m] @ [m, p]` (PyTorch: `Tensor.mm`). */
    mm(other: Tensor): Tensor;
    /** Batched product of 3-D tensors, `[b, n, m] @ [b, m, p]`, no broadcasting (PyTorch: `Tensor.bmm`). */
    bmm(other: Tensor): Tensor;
    /** Dot product of two 1-D tensors of equal length, a 0-d tensor (PyTorch: `Tensor.dot`). */
    dot(other: Tensor): Tensor;
    /** Outer product of two 1-D tensors, `[n] x [m] -> [n, m]` (PyTorch: `Tensor.outer`). */
    outer(other: Tensor): Tensor;
    /** Transpose of a tensor of at most 2 dims (0-d and 1-D unchanged), a view (PyTorch: `Tensor.t`). */
    t(): Tensor;
    /** Transpose of the last two dims, a view; needs at least 2 dims (PyTorch: `Tensor.mT`). */
    readonly mT: Tensor;
  }
}

export function installLinalgMethods(proto: Tensor): void {
  defineMethods(proto, {
    addmm(this: Tensor, mat1: Tensor, mat2: Tensor, options?: AddmmOptions) {
      return addmm(this, mat1, mat2, options);
    },
    matmul(this: Tensor, other: Tensor) {
      return matmul(this, other);
    },
    mm(this: Tensor, other: Tensor) {
      return mm(this, other);
    },
    bmm(this: Tensor, other: Tensor) {
      return bmm(this, other);
    },
    dot(this: Tensor, other: Tensor) {
      return dot(this, other);
    },
    outer(this: Tensor, other: Tensor) {
      return outer(this, other);
    },
    t(this: Tensor) {
      return t(this);
    },
  });
  defineGetters(proto, {
    mT(this: Tensor) {
      if (this.ndim < 2)
        throw new RangeError(
          `tensor.mT is only supported on matrices or batches of matrices. Got ${this.ndim}-D tensor.`,
        );
      return transpose(this, -2, -1);
    },
  });
}
