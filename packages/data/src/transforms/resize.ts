/**
 * Resizing (torchvision: `transforms.Resize` and `transforms.functional.resize`), bilinear.
 *
 * torchvision resizes a PIL image with Pillow's resampler and a tensor with PyTorch's interpolation.
 * Both are here, chosen by what the input stands for:
 *
 * - 8-bit image data (an {@link ImageLike}, or an integer tensor `[..., H, W]` of values 0..255 such
 *   as an MNIST image before `ToTensor`): Pillow's `Image.resize(size, BILINEAR)`, which torchvision
 *   applies to PIL images: a triangle filter widened by the scale when shrinking (antialiasing), in
 *   two passes (width, then height), each in Pillow's 22-bit fixed point and rounded to 0..255.
 *   Computed on the host; the result equals Pillow's bit for bit.
 * - float tensors `[..., H, W]`: torchvision's tensor path, `interpolate(mode='bilinear',
 *   align_corners=False)` with `antialias` (torchvision 0.14's default for tensors: `false`), as two
 *   matrix products on the tensor's device, unrounded.
 */
import { formatShape, isFloating, Tensor, tensor } from '@typetorch/tensor';
import type { ImageLike } from './functional.js';
import type { Transform } from './transform.js';

/** Options of {@link resize} and {@link Resize} (torchvision's keyword arguments). */
export interface ResizeOptions {
  /** Only `'bilinear'` (torchvision's default). */
  interpolation?: 'bilinear';
  /** The longer edge is capped at this many pixels when `size` is one number (torchvision: `max_size`). */
  maxSize?: number;
  /**
   * Widen the filter when shrinking. 8-bit images are always antialiased (Pillow); for float
   * tensors the default is torchvision 0.14's, `false`.
   */
  antialias?: boolean;
}

const OPTION_KEYS = new Set(['interpolation', 'maxSize', 'antialias']);
const PRECISION_BITS = 32 - 8 - 2; // Pillow's Resample.c, 8 bits per channel

/**
 * The output `[height, width]` for `size` (torchvision: `_compute_resized_output_size`): one number
 * matches the shorter edge and keeps the aspect ratio (the longer edge truncated), two are `[h, w]`.
 */
export function resizedSize(
  height: number,
  width: number,
  size: number | readonly number[],
  maxSize?: number,
): [number, number] {
  const list = typeof size === 'number' ? [size] : size;
  if (list.length === 2) {
    if (maxSize !== undefined) {
      throw new RangeError(
        'maxSize should only be passed if size specifies the length of the smaller edge, i.e. size should be an int or a sequence of length 1 in torchscript mode.',
      );
    }
    return [list[0], list[1]];
  }
  if (list.length !== 1) {
    throw new RangeError(
      `Size must be an int or a 1 or 2 element tuple/list, not a ${list.length} element tuple/list`,
    );
  }
  const [short, long] = width <= height ? [width, height] : [height, width];
  let newShort = list[0];
  let newLong = Math.trunc((newShort * long) / short);
  if (maxSize !== undefined) {
    if (maxSize <= newShort) {
      throw new RangeError(
        `max_size = ${maxSize} must be strictly greater than the requested size for the smaller edge size = ${newShort}`,
      );
    }
    if (newLong > maxSize) {
      newShort = Math.trunc((maxSize * newShort) / newLong);
      newLong = maxSize;
    }
  }
  return width <= height ? [newLong, newShort] : [newShort, newLong];
}

/**
 * Pillow's `precompute_coeffs` for the bilinear (triangle) filter: for each output pixel, the first
 * input pixel it reads and the normalized weights. `antialias` widens the support by the scale.
 */
