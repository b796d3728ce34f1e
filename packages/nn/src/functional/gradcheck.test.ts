/**
 * gradcheck of every functional op and loss in float64: the gradients autograd derives from the
 * compositions (and BCE's hand-written backward) against central differences. Inputs stay clear of
 * the kinks of relu, l1, smooth L1 and Huber, where finite differences average two slopes.
 */
import '@typetorch/backend-cpu';
import { gradcheck } from '@typetorch/autograd';
import { Generator, type Tensor, tensor } from '@typetorch/tensor';
import { describe, expect, it } from 'vitest';
import * as F from './index.js';

/** `n` distinct, well spread values in [lo, hi) (a golden-ratio sequence shifted by `seed`). */
function spread(n: number, lo: number, hi: number, seed: number): number[] {
  return Array.from(
    { length: n },
    (_, i) => lo + (hi - lo) * ((0.137 + (i + 7 * seed) * 0.6180339887498949) % 1),
  );
}

const numel = (shape: readonly number[]) => shape.reduce((a, b) => a * b, 1);
/** A float64 leaf requiring grad with distinct values in [lo, hi). */
const leaf = (shape: readonly number[], seed = 0, lo = -2, hi = 2) =>
  tensor(spread(numel(shape), lo, hi, seed), { dtype: 'float64' })
    .reshape([...shape])
    .requiresGrad_();
/** The same without requiring grad. */
const constant = (shape: readonly number[], seed = 0, lo = -2, hi = 2) =>
  tensor(spread(numel(shape), lo, hi, seed), { dtype: 'float64' }).reshape([...shape]);
const ints = (data: number[], shape?: number[]) =>
  tensor(data, { dtype: 'int32' }).reshape(shape ?? [data.length]);
/** Rows of probabilities (softmax of spread values) along dim 1. */
const probabilities = (shape: number[], seed: number, grad = false) => {
  const p = constant(shape, seed).softmax(1).detach();
  return grad ? p.requiresGrad_() : p;
};

