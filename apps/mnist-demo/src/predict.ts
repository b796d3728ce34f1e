/**
 * `predict`: classifies PNG files of any size, grayscale or colour, dark ink on a light background or
 * light on dark, each prepared the way MNIST's digits were (`mnistify`, in `preprocess.ts`).
 */
import { readFile } from 'node:fs/promises';
import { PNG } from 'pngjs';
import { classify, topK } from './classify.js';
import { UsageError } from './errors.js';
import { checkPngSize } from './image-limits.js';
import type { Classifier } from './models.js';
import { type Gray, mnistify } from './preprocess.js';

/** Decodes a PNG into grayscale (alpha composited onto white); refuses images over the pixel cap. */
export function decodePng(bytes: Uint8Array, name = 'image'): Gray {
  checkPngSize(bytes, name); // before anything is inflated: at most 4096x4096 pixels
  let png: PNG;
  try {
    png = PNG.sync.read(Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength));
  } catch (err) {
    throw new UsageError(
      `${name}: not a readable PNG image (${err instanceof Error ? err.message : String(err)})`,
    );
  }
  const { width, height, data } = png;
  const out = new Float64Array(width * height);
  for (let i = 0; i < width * height; i++) {
    const r = data[4 * i];
    const g = data[4 * i + 1];
    const b = data[4 * i + 2];
    const a = data[4 * i + 3] / 255;
    const lum = 0.299 * r + 0.587 * g + 0.114 * b;
    out[i] = lum * a + 255 * (1 - a);
  }
  return { width, height, data: out };
}

export interface Prediction {
  file: string;
  /** The 28x28 input the model saw (0..255). */
  input: Gray;
  /** Top-3 classes by probability. */
  top: { index: number; probability: number }[];
}

export async function predictFiles(
  model: Classifier,
  files: readonly string[],
  normalize = true,
  device = 'cpu',
): Promise<Prediction[]> {
  const inputs: Gray[] = [];
  for (const file of files) {
    let bytes: Uint8Array;
    try {
      bytes = new Uint8Array(await readFile(file));
    } catch (err) {
      const code = (err as NodeJS.ErrnoException).code;
      throw new UsageError(`cannot read ${file}: ${code === 'ENOENT' ? 'no such file' : String(err)}`);
    }
    inputs.push(mnistify(decodePng(bytes, file)));
  }
  const probs = await classify(model, inputs, normalize, device);
  return files.map((file, n) => ({
    file,
    input: inputs[n],
    top: topK(probs[n], 3),
  }));
}
