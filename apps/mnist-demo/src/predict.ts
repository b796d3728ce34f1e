/**
 * `predict`: classifies PNG images of any size, grayscale or colour, dark ink on a light background or
 * light on dark. Each image is prepared the way MNIST's digits were: turned into white-on-black
 * grayscale, cropped to the bounding box of the ink, scaled so that the longer side is 20 px (aspect
 * kept, anti-aliased), and placed in a 28x28 image so that its centre of mass is at the centre.
 */
import { readFile } from 'node:fs/promises';
import { noGrad } from '@typetorch/autograd';
import { scope, tensor } from '@typetorch/tensor';
import { PNG } from 'pngjs';
import { pixelInput } from './data.js';
import { UsageError } from './errors.js';
import type { Classifier } from './models.js';

/** A grayscale image, values 0..255, row-major. */
export interface Gray {
  width: number;
  height: number;
  data: Float64Array;
}

/** Decodes a PNG into grayscale (alpha composited onto white). */
export function decodePng(bytes: Uint8Array, name = 'image'): Gray {
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

/** Makes ink bright and background 0: inverts images whose border is mostly light. */
export function toWhiteOnBlack(img: Gray): Gray {
  const { width: w, height: h, data } = img;
  let sum = 0;
  let n = 0;
  for (let x = 0; x < w; x++) {
    sum += data[x] + data[(h - 1) * w + x];
    n += 2;
  }
  for (let y = 0; y < h; y++) {
    sum += data[y * w] + data[y * w + w - 1];
    n += 2;
  }
  const background = sum / n;
  const out = new Float64Array(data.length);
  const invert = background > 127;
  // Background level goes to 0, the rest scaled to keep 0..255.
  const bg = invert ? 255 - background : background;
  for (let i = 0; i < data.length; i++) {
    const v = invert ? 255 - data[i] : data[i];
    out[i] = bg >= 255 ? 0 : Math.max(0, ((v - bg) * 255) / (255 - bg));
  }
  return { width: w, height: h, data: out };
}

/** Bilinear sample with zero outside. */
function sample(img: Gray, x: number, y: number): number {
  const x0 = Math.floor(x);
  const y0 = Math.floor(y);
  const fx = x - x0;
  const fy = y - y0;
  const at = (xx: number, yy: number) =>
    xx < 0 || yy < 0 || xx >= img.width || yy >= img.height ? 0 : img.data[yy * img.width + xx];
  return (
    at(x0, y0) * (1 - fx) * (1 - fy) +
    at(x0 + 1, y0) * fx * (1 - fy) +
    at(x0, y0 + 1) * (1 - fx) * fy +
    at(x0 + 1, y0 + 1) * fx * fy
  );
}

/** Resizes with supersampled bilinear interpolation (anti-aliased when shrinking). */
export function resize(img: Gray, width: number, height: number): Gray {
  const sx = img.width / width;
  const sy = img.height / height;
  const kx = Math.max(1, Math.ceil(sx));
  const ky = Math.max(1, Math.ceil(sy));
  const out = new Float64Array(width * height);
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      let s = 0;
      for (let j = 0; j < ky; j++) {
        for (let i = 0; i < kx; i++) {
          s += sample(img, (x + (i + 0.5) / kx) * sx - 0.5, (y + (j + 0.5) / ky) * sy - 0.5);
        }
      }
      out[y * width + x] = s / (kx * ky);
    }
  }
  return { width, height, data: out };
}

/** MNIST-style 28x28 white-on-black image (values 0..255) from any grayscale image. */
export function mnistify(input: Gray): Gray {
  const img = toWhiteOnBlack(input);
  const { width: w, height: h, data } = img;
  let max = 0;
  for (const v of data) max = Math.max(max, v);
  const out: Gray = { width: 28, height: 28, data: new Float64Array(28 * 28) };
  if (max === 0) return out;
  const threshold = max * 0.1;
  let top = h;
  let bottom = -1;
  let left = w;
  let right = -1;
  for (let y = 0; y < h; y++) {
    for (let x = 0; x < w; x++) {
      if (data[y * w + x] > threshold) {
        top = Math.min(top, y);
        bottom = Math.max(bottom, y);
        left = Math.min(left, x);
        right = Math.max(right, x);
      }
    }
  }
  const cw = right - left + 1;
  const ch = bottom - top + 1;
  const crop: Gray = { width: cw, height: ch, data: new Float64Array(cw * ch) };
  for (let y = 0; y < ch; y++)
    for (let x = 0; x < cw; x++) crop.data[y * cw + x] = data[(top + y) * w + left + x];
  const scale = 20 / Math.max(cw, ch);
  const nw = Math.max(1, Math.round(cw * scale));
  const nh = Math.max(1, Math.round(ch * scale));
  const small = resize(crop, nw, nh);
  // Centre of mass of the scaled digit, placed at (14, 14) of the 28x28 image.
  let mass = 0;
  let mx = 0;
  let my = 0;
  for (let y = 0; y < nh; y++) {
    for (let x = 0; x < nw; x++) {
      const v = small.data[y * nw + x];
      mass += v;
      mx += v * (x + 0.5);
      my += v * (y + 0.5);
    }
  }
  const ox = Math.round(14 - (mass > 0 ? mx / mass : nw / 2));
  const oy = Math.round(14 - (mass > 0 ? my / mass : nh / 2));
  const peak = Math.max(...small.data);
  for (let y = 0; y < nh; y++) {
    for (let x = 0; x < nw; x++) {
      const tx = x + ox;
      const ty = y + oy;
      if (tx >= 0 && ty >= 0 && tx < 28 && ty < 28) {
        out.data[ty * 28 + tx] = Math.min(255, (small.data[y * nw + x] * 255) / peak);
      }
    }
  }
  return out;
}

export interface Prediction {
  file: string;
  /** The 28x28 input the model saw (0..255). */
  input: Gray;
  /** Top-3 classes by probability. */
  top: { index: number; probability: number }[];
}

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
    top: probs[n]
      .map((probability, index) => ({ index, probability }))
      .sort((a, b) => b.probability - a.probability)
      .slice(0, 3),
  }));
}
