/** Gradcheck cases of losses, convolution and pooling (more in loss.test.ts and conv.test.ts). */
import {
  adaptiveAvgPool2d,
  avgPool2d,
  conv2d,
  crossEntropyPerSample,
  fold,
  maxPool2d,
  maxPool2dBackward,
  unfold,
} from '@typetorch/tensor';
import { c, type GradcheckTable } from './case.js';
import { constant, ints, rnd } from './inputs.js';

export const nnCases: GradcheckTable = {
  // ---- losses (more cases in loss.test.ts) ----
  crossEntropyPerSample: [
    c(
      'weight, ignoreIndex, labelSmoothing',
      () => [rnd([3, 4], 0, -2, 2)],
      (x) =>
        crossEntropyPerSample(x, ints([1, 3, 0], [3]), {
          weight: constant([4], 1, 0.5, 2),
          ignoreIndex: 3,
          labelSmoothing: 0.1,
        })[0],
    ),
  ],
  // ---- convolution and pooling (more cases in conv.test.ts) ----
  conv2d: [
    c(
      'stride, padding, groups, bias',
      () => [rnd([1, 4, 5, 4]), rnd([4, 2, 3, 2], 1), rnd([4], 2)],
      (x, w, b) => conv2d(x, w, b, { stride: [2, 1], padding: 1, groups: 2 }),
    ),
  ],
  unfold: [
    c(
      'padding, stride, dilation',
      () => [rnd([1, 2, 5, 4])],
      (x) => unfold(x, 2, { padding: 1, stride: [2, 1], dilation: [1, 2] }),
    ),
  ],
  fold: [
    c(
      'overlapping blocks',
      () => [rnd([1, 8, 12])],
      (x) => fold(x, [4, 5], 2),
    ),
  ],
  maxPool2d: [
    c(
      'padding, ceil mode',
      () => [rnd([1, 2, 5, 5])],
      (x) => maxPool2d(x, 3, { stride: 2, padding: 1, ceilMode: true }),
    ),
  ],
  maxPool2dBackward: [
    c(
      'shared positions (overlapping windows), -1, unbatched',
      () => [rnd([2, 2, 3])],
      (g) => maxPool2dBackward(g, ints([0, 1, 1, 4, 4, 8, 3, -1, 3, 3, 7, 5], [2, 2, 3]), [3, 3]),
    ),
  ],
  avgPool2d: [
    c(
      'padding, countIncludePad false',
      () => [rnd([1, 2, 5, 5])],
      (x) => avgPool2d(x, 3, { stride: 2, padding: 1, countIncludePad: false }),
    ),
  ],
  adaptiveAvgPool2d: [
    c(
      'overlapping windows',
      () => [rnd([1, 2, 5, 7])],
      (x) => adaptiveAvgPool2d(x, [3, 4]),
    ),
  ],
};
