/**
 * Gradients of sort, topk and kthvalue: the values' gradient goes back to the positions their
 * indices name (PyTorch's SortBackward0, TopkBackward0, KthvalueBackward0); the indices are not
 * differentiable.
 */
import type { Tensor } from '@typetorch/tensor';
import { defineGradient } from './registry.js';

/** `g` scattered into zeros of the input's shape at `indices` along `dim` (0-d: `g` itself). */
function scatterBack(shape: readonly number[], dim: number, indices: Tensor, g: Tensor): Tensor {
  if (shape.length === 0) return g;
  return g.newZeros([...shape]).scatter(dim, indices, g);
}

defineGradient('sort', {
  node: 'SortBackward0',
  saveOutputs: [1],
  backward: (ctx, [g]) => [scatterBack(ctx.inputMeta[0].shape, ctx.attrs.dim, ctx.output(1), g!)],
});

defineGradient('topk', {
  node: 'TopkBackward0',
  saveOutputs: [1],
  backward: (ctx, [g]) => [scatterBack(ctx.inputMeta[0].shape, ctx.attrs.dim, ctx.output(1), g!)],
});

defineGradient('kthvalue', {
  node: 'KthvalueBackward0',
  saveOutputs: [1],
  backward: (ctx, [g]) => {
    const { dim, keepdim } = ctx.attrs;
    const shape = ctx.inputMeta[0].shape;
    if (shape.length === 0) return [g];
    const idx = keepdim ? ctx.output(1) : ctx.output(1).unsqueeze(dim);
    return [scatterBack(shape, dim, idx, keepdim ? g! : g!.unsqueeze(dim))];
  },
});
