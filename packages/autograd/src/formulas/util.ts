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

/**
 * The gradient of an op that picks values at `indices` along `dim` (sort, topk, max/min with a dim,
 * kthvalue): `g` scattered into zeros of the input's `shape` there, 0 elsewhere. With `keepdim`
 * false, `g` and `indices` lack `dim` and get it back first. A 0-d input takes `g` itself.
 */
export function scatterBack(
  shape: readonly number[],
  dim: number,
  indices: Tensor,
  g: Tensor,
  keepdim = true,
): Tensor {
  if (shape.length === 0) return g;
  const idx = keepdim ? indices : indices.unsqueeze(dim);
  const gk = keepdim ? g : g.unsqueeze(dim);
  return gk.newZeros([...shape]).scatter(dim, idx, gk);
}
