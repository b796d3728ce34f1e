import '@typetorch/backend-cpu';
import { tensor, type Tensor, cat, stack, where } from '@typetorch/tensor';
import { it } from 'vitest';
import { enableGrad, grad, gradcheck } from './index.js';
const f64 = (d: number[], s?: number[]) => tensor(d, { dtype: 'float64' }).reshape(s ?? [d.length]).requiresGrad_();
const I = (d: number[], s: number[]) => tensor(d, { dtype: 'int32' }).reshape(s);
/** gradcheck of the first derivative of f (second order). */
const gg = (name: string, f: (...xs: Tensor[]) => Tensor, inputs: Tensor[]) => {
  try {
    gradcheck((...xs) => enableGrad(() => {
      const ins = xs.map((x) => (x.requiresGrad ? x : x.detach().requiresGrad_()));
      const out = f(...ins);
      const w = tensor(Array.from({ length: out.numel() }, (_, i) => 0.3 + 0.17 * i), { dtype: 'float64' }).reshape([...out.shape]);
      return grad(out.mul(w).sum(), ins, null, { createGraph: true, allowUnused: true }).map((g, i) => g ?? ins[i].mul(0));
    }), inputs);
    console.log('GG', name, 'ok');
  } catch (e) { console.log('GG', name, 'FAIL', (e as Error).message.slice(0, 160)); }
};
it('p', () => {
  const a = () => f64([0.3, -0.7, 1.1, 0.5, -1.2, 0.9], [2, 3]);
  const b = () => f64([0.6, 1.7, 0.9], [3]);
  gg('mul', (x, y) => x.mul(y).mul(x), [a(), b()]);
  gg('div', (x, y) => x.div(y), [a(), b()]);
  gg('pow', (x, y) => y.pow(x), [a(), b()]);
  gg('exp/log/sqrt', (x, y) => x.exp().add(y.log()).add(y.sqrt()).add(y.rsqrt()), [a(), b()]);
  gg('tanh/sigmoid/sin', (x) => x.tanh().add(x.sigmoid()).add(x.sin()).add(x.cos()).add(x.reciprocal()), [a()]);
  gg('expm1/log1p/square', (x, y) => x.expm1().add(y.log1p()).add(x.square().mul(x)), [a(), b()]);
  gg('sum/mean', (x) => x.sum(1).square().add(x.mean(0, true).square().sum()), [a()]);
  gg('prod', (x) => x.prod(1), [a()]);
  gg('prod with zero', (x) => x.prod(1), [f64([0, 0.5, 2, 1, 3, 0.5], [2, 3])]);
  gg('amax', (x) => x.amax(1).square(), [a()]);
  gg('maxDim', (x) => x.max(1).values.square(), [a()]);
  gg('logsumexp', (x) => x.logsumexp(1), [a()]);
  gg('softmax', (x) => x.softmax(1), [a()]);
  gg('logSoftmax', (x) => x.logSoftmax(0), [a()]);
  gg('matmul', (x, y) => x.matmul(y).square(), [a(), b()]);
  gg('matmul 2d', (x) => x.matmul(x.t()), [a()]);
  gg('views', (x) => x.t().reshape([6]).unsqueeze(0).expand(2, 6).square(), [a()]);
  gg('slice/select', (x) => x.slice(1, 0, 3, 2).square().sum(1).add(x.select(0, 1).square().sum()), [a()]);
  gg('cat/stack', (x, y) => cat([x, y.unsqueeze(0)]).square().add(stack([y, y]).pow(3).sum()), [a(), b()]);
  gg('gather', (x) => x.gather(1, I([0, 0, 2, 1], [2, 2])).square(), [a()]);
  gg('scatter', (x, y) => x.scatter(1, I([0, 2], [2, 1]), y.reshape([3, 1]).slice(0, 0, 2)).square(), [a(), b()]);
  gg('scatterAdd', (x, y) => x.scatterAdd(1, I([0, 0, 2, 2], [2, 2]), y.slice(0, 0, 2).expand(2, 2).mul(1)).square(), [a(), b()]);
  gg('scatter src larger', (x, y) => x.scatter(1, I([0, 2], [2, 1]), y).square(), [a(), f64([0.3, 0.4, 0.5, 0.6], [2, 2])]);
  gg('scatterAdd src larger', (x, y) => x.scatterAdd(0, I([1, 0], [1, 2]), y).square(), [a(), f64([0.3, 0.4, 0.5, 0.6, 0.1, 0.2], [2, 3])]);
  gg('indexSelect', (x) => x.indexSelect(1, I([2, 2, 0], [3])).square(), [a()]);
  gg('where/maskedFill', (x, y) => where(tensor([true, false, true]), x, y).square().add(x.maskedFill(tensor([false, true, false]), 1).square()), [a(), b()]);
  gg('clamp', (x, y) => x.clamp(-0.5, 1).square().add(x.clamp(y).square()), [a(), f64([0.4, -0.8, 1.0], [3])]);
  gg('maximum', (x, y) => x.maximum(y).square(), [a(), b()]);
  gg('remainder', (x, y) => x.remainder(y).square(), [a(), b()]);
  gg('tril', (x) => x.tril().square(), [a()]);
  gg('to', (x) => x.to('float32').to('float64').square(), [f64([0.5, 1.5])]);
  gg('inplace mul_', (x, y) => x.mul(1).mul_(y).mul_(x), [a(), b()]);
  gg('inplace exp_', (x) => x.mul(1).exp_(), [a()]);
  gg('copy_', (x, y) => x.mul(2).copy_(y).mul(x), [a(), b()]);
  gg('var/std', (x) => x.var(1).add(x.std(1)), [a()]);
});