export function bilinearCoefficients(
  inSize: number,
  outSize: number,
  antialias: boolean,
): { start: number[]; weights: number[][] } {
  const scale = inSize / outSize;
  const filterScale = antialias ? Math.max(scale, 1) : 1;
  const support = filterScale; // the triangle's support is 1
  const start: number[] = [];
  const weights: number[][] = [];
  for (let xx = 0; xx < outSize; xx++) {
    const center = (xx + 0.5) * scale;
    const xmin = Math.max(Math.trunc(center - support + 0.5), 0);
    const xmax = Math.min(Math.trunc(center + support + 0.5), inSize);
    const k: number[] = [];
    let ww = 0;
    for (let x = xmin; x < xmax; x++) {
      const w = Math.max(0, 1 - Math.abs((x - center + 0.5) / filterScale));
      k.push(w);
      ww += w;
    }
    start.push(xmin);
    weights.push(ww === 0 ? k : k.map((w) => w / ww));
  }
  return { start, weights };
}

/** One 8-bit pass along an axis of `count` lines (`stride` apart along the axis), as Pillow does. */
function pass8(
  src: Float64Array,
  lines: number,
  inSize: number,
  outSize: number,
  lineOf: (line: number, size: number) => [number, number],
): Float64Array {
  const { start, weights } = bilinearCoefficients(inSize, outSize, true);
  const one = 2 ** PRECISION_BITS;
  // normalize_coeffs_8bpc: weights to fixed point, rounding half away from zero
  const fixed = weights.map((k) =>
    k.map((w) => (w < 0 ? Math.trunc(w * one - 0.5) : Math.trunc(w * one + 0.5))),
  );
  const dst = new Float64Array(lines * outSize);
  for (let line = 0; line < lines; line++) {
    const [srcBase, srcStride] = lineOf(line, inSize);
    const [dstBase, dstStride] = lineOf(line, outSize);
    for (let xx = 0; xx < outSize; xx++) {
      let ss = one / 2;
      const k = fixed[xx];
      for (let x = 0; x < k.length; x++) ss += src[srcBase + (start[xx] + x) * srcStride] * k[x];
      dst[dstBase + xx * dstStride] = Math.min(255, Math.max(0, Math.floor(ss / one)));
    }
  }
  return dst;
}

/** Pillow's bilinear resize of `planes` 8-bit planes `[planes, h, w]` (channels resampled alike). */
function resize8(src: Float64Array, planes: number, h: number, w: number, outH: number, outW: number) {
  let out = src;
  if (outW !== w) {
    out = pass8(out, planes * h, w, outW, (line, size) => [line * size, 1]);
  }
  if (outH !== h) {
    out = pass8(out, planes * outW, h, outH, (line, size) => {
      const plane = Math.floor(line / outW);
      return [plane * size * outW + (line % outW), outW];
    });
  }
  return out;
}

/** The `[out, in]` interpolation matrix of one axis, for float tensors. */
function matrix(inSize: number, outSize: number, antialias: boolean, like: Tensor): Tensor {
  const { start, weights } = bilinearCoefficients(inSize, outSize, antialias);
  const m =
    like.dtype === 'float64' ? new Float64Array(outSize * inSize) : new Float32Array(outSize * inSize);
  for (let i = 0; i < outSize; i++) {
    for (let x = 0; x < weights[i].length; x++) m[i * inSize + start[i] + x] = weights[i][x];
  }
  return tensor(m, { dtype: like.dtype }).view([outSize, inSize]).to(like.device);
}

function checkOptions(options: ResizeOptions): void {
  for (const key of Object.keys(options)) {
    if (!OPTION_KEYS.has(key)) throw new TypeError(`resize() got an unexpected keyword argument '${key}'`);
  }
  if (options.interpolation !== undefined && options.interpolation !== 'bilinear') {
    throw new RangeError(
      `resize(): only 'bilinear' interpolation is supported, got '${options.interpolation}'`,
    );
  }
}

