/** Gradients of reductions: the output gradient broadcast back over the reduced dims. */
import { type Tensor, where } from '@typetorch/tensor';
import { type BackwardContext, defineGradient } from './registry.js';
import { scatterBack, unsqueezeDims } from './util.js';

/** The reductions that record their reduced dims (`ReduceAttrs`). */
type Reduction = 'sum' | 'mean' | 'prod' | 'max' | 'min' | 'amax' | 'amin' | 'logsumexp';

/** `g` with the reduced dims restored and expanded to the input's shape. */
function spread(ctx: BackwardContext<Reduction>, g: Tensor): Tensor {
  const { dims, keepdim } = ctx.attrs;
  return unsqueezeDims(g, dims, keepdim).expand([...ctx.inputMeta[0].shape]);
}

defineGradient('sum', { node: 'SumBackward1', backward: (ctx, [g]) => [spread(ctx, g!)] });

defineGradient('mean', {
  node: 'MeanBackward1',
  backward: (ctx, [g]) => {
    const { dims } = ctx.attrs;
    const shape = ctx.inputMeta[0].shape;
    const count = dims.reduce((n, d) => n * shape[d], 1);
    return [spread(ctx, g!).div(count)];
  },
});

/** A keepdim-reduced tensor expanded back to the input's shape. */
function expandKept(ctx: BackwardContext<Reduction>, t: Tensor): Tensor {
  return t.expand([...ctx.inputMeta[0].shape]);
}

defineGradient('prod', {
  node: 'ProdBackward1',
  saveInputs: [0],
  backward: (ctx, [g]) => {
    const x = ctx.input(0);
    const { dims } = ctx.attrs;
    const dim = dims.length === 1 && x.ndim > 1 ? dims[0] : null;
    // d prod / d x_i is the product of the other elements: prod / x_i without zeros; with exactly
    // one zero in the slice, the zero gets the product of the rest and the others get 0.
    const zeros = x.eq(0);
    const nonzero = where(zeros, 1, x);
    const restProd = expandKept(ctx, nonzero.prod(dim, true));
    const zeroCount = expandKept(ctx, zeros.sum(dim === null ? null : [dim], true));
    const withoutZeros = restProd.div(nonzero);
    const d = where(zeroCount.eq(0), withoutZeros, where(zeroCount.eq(1).logicalAnd(zeros), restProd, 0));
    return [spread(ctx, g!).mul(d)];
  },
});

/** max/min/amax/amin without indices: the gradient is shared evenly among the tied extremes. */
function evenlyToExtremes(name: 'max' | 'min' | 'amax' | 'amin', node: string): void {
  defineGradient(name, {
    node,
    saveInputs: [0],
    saveOutputs: [0],
    backward: (ctx, [g]) => {
      const x = ctx.input(0);
      const { dims } = ctx.attrs;
      const hits = x.eq(spread(ctx, ctx.output(0))).to(x.dtype);
      const count = expandKept(ctx, hits.sum(dims, true));
      return [spread(ctx, g!).mul(hits).div(count)];
    },
  });
}
evenlyToExtremes('max', 'MaxBackward1');
evenlyToExtremes('min', 'MinBackward1');
evenlyToExtremes('amax', 'AmaxBackward0');
evenlyToExtremes('amin', 'AminBackward0');

/** max/min with a dim: the gradient goes to the selected index only (PyTorch's indices). */
for (const [name, node] of [
  ['maxDim', 'MaxBackward0'],
  ['minDim', 'MinBackward0'],
] as const) {
  defineGradient(name, {
    node,
    saveOutputs: [1],
    backward: (ctx, [g]) => [
      scatterBack(ctx.inputMeta[0].shape, ctx.attrs.dim, ctx.output(1), g!, ctx.attrs.keepdim),
    ],
  });
}

defineGradient('logsumexp', {
  node: 'LogsumexpBackward0',
  saveInputs: [0],
  saveOutputs: [0],
  backward: (ctx, [g]) => {
    const x = ctx.input(0);
    return [spread(ctx, g!).mul(x.sub(spread(ctx, ctx.output(0))).exp())];
  },
});
