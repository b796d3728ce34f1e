/**
 * Gradients of sort, topk and kthvalue: the values' gradient goes back to the positions their
 * indices name (PyTorch's SortBackward0, TopkBackward0, KthvalueBackward0); the indices are not
 * differentiable.
 */
import { defineGradient } from './registry.js';
import { scatterBack } from './util.js';

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
  backward: (ctx, [g]) => [
    scatterBack(ctx.inputMeta[0].shape, ctx.attrs.dim, ctx.output(1), g!, ctx.attrs.keepdim),
  ],
});
