import '@typetorch/backend-cpu';
import { tensor, zeros, type Tensor } from '@typetorch/tensor';
import { it } from 'vitest';
import { grad, gradcheck } from './index.js';

const f64 = (d: number[], s?: number[]) => tensor(d, { dtype: 'float64' }).reshape(s ?? [d.length]).requiresGrad_();
const v = (t: Tensor | null) => (t === null ? null : Array.from(t.dataSync()));
const tryit = (name: string, f: () => unknown) => {
  try { console.log(name, JSON.stringify(f())); } catch (e) { console.log(name, 'THROWS', (e as Error).message.slice(0, 150)); }
};

it('probes', () => {
  tryit('y.mul_(y) (PyTorch: error; true grad 2x=[2,4])', () => {
    const x = f64([1, 2]); const y = x.mul(1); y.mul_(y); return v(grad(y.sum(), x)[0]);
  });
  tryit('y.add_(y) (true 2)', () => { const x = f64([1, 2]); const y = x.mul(1); y.add_(y); return v(grad(y.sum(), x)[0]); });
  tryit('y.mul_(y.select) view alias', () => {
    const x = f64([1, 2]); const y = x.mul(1); y.mul_(y.select(0, 1)); return v(grad(y.sum(), x)[0]);
  });
  tryit('inplace on view of non-leaf (true [2,2,1,1])', () => {
    const x = f64([1, 2, 3, 4], [2, 2]); const y = x.mul(1); y.select(0, 0).mul_(2); return v(grad(y.sum(), x)[0]);
  });
  tryit('constant.mul_(x) (true = old y = [3,4])', () => {
    const x = f64([1, 2]); const y = tensor([3, 4], { dtype: 'float64' }); y.mul_(x); return v(grad(y.sum(), x)[0]);
  });
  tryit('constant.pow_(e) gradcheck', () => gradcheck((e) => tensor([1.5, 2.5], { dtype: 'float64' }).pow_(e), [f64([0.3, -0.7])]));
  tryit('zeros.scatter_(src) gradcheck', () =>
    gradcheck((s) => zeros([2, 3], { dtype: 'float64' }).scatter_(1, tensor([[2], [0]], { dtype: 'int32' }), s), [f64([0.3, -0.7], [2, 1])]));
  tryit('0-d maxDim', () => gradcheck((x) => x.max(0).values, [f64([0.3], [])]));
  tryit('0-d prod', () => gradcheck((x) => x.prod(), [f64([0.3], [])]));
  tryit('0-d softmax', () => gradcheck((x) => x.softmax(0).mul(x), [f64([0.3], [])]));
  tryit('0-d gather', () => gradcheck((x) => x.gather(0, tensor(0, { dtype: 'int32' })), [f64([0.3], [])]));
  tryit('0-d indexSelect', () => gradcheck((x) => x.indexSelect(0, tensor([0, 0], { dtype: 'int32' })), [f64([0.3], [])]));
  tryit('0-d amax', () => gradcheck((x) => x.amax(), [f64([0.3], [])]));
  tryit('0-d logsumexp', () => gradcheck((x) => x.logsumexp(null), [f64([0.3], [])]));
  tryit('cat 1-D with empty requiring grad', () => gradcheck((a, b) => a.mul(1).sum().add(tensor([], {dtype:'float64'}).reshape([0]).sum()).add(b.sum()), [f64([1, 2]), f64([], [0])]));
  tryit('cat 1-D [empty, x]', () => gradcheck((a, b) => cat1(a, b), [f64([], [0]), f64([1, 2])]));
  tryit('sum dtype f32 -> f64 grad dtype', () => { const x = tensor([1, 2], { requiresGrad: true }); x.sum(0, { dtype: 'float64' }).backward(); return [x.grad!.dtype, v(x.grad)]; });
  tryit('double backward slice', () => {
    const x = f64([1, 2, 3]); const y = x.pow(3).slice(0, 0, 2).sum();
    const [g] = grad(y, x, null, { createGraph: true }); return [v(g), v(grad(g!.sum(), x, null, { allowUnused: true })[0])];
  });
  tryit('double backward select', () => {
    const x = f64([1, 2, 3]); const y = x.pow(3).select(0, 1);
    const [g] = grad(y, x, null, { createGraph: true }); return [v(g), v(grad(g!.sum(), x, null, { allowUnused: true })[0])];
  });
  tryit('double backward mul (true: 2*[1,2,3]... d/dx sum(2x)=2)', () => {
    const x = f64([1, 2, 3]); const y = x.mul(x).sum();
    const [g] = grad(y, x, null, { createGraph: true }); return [v(g), v(grad(g!.sum(), x)[0])];
  });
  tryit('double backward softmax', () => {
    const x = f64([1, 2, 3]); const w = f64([0.1, 0.5, 0.2]);
    const y = x.softmax(0).mul(w).sum();
    const [g] = grad(y, x, null, { createGraph: true }); return gradcheck((xx) => grad(xx.softmax(0).mul(w.detach()).sum(), xx, null, { createGraph: true })[0]!, [f64([1,2,3])]);
  });
  tryit('double backward inplace mul_', () => gradcheck((xx) => { const y = xx.mul(1); y.mul_(xx); return grad(y.sum(), xx, null, { createGraph: true })[0]!; }, [f64([1, 2, 3])]));
  tryit('double backward pow', () => gradcheck((xx, e) => grad(xx.pow(e).sum(), [xx, e], null, { createGraph: true }) as Tensor[], [f64([1, 2, 3]), f64([0.5, 1.5, 2])]));
  tryit('double backward div', () => gradcheck((a, b) => grad(a.div(b).sum(), [a, b], null, { createGraph: true }) as Tensor[], [f64([1, 2, 3]), f64([0.5, 1.5, 2])]));
  tryit('double backward prod', () => gradcheck((a) => grad(a.prod(), [a], null, { createGraph: true }) as Tensor[], [f64([1, 2, 3])]));
  tryit('double backward matmul', () => gradcheck((a, b) => grad(a.matmul(b).sum(), [a, b], null, { createGraph: true }) as Tensor[], [f64([1, 2, 3, 4], [2, 2]), f64([0.5, 1.5, 2, 3], [2, 2])]));
  tryit('double backward logsumexp', () => gradcheck((a) => grad(a.logsumexp(0).sum(), [a], null, { createGraph: true }) as Tensor[], [f64([1, 2, 3])]));
  tryit('double backward gather', () => gradcheck((a) => grad(a.gather(0, tensor([0, 0, 2], { dtype: 'int32' })).pow(2).sum(), [a], null, { createGraph: true }) as Tensor[], [f64([1, 2, 3])]));
  tryit('double backward indexSelect', () => gradcheck((a) => grad(a.indexSelect(0, tensor([0, 0, 2], { dtype: 'int32' })).pow(2).sum(), [a], null, { createGraph: true }) as Tensor[], [f64([1, 2, 3])]));
  tryit('double backward scatter src', () => gradcheck((a, s) => grad(a.scatter(0, tensor([0], { dtype: 'int32' }), s).pow(2).sum(), [a, s], null, { createGraph: true }) as Tensor[], [f64([1, 2, 3]), f64([1.5, 2.5])]));
});
import { cat } from '@typetorch/tensor';
const cat1 = (a: Tensor, b: Tensor) => cat([a, b]);