function resizeImage(pic: ImageLike, outH: number, outW: number): ImageLike {
  const { data, width: w, height: h } = pic;
  const c = pic.channels ?? data.length / (w * h);
  if (!Number.isInteger(c) || c <= 0 || data.length !== w * h * c) {
    throw new RangeError(`resize(): image data of length ${data.length} does not fit ${h}x${w} pixels`);
  }
  // channels last to planes, resample, and back
  const planes = new Float64Array(c * h * w);
  for (let p = 0; p < h * w; p++) for (let k = 0; k < c; k++) planes[k * h * w + p] = data[p * c + k];
  const out = resize8(planes, c, h, w, outH, outW);
  const result = new Uint8ClampedArray(outH * outW * c);
  for (let p = 0; p < outH * outW; p++)
    for (let k = 0; k < c; k++) result[p * c + k] = out[k * outH * outW + p];
  return { data: result, width: outW, height: outH, channels: c };
}

/**
 * Resizes an image to `size` (torchvision: `transforms.functional.resize`, bilinear). `size` is one
 * number (the shorter edge, keeping the aspect ratio) or `[h, w]`. 8-bit images (an {@link ImageLike}
 * or an integer tensor `[..., H, W]` on the CPU) are resampled as Pillow resamples PIL images; float
 * tensors `[..., H, W]` as torchvision resamples tensors.
 */
export function resize<T extends ImageLike | Tensor>(
  img: T,
  size: number | readonly number[],
  options: ResizeOptions = {},
): T {
  checkOptions(options);
  if (!(img instanceof Tensor)) {
    const [outH, outW] = resizedSize(img.height, img.width, size, options.maxSize);
    return resizeImage(img, outH, outW) as T;
  }
  const x = img;
  if (x.ndim < 2 || x.dtype === 'bool') {
    throw new RangeError(
      `resize(): expected an image tensor [..., H, W], got ${x.dtype} ${formatShape(x.shape)}`,
    );
  }
  const [h, w] = x.shape.slice(-2);
  const [outH, outW] = resizedSize(h, w, size, options.maxSize);
  if (!isFloating(x.dtype)) {
    const planes = x.numel() / (h * w);
    const out = resize8(Float64Array.from(x.contiguous().dataSync()), planes, h, w, outH, outW);
    return tensor(Array.from(out), { dtype: x.dtype }).view([...x.shape.slice(0, -2), outH, outW]) as T;
  }
  const antialias = options.antialias ?? false;
  let y: Tensor = x;
  if (outW !== w) y = y.matmul(matrix(w, outW, antialias, x).t());
  if (outH !== h) y = matrix(h, outH, antialias, x).matmul(y);
  return (y === x ? x.clone() : y) as T;
}

/**
 * Resizes images to `size` (torchvision: `transforms.Resize(size, interpolation=BILINEAR,
 * max_size=None, antialias=None)`); see {@link resize}.
 */
export class Resize implements Transform<ImageLike | Tensor, ImageLike | Tensor> {
  /** The shorter edge's length, or `[h, w]` (torchvision: `size`). */
  readonly size: number | readonly number[];
  /** Interpolation, `maxSize` and `antialias` (torchvision: `interpolation`, `max_size`, `antialias`). */
  readonly options: ResizeOptions;

  constructor(size: number | readonly number[], options: ResizeOptions = {}) {
    checkOptions(options);
    this.size = typeof size === 'number' ? size : [...size];
    this.options = { ...options };
  }

  /** Resizes one image (torchvision: `Resize.forward`). */
  forward<T extends ImageLike | Tensor>(img: T): T {
    return resize(img, this.size, this.options);
  }

  /** As torchvision's `repr(transform)`. */
  toString(): string {
    const size = typeof this.size === 'number' ? String(this.size) : `[${this.size.join(', ')}]`;
    const maxSize = this.options.maxSize === undefined ? 'None' : String(this.options.maxSize);
    const antialias =
      this.options.antialias === undefined ? 'None' : this.options.antialias ? 'True' : 'False';
    return `Resize(size=${size}, interpolation=bilinear, max_size=${maxSize}, antialias=${antialias})`;
  }
}
