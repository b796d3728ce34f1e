/**
 * Tensor methods of the norms, closeness tests and clamp's other names (PyTorch: `Tensor.norm`,
 * `isclose`, `allclose`, `equal`, `clamp_min`, `clamp_max`, `clip`, `clip_`). `isinf`, `isfinite`,
 * `isposinf` and `isneginf` are derived from their unary rows. See define.ts for how a group of
 * methods is added.
 */

import * as ops from '../ops/math.js';
import type { Dims } from '../ops/reduce.js';
import type { Tensor } from '../tensor.js';
import { defineMethods } from './define.js';

declare module '../tensor.js' {
  interface Tensor {
    /** The norm (PyTorch: `Tensor.norm(p='fro', dim=None, keepdim=False, dtype=None)`). */
    norm(p?: number | 'fro' | 'nuc', dim?: Dims, options?: boolean | ops.NormOptions): Tensor;
    /** Elementwise closeness to `other` (PyTorch: `Tensor.isclose`); a bool tensor. */
    isclose(other: Tensor, options?: ops.CloseOptions): Tensor;
    /** Whether every element is close to `other`'s (PyTorch: `Tensor.allclose`); asynchronous. */
    allclose(other: Tensor, options?: ops.CloseOptions): Promise<boolean>;
    /** Synchronous {@link allclose}, where the device reads synchronously (PyTorch: `Tensor.allclose`). */
    allcloseSync(other: Tensor, options?: ops.CloseOptions): boolean;
    /** Same shape and elements as `other` (PyTorch: `Tensor.equal`); asynchronous. */
    equal(other: Tensor): Promise<boolean>;
    /** Synchronous {@link equal}, where the device reads synchronously (PyTorch: `Tensor.equal`). */
    equalSync(other: Tensor): boolean;
    /** `clamp(min)` (PyTorch: `Tensor.clamp_min`). */
    clampMin(min: number | Tensor): Tensor;
    /** `clamp(null, max)` (PyTorch: `Tensor.clamp_max`). */
    clampMax(max: number | Tensor): Tensor;
    /** Another name of `clamp` (PyTorch: `Tensor.clip`). */
    clip(min?: number | Tensor | null, max?: number | Tensor | null): Tensor;
    /** Another name of `clamp_` (PyTorch: `Tensor.clip_`). */
    clip_(min?: number | null, max?: number | null): Tensor;
  }
}

export function installMathMethods(proto: Tensor): void {
  defineMethods(proto, {
    norm(this: Tensor, p?: number | 'fro' | 'nuc', dim?: Dims, options?: boolean | ops.NormOptions) {
      return ops.norm(this, p, dim, options);
    },
    isclose(this: Tensor, other: Tensor, options?: ops.CloseOptions) {
      return ops.isclose(this, other, options);
    },
    allclose(this: Tensor, other: Tensor, options?: ops.CloseOptions) {
      return ops.allclose(this, other, options);
    },
    allcloseSync(this: Tensor, other: Tensor, options?: ops.CloseOptions) {
      return ops.allcloseSync(this, other, options);
    },
    equal(this: Tensor, other: Tensor) {
      return ops.equal(this, other);
    },
    equalSync(this: Tensor, other: Tensor) {
      return ops.equalSync(this, other);
    },
    clampMin(this: Tensor, min: number | Tensor) {
      return ops.clampMin(this, min);
    },
    clampMax(this: Tensor, max: number | Tensor) {
      return ops.clampMax(this, max);
    },
    clip(this: Tensor, min?: number | Tensor | null, max?: number | Tensor | null) {
      return ops.clip(this, min, max);
    },
    clip_(this: Tensor, min?: number | null, max?: number | null) {
      return this.clamp_(min, max);
    },
  });
}
