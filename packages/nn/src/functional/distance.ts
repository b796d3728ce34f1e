/**
 * Norms and distances of `torch.nn.functional` (PyTorch 1.13): normalize, cosine_similarity and
 * pairwise_distance, composed of differentiable tensor ops.
 */
import { bindArgs, scope, type Tensor } from '@typetorch/tensor';

const num = (value: unknown, fallback: number) => (value as number | undefined) ?? fallback;

/**
 * `x / max(||x||_p, eps)` along `dim` (PyTorch: `torch.nn.functional.normalize(input, p=2.0, dim=1,
 * eps=1e-12)`).
 */
export function normalize(input: Tensor, ...args: unknown[]): Tensor {
  const o = bindArgs('normalize()', args, { leading: 1, positional: ['p', 'dim', 'eps'] });
  const p = num(o.p, 2);
  const dim = num(o.dim, 1);
  const eps = num(o.eps, 1e-12);
  return scope(() => input.div(input.norm(p, dim, true).clamp(eps, null).expandAs(input)));
}

/**
 * Cosine of the angle between `x1` and `x2` along `dim`,
 * `x1 . x2 / (max(||x1||, eps) * max(||x2||, eps))` (PyTorch:
 * `torch.nn.functional.cosine_similarity(x1, x2, dim=1, eps=1e-8)`). The inputs broadcast.
 */
export function cosineSimilarity(x1: Tensor, x2: Tensor, ...args: unknown[]): Tensor {
  const o = bindArgs('cosine_similarity()', args, { leading: 2, positional: ['dim', 'eps'] });
  const dim = num(o.dim, 1);
  const eps = num(o.eps, 1e-8);
  return scope(() => {
    const n1 = x1.norm(2, dim, true).clamp(eps, null);
    const n2 = x2.norm(2, dim, true).clamp(eps, null);
    return x1.div(n1).mul(x2.div(n2)).sum(dim);
  });
}

/**
 * `||x1 - x2 + eps||_p` along the last dim (PyTorch: `torch.nn.functional.pairwise_distance(x1, x2,
 * p=2.0, eps=1e-06, keepdim=False)`).
 */
export function pairwiseDistance(x1: Tensor, x2: Tensor, ...args: unknown[]): Tensor {
  const o = bindArgs('pairwise_distance()', args, { leading: 2, positional: ['p', 'eps', 'keepdim'] });
  const p = num(o.p, 2);
  const eps = num(o.eps, 1e-6);
  const keepdim = (o.keepdim as boolean | undefined) ?? false;
  return scope(() => {
    const diff = x1.sub(x2).add(eps);
    return diff.norm(p, Math.max(x1.ndim, x2.ndim) - 1, keepdim);
  });
}
