/**
 * The WebAssembly convolution's batched products against one product per sample: the same sums in the
 * same order, so every output bit agrees, whether the batch fits one product or is split into several
 * (a layer large enough that its columns exceed the per-product budget), with and without a bias
 * (strided too), on one thread and on two.
 */
import { conv2d, fold, manualSeed, randn, type Tensor, unfold } from '@typetorch/tensor';
import { afterEach, describe, expect, it } from 'vitest';
import '../index.js';
import { wasmRuntime } from './runtime.js';
import { getNumThreads, setNumThreads, setWasmEnabled } from './settings.js';

const threadsAtStart = getNumThreads();
afterEach(() => {
  setNumThreads(threadsAtStart);
  setWasmEnabled(true);
});

/** The batch convolved at once, and each sample on its own (one product each), concatenated. */
function batchedAndPerSample(
  x: Tensor,
  w: Tensor,
  b: Tensor | null,
  options: { padding?: number; stride?: number },
) {
  const all = conv2d(x, w, b, options).dataSync() as Float32Array;
  const parts: number[] = [];
  for (let n = 0; n < x.shape[0]; n++) {
    const one = x.narrow(0, n, 1).contiguous();
    parts.push(...(conv2d(one, w, b, options).dataSync() as Float32Array));
  }
  return [Array.from(all), parts];
}

describe('WebAssembly conv2d', () => {
  it('runs (so the cases below take its path)', () => {
    expect(wasmRuntime()).not.toBeNull();
  });

  for (const threads of [1, 2]) {
    it(`a batch in one product, ${threads} thread(s): per-sample results, bias included`, () => {
      setNumThreads(threads);
      manualSeed(10 + threads);
      const x = randn([5, 3, 11, 9]);
      const w = randn([6, 3, 3, 3]);
      const b = randn([6]);
      const [all, parts] = batchedAndPerSample(x, w, b, { padding: 1 });
      expect(all).toEqual(parts);
      const [strided, stridedParts] = batchedAndPerSample(x, w, randn([6, 2]).select(1, 1), { stride: 2 });
      expect(strided).toEqual(stridedParts);
      // Channels-last input (any strides), and a small input outside the kernels' memory (its columns
      // written by the TypeScript loop) with an output inside.
      const [cl, clParts] = batchedAndPerSample(randn([5, 11, 9, 3]).permute([0, 3, 1, 2]), w, b, {
        padding: 1,
      });
      expect(cl).toEqual(clParts);
      const small = randn([2, 1, 10, 10]);
      expect(wasmRuntime()?.owns(small.storage.handle)).toBe(false);
      const [plain, plainParts] = batchedAndPerSample(small, randn([8, 1, 3, 3]), randn([8]), {});
      expect(plain).toEqual(plainParts);
    });

    it(`a batch split into several products, ${threads} thread(s)`, () => {
      setNumThreads(threads);
      manualSeed(2 + threads); // other data than the previous case: stale columns would show
      // 288 x 576 floats of columns per sample: 6 samples per product, so 13 make three products.
      const x = randn([13, 32, 26, 26]);
      const w = randn([16, 32, 3, 3]);
      const [all, parts] = batchedAndPerSample(x, w, randn([16]), {});
      expect(all).toEqual(parts);
      const [noBias, noBiasParts] = batchedAndPerSample(x, w, null, {});
      expect(noBias).toEqual(noBiasParts);
    });
  }

  it('unfold and fold split by sample across two threads: the single-threaded and TypeScript results', () => {
    manualSeed(3);
    // 6 x 8 x 27 x 29 images, padded, strided and dilated: enough work for the jobs to be split.
    const x = randn([6, 8, 27, 29]);
    const options = { padding: 1, stride: [2, 1] as [number, number], dilation: [1, 2] as [number, number] };
    const run = () => {
      const cols = unfold(x, 3, options);
      // Fold a transposed copy too: the columns read with other strides.
      const back = fold(cols, [27, 29], 3, options);
      const t = cols.reshape([6, 8, 9, -1]).transpose(0, 1).contiguous().transpose(0, 1).reshape(cols.shape);
      return [cols.dataSync(), back.dataSync(), fold(t, [27, 29], 3, options).dataSync()].map((a) =>
        Array.from(a),
      );
    };
    setNumThreads(1);
    const one = run();
    setNumThreads(2);
    expect(run()).toEqual(one);
    setWasmEnabled(false);
    expect(run()).toEqual(one);
  });
});