type Fn = (...xs: Tensor[]) => Tensor;
const cases: [string, Fn, () => Tensor[]][] = [
  // activations
  ['erf', (x) => x.erf(), () => [leaf([2, 5], 0, -3, 3)]],
  ['relu', (x) => F.relu(x), () => [leaf([2, 5], 1)]],
  ['leakyRelu', (x) => F.leakyRelu(x, 0.2), () => [leaf([2, 5], 1)]],
  ['elu', (x) => F.elu(x, 0.7), () => [leaf([2, 5], 1)]],
  ['gelu', (x) => F.gelu(x), () => [leaf([2, 5], 2, -4, 4)]],
  ['gelu tanh', (x) => F.gelu(x, { approximate: 'tanh' }), () => [leaf([2, 5], 2, -4, 4)]],
  ['silu', (x) => F.silu(x), () => [leaf([2, 5], 3)]],
  ['sigmoid', (x) => F.sigmoid(x), () => [leaf([2, 5], 3)]],
  ['tanh', (x) => F.tanh(x), () => [leaf([2, 5], 3)]],
  ['softmax', (x) => F.softmax(x, 1), () => [leaf([2, 3, 2], 4)]],
  ['logSoftmax', (x) => F.logSoftmax(x, -1), () => [leaf([2, 3, 2], 4)]],
  ['logSoftmax of float32 as float64', (x) => F.logSoftmax(x, 0, { dtype: 'float64' }), () => [leaf([4], 4)]],
  // linear, dropout, padding, embedding
  ['linear', (x, w, b) => F.linear(x, w, b), () => [leaf([3, 4], 5), leaf([2, 4], 6), leaf([2], 7)]],
  ['linear [2, 3, 4] no bias', (x, w) => F.linear(x, w), () => [leaf([2, 3, 4], 5), leaf([2, 4], 6)]],
  // A fresh generator per call: the finite differences must see the same mask.
  ['dropout', (x) => F.dropout(x, { p: 0.4, generator: new Generator(5) }), () => [leaf([3, 4], 8)]],
  ['pad', (x) => F.pad(x, [1, 2, -1, 1], { value: 3 }), () => [leaf([2, 3, 2], 9)]],
  ['embedding', (w, idx) => F.embedding(idx, w), () => [leaf([5, 3], 10), ints([0, 4, 4, 2], [2, 2])]],
  // (paddingIdx deliberately breaks the gradient of its row: functional.test.ts checks it exactly.)
  // normalization
  [
    'layerNorm',
    (x, w, b) => F.layerNorm(x, [3, 2], { weight: w, bias: b }),
    () => [leaf([2, 3, 2], 11), leaf([3, 2], 12), leaf([3, 2], 13)],
  ],
  [
    'batchNorm training',
    (x, w, b) => F.batchNorm(x, null, null, { weight: w, bias: b, training: true }),
    () => [leaf([4, 3, 2], 14), leaf([3], 15), leaf([3], 16)],
  ],
  [
    'batchNorm eval',
    (x, w, b, rm, rv) => F.batchNorm(x, rm, rv, { weight: w, bias: b }),
    () => [leaf([4, 3], 14), leaf([3], 15), leaf([3], 16), constant([3], 17), constant([3], 18, 0.5, 2)],
  ],
  // regression losses (differences kept away from 0 and from beta/delta)
  ['mseLoss', (x, y) => F.mseLoss(x, y), () => [leaf([3, 4], 19), leaf([3, 4], 20)]],
  [
    'mseLoss none',
    (x, y) => F.mseLoss(x, y, { reduction: 'none' }),
    () => [leaf([2, 3], 19), leaf([2, 3], 20)],
  ],
  [
    'l1Loss sum',
    (x, y) => F.l1Loss(x, y, { reduction: 'sum' }),
    () => [leaf([3, 4], 21), constant([3, 4], 0, 3, 4)],
  ],
  [
    'smoothL1Loss',
    (x, y) => F.smoothL1Loss(x, y, { beta: 0.5 }),
    () => [leaf([2, 4], 22), tensor([0, 3, 0.1, -2, 1, 0, -0.1, 0.3], { dtype: 'float64' }).reshape([2, 4])],
  ],
  [
    'huberLoss none',
    (x, y) => F.huberLoss(x, y, { delta: 0.8, reduction: 'none' }),
    () => [leaf([2, 4], 22), tensor([0, 3, 0.1, -2, 1, 0, -0.1, 0.3], { dtype: 'float64' }).reshape([2, 4])],
  ],
  // classification losses
  ['crossEntropy', (x, t) => F.crossEntropy(x, t), () => [leaf([4, 3], 23), ints([2, 0, 1, 2])]],
  [
    'crossEntropy weight ignoreIndex labelSmoothing',
    (x, t, w) => F.crossEntropy(x, t, { weight: w, ignoreIndex: 1, labelSmoothing: 0.2 }),
    () => [leaf([4, 3], 23), ints([2, 1, 0, 2]), constant([3], 24, 0.5, 2)],
  ],
  [
    'crossEntropy [N, C, d] none',
    (x, t) => F.crossEntropy(x, t, { reduction: 'none' }),
    () => [leaf([2, 3, 2], 25), ints([0, 2, 1, -100], [2, 2])],
  ],
  [
    'crossEntropy probabilities',
    (x, p) => F.crossEntropy(x, p, { labelSmoothing: 0.1 }),
    () => [leaf([3, 4], 26), probabilities([3, 4], 27, true)],
  ],
  [
    'nllLoss weight sum',
    (x, t, w) => F.nllLoss(x, t, { weight: w, reduction: 'sum' }),
    () => [leaf([4, 3], 28), ints([2, 0, 1, 2]), constant([3], 24, 0.5, 2)],
  ],
  [
    'binaryCrossEntropy',
    (x, y) => F.binaryCrossEntropy(x, y),
    () => [leaf([2, 3], 29, 0.1, 0.9), leaf([2, 3], 30, 0, 1)],
  ],
  [
    'binaryCrossEntropy weight none',
    (x, y, w) => F.binaryCrossEntropy(x, y, { weight: w, reduction: 'none' }),
    () => [leaf([2, 3], 29, 0.1, 0.9), leaf([2, 3], 30, 0, 1), constant([3], 31, 0.5, 2)],
  ],
  [
    'binaryCrossEntropyWithLogits',
    (x, y, w, pw) => F.binaryCrossEntropyWithLogits(x, y, { weight: w, posWeight: pw }),
    () => [leaf([2, 3], 32, -4, 4), leaf([2, 3], 33, 0, 1), constant([3], 31, 0.5, 2), leaf([3], 34, 0.5, 3)],
  ],
  [
    'binaryCrossEntropyWithLogits at 0 and large logits',
    (x, y) => F.binaryCrossEntropyWithLogits(x, y, { reduction: 'none' }),
    () => [tensor([0, -40, 40, 0.5], { dtype: 'float64' }).requiresGrad_(), leaf([4], 35, 0, 1)],
  ],
];

describe('gradcheck (float64) of the functional ops and losses', () => {
  for (const [name, fn, inputs] of cases) {
    it(name, () => {
      expect(gradcheck(fn, inputs())).toBe(true);
    });
  }
});
