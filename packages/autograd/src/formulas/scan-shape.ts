/**
 * Gradients of the scans and shape copies: reversed cumulative sums (cumsum, cumprod with PyTorch's
 * handling of zeros), the inverse flip and roll, sums over repetitions, stacking, and diagonals placed
 * back into zeros. Each composes differentiable ops, so second-order gradients flow through them.
 */
import { cat, eye, stack, type Tensor, where, zeros } from '@typetorch/tensor';
import { type BackwardContext, defineGradient } from './registry.js';

const inputShape = (ctx: BackwardContext) => [...ctx.inputMeta[0].shape];
const reversedCumsum = (t: Tensor, dim: number) => t.flip(dim).cumsum(dim).flip(dim);

defineGradient('cumsum', {
  node: 'CumsumBackward0',
  backward: (ctx, [g]) => {
    const r = reversedCumsum(g!, ctx.attrs.dim);
    return [r.dtype === ctx.inputMeta[0].dtype ? r : r.to(ctx.inputMeta[0].dtype)];
  },
});

/**
 * PyTorch's cumprod_backward: before the first zero, the reversed cumulative sum of `g * out`
 * divided by the input; at the first zero, the sum over `[z1, z2)` of `g[k]` times the product of
 * the inputs up to `k` without that zero; after it, 0.
 */
function cumprodBackward(x: Tensor, out: Tensor, g: Tensor, dim: number): Tensor {
  if (x.numel() <= 1 || x.shape[dim] === 1) return g;
  const isZero = x.eq(0);
  const zerosSoFar = isZero.cumsum(dim);
  const prefix = zerosSoFar.eq(0);
  const before = where(prefix, reversedCumsum(out.mul(g), dim).div(where(prefix, x, 1)), 0);
  const firstZero = isZero.logicalAnd(zerosSoFar.eq(1));
  const withoutIt = where(firstZero, 1, x).cumprod(dim);
  const atZero = where(zerosSoFar.eq(1), g.mul(withoutIt), 0).sum(dim, true);
  return before.add(where(firstZero, atZero, 0));
}

defineGradient('cumprod', {
  node: 'CumprodBackward0',
  saveInputs: [0],
  saveOutputs: [0],
  backward: (ctx, [g]) => {
    const x = ctx.input(0);
    const out = ctx.output(0);
    const r = cumprodBackward(x.dtype === out.dtype ? x : x.to(out.dtype), out, g!, ctx.attrs.dim);
    return [r.dtype === x.dtype ? r : r.to(x.dtype)];
  },
});

defineGradient('flip', {
  node: 'FlipBackward0',
  backward: (ctx, [g]) => [g!.flip(ctx.attrs.dims)],
});

defineGradient('roll', {
  node: 'RollBackward0',
  backward: (ctx, [g]) => {
    const { shifts, dims } = ctx.attrs;
    return [
      g!.roll(
        shifts.map((s) => -s),
        dims.length === 0 ? undefined : dims,
      ),
    ];
  },
});

defineGradient('repeat', {
  node: 'RepeatBackward0',
  backward: (ctx, [g]) => {
    const { sizes } = ctx.attrs;
    const shape = inputShape(ctx);
    const padded = [...new Array<number>(sizes.length - shape.length).fill(1), ...shape];
    const pairs = padded.flatMap((s, i) => [sizes[i], s]);
    const repetitions = padded.map((_, i) => 2 * i);
    return [g!.reshape(pairs).sum(repetitions).reshape(shape)];
  },
});

defineGradient('unbind', {
  node: 'UnbindBackward0',
  backward: (ctx, grads) => {
    const { dim } = ctx.attrs;
    const shape = inputShape(ctx);
    const { dtype, device } = ctx.inputMeta[0];
    if (grads.length === 0) return [zeros(shape, { dtype, device })];
    const slice = shape.filter((_, k) => k !== dim);
    return [
      stack(
        grads.map((g) => g ?? zeros(slice, { dtype, device })),
        dim,
      ),
    ];
  },
});

/** `g` (the diagonal `offset` of dims `dim1`, `dim2`, last) placed into zeros of `shape`. */
function diagonalBackward(
  ctx: BackwardContext,
  g: Tensor,
  offset: number,
  dim1: number,
  dim2: number,
): Tensor {
  const shape = inputShape(ctx);
  const { device } = ctx.inputMeta[0];
  const length = g.shape[g.ndim - 1];
  if (length === 0 || g.numel() === 0) return zeros(shape, { dtype: g.dtype, device });
  // [..., L] -> [..., L, L] with g on the diagonal, then padded to [..., size1, size2].
  let m = where(eye(length, { dtype: 'bool', device }), g.unsqueeze(-1), 0);
  const pad = (t: Tensor, dim: number, before: number, total: number) => {
    const after = total - before - t.shape[dim];
    const block = (n: number) =>
      zeros(
        t.shape.map((s, k) => (k === dim ? n : s)),
        { dtype: g.dtype, device },
      );
    const parts = [...(before > 0 ? [block(before)] : []), t, ...(after > 0 ? [block(after)] : [])];
    return parts.length === 1 ? t : cat(parts, dim);
  };
  m = pad(m, m.ndim - 2, Math.max(-offset, 0), shape[dim1]);
  m = pad(m, m.ndim - 1, Math.max(offset, 0), shape[dim2]);
  const order = [...shape.keys()].filter((k) => k !== dim1 && k !== dim2).concat([dim1, dim2]);
  return m.permute(shape.map((_, k) => order.indexOf(k)));
}

defineGradient('diagonal', {
  node: 'DiagonalBackward0',
  backward: (ctx, [g]) => {
    const { offset, dim1, dim2 } = ctx.attrs;
    return [diagonalBackward(ctx, g!, offset, dim1, dim2)];
  },
});

defineGradient('diag', {
  node: 'DiagBackward0',
  backward: (ctx, [g]) => {
    const { diagonal } = ctx.attrs;
    if (ctx.inputMeta[0].shape.length === 1) return [g!.diagonal(diagonal)];
    return [diagonalBackward(ctx, g!, diagonal, 0, 1)];
  },
});
