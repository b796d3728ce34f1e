/**
 * In-place tensor updates with PyTorch's CPU rounding order, shared by the optimizers. Each disposes
 * what it allocates, so a step leaves no temporaries behind.
 */
import type { Tensor } from '@typetorch/tensor';

/**
 * `self += value * t1 * t2` (PyTorch: `Tensor.addcmul_`), computed as PyTorch's kernel does:
 * `(value * t1) * t2`, then added.
 */
export function addcmul_(self: Tensor, t1: Tensor, t2: Tensor, value: number): Tensor {
  const prod = value === 1 ? t1.mul(t2) : t1.mul(value).mul_(t2);
  self.add_(prod);
  prod.dispose();
  return self;
}

/** `self + value * t1 * t2` as a new tensor (PyTorch: `Tensor.addcmul`). */
export function addcmul(self: Tensor, t1: Tensor, t2: Tensor, value: number): Tensor {
  const prod = value === 1 ? t1.mul(t2) : t1.mul(value).mul_(t2);
  const out = self.add(prod);
  prod.dispose();
  return out;
}

/**
 * `self += value * t1 / t2` (PyTorch: `Tensor.addcdiv_`), computed as PyTorch's kernel does:
 * `(value * t1) / t2`, then added.
 */
export function addcdiv_(self: Tensor, t1: Tensor, t2: Tensor, value: number): Tensor {
  const q = value === 1 ? t1.div(t2) : t1.mul(value).div_(t2);
  self.add_(q);
  q.dispose();
  return self;
}

/**
 * Collects the temporaries of one parameter's update: `own(t)` registers a tensor the update created
 * and returns it; `dispose()` releases them all.
 */
export class Temps {
  private readonly list: Tensor[] = [];

  own(t: Tensor): Tensor {
    this.list.push(t);
    return t;
  }

  dispose(): void {
    for (const t of this.list) t.dispose();
    this.list.length = 0;
  }
}

/**
 * The gradient the update uses: negated with `maximize`, plus `weightDecay * param` (L2 penalty) when
 * `weightDecay != 0` (PyTorch: `grad = grad.add(param, alpha=weight_decay)`).
 */
export function effectiveGrad(
  param: Tensor,
  grad: Tensor,
  options: { maximize: boolean; weightDecay: number },
  temps: Temps,
): Tensor {
  let g = options.maximize ? temps.own(grad.neg()) : grad;
  if (options.weightDecay !== 0) g = temps.own(g.add(param, { alpha: options.weightDecay }));
  return g;
}
