/**
 * Max pooling's input gradient (`maxPool2dBackward`, the op max pooling's backward runs) against a host
 * definition that adds in the contract's order (ascending output position per plane) and rounds each
 * addition to the dtype, so the comparison is exact (group `conv`, gathered in `conv.ts`).
 */
import {
  type DType,
  getBackend,
  maxPool2d,
  maxPool2dBackward,
  maxPool2dBackwardComposite,
  randn,
  type Tensor,
  tensor,
} from '@typetorch/tensor';
import { check, expectTensor } from '../assert.js';
import { group } from '../case.js';

/** The definition: per plane, zero, then `out[i] += g` in output order, each sum rounded to `dtype`; -1 adds nothing. */
function reference(g: number[], idx: number[], planes: number, L: number, plane: number, dtype: DType) {
  const round = dtype === 'float32' ? Math.fround : (v: number) => v;
  const out = new Array<number>(planes * plane).fill(0);
  for (let p = 0; p < planes; p++) {
    for (let o = 0; o < L; o++) {
      const i = idx[p * L + o];
      if (i >= 0) out[p * plane + i] = round(out[p * plane + i] + g[p * L + o]);
    }
  }
  return out;
}

/** Runs maxPool2dBackward on `grad` and `indices` and compares it with {@link reference}, exactly. */
async function expectBackward(grad: Tensor, indices: Tensor, inputSize: [number, number], label: string) {
  const g = Array.from(await grad.data(), Number);
  const idx = Array.from(await indices.data(), Number);
  const [oH, oW] = grad.shape.slice(-2);
  const planes = grad.numel() / (oH * oW);
  const plane = inputSize[0] * inputSize[1];
  const data = reference(g, idx, planes, oH * oW, plane, grad.dtype);
  const shape = [...grad.shape.slice(0, -2), ...inputSize];
  await expectTensor(
    maxPool2dBackward(grad, indices, inputSize),
    { shape, dtype: grad.dtype, data },
    { rtol: 0, atol: 0 },
    label,
  );
}

/** Window geometries whose windows overlap, pad, dilate or run past the input (ceil mode). */
const GEOMETRIES = [
  { name: 'kernel 3 stride 2 padding 1 ceil mode', k: 3, o: { stride: 2, padding: 1, ceilMode: true } },
  { name: 'kernel 3 stride 1 (overlapping)', k: 3, o: { stride: 1 } },
  { name: 'kernel 2 dilation 2 padding 1', k: 2, o: { stride: 1, padding: 1, dilation: 2 } },
  {
    name: 'kernel [3, 2] stride [2, 1] ceil mode',
    k: [3, 2] as [number, number],
    o: { stride: [2, 1] as [number, number], ceilMode: true },
  },
];

/** Hand-written max-pool backward cases. */
export const poolBackwardCases = group('conv', {
  'maxPool2dBackward adds at the indices in output order (overlaps, padding, dilation, ceil mode)': async (
    device,
  ) => {
    // float64 where the device has it (WebGPU does not).
    const dtypes = (['float32', 'float64'] as const).filter((d) =>
      getBackend(device).capabilities.dtypes.includes(d),
    );
    for (const dtype of dtypes) {
      for (const { name, k, o } of GEOMETRIES) {
        const x = randn([2, 3, 7, 6], { device, dtype });
        const [values, indices] = maxPool2d(x, k, { ...o, returnIndices: true });
        const [N, C, oH, oW] = values.shape;
        const label = `${dtype}, ${name}`;
        // A contiguous gradient, a transposed one and a broadcast one (every window adds 1.5).
        await expectBackward(randn([N, C, oH, oW], { device, dtype }), indices, [7, 6], label);
        const transposed = randn([N, C, oW, oH], { device, dtype }).transpose(2, 3);
        await expectBackward(transposed, indices, [7, 6], `${label}, transposed grad`);
        const broadcast = tensor([1.5], { device, dtype }).expand([N, C, oH, oW]);
        await expectBackward(broadcast, indices, [7, 6], `${label}, broadcast grad`);
        // Unbatched: the first sample's planes.
        await expectBackward(
          randn([C, oH, oW], { device, dtype }),
          indices.select(0, 0),
          [7, 6],
          `${label}, 3-D`,
        );
      }
    }
  },
  'maxPool2dBackward equals its reference composition, bit for bit': async (device) => {
    const x = randn([2, 3, 7, 6], { device });
    const [values, indices] = maxPool2d(x, 3, { stride: 2, padding: 1, ceilMode: true, returnIndices: true });
    const [N, C, oH, oW] = values.shape;
    const grad = randn([N, C, oW, oH], { device }).transpose(2, 3);
    // A window without any input tap, and a position shared by two windows.
    const edge = tensor([-1, 4, 4, 0], { device, dtype: 'int64' }).reshape(1, 1, 2, 2);
    const edgeGrad = randn([1, 1, 2, 2], { device });
    for (const [g, i, size, label] of [
      [grad, indices, [7, 6], 'overlapping windows, transposed grad'],
      [edgeGrad, edge, [3, 3], 'index -1, shared position'],
    ] as const) {
      const reference = maxPool2dBackwardComposite(g, i, size[0], size[1]);
      await expectTensor(
        maxPool2dBackward(g, i, [size[0], size[1]]),
        { shape: reference.shape, dtype: reference.dtype, data: Array.from(await reference.data(), Number) },
        { rtol: 0, atol: 0 },
        label,
      );
    }
  },
  'maxPool2dBackward: -1 (a window without any input tap) adds nothing; shared maxima add up': async (
    device,
  ) => {
    // Kernel 2, dilation 3, padding 1 on a 2x2 input: the one window's taps (-1 and 2) all miss it.
    const x = tensor([1, 2, 3, 4], { device, dtype: 'float32' }).reshape(1, 1, 2, 2);
    const [, empty] = maxPool2d(x, 2, { dilation: 3, padding: 1, stride: 1, returnIndices: true });
    check((await empty.data())[0] === -1, 'a window without input taps has index -1');
    await expectBackward(
      tensor([7], { device, dtype: 'float32' }).reshape(1, 1, 1, 1),
      empty,
      [2, 2],
      'index -1',
    );
    const idx = tensor([4, 4, -1, 4, 0, 8, -1, 0], { device, dtype: 'int64' }).reshape(2, 2, 2);
    const g = tensor([0.1, 0.2, 5, 0.3, 1e8, 1, 9, -1e8], { device }).reshape(2, 2, 2);
    await expectBackward(g, idx, [3, 3], 'hand-made indices');
  },
});
