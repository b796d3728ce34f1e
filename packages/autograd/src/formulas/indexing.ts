/** Gradients of index ops: gather and scatter are each other's adjoints. */
import { cat, type Tensor, zeros } from '@typetorch/tensor';
import { type BackwardContext, defineGradient } from './registry.js';

const zerosLikeInput = (ctx: BackwardContext, g: Tensor) =>
  zeros([...ctx.inputMeta[0].shape], { dtype: g.dtype, device: ctx.inputMeta[0].device });

/** 0-d tensors index like one-element vectors. */
const asVector = (t: Tensor) => (t.ndim === 0 ? t.reshape([1]) : t);

/**
 * `t` zero-padded at the end of each dim up to `shape` (which is at least as large everywhere).
 * Built with cat rather than by writing into a view of zeros, so it stays differentiable.
 */
function padTo(t: Tensor, shape: readonly number[]): Tensor {
  let out = t;
  shape.forEach((size, d) => {
    if (out.shape[d] === size) return;
    const fill = out.shape.map((s, k) => (k === d ? size - s : s));
    out = cat([out, zeros(fill, { dtype: t.dtype, device: t.device })], d);
  });
  return out;
}

defineGradient('gather', {
  node: 'GatherBackward0',
  saveInputs: [1],
  backward: (ctx, [g]) => {
    const { dim } = ctx.attrs;
    const z = zerosLikeInput(ctx, g!);
    return [
      asVector(z)
        .scatterAdd(dim, asVector(ctx.input(1)), asVector(g!))
        .reshape([...z.shape]),
      null,
    ];
  },
});

/**
 * scatter / scatter_: overwritten positions get no gradient; src gets the gradient it was written to.
 * src may be larger than index: only its index-shaped leading block is read, the rest gets zeros.
 */
for (const [name, node, add] of [
  ['scatter', 'ScatterBackward0', false],
  ['scatterAdd', 'ScatterAddBackward0', true],
] as const) {
  defineGradient(name, {
    node,
    saveInputs: [1],
    backward: (ctx, [g]) => {
      const { dim } = ctx.attrs;
      const index = asVector(ctx.input(1));
      const gv = asVector(g!);
      const shape = [...ctx.inputMeta[0].shape];
      const gx = ctx.needsInputGrad[0] ? (add ? g : gv.scatter(dim, index, 0).reshape(shape)) : null;
      const gsrc =
        ctx.inputMeta.length > 2 && ctx.needsInputGrad[2]
          ? padTo(gv.gather(dim, index).reshape([...ctx.inputMeta[1].shape]), ctx.inputMeta[2].shape)
          : null;
      return [gx, null, gsrc];
    },
  });
}

defineGradient('indexSelect', {
  node: 'IndexSelectBackward0',
  saveInputs: [1],
  backward: (ctx, [g]) => {
    const { dim } = ctx.attrs;
    const z = asVector(zerosLikeInput(ctx, g!));
    const gv = asVector(g!);
    // Scatter-add each selected slice back: the 1-D index broadcast over the other dims.
    const idx = asVector(ctx.input(1));
    const shaped = idx.reshape(gv.shape.map((s, d) => (d === dim ? s : 1))).expand([...gv.shape]);
    return [z.scatterAdd(dim, shaped, gv).reshape([...ctx.inputMeta[0].shape]), null];
  },
});

for (const [name, node] of [
  ['tril', 'TrilBackward0'],
  ['triu', 'TriuBackward0'],
] as const) {
  defineGradient(name, {
    node,
    backward: (ctx, [g]) => {
      const { diagonal } = ctx.attrs;
      return [name === 'tril' ? g!.tril(diagonal) : g!.triu(diagonal)];
    },
  });
}
