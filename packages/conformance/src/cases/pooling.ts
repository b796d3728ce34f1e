/**
 * Pooling: maxPool2d, avgPool2d and adaptiveAvgPool2d, hand-written semantics, edge cases and PyTorch's
 * errors (group `conv`, gathered with the convolution cases in `conv.ts`).
 */
import {
  adaptiveAvgPool2d,
  arange,
  avgPool2d,
  full,
  maxPool2d,
  randn,
  type Tensor,
  tensor,
  zeros,
} from '@typetorch/tensor';
import { check, expectTensor, expectThrows, expectValues } from '../assert.js';
import { group } from '../case.js';

/** Row-major values of a tensor, read asynchronously (works on every device). */
async function values(t: Tensor): Promise<number[]> {
  return Array.from(await t.data(), Number);
}

/** Hand-written pooling cases. */
export const poolingCases = group('conv', {
  'maxPool2d values and first-occurrence indices; padding never wins': async (device) => {
    const x = tensor([1, 3, 3, 0, 2, 2, 2, 2], { device, dtype: 'float32' }).reshape(1, 1, 2, 4);
    const [v, i] = maxPool2d(x, 2, { stride: 1, returnIndices: true });
    await expectValues(v, [[[[3, 3, 3]]]]);
    await expectValues(i, [[[[1, 1, 2]]]], { dtype: 'int64' });
    const inf = full([1, 1, 3, 3], Number.NEGATIVE_INFINITY, { device });
    const [vi, ii] = maxPool2d(inf, 2, { padding: 1, returnIndices: true });
    await expectValues(vi, [
      [
        [
          [Number.NEGATIVE_INFINITY, Number.NEGATIVE_INFINITY],
          [Number.NEGATIVE_INFINITY, Number.NEGATIVE_INFINITY],
        ],
      ],
    ]);
    await expectValues(
      ii,
      [
        [
          [
            [0, 1],
            [3, 4],
          ],
        ],
      ],
      { dtype: 'int64' },
    );
    const nan = tensor([Number.NaN, 1, 0, 2], { device }).reshape(1, 1, 2, 2);
    const [vn, inn] = maxPool2d(nan, 2, { returnIndices: true });
    await expectValues(vn, [[[[Number.NaN]]]]);
    await expectValues(inn, [[[[0]]]], { dtype: 'int64' });
    const neg = tensor([-5, -3, -4, -6], { device, dtype: 'float32' }).reshape(1, 1, 2, 2);
    const [vp, ip] = maxPool2d(neg, 2, { padding: 1, stride: 2, returnIndices: true });
    await expectValues(vp, [
      [
        [
          [-5, -3],
          [-4, -6],
        ],
      ],
    ]);
    await expectValues(
      ip,
      [
        [
          [
            [0, 1],
            [2, 3],
          ],
        ],
      ],
      { dtype: 'int64' },
    );
  },
  'maxPool2d ceil mode, dilation and output shapes': async (device) => {
    const x = arange(25, { device, dtype: 'float32' }).reshape(1, 5, 5);
    check(maxPool2d(x, 2).shape.join() === '1,2,2', 'floor mode');
    const ceil = maxPool2d(x, 2, { ceilMode: true });
    check(ceil.shape.join() === '1,3,3', `ceil mode ${ceil.shape}`);
    await expectValues(ceil, [
      [
        [6, 8, 9],
        [16, 18, 19],
        [21, 23, 24],
      ],
    ]);
    // Ceil mode never starts a window in the padding after the input: 5 + 2*1 with k=2, s=2 gives 3.
    check(maxPool2d(x, 2, { padding: 1, ceilMode: true }).shape.join() === '1,3,3', 'ceil mode with padding');
    // Dilation 2: taps {0, 2} x {0, 2} of windows starting every 2 rows and columns.
    await expectValues(maxPool2d(x, 2, { dilation: 2, stride: 2 }), [
      [
        [12, 14],
        [22, 24],
      ],
    ]);
  },
  'maxPool2d and avgPool2d reject what PyTorch rejects': (device) => {
    const x = zeros([1, 1, 4, 4], { device });
    expectThrows(
      () => maxPool2d(x, 2, { padding: 2 }),
      'pad should be at most half of effective kernel size, but got pad=2, kernel_size=2 and dilation=1',
    );
    expectThrows(
      () => maxPool2d(zeros([1, 1, 1, 1], { device }), 2),
      'Given input size: (1x1x1). Calculated output size: (1x0x0). Output size is too small',
    );
    expectThrows(() => maxPool2d(x, 2, { stride: 0 }), 'stride should not be zero');
    expectThrows(() => maxPool2d(x, 2, { dilation: 0 }), 'dilation should be greater than zero');
    expectThrows(
      () => maxPool2d(zeros([4, 4], { device }), 2),
      'non-empty 3D or 4D (batch mode) tensor expected',
    );
    expectThrows(
      () => maxPool2d(zeros([1, 0, 4, 4], { device }), 2),
      'Expected 3D or 4D (batch mode) tensor with optional 0 dim batch size for input, but got:[1, 0, 4, 4]',
    );
    expectThrows(() => maxPool2d(x.int(), 2), `"max_pool2d" not implemented for 'int32'`);
    expectThrows(
      () => avgPool2d(x, 2, { padding: 2 }),
      'pad should be at most half of effective kernel size',
    );
    expectThrows(() => avgPool2d(x, 2, { divisorOverride: 0 }), 'divisor must be not zero');
    expectThrows(
      () => avgPool2d(zeros([1, 1, 1, 1], { device }), 2),
      'Given input size: (1x1x1). Calculated output size: (1x0x0). Output size is too small',
    );
    expectThrows(() => avgPool2d(x.int(), 2), `"avg_pool2d" not implemented for 'int32'`);
    check(maxPool2d(zeros([0, 2, 4, 4], { device }), 2).shape.join() === '0,2,2,2', 'empty batch');
  },
  'avgPool2d divisors: countIncludePad, ceil mode, divisorOverride': async (device) => {
    const x = arange(1, 10, { device, dtype: 'float32' }).reshape(1, 1, 3, 3);
    // Windows over rows and columns [-1, 1) and [1, 3).
    await expectValues(avgPool2d(x, 2, { padding: 1 }), [
      [
        [
          [1 / 4, (2 + 3) / 4],
          [(4 + 7) / 4, (5 + 6 + 8 + 9) / 4],
        ],
      ],
    ]);
    await expectValues(avgPool2d(x, 2, { padding: 1, countIncludePad: false }), [
      [
        [
          [1, (2 + 3) / 2],
          [(4 + 7) / 2, (5 + 6 + 8 + 9) / 4],
        ],
      ],
    ]);
    // Ceil mode: the last window [2, 4) is cut at the input's end and its divisor with it.
    await expectValues(avgPool2d(x, 2, { ceilMode: true }), [
      [
        [
          [(1 + 2 + 4 + 5) / 4, (3 + 6) / 2],
          [(7 + 8) / 2, 9],
        ],
      ],
    ]);
    await expectValues(avgPool2d(x, 2, { stride: 1, divisorOverride: 2 }), [
      [
        [
          [(1 + 2 + 4 + 5) / 2, (2 + 3 + 5 + 6) / 2],
          [(4 + 5 + 7 + 8) / 2, (5 + 6 + 8 + 9) / 2],
        ],
      ],
    ]);
  },
  'adaptiveAvgPool2d windows, null sizes and errors': async (device) => {
    const x = arange(5, { device, dtype: 'float32' }).reshape(1, 1, 5);
    // Windows [0, 2), [1, 4), [3, 5) along the last dim.
    await expectValues(adaptiveAvgPool2d(x, [null, 3]), [[[0.5, 2, 3.5]]]);
    check(adaptiveAvgPool2d(randn([2, 3, 7, 5], { device }), 1).shape.join() === '2,3,1,1', 'global');
    const m = randn([2, 3, 6, 4], { device });
    await expectTensor(
      adaptiveAvgPool2d(m, [3, 2]),
      { shape: [2, 3, 3, 2], dtype: 'float32', data: await values(avgPool2d(m, 2)) },
      { rtol: 1e-5, atol: 1e-6 },
      'uniform windows are average pooling',
    );
    expectThrows(
      () => adaptiveAvgPool2d(zeros([4, 4], { device }), 2),
      'adaptive_avg_pool2d(): Expected 3D or 4D tensor, but got [4, 4]',
    );
    expectThrows(
      () => adaptiveAvgPool2d(zeros([1, 1, 0, 4], { device }), 2),
      'adaptive_avg_pool2d(): Expected input to have non-zero size for non-batch dimensions, but input has sizes [1, 1, 0, 4] with dimension 2 being empty',
    );
    expectThrows(
      () => adaptiveAvgPool2d(zeros([1, 1, 4, 4], { device }), [2, 2, 2]),
      'output_size must be 2',
    );
  },
});
