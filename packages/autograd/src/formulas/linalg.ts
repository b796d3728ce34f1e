/** Gradient of matmul in all its forms (1-D, 2-D, batched with broadcast batch dims). */
import { broadcastShapes, type Tensor } from '@typetorch/tensor';
import { defineGradient } from './registry.js';
import { sumToShape } from './util.js';

/** A matrix stored column-major (the transpose of a contiguous matrix), as `weight.t()` is. */
function isTransposedLayout(m: Tensor): boolean {
  const [rows, cols] = m.shape;
  return rows > 1 && cols > 1 && m.strides[0] === 1 && m.strides[1] === rows;
}

/** matmul's node by the ranks of its operands (3: three or more); every other pair is UnsafeViewBackward0. */
const MATMUL_NODES: Record<string, string> = {
  '1,1': 'DotBackward0',
  '2,2': 'MmBackward0',
  '2,1': 'MvBackward0',
  '1,2': 'SqueezeBackward3',
};

defineGradient('matmul', {
  // PyTorch 1.13's torch.matmul picks a kernel by rank; its outermost node is what `grad_fn` shows.
  node: ([a, b]) =>
    MATMUL_NODES[`${Math.min(a.shape.length, 3)},${Math.min(b.shape.length, 3)}`] ?? 'UnsafeViewBackward0',
  saveInputs: [0, 1],
  backward: (ctx, [g]) => {
    // Redo the forward's promotion of 1-D operands, so every case is a batched matrix product:
    // dA = dC @ B^T and dB = A^T @ dC, summed over the batch dims broadcasting added.
    const a = ctx.input(0).ndim === 1 ? ctx.input(0).unsqueeze(0) : ctx.input(0);
    const b = ctx.input(1).ndim === 1 ? ctx.input(1).unsqueeze(1) : ctx.input(1);
    const batch = broadcastShapes(a.shape.slice(0, -2), b.shape.slice(0, -2));
    const go = g!.reshape([...batch, a.shape[a.ndim - 2], b.shape[b.ndim - 1]]);
    return [
      ctx.needsInputGrad[0]
        ? sumToShape(go.matmul(b.mT), a.shape).reshape([...ctx.inputMeta[0].shape])
        : null,
      ctx.needsInputGrad[1]
        ? a.ndim === 2 && b.ndim === 2 && isTransposedLayout(b)
          ? // b is a transposed view (Linear's `weight.t()`): dB^T = dC^T @ A comes out in the layout of
            // b's storage, so the view's backward hands the weight a contiguous gradient (no copy).
            go.mT.matmul(a).mT
          : sumToShape(a.mT.matmul(go), b.shape).reshape([...ctx.inputMeta[1].shape])
        : null,
    ];
  },
});

/** PyTorch's `maybe_multiply`: the gradient itself when the factor is 1. */
function scaled(g: Tensor, factor: number): Tensor {
  return factor === 1 ? g : g.mul(factor);
}

defineGradient('addmm', {
  node: 'AddmmBackward0',
  saveInputs: [1, 2],
  backward: (ctx, [g]) => {
    const { beta, alpha } = ctx.attrs;
    const mat1 = ctx.input(1);
    const mat2 = ctx.input(2);
    return [
      ctx.needsInputGrad[0] ? scaled(sumToShape(g!, ctx.inputMeta[0].shape), beta) : null,
      ctx.needsInputGrad[1] ? scaled(g!.matmul(mat2.mT), alpha) : null,
      ctx.needsInputGrad[2]
        ? scaled(isTransposedLayout(mat2) ? g!.mT.matmul(mat1).mT : mat1.mT.matmul(g!), alpha)
        : null,
    ];
  },
});
