/**
 * Convolution, unfold and fold: hand-written semantics, edge cases and PyTorch's errors (group `conv`,
 * with the pooling cases of `pooling.ts`), fast paths against their reference compositions (on devices
 * that have them), and the PyTorch parity fixtures of `scripts/fixtures/conv.py` (`conv-fixtures.ts`).
 */
import {
  adaptiveAvgPool2d,
  arange,
  avgPool2d,
  avgPool2dComposite,
  type Conv2dOptions,
  col2imComposite,
  conv2d,
  fold,
  full,
  type Geometry,
  getBackend,
  im2colComposite,
  maxPool2d,
  maxPool2dComposite,
  memory,
  randn,
  type Tensor,
  unfold,
  zeros,
} from '@typetorch/tensor';
import { check, expectTensor, expectThrows, expectValues, type Tolerance } from '../assert.js';
import { type ConformanceCase, group } from '../case.js';
import { convFixtureCases } from './conv-fixtures.js';
import { poolBackwardCases } from './pool-backward.js';
import { poolingCases } from './pooling.js';

// ---- host references ----

/** Row-major values of a tensor, read asynchronously (works on every device). */
async function values(t: Tensor): Promise<number[]> {
  return Array.from(await t.data(), Number);
}

/** A direct-loop conv2d on host arrays: the definition, independent of every kernel. */
function referenceConv(
  x: number[],
  [N, C, H, W]: number[],
  w: number[],
  [O, Cg, kH, kW]: number[],
  bias: number[] | null,
  s: [number, number],
  p: [number, number],
  d: [number, number],
  groups: number,
): { data: number[]; shape: number[] } {
  const oH = Math.floor((H + 2 * p[0] - d[0] * (kH - 1) - 1) / s[0]) + 1;
  const oW = Math.floor((W + 2 * p[1] - d[1] * (kW - 1) - 1) / s[1]) + 1;
  const out: number[] = [];
  const Og = O / groups;
  for (let n = 0; n < N; n++)
    for (let o = 0; o < O; o++)
      for (let oh = 0; oh < oH; oh++)
        for (let ow = 0; ow < oW; ow++) {
          let acc = bias === null ? 0 : bias[o];
          const g = Math.floor(o / Og);
          for (let c = 0; c < Cg; c++)
            for (let i = 0; i < kH; i++)
              for (let j = 0; j < kW; j++) {
                const r = oh * s[0] - p[0] + i * d[0];
                const col = ow * s[1] - p[1] + j * d[1];
                if (r < 0 || r >= H || col < 0 || col >= W) continue;
                acc += w[((o * Cg + c) * kH + i) * kW + j] * x[((n * C + g * Cg + c) * H + r) * W + col];
              }
          out.push(acc);
        }
  return { data: out, shape: [N, O, oH, oW] };
}

const sumOfProducts = async (a: Tensor, b: Tensor) => {
  const [x, y] = [await values(a), await values(b)];
  return x.reduce((acc, v, i) => acc + v * y[i], 0);
};

// ---- hand-written cases ----

