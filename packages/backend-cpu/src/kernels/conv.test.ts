/**
 * The CPU fast paths for convolution and pooling (im2col, col2im, conv2d, maxPool2d, avgPool2d)
 * against the tensor package's reference compositions: every op runs once on `cpu` and once on a
 * device backed by the same kernels without fast paths, over many geometries. The conformance cases
 * of the `conv` groups (PyTorch fixtures included) also run on that device, so the compositions meet
 * PyTorch on their own.
 */

import { conformanceCases } from '@typetorch/conformance';
import {
  adaptiveAvgPool2d,
  avgPool2d,
  type Backend,
  type Conv2dOptions,
  conv2d,
  type DType,
  fold,
  manualSeed,
  maxPool2d,
  randn,
  registerBackend,
  type Tensor,
  unfold,
  unregisterBackend,
} from '@typetorch/tensor';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cpuBackend } from '../index.js';

const NOFAST = 'cpu-nofast';

beforeAll(() => {
  const plain: Backend = Object.assign(Object.create(Object.getPrototypeOf(cpuBackend)), cpuBackend, {
    device: NOFAST,
    fast: {},
  });
  registerBackend(plain);
});

afterAll(() => unregisterBackend(NOFAST));

/** Runs `fn` on cpu and on the device without fast paths; compares every output. */
function agree(fn: (...xs: Tensor[]) => Tensor | Tensor[], inputs: Tensor[], dtype: DType): void {
  const listOf = (r: Tensor | Tensor[]) => (Array.isArray(r) ? r : [r]);
  const fast = listOf(fn(...inputs));
  const slow = listOf(fn(...inputs.map((t) => t.to(NOFAST))));
  expect(fast.length).toBe(slow.length);
  fast.forEach((f, i) => {
    const s = slow[i];
    expect(f.shape).toEqual(s.shape);
    expect(f.dtype).toBe(s.dtype);
    const a = f.dataSync();
    const b = s.dataSync();
    // Same matmul kernel and summation order, except for Winograd's 3x3 convolutions (float64
    // transforms): agreement to the dtype's rounding; indices exactly.
    const tol = f.dtype === 'int32' ? 0 : dtype === 'float64' ? 1e-12 : 1e-5;
    for (let k = 0; k < a.length; k++) {
      const ok =
        a[k] === b[k] ||
        (Number.isNaN(a[k]) && Number.isNaN(b[k])) ||
        Math.abs(a[k] - b[k]) <= tol * (1 + Math.abs(b[k]));
      if (!ok) throw new Error(`output ${i}, element ${k}: fast ${a[k]}, composition ${b[k]}`);
    }
  });
}

