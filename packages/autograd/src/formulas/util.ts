/** Helpers shared by gradient formulas. */
import { shapesEqual, type Tensor } from '@typetorch/tensor';

/**
 * Sums a gradient over the dims broadcasting added or stretched, so it matches the input's shape
 * (the adjoint of broadcasting).
 */
export function sumToShape(g: Tensor, shape: readonly number[]): Tensor {
  if (shapesEqual(g.shape, shape)) return g;
  const lead = g.ndim - shape.length;
  const dims: number[] = [];
  for (let i = 0; i < g.ndim; i++) {
    if (i < lead || (shape[i - lead] === 1 && g.shape[i] !== 1)) dims.push(i);
  }
  const summed = dims.length > 0 ? g.sum(dims, true) : g;
  return summed.reshape([...shape]);
}

/** Re-inserts reduced dims as size 1, so a reduced gradient broadcasts against the input. */
export function unsqueezeDims(g: Tensor, dims: readonly number[], keepdim: boolean): Tensor {
  if (keepdim) return g;
  let out = g;
  for (const d of [...dims].sort((a, b) => a - b)) out = out.unsqueeze(d);
  return out;
}
