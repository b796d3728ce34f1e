/**
 * Finds the test images a model gets wrong (worker side): classifies the test set in chunks, in order,
 * until `max` mistakes are found. A good model needs a few thousand images for 40 mistakes, so this
 * costs far less than classifying all 10,000 after every epoch.
 */
import { classify, topK } from '../classify.js';
import type { Classifier } from '../models.js';
import type { Gray } from '../preprocess.js';
import { type Mistake, misclassified } from './mistakes.js';

export interface MistakeScan {
  mistakes: Mistake[];
  /** Their pixels, N x 784 bytes. */
  pixels: Uint8Array;
  /** How many test images were classified to find them. */
  scanned: number;
}

/** Test images as the dataset holds them: N x 784 bytes and N labels. */
export interface TestImages {
  pixels: Uint8Array;
  labels: ArrayLike<number>;
}

export async function scanMistakes(
  model: Classifier,
  test: TestImages,
  options: { normalize: boolean; device: string; max?: number; chunk?: number },
): Promise<MistakeScan> {
  const max = options.max ?? 40;
  const chunk = options.chunk ?? 500;
  const mistakes: Mistake[] = [];
  let scanned = 0;
  while (mistakes.length < max && scanned < test.labels.length) {
    const end = Math.min(test.labels.length, scanned + chunk);
    const images: Gray[] = [];
    for (let n = scanned; n < end; n++) {
      images.push({
        width: 28,
        height: 28,
        data: Float64Array.from(test.pixels.subarray(n * 784, (n + 1) * 784)),
      });
    }
    const probs = await classify(model, images, options.normalize, options.device);
    const predictions = probs.map((p) => topK(p, 1)[0].index);
    const labels = Array.from({ length: end - scanned }, (_, i) => test.labels[scanned + i]);
    mistakes.push(...misclassified(labels, predictions, max - mistakes.length, scanned));
    scanned = end;
  }
  const pixels = new Uint8Array(mistakes.length * 784);
  mistakes.forEach((m, i) => {
    pixels.set(test.pixels.subarray(m.index * 784, (m.index + 1) * 784), i * 784);
  });
  return { mistakes, pixels, scanned };
}