describe('CPU convolution fast paths agree with the compositions', () => {
  manualSeed(7);
  const convSettings: [string, number[], number[], Conv2dOptions, boolean][] = [
    ['3x3', [2, 3, 9, 8], [4, 3, 3, 3], {}, true],
    ['3x3 padding 1', [2, 3, 9, 8], [5, 3, 3, 3], { padding: 1 }, true],
    ['stride 2, padding 2', [1, 4, 11, 10], [3, 4, 5, 5], { stride: 2, padding: 2 }, false],
    [
      'pairs with dilation',
      [2, 2, 9, 10],
      [3, 2, 3, 2],
      { stride: [2, 1], padding: [1, 2], dilation: [2, 3] },
      true,
    ],
    ['groups 2', [2, 4, 7, 7], [6, 2, 3, 3], { groups: 2, padding: 1 }, true],
    ['depthwise stride 2', [2, 5, 8, 8], [5, 1, 3, 3], { groups: 5, stride: 2, padding: 1 }, true],
    ["'same', even kernel", [1, 3, 6, 7], [2, 3, 2, 4], { padding: 'same', dilation: [3, 1] }, true],
    ['1x1 (no columns)', [2, 6, 5, 7], [4, 6, 1, 1], {}, true],
    ['1x1 stride 2', [2, 6, 5, 7], [4, 6, 1, 1], { stride: 2 }, false],
    ['kernel = padded input', [1, 2, 3, 3], [2, 2, 5, 5], { padding: 1 }, true],
    ['one output channel', [3, 4, 6, 6], [1, 4, 3, 3], { padding: 1 }, true],
  ];
  for (const dtype of ['float32', 'float64'] as const) {
    for (const [name, xs, ws, options, bias] of convSettings) {
      it(`conv2d ${name} (${dtype})`, () => {
        const inputs = [randn(xs, { dtype }), randn(ws, { dtype })];
        if (bias) inputs.push(randn([ws[0]], { dtype }));
        agree((x, w, b) => conv2d(x, w, b ?? null, options), inputs, dtype);
      });
    }
  }

  it('conv2d 3x3 stride 1 (Winograd) on odd sizes, strided operands, large batches', () => {
    const x = randn([3, 4, 9, 7]).transpose(2, 3);
    const w = randn([5, 4, 3, 3]).transpose(2, 3);
    agree((a, b) => conv2d(a, b, null, { padding: [2, 0] }), [x, w], 'float32');
    agree(
      (a, b) => conv2d(a, b, null, { padding: 'same' }),
      [randn([500, 1, 5, 6]), randn([3, 1, 3, 3])],
      'float32',
    );
    agree((a, b, c) => conv2d(a, b, c), [randn([1, 1, 3, 3]), randn([2, 1, 3, 3]), randn([2])], 'float32');
    agree(
      (a, b, c) => conv2d(a, b, c, { padding: 1 }),
      [
        randn([2, 3, 4, 4], { dtype: 'float64' }),
        randn([2, 3, 3, 3], { dtype: 'float64' }),
        randn([2], { dtype: 'float64' }),
      ],
      'float64',
    );
  });

  it('conv2d of strided (transposed) input and weight', () => {
    const x = randn([2, 3, 8, 7]).transpose(2, 3);
    const w = randn([4, 3, 3, 2]).permute(0, 1, 3, 2);
    agree((a, b) => conv2d(a, b, null, { padding: 1 }), [x, w], 'float32');
  });

  it('conv2d of an unbatched input and an empty batch', () => {
    agree((x, w) => conv2d(x, w, null, { padding: 1 }), [randn([3, 6, 5]), randn([2, 3, 3, 3])], 'float32');
    agree((x, w) => conv2d(x, w), [randn([0, 3, 6, 5]), randn([2, 3, 3, 3])], 'float32');
  });

  const windows: [
    string,
    number | number[],
    { padding?: number[]; stride?: number[]; dilation?: number[] },
  ][] = [
    ['3x3', 3, {}],
    ['padding, stride', [3, 2], { padding: [1, 0], stride: [2, 1] }],
    ['dilation', 2, { dilation: [2, 3], padding: [1, 2] }],
    ['asymmetric padding', [2, 3], { padding: [0, 2, 1, 0], stride: [2, 2] }],
  ];
  for (const [name, k, options] of windows) {
    it(`unfold and fold, ${name}`, () => {
      const x = randn([2, 3, 9, 8], { dtype: 'float64' });
      agree((a) => unfold(a, k, options), [x], 'float64');
      // float32 (in the WebAssembly kernels' memory): the WebAssembly im2col and col2im.
      agree((a) => unfold(a, k, options), [x.float()], 'float32');
      const cols = unfold(x, k, options);
      agree((c) => fold(c, [9, 8], k, options), [cols], 'float64');
      agree((c) => fold(c, [9, 8], k, options), [cols.float()], 'float32');
    });
  }
  it('unfold of a strided input', () => {
    agree((a) => unfold(a, 2, { padding: 1 }), [randn([2, 3, 6, 5]).transpose(2, 3)], 'float32');
    agree((a) => unfold(a, 3, { padding: 2, stride: 2 }), [randn([2, 3, 16, 15]).transpose(2, 3)], 'float32');
  });
});

