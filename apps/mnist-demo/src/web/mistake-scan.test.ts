import '@typetorch/backend-cpu';
import '@typetorch/autograd';
import * as nn from '@typetorch/nn';
import { manualSeed, type Tensor } from '@typetorch/tensor';
import { describe, expect, it } from 'vitest';
import { classify, topK } from '../classify.js';
import type { Classifier } from '../models.js';
import { scanMistakes } from './mistake-scan.js';

/** A tiny random linear classifier: its mistakes on random images are whatever it predicts wrong. */
function tinyModel(): Classifier {
  manualSeed(3);
  const fc = new nn.Linear(784, 10);
  const model = new (class extends nn.Module {
    fc = fc;
    forward(x: Tensor): Tensor {
      return this.fc.forward(x.flatten(1));
    }
  })();
  return model as Classifier;
}

describe('scanMistakes', () => {
  it('finds the first mistakes in test-set order, with their pixels, scanning chunk by chunk', async () => {
    const n = 23;
    const pixels = Uint8Array.from({ length: n * 784 }, (_, i) => (i * 37 + (i >> 7)) % 256);
    const model = tinyModel();
    // The reference: every image classified at once.
    const all = await classify(
      model,
      Array.from({ length: n }, (_, k) => ({
        width: 28,
        height: 28,
        data: Float64Array.from(pixels.subarray(k * 784, (k + 1) * 784)),
      })),
    );
    const predicted = all.map((p) => topK(p, 1)[0].index);
    // Labels: right for even images, wrong (predicted + 1) for odd ones.
    const labels = predicted.map((p, k) => (k % 2 === 0 ? p : (p + 1) % 10));
    const scan = await scanMistakes(
      model,
      { pixels, labels },
      { normalize: true, device: 'cpu', max: 4, chunk: 5 },
    );
    expect(scan.mistakes).toEqual(
      [1, 3, 5, 7].map((index) => ({ index, label: labels[index], predicted: predicted[index] })),
    );
    // Stopped after the chunk holding the 4th mistake (images 5..9).
    expect(scan.scanned).toBe(10);
    expect(scan.pixels.subarray(784, 2 * 784)).toEqual(pixels.subarray(3 * 784, 4 * 784));

    const everything = await scanMistakes(
      model,
      { pixels, labels },
      { normalize: true, device: 'cpu', chunk: 7 },
    );
    expect(everything.mistakes).toHaveLength(11);
    expect(everything.scanned).toBe(n);
  });
});
