/**
 * Max pooling's input gradient on the CPU: the WebAssembly kernel (one thread and split across two) and
 * the TypeScript kernel must equal, bit for bit, the composition max pooling's backward used before
 * (a zeroed input-shaped tensor and `scatterAdd` at the indices), for contiguous, transposed, broadcast
 * and offset gradients; indices outside the plane are rejected, or skipped when unchecked.
 */
import {
  type DType,
  type MaxPool2dOptions,
  manualSeed,
  maxPool2d,
  maxPool2dBackward,
  randn,
  type Tensor,
  tensor,
  viewOf,
  zeros,
} from '@typetorch/tensor';
import { afterEach, describe, expect, it } from 'vitest';
import '../index.js';
import { wasmRuntime } from './runtime.js';
import { getNumThreads, setNumThreads, setWasmEnabled } from './settings.js';

const threadsAtStart = getNumThreads();
afterEach(() => {
  setWasmEnabled(true);
  setNumThreads(threadsAtStart);
});

/** Today's composition: zeros of the input's planes, `scatterAdd` of the gradient at the indices. */
function scattered(grad: Tensor, indices: Tensor, H: number, W: number): Tensor {
  const lead = grad.shape.slice(0, -2);
  const L = grad.shape[grad.ndim - 2] * grad.shape[grad.ndim - 1];
  const z = zeros([...lead, H * W], { dtype: grad.dtype });
  return z
    .scatterAdd(lead.length, indices.reshape([...lead, L]), grad.reshape([...lead, L]))
    .reshape([...lead, H, W]);
}

const bits = (t: Tensor) => Array.from(t.dataSync());

/** The gradients a test feeds: contiguous, transposed, broadcast, and a slice with an offset. */
function grads(shape: number[], dtype: DType): Tensor[] {
  const [N, C, oH, oW] = shape;
  return [
    randn(shape, { dtype }),
    randn([N, C, oW, oH], { dtype }).transpose(2, 3),
    tensor([0.75], { dtype }).expand(shape),
    randn([N, C + 1, oH, oW + 2], { dtype })
      .narrow(1, 1, C)
      .narrow(3, 2, oW),
  ];
}

/** For each gradient: the kernel's result equals the scatter's, bit for bit; returns the results. */
function expectScatterBits(x: Tensor, k: number, options: MaxPool2dOptions): number[][] {
  const [values, indices] = maxPool2d(x, k, { ...options, returnIndices: true });
  const [H, W] = x.shape.slice(-2);
  const results: number[][] = [];
  manualSeed(k);
  for (const g of grads([...values.shape], x.dtype)) {
    const got = bits(maxPool2dBackward(g, indices, [H, W]));
    expect(got).toEqual(bits(scattered(g, indices, H, W)));
    results.push(got);
  }
  return results;
}

const GEOMETRIES: [number, MaxPool2dOptions][] = [
  [2, {}],
  [3, { stride: 2, padding: 1, ceilMode: true }],
  [3, { stride: 1 }],
  [2, { stride: 1, padding: 1, dilation: 2 }],
];

describe('maxPool2dBackward on the CPU', () => {
  it('float32 in WebAssembly, on one thread and two, equals the scatter and the TypeScript kernel', () => {
    for (const [k, options] of GEOMETRIES) {
      // 4 x 64 planes of 24 x 24: large enough for the job to be split across threads.
      setWasmEnabled(true);
      const x = randn([4, 64, 24, 24]);
      expect(wasmRuntime()?.owns(viewOf(x).storage)).toBe(true);
      setNumThreads(1);
      const one = expectScatterBits(x, k, options);
      setNumThreads(2);
      const two = expectScatterBits(x, k, options);
      setWasmEnabled(false);
      const plain = expectScatterBits(x, k, options);
      expect(two).toEqual(one);
      expect(plain).toEqual(one);
    }
  });

  it('small, float64 and float16 planes (the TypeScript kernel), and unbatched inputs', () => {
    for (const dtype of ['float32', 'float64', 'float16'] as const) {
      for (const [k, options] of GEOMETRIES) {
        expectScatterBits(randn([2, 3, 7, 6], { dtype }), k, options);
        const [values, indices] = maxPool2d(randn([3, 7, 6], { dtype }), k, {
          ...options,
          returnIndices: true,
        });
        const g = randn([...values.shape], { dtype });
        expect(bits(maxPool2dBackward(g, indices, [7, 6]))).toEqual(bits(scattered(g, indices, 7, 6)));
      }
    }
  });

  it('with the WebAssembly kernels off, float32 takes the TypeScript kernel', () => {
    setWasmEnabled(false);
    for (const [k, options] of GEOMETRIES) expectScatterBits(randn([4, 8, 12, 12]), k, options);
  });

  it('-1 adds nothing; other indices outside the plane are rejected, or skipped unchecked', () => {
    for (const wasm of [true, false]) {
      setWasmEnabled(wasm);
      // 300 planes, so float32 storages live in the kernels' memory.
      const idx = tensor([4, -1, 4, 0], { dtype: 'int64' }).reshape(1, 1, 2, 2).expand([1, 300, 2, 2]);
      const g = tensor([1, 2, 3, 4], { dtype: 'float32' })
        .reshape(1, 1, 2, 2)
        .expand([1, 300, 2, 2])
        .contiguous();
      const out = maxPool2dBackward(g, idx, [3, 3]);
      expect(bits(out.select(1, 299).flatten())).toEqual([4, 0, 0, 0, 4, 0, 0, 0, 0]);
      const bad = tensor([4, 9, -2, 0], { dtype: 'int64' }).reshape(1, 1, 2, 2).expand([1, 300, 2, 2]);
      expect(() => maxPool2dBackward(g, bad, [3, 3])).toThrow(
        'max_pool2d_with_indices_backward(): index 9 is out of bounds for a plane of 9 elements',
      );
      const unchecked = maxPool2dBackward(g, bad, [3, 3], { checkIndices: false });
      expect(bits(unchecked.select(1, 0).flatten())).toEqual([4, 0, 0, 0, 1, 0, 0, 0, 0]);
    }
  });

  it('rejects what is not a gradient and its indices', () => {
    const g = randn([1, 1, 2, 2]);
    const idx = tensor([0, 1, 2, 3], { dtype: 'int64' }).reshape(1, 1, 2, 2);
    expect(() => maxPool2dBackward(g.int(), idx, [2, 2])).toThrow("not implemented for 'int32'");
    expect(() => maxPool2dBackward(g, idx.float(), [2, 2])).toThrow('Expected dtype int64 for indices');
    expect(() => maxPool2dBackward(g, idx.reshape(1, 4, 1), [2, 2])).toThrow('Expected indices of');
    expect(() => maxPool2dBackward(g.flatten(), idx.flatten(), [2, 2])).toThrow('Expected 3D or 4D');
  });
});
