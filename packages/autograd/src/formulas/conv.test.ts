/**
 * Gradient checks of convolution and pooling (float64 finite differences on the CPU), plus the exact
 * routing rules that finite differences cannot see: max pooling's ties and overlapping windows.
 */
import { cpuBackend } from '@typetorch/backend-cpu';
import { gradientCases } from '@typetorch/conformance';
import {
  adaptiveAvgPool2d,
  avgPool2d,
  conv2d,
  fold,
  maxPool2d,
  registerBackend,
  type Tensor,
  tensor,
  unfold,
  unregisterBackend,
} from '@typetorch/tensor';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { enableGrad, type GradcheckOptions, grad, gradcheck } from '../index.js';

const numel = (shape: readonly number[]) => shape.reduce((a, b) => a * b, 1);

/** `n` distinct, well spread values in [lo, hi) (a golden-ratio sequence; `seed` shifts it). */
function spread(n: number, lo: number, hi: number, seed: number): number[] {
  const golden = 0.6180339887498949;
  return Array.from({ length: n }, (_, i) => lo + (hi - lo) * ((0.137 + (i + 7 * seed) * golden) % 1));
}

/** A float64 leaf that requires grad, with distinct values in [-1, 1). */
const rnd = (shape: readonly number[], seed = 0) =>
  tensor(spread(numel(shape), -1, 1, seed), { dtype: 'float64' })
    .reshape([...shape])
    .requiresGrad_();

const f64 = (data: number[], shape: number[]) =>
  tensor(data, { dtype: 'float64' }).reshape(shape).requiresGrad_();

type Fn = (...inputs: Tensor[]) => Tensor;

const check = (fn: Fn, inputs: Tensor[], options?: GradcheckOptions) =>
  expect(gradcheck(fn, inputs, options)).toBe(true);

describe('conv2d', () => {
  it('plain, with bias', () => {
    check((x, w, b) => conv2d(x, w, b), [rnd([2, 3, 5, 4]), rnd([4, 3, 3, 2], 1), rnd([4], 2)]);
  });

  it('stride, padding and dilation (pairs)', () => {
    check(
      (x, w, b) => conv2d(x, w, b, { stride: [2, 1], padding: [1, 2], dilation: [1, 2] }),
      [rnd([2, 2, 6, 5]), rnd([3, 2, 3, 2], 1), rnd([3], 2)],
    );
  });

  it('groups, without bias', () => {
    check((x, w) => conv2d(x, w, null, { groups: 2, padding: 1 }), [rnd([1, 4, 4, 4]), rnd([6, 2, 3, 3], 1)]);
  });

  it('depthwise with stride 2', () => {
    check((x, w) => conv2d(x, w, null, { groups: 3, stride: 2 }), [rnd([2, 3, 5, 5]), rnd([3, 1, 2, 2], 1)]);
  });

  it("padding 'same' with an even kernel (asymmetric padding)", () => {
    check(
      (x, w, b) => conv2d(x, w, b, { padding: 'same', dilation: [1, 3] }),
      [rnd([1, 2, 4, 5]), rnd([2, 2, 2, 2], 1), rnd([2], 2)],
    );
  });

  it('unbatched input', () => {
    check((x, w) => conv2d(x, w, null, { padding: 1 }), [rnd([2, 4, 3]), rnd([3, 2, 3, 3], 1)]);
  });

  it('a 1x1 convolution', () => {
    check((x, w, b) => conv2d(x, w, b), [rnd([2, 3, 3, 4]), rnd([2, 3, 1, 1], 1), rnd([2], 2)]);
  });

  it('of a non-contiguous input and weight', () => {
    check(
      (x, w) => conv2d(x.transpose(2, 3), w.permute(0, 1, 3, 2), null, { padding: 1 }),
      [rnd([1, 2, 4, 3]), rnd([2, 2, 3, 2], 1)],
    );
  });

  it('double backward (gradient of the input gradient)', () => {
    // gradcheck evaluates fn under noGrad with perturbed copies: take the inner gradient regardless.
    const fn = (x: Tensor, w: Tensor) =>
      enableGrad(() => {
        const leaf = x.requiresGrad ? x : x.detach().requiresGrad_();
        const y = conv2d(leaf, w, null, { padding: 1, stride: 2 });
        return grad([y.square().sum()], [leaf], undefined, { createGraph: true })[0]!;
      });
    check(fn, [rnd([1, 2, 4, 4]), rnd([2, 2, 3, 3], 1)]);
  });
});

describe('unfold and fold', () => {
  it('unfold with padding, stride and dilation', () => {
    check((x) => unfold(x, [2, 3], { padding: 1, stride: [2, 1], dilation: [2, 1] }), [rnd([2, 2, 5, 4])]);
  });

  it('unfold of an unbatched input', () => {
    check((x) => unfold(x, 2, { stride: 2 }), [rnd([3, 4, 4])]);
  });

  it('fold with padding and stride (overlapping blocks)', () => {
    check((x) => fold(x, [5, 4], [3, 2], { padding: [1, 0], stride: [2, 1] }), [rnd([2, 2 * 3 * 2, 9])]);
  });

  it('fold of an unbatched input with dilation', () => {
    check((x) => fold(x, [5, 5], 2, { dilation: 2 }), [rnd([4, 9])]);
  });

  it('fold of unfold and unfold of fold (second order)', () => {
    check((x) => fold(unfold(x, 2, { padding: 1 }).square(), [3, 4], 2, { padding: 1 }), [rnd([1, 2, 3, 4])]);
  });
});

/** Inputs whose windows have a unique maximum, away from ties (a scaled permutation). */
const distinct = (shape: number[], seed = 0) => {
  const n = numel(shape);
  const values = spread(n, 0, 1, seed).map((v) => Math.round(v * 1000) / 100);
  return f64(values, shape);
};

