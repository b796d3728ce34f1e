/**
 * Linear-algebra rows beyond `matmul` (which is in ops.ts): `addmm`, the fused `beta * input +
 * alpha * (mat1 @ mat2)` that `nn.functional.linear` records for a 2-D input with a bias, as PyTorch does.
 */
import { row } from './row.js';

/** The scale factors of `addmm`. */
export interface AddmmAttrs {
  readonly beta: number;
  readonly alpha: number;
}

export const LINALG_OPS = {
  addmm: row<AddmmAttrs>()({ group: 'linalg', differentiable: true }),
};
