/**
 * Classifying MNIST-style 28x28 images with a model (no Node imports: the command line's `predict` and
 * the browser page's drawing pad both use it).
 */
import { noGrad } from '@typetorch/autograd';
import { scope, tensor } from '@typetorch/tensor';
import { pixelInput } from './inputs.js';
import type { Classifier } from './models.js';
import type { Gray } from './preprocess.js';

/**
 * Class probabilities of MNIST-style 28x28 images (0..255); `normalize` must match how the model was
 * trained (see `mnistTransform`).
 */
export async function classify(
  model: Classifier,
  images: Gray[],
  normalize = true,
  device = 'cpu',
): Promise<number[][]> {
  const wasTraining = model.training;
  model.eval();
  try {
    return await scope(async () => {
      const flat = new Float32Array(images.length * 784);
      images.forEach((img, n) => {
        for (let i = 0; i < 784; i++) flat[n * 784 + i] = pixelInput(img.data[i], normalize);
      });
      const probsT = noGrad(() => {
        const x = tensor(flat, { device }).reshape([images.length, 1, 28, 28]);
        return model.forward(x).softmax(1);
      });
      const probs = await probsT.data();
      return images.map((_, n) => Array.from(probs.subarray(n * 10, n * 10 + 10), Number));
    });
  } finally {
    model.train(wasTraining);
  }
}

/** The `k` most probable classes of one probability vector, most probable first (PyTorch: `probs.topk(k)`). */
export function topK(probabilities: readonly number[], k = 3): { index: number; probability: number }[] {
  return probabilities
    .map((probability, index) => ({ index, probability }))
    .sort((a, b) => b.probability - a.probability)
    .slice(0, k);
}
