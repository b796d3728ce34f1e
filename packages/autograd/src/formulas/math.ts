/**
 * The gradient of `linalg.vectorNorm` (which `norm` runs): PyTorch 1.13's norm_backward, with its
 * conventions at 0 (the 2-norm's gradient at a zero norm is 0; the max norm shares the gradient among
 * the tied maxima; the 0-norm has a zero gradient).
 */
import { type Tensor, where, zeros } from '@typetorch/tensor';
import { defineGradient } from './registry.js';
import { unsqueezeDims } from './util.js';

/** Gradient of `||x||_ord` over `dims` given `norm` and `g`, both with the reduced dims kept. */
function normBackward(x: Tensor, ord: number, dims: readonly number[], norm: Tensor, g: Tensor): Tensor {
  if (ord === 0) return zeros([...x.shape], { dtype: x.dtype, device: x.device });
  if (ord === 1) return x.sign().mul(g);
  if (ord === 2) return g.mul(where(norm.eq(0), 0, x.div(norm)));
  if (!Number.isFinite(ord)) {
    const a = x.abs();
    const mask = a.eq(norm).logicalOr(a.isnan());
    return x.sign().mul(g.div(mask.sum(dims, true)).mul(mask));
  }
  if (ord < 1) {
    const scaled = x.sign().mul(where(x.eq(0), 0, x.abs().pow(ord - 1)));
    return scaled.mul(g).mul(norm.pow(1 - ord));
  }
  const scaled = ord < 2 ? x.sign().mul(x.abs().pow(ord - 1)) : x.mul(x.abs().pow(ord - 2));
  return scaled.mul(where(norm.eq(0), 0, g.div(norm.pow(ord - 1))));
}

defineGradient('vectorNorm', {
  node: 'LinalgVectorNormBackward0',
  saveInputs: [0],
  saveOutputs: [0],
  backward: (ctx, [g]) => {
    const { ord, dims, keepdim } = ctx.attrs;
    const x = ctx.input(0);
    const out = ctx.output(0);
    const xc = x.dtype === out.dtype ? x : x.to(out.dtype);
    const r = normBackward(
      xc,
      ord,
      dims,
      unsqueezeDims(out, dims, keepdim),
      unsqueezeDims(g!, dims, keepdim),
    );
    return [r.dtype === x.dtype ? r : r.to(x.dtype)];
  },
});