describe('CPU pooling fast paths agree with the compositions', () => {
  const settings: [string, number | number[], Record<string, unknown>][] = [
    ['2x2', 2, {}],
    ['3x3 stride 2 padding 1', 3, { stride: 2, padding: 1 }],
    ['ceil mode', 2, { ceilMode: true }],
    ['ceil mode with padding', 3, { stride: 2, padding: 1, ceilMode: true }],
    ['rectangular, overlapping', [2, 3], { stride: [1, 2], padding: [1, 1] }],
    ['stride larger than the kernel', 2, { stride: 3, ceilMode: true }],
  ];
  for (const [name, k, options] of settings) {
    it(`maxPool2d ${name}`, () => {
      agree((x) => maxPool2d(x, k, { ...options, returnIndices: true }), [randn([2, 3, 9, 8])], 'float32');
      agree(
        (x) => maxPool2d(x, k, { ...options, returnIndices: true }),
        [randn([2, 3, 7, 8], { dtype: 'float64' })],
        'float64',
      );
    });
    for (const countIncludePad of [true, false]) {
      it(`avgPool2d ${name}, countIncludePad ${countIncludePad}`, () => {
        agree((x) => avgPool2d(x, k, { ...options, countIncludePad }), [randn([2, 3, 9, 8])], 'float32');
      });
    }
    it(`avgPool2d ${name}, divisorOverride`, () => {
      agree((x) => avgPool2d(x, k, { ...options, divisorOverride: 5 }), [randn([2, 3, 9, 8])], 'float32');
    });
  }

  it('maxPool2d with dilation, ties, -Infinity and NaN', () => {
    agree(
      (x) => maxPool2d(x, 3, { dilation: 2, padding: 1, returnIndices: true }),
      [randn([2, 2, 9, 9])],
      'float32',
    );
    // Dilation can leave a window without any tap inside the input: -Infinity and index -1.
    const [v, i] = maxPool2d(randn([1, 1, 2, 2]), 2, { padding: 1, dilation: 3, returnIndices: true });
    expect(Array.from(v.dataSync())).toEqual([Number.NEGATIVE_INFINITY]);
    expect(Array.from(i.dataSync())).toEqual([-1]);
    agree(
      (x) => maxPool2d(x, 2, { padding: 1, dilation: 3, returnIndices: true }),
      [randn([1, 1, 2, 2])],
      'float32',
    );
    const ties = randn([1, 2, 6, 6]).mul(2).round().clamp(-1, 1);
    agree((x) => maxPool2d(x, 3, { stride: 1, padding: 1, returnIndices: true }), [ties], 'float32');
    const special = randn([1, 1, 6, 6]).log(); // NaN for negative values, -Infinity never, finite else
    agree((x) => maxPool2d(x, 2, { padding: 1, returnIndices: true }), [special], 'float32');
    const inf = randn([1, 1, 4, 4]).mul(0).sub(Number.POSITIVE_INFINITY);
    agree((x) => maxPool2d(x, 2, { padding: 1, returnIndices: true }), [inf], 'float32');
  });

  it('strided input and unbatched input', () => {
    agree((x) => maxPool2d(x, 2, { returnIndices: true }), [randn([2, 3, 8, 6]).transpose(2, 3)], 'float32');
    agree((x) => avgPool2d(x, 3, { padding: 1 }), [randn([2, 3, 8, 6]).transpose(2, 3)], 'float32');
    agree((x) => maxPool2d(x, 2, { returnIndices: true }), [randn([3, 8, 6])], 'float32');
  });

  it('adaptiveAvgPool2d, uniform (average pooling) and overlapping windows', () => {
    agree((x) => adaptiveAvgPool2d(x, [3, 4]), [randn([2, 3, 9, 8])], 'float32');
    agree((x) => adaptiveAvgPool2d(x, [4, 3]), [randn([2, 3, 9, 8])], 'float32');
  });
});

describe('the convolution conformance cases on a device without fast paths', () => {
  for (const c of conformanceCases().filter((k) => k.group === 'conv' || k.group === 'pytorch:conv')) {
    it(`${c.group}: ${c.name}`, () => c.run(NOFAST));
  }
});