describe('maxPool2d', () => {
  it('2x2', () => {
    check((x) => maxPool2d(x, 2), [distinct([2, 2, 4, 6])]);
  });

  it('padding, stride 1 (overlapping windows), ceil mode', () => {
    check((x) => maxPool2d(x, 3, { stride: 2, padding: 1, ceilMode: true }), [distinct([1, 2, 6, 5])]);
    check((x) => maxPool2d(x, [3, 2], { stride: 1, padding: [1, 1] }), [distinct([1, 2, 4, 4], 1)]);
  });

  it('dilation, unbatched', () => {
    check((x) => maxPool2d(x, 2, { dilation: [2, 1], stride: 1 }), [distinct([2, 5, 4])]);
  });

  it('routes the gradient to the first maximum of a tie, as PyTorch', () => {
    // Windows [1 3; 2 2], [3 3; 2 2] (a tie: the first 3) and [3 0; 2 2].
    const x = f64([1, 3, 3, 0, 2, 2, 2, 2], [1, 1, 2, 4]);
    const [g] = grad([maxPool2d(x, 2, { stride: 1 }).sum()], [x]);
    expect(Array.from(g!.dataSync())).toEqual([0, 2, 1, 0, 0, 0, 0, 0]);
  });

  it('adds the gradients of overlapping windows that share a maximum', () => {
    const x = f64([0, 0, 0, 0, 9, 0, 0, 0, 0], [1, 1, 3, 3]);
    const [g] = grad([maxPool2d(x, 2, { stride: 1 }).sum()], [x]);
    expect(Array.from(g!.dataSync())).toEqual([0, 0, 0, 0, 4, 0, 0, 0, 0]);
  });

  it('double backward: the gradient of maxPool2dBackward gathers at the indices', () => {
    const fn = (x: Tensor) =>
      enableGrad(() => {
        const leaf = x.requiresGrad ? x : x.detach().requiresGrad_();
        const y = maxPool2d(leaf, 3, { stride: 1, padding: 1 });
        return grad([y.square().sum()], [leaf], undefined, { createGraph: true })[0]!;
      });
    check(fn, [distinct([1, 2, 4, 5])]);
  });

  it('returns int64 indices that do not require grad', () => {
    const [values, indices] = maxPool2d(distinct([1, 1, 4, 4]), 2, { returnIndices: true });
    expect(values.requiresGrad).toBe(true);
    expect(indices.dtype).toBe('int64');
    expect(indices.requiresGrad).toBe(false);
  });
});

describe('avgPool2d', () => {
  it('2x2', () => {
    check((x) => avgPool2d(x, 2), [rnd([2, 2, 4, 6])]);
  });

  it('padding with and without countIncludePad, ceil mode', () => {
    for (const countIncludePad of [true, false]) {
      check(
        (x) => avgPool2d(x, 3, { stride: 2, padding: 1, ceilMode: true, countIncludePad }),
        [rnd([1, 2, 6, 5])],
      );
    }
  });

  it('divisorOverride, overlapping windows, unbatched', () => {
    check((x) => avgPool2d(x, [2, 3], { stride: 1, padding: [1, 1], divisorOverride: 4 }), [rnd([2, 4, 4])]);
  });

  it('spreads the gradient evenly, with PyTorch divisors at the border', () => {
    const x = f64([1, 2, 3, 4, 5, 6, 7, 8, 9], [1, 1, 3, 3]);
    const [g] = grad([avgPool2d(x, 2, { padding: 1, countIncludePad: false }).sum()], [x]);
    // Windows over rows/columns [-1, 1) and [1, 3): one pixel in the corner window, two in the edge
    // windows, four in the last one (as PyTorch).
    expect(Array.from(g!.dataSync())).toEqual([1, 1 / 2, 1 / 2, 1 / 2, 1 / 4, 1 / 4, 1 / 2, 1 / 4, 1 / 4]);
  });
});

describe('adaptiveAvgPool2d', () => {
  it('uniform windows', () => {
    check((x) => adaptiveAvgPool2d(x, [2, 3]), [rnd([2, 2, 4, 6])]);
  });

  it('overlapping, non-uniform windows; null keeps a size; unbatched', () => {
    check((x) => adaptiveAvgPool2d(x, [3, 2]), [rnd([1, 2, 5, 7])]);
    check((x) => adaptiveAvgPool2d(x, [null, 4]), [rnd([2, 3, 5])]);
  });

  it('global pooling', () => {
    check((x) => adaptiveAvgPool2d(x, 1), [rnd([2, 3, 4, 5])]);
  });
});

describe('a small network', () => {
  it('conv, relu, max pool, conv, average pool', () => {
    const fn = (x: Tensor, w1: Tensor, b1: Tensor, w2: Tensor) => {
      const h = maxPool2d(conv2d(x, w1, b1, { padding: 1 }).relu(), 2);
      return adaptiveAvgPool2d(conv2d(h, w2, null, { padding: 'same' }), 1).flatten(1);
    };
    check(fn, [rnd([2, 1, 6, 6]), rnd([3, 1, 3, 3], 1), rnd([3], 2), rnd([2, 3, 2, 2], 3)]);
  });
});

describe('PyTorch gradient parity without fast paths (the compositions alone)', () => {
  const device = 'cpu-nofast-grad';
  beforeAll(() => {
    registerBackend(
      Object.assign(Object.create(Object.getPrototypeOf(cpuBackend)), cpuBackend, { device, fast: {} }),
    );
  });
  afterAll(() => unregisterBackend(device));
  for (const c of gradientCases().filter((k) => k.group === 'pytorch-grad:conv')) {
    it(c.name, () => c.run(device));
  }
});
