/** Gradients of view and copy ops: reshape back, permute back, sum over expanded dims, scatter into slices. */
import { type Tensor, tensor, zeros } from '@typetorch/tensor';
import { type BackwardContext, defineGradient } from './registry.js';
import { sumToShape } from './util.js';

const inputShape = (ctx: BackwardContext) => [...ctx.inputMeta[0].shape];

for (const [name, node] of [
  ['view', 'ViewBackward0'],
  ['reshape', 'ReshapeAliasBackward0'],
  ['unsqueeze', 'UnsqueezeBackward0'],
  ['squeeze', 'SqueezeBackward1'],
] as const) {
  defineGradient(name, { node, backward: (ctx, [g]) => [g!.reshape(inputShape(ctx))] });
}

defineGradient('permute', {
  node: 'PermuteBackward0',
  backward: (ctx, [g]) => {
    const { dims } = ctx.attrs;
    const inverse = dims.map((_, k) => dims.indexOf(k));
    return [g!.permute(inverse)];
  },
});

defineGradient('expand', {
  node: 'ExpandBackward0',
  backward: (ctx, [g]) => [sumToShape(g!, inputShape(ctx))],
});

defineGradient('clone', { node: 'CloneBackward0', backward: (_ctx, [g]) => [g] });

defineGradient('to', {
  node: 'ToCopyBackward0',
  backward: (ctx, [g]) => [g!.to({ device: ctx.inputMeta[0].device, dtype: ctx.inputMeta[0].dtype })],
});

/**
 * Zeros of the input's shape holding `g` at `indices` along `dim` (`g` has the input's rank): the
 * adjoint of taking those indices. A scatter, not a write into a view, so that second-order
 * gradients flow through it.
 */
function placeAlong(ctx: BackwardContext, dim: number, indices: readonly number[], g: Tensor): Tensor {
  const device = ctx.inputMeta[0].device;
  const z = zeros(inputShape(ctx), { dtype: g.dtype, device });
  if (g.numel() === 0) return z;
  const index = tensor(Int32Array.from(indices), { device })
    .reshape(g.shape.map((s, d) => (d === dim ? s : 1)))
    .expand([...g.shape]);
  return z.scatter(dim, index, g);
}

defineGradient('slice', {
  node: 'SliceBackward0',
  backward: (ctx, [g]) => {
    const { dim, start, step } = ctx.attrs;
    const indices = Array.from({ length: g!.shape[dim] }, (_, k) => start + k * step);
    return [placeAlong(ctx, dim, indices, g!)];
  },
});

defineGradient('select', {
  node: 'SelectBackward0',
  backward: (ctx, [g]) => {
    const { dim, index } = ctx.attrs;
    return [placeAlong(ctx, dim, [index], g!.unsqueeze(dim))];
  },
});

defineGradient('cat', {
  node: 'CatBackward0',
  backward: (ctx, [g]) => {
    const { dim } = ctx.attrs;
    let start = 0;
    return ctx.inputMeta.map((meta, i) => {
      // cat skips 1-D empty inputs (legacy behaviour): they get an empty gradient, as in PyTorch.
      if (meta.shape.length === 1 && meta.shape[0] === 0 && g!.ndim !== 1)
        return ctx.needsInputGrad[i] ? zeros([0], { dtype: g!.dtype, device: meta.device }) : null;
      const size = meta.shape[dim];
      const piece = g!.narrow(dim, start, size);
      start += size;
      return ctx.needsInputGrad[i] ? piece : null;
    });
  },
});

defineGradient('stack', {
  node: 'StackBackward0',
  backward: (ctx, [g]) => {
    const { dim } = ctx.attrs;
    return ctx.inputMeta.map((_, i) => (ctx.needsInputGrad[i] ? g!.select(dim, i) : null));
  },
});
