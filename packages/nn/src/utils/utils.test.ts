// torch.nn.utils against PyTorch 1.13 (fixtures/nn_utils.json, from scripts/fixtures/nn_utils.py).
import '@typetorch/backend-cpu';
import { ones, type Tensor, tensor, zeros } from '@typetorch/tensor';
import { describe, expect, it } from 'vitest';
import fixtures from '../fixtures/nn_utils.json' with { type: 'json' };
import { Parameter } from '../parameter.js';
import { clipGradNorm_, clipGradValue_, parametersToVector, vectorToParameters } from './index.js';

interface Encoded {
  readonly shape: number[];
  readonly data: number[];
}

const decode = (e: Encoded) => tensor(e.data, { dtype: 'float32' }).reshape(e.shape);

function withGrads(grads: readonly Encoded[]): Parameter[] {
  return grads.map((g) => {
    const p = new Parameter(zeros(g.shape));
    p.grad = decode(g);
    return p;
  });
}

function expectClose(t: Tensor, expected: Encoded): void {
  expect(t.shape).toEqual(expected.shape);
  const got = Array.from(t.dataSync());
  expected.data.forEach((v, i) => {
    expect(got[i]).toBeCloseTo(v, 5);
  });
}

describe('torch.nn.utils matches PyTorch 1.13', () => {
  for (const c of fixtures.cases) {
    it(c.name, () => {
      if (c.op === 'parametersToVector') {
        const params = c.params!.map((e) => new Parameter(decode(e)));
        expectClose(parametersToVector(params), c.vector!);
        return;
      }
      const params = withGrads(c.grads!);
      if (c.op === 'clipGradNorm_') {
        const normType = c.normType === 'inf' ? Number.POSITIVE_INFINITY : Number(c.normType);
        const norm = clipGradNorm_(params, c.maxNorm!, normType);
        expect(Number(norm.itemSync())).toBeCloseTo(c.norm!, 4);
      } else {
        clipGradValue_(params, c.clipValue!);
      }
      params.forEach((p, i) => {
        expectClose(p.grad!, c.clipped![i]);
      });
    });
  }
});

describe('torch.nn.utils forms and errors', () => {
  it('clipGradNorm_ takes one tensor, options, skips parameters without grad, and raises on non-finite norms', () => {
    const p = new Parameter(zeros([2]));
    p.grad = tensor([3, 4], { dtype: 'float32' });
    const q = new Parameter(zeros([2]));
    expect(Number(clipGradNorm_([p, q], 1, { normType: 2 }).itemSync())).toBeCloseTo(5);
    expect(Array.from(p.grad.dataSync()).map((v) => Math.round(v * 1e4) / 1e4)).toEqual([0.6, 0.8]);
    expect(Number(clipGradNorm_(p, 10).itemSync())).toBeCloseTo(1, 4);
    expect(Number(clipGradNorm_([q], 1).itemSync())).toBe(0);
    p.grad = tensor([Number.NaN, 1], { dtype: 'float32' });
    expect(() => clipGradNorm_(p, 1, { errorIfNonfinite: true })).toThrow(
      'The total norm of order 2 for gradients from `parameters` is non-finite',
    );
  });

  it('vectorToParameters writes the slices back, outside autograd, and checks the length', () => {
    const a = new Parameter(zeros([2, 2]));
    const b = new Parameter(zeros([3]));
    vectorToParameters(tensor([1, 2, 3, 4, 5, 6, 7], { dtype: 'float32' }), [a, b]);
    expect(Array.from(a.dataSync())).toEqual([1, 2, 3, 4]);
    expect(Array.from(b.dataSync())).toEqual([5, 6, 7]);
    expect(a.gradFn).toBeNull();
    expect(() => vectorToParameters(ones([6]), [a, b])).toThrow(
      'the vector has 6 elements but the parameters have 7',
    );
    expect(() => vectorToParameters(ones([7, 1]), [a, b])).toThrow('expected torch.Tensor of one dimension');
  });
});