const handCases = group('conv', {
  'conv2d equals the direct definition across stride, padding, dilation and groups': async (device) => {
    const settings: [number[], number[], Conv2dOptions, boolean][] = [
      [[2, 3, 6, 5], [4, 3, 3, 3], {}, true],
      [[1, 2, 7, 6], [3, 2, 3, 2], { stride: [2, 1], padding: [1, 2], dilation: [2, 1] }, true],
      [[2, 4, 5, 5], [6, 2, 3, 3], { groups: 2, padding: 1 }, false],
      [[1, 3, 5, 4], [3, 1, 2, 2], { groups: 3, stride: 2 }, true],
      [[1, 3, 4, 4], [2, 3, 1, 1], {}, true],
    ];
    for (const [xs, ws, options, withBias] of settings) {
      const x = randn(xs, { device });
      const w = randn(ws, { device });
      const b = withBias ? randn([ws[0]], { device }) : null;
      const pair = (v: unknown, dflt: number): [number, number] =>
        v === undefined ? [dflt, dflt] : typeof v === 'number' ? [v, v] : (v as [number, number]);
      const ref = referenceConv(
        await values(x),
        xs,
        await values(w),
        ws,
        b === null ? null : await values(b),
        pair(options.stride, 1),
        pair(options.padding, 0),
        pair(options.dilation, 1),
        options.groups ?? 1,
      );
      await expectTensor(
        conv2d(x, w, b, options),
        { ...ref, dtype: 'float32' },
        { rtol: 1e-5, atol: 1e-5 },
        JSON.stringify(options),
      );
    }
  },
  "conv2d shapes: unbatched input, padding 'same' and 'valid', empty batch": async (device) => {
    const w = randn([4, 3, 3, 2], { device });
    check(conv2d(randn([3, 5, 6], { device }), w).shape.join() === '4,3,5', 'unbatched');
    check(
      conv2d(randn([2, 3, 5, 6], { device }), w, null, { padding: 'same' }).shape.join() === '2,4,5,6',
      'same',
    );
    const even = conv2d(randn([1, 3, 5, 6], { device }), randn([2, 3, 2, 4], { device }), null, {
      padding: 'same',
      dilation: 2,
    });
    check(even.shape.join() === '1,2,5,6', `same with an even kernel: ${even.shape}`);
    check(
      conv2d(randn([1, 3, 5, 6], { device }), w, null, { padding: 'valid' }).shape.join() === '1,4,3,5',
      'valid',
    );
    const empty = conv2d(zeros([0, 3, 5, 6], { device }), w, randn([4], { device }));
    check(empty.shape.join() === '0,4,3,5', `empty batch: ${empty.shape}`);
    check((await empty.data()).length === 0, 'empty batch has no values');
  },
  "conv2d with padding 'same' pads the extra row and column after, as PyTorch": async (device) => {
    // A 2x2 all-ones kernel sums x[r, c] + x[r, c+1] + x[r+1, c] + x[r+1, c+1], zero beyond the end.
    const x = arange(9, { device, dtype: 'float32' }).reshape(1, 1, 3, 3);
    const w = full([1, 1, 2, 2], 1, { device });
    await expectValues(conv2d(x, w, null, { padding: 'same' }), [
      [
        [
          [8, 12, 7],
          [20, 24, 13],
          [13, 15, 8],
        ],
      ],
    ]);
  },
  'conv2d of non-contiguous operands equals the contiguous result': async (device) => {
    const x = randn([2, 3, 6, 5], { device });
    const w = randn([4, 3, 2, 3], { device });
    const xt = x.transpose(2, 3).contiguous().transpose(2, 3);
    const wt = w.permute(3, 2, 1, 0).contiguous().permute(3, 2, 1, 0);
    check(!xt.isContiguous() && !wt.isContiguous(), 'operands are strided');
    const expected = await values(conv2d(x, w, null, { padding: 1, stride: 2 }));
    await expectTensor(
      conv2d(xt, wt, null, { padding: 1, stride: 2 }),
      { shape: [2, 4, 4, 3], dtype: 'float32', data: expected },
      { rtol: 1e-5, atol: 1e-5 },
    );
  },
  'conv2d rejects what PyTorch rejects, with its messages': (device) => {
    const x = zeros([1, 4, 5, 5], { device });
    expectThrows(
      () => conv2d(x, zeros([8, 3, 3, 3], { device })),
      'Given groups=1, weight of size [8, 3, 3, 3], expected input[1, 4, 5, 5] to have 3 channels, but got 4 channels instead',
    );
    expectThrows(
      () => conv2d(zeros([1, 3, 2, 2], { device }), zeros([8, 3, 3, 3], { device })),
      "Calculated padded input size per channel: (2 x 2). Kernel size: (3 x 3). Kernel size can't be greater than actual input size",
    );
    expectThrows(
      () => conv2d(x, zeros([8, 2, 3, 3], { device }), null, { groups: 3 }),
      'Given groups=3, expected weight to be divisible by 3 at dimension 0',
    );
    expectThrows(
      () => conv2d(zeros([5, 5], { device }), zeros([8, 4, 3, 3], { device })),
      'Expected 3D (unbatched) or 4D (batched) input to conv2d, but got input of size: [5, 5]',
    );
    expectThrows(
      () => conv2d(x, zeros([8, 4, 3, 3], { device }), zeros([7], { device })),
      'expected bias to be 1-dimensional with 8 elements, but got bias of size [7] instead',
    );
    expectThrows(
      () => conv2d(x, zeros([8, 4, 3, 3], { device }), null, { stride: 2, padding: 'same' }),
      "padding='same' is not supported for strided convolutions",
    );
    expectThrows(() => conv2d(x, zeros([8, 4, 3, 3], { device }), null, { padding: -1 }), 'negative padding');
    expectThrows(
      () => conv2d(x, zeros([8, 4, 3, 3], { device }), null, { stride: 0 }),
      'non-positive stride',
    );
    expectThrows(
      () => conv2d(x, zeros([8, 4, 3, 3], { device }), null, { groups: 0 }),
      'non-positive groups',
    );
    expectThrows(
      () => conv2d(x, zeros([8, 4, 3, 3], { device }), null, { padding: 'full' as 'same' }),
      "Invalid padding string: 'full'",
    );
    expectThrows(
      () => conv2d(x.int(), zeros([8, 4, 3, 3], { device, dtype: 'int32' })),
      `"conv2d" not implemented for 'int32'`,
    );
  },
  'unfold and fold shapes, and fold is the adjoint of unfold': async (device) => {
    const x = randn([2, 3, 5, 6], { device });
    const options = { padding: [1, 0], stride: [2, 1], dilation: [1, 2] } as const;
    const cols = unfold(x, [2, 3], options);
    // blocks: floor((5 + 2 - 2) / 2) + 1 = 3 rows, floor((6 - 5) / 1) + 1 = 2 columns
    check(cols.shape.join() === '2,18,6', `unfold shape ${cols.shape}`);
    check(unfold(randn([3, 4, 4], { device }), 2).shape.join() === '12,9', 'unbatched unfold');
    const v = randn([2, 18, 6], { device });
    const back = fold(v, [5, 6], [2, 3], options);
    check(back.shape.join() === '2,3,5,6', `fold shape ${back.shape}`);
    const lhs = await sumOfProducts(cols, v);
    const rhs = await sumOfProducts(x, back);
    check(
      Math.abs(lhs - rhs) <= 1e-4 * Math.max(1, Math.abs(lhs)),
      `<unfold x, v> ${lhs} != <x, fold v> ${rhs}`,
    );
    // fold sums overlapping blocks: fold(unfold(ones)) counts how many windows cover each pixel.
    const counts = fold(unfold(full([1, 1, 3, 3], 1, { device }), 2), [3, 3], 2);
    await expectValues(counts, [
      [
        [
          [1, 2, 1],
          [2, 4, 2],
          [1, 2, 1],
        ],
      ],
    ]);
  },
  'unfold orders rows channel-major and columns row-major, as PyTorch': async (device) => {
    const x = arange(2 * 2 * 3, { device, dtype: 'float32' }).reshape(1, 2, 2, 3);
    await expectValues(unfold(x, [1, 2]), [
      [
        [0, 1, 3, 4],
        [1, 2, 4, 5],
        [6, 7, 9, 10],
        [7, 8, 10, 11],
      ],
    ]);
  },
  'unfold and fold reject what PyTorch rejects': (device) => {
    const x = zeros([1, 2, 3, 3], { device });
    expectThrows(
      () => unfold(x, 4),
      'Given input with spatial size (3, 3), kernel_size=(4, 4), dilation=(1, 1), padding=(0, 0), calculated shape of the array of sliding blocks as (0, 0), but its components must be at least one.',
    );
    expectThrows(
      () => unfold(x, 2, { stride: 0 }),
      'stride should be greater than zero, but got stride_height: 0',
    );
    expectThrows(() => unfold(x, 0), 'kernel size should be greater than zero');
    expectThrows(() => unfold(x, 2, { padding: -1 }), 'padding should be non-negative');
    expectThrows(() => unfold(zeros([3, 3], { device }), 2), 'Expected 3D or 4D (batch mode) tensor input');
    expectThrows(
      () => fold(zeros([1, 7, 4], { device }), [3, 3], 2),
      "Expected size of input's dimension 1 to be divisible by the product of kernel_size, but got input.size(1)=7 and kernel_size=(2, 2).",
    );
    expectThrows(
      () => fold(zeros([1, 8, 5], { device }), [3, 3], 2),
      "expected size of input's dimension 2 to match the calculated number of sliding blocks 2 * 2 = 4, but got input.size(2)=5.",
    );
    expectThrows(
      () => fold(zeros([1, 8, 4, 1], { device }), [3, 3], 2),
      'Expected 2D or 3D (batch mode) tensor',
    );
  },
  'fast paths agree with the reference compositions': async (device) => {
    const backend = getBackend(device);
    const x = randn([2, 3, 7, 6], { device });
    const geometries: Geometry[] = [
      { kH: 3, kW: 3, sH: 1, sW: 1, dH: 1, dW: 1, pT: 1, pB: 1, pL: 1, pR: 1, H: 7, W: 6, oH: 7, oW: 6 },
      { kH: 2, kW: 3, sH: 2, sW: 1, dH: 2, dW: 1, pT: 1, pB: 0, pL: 0, pR: 2, H: 7, W: 6, oH: 3, oW: 6 },
      { kH: 2, kW: 2, sH: 2, sW: 2, dH: 1, dW: 1, pT: 0, pB: 1, pL: 1, pR: 1, H: 7, W: 6, oH: 4, oW: 4 },
    ];
    const tol: Tolerance = { rtol: 1e-5, atol: 1e-5 };
    const same = async (actual: Tensor, reference: Tensor, label: string) =>
      expectTensor(
        actual,
        { shape: reference.shape, dtype: reference.dtype, data: await values(reference) },
        reference.dtype === 'int32' || reference.dtype === 'int64' ? {} : tol,
        label,
      );
    for (const g of geometries) {
      const options = {
        padding: [g.pL, g.pR, g.pT, g.pB],
        stride: [g.sH, g.sW],
        dilation: [g.dH, g.dW],
      };
      const cols = unfold(x, [g.kH, g.kW], options);
      await same(cols, im2colComposite(backend, x, g).reshape(cols.shape), 'im2col');
      const folded = fold(cols, [g.H, g.W], [g.kH, g.kW], options);
      await same(folded, col2imComposite(backend, cols.reshape([2, 3, g.kH, g.kW, g.oH, g.oW]), g), 'col2im');
      const pool = { ...g, dH: 1, dW: 1 };
      for (const countIncludePad of [true, false]) {
        const fast = avgPool2d(x, [g.kH, g.kW], {
          stride: [g.sH, g.sW],
          padding: [g.pT, g.pL],
          ceilMode: g.pB > g.pT || g.pR > g.pL,
          countIncludePad,
        });
        if (fast.shape[2] !== g.oH || fast.shape[3] !== g.oW) continue;
        await same(fast, avgPool2dComposite(backend, x, pool, countIncludePad, null), 'avgPool2d');
      }
    }
    const [v, i] = maxPool2d(x, 3, {
      stride: 2,
      padding: 1,
      dilation: [1, 2],
      ceilMode: true,
      returnIndices: true,
    });
    const g: Geometry = {
      kH: 3,
      kW: 3,
      sH: 2,
      sW: 2,
      dH: 1,
      dW: 2,
      pT: 1,
      pB: 0,
      pL: 1,
      pR: 1,
      H: 7,
      W: 6,
      oH: 4,
      oW: 3,
    };
    check(v.shape.join() === '2,3,4,3', `max pool shape ${v.shape}`);
    const [rv, ri] = maxPool2dComposite(backend, x, g);
    await same(v, rv, 'maxPool2d values');
    await same(i, ri, 'maxPool2d indices');
    const w = randn([6, 1, 3, 2], { device });
    const b = randn([6], { device });
    const got = conv2d(x, w, b, { groups: 3, padding: [1, 0], stride: [1, 2], dilation: [2, 1] });
    // The reference: unfold + matmul + bias, with the same geometry, by the public composition ops.
    const colsg = unfold(x, [3, 2], { padding: [1, 0], stride: [1, 2], dilation: [2, 1] }).reshape([
      2, 3, 6, -1,
    ]);
    const ref = w
      .reshape([3, 2, 6])
      .matmul(colsg)
      .reshape([2, 6, got.shape[2], got.shape[3]])
      .add(b.reshape([1, 6, 1, 1]));
    await same(got, ref, 'conv2d');
  },
  'ops leave no temporaries behind': (device) => {
    const x = randn([2, 3, 6, 5], { device });
    const w = randn([4, 3, 3, 3], { device });
    const b = randn([4], { device });
    const runs: [string, () => Tensor | Tensor[]][] = [
      ['conv2d', () => conv2d(x, w, b, { padding: 'same' })],
      ['conv2d groups', () => conv2d(x, randn([3, 1, 2, 2], { device }), null, { groups: 3 })],
      ['unfold', () => unfold(x, 3, { padding: 1 })],
      ['fold', () => fold(randn([2, 12, 24], { device }), [5, 6], 2, { padding: 1, stride: [1, 2] })],
      ['maxPool2d', () => maxPool2d(x, 3, { padding: 1, stride: 2, ceilMode: true, returnIndices: true })],
      ['maxPool2d unbatched', () => maxPool2d(randn([3, 6, 5], { device }), 2)],
      ['avgPool2d', () => avgPool2d(x, 3, { padding: 1, countIncludePad: false })],
      ['adaptiveAvgPool2d', () => adaptiveAvgPool2d(x, [4, 3])],
      ['adaptiveAvgPool2d uniform', () => adaptiveAvgPool2d(x, [3, 5])],
    ];
    for (const [name, run] of runs) {
      run(); // warm-up: lazily created state (generators, scratch) is not a leak
      const before = memory(device).numTensors;
      const out = run();
      const outs = Array.isArray(out) ? out : [out];
      for (const t of outs) t.dispose();
      const after = memory(device).numTensors;
      check(after <= before + 1, `${name}: ${after - before} tensors left behind`);
    }
  },
});

/** Convolution and pooling cases for every backend: hand-written ones and the PyTorch fixtures. */
export const convCases: ConformanceCase[] = [
  ...handCases,
  ...poolingCases,
  ...poolBackwardCases,
  ...convFixtureCases,
];

export { convGradientCases } from './conv-fixtures.js';
