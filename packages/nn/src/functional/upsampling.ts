/**
 * Pixel shuffling and resizing (PyTorch: `torch.nn.functional.pixel_shuffle`, `pixel_unshuffle`,
 * `interpolate`), composed of reshapes, permutes and index selections, so every device runs them and
 * autograd differentiates them.
 */
import { scope, type Tensor, tensor } from '@typetorch/tensor';

function checkFactor(fn: string, what: string, factor: number): void {
  if (!Number.isInteger(factor) || factor <= 0) {
    throw new RangeError(`${fn} expects a positive ${what}, but got ${factor}`);
  }
}

function checkRank(fn: string, input: Tensor): void {
  if (input.ndim < 3) {
    throw new RangeError(
      `${fn} expects input to have at least 3 dimensions, but got input with ${input.ndim} dimension(s)`,
    );
  }
}

/**
 * Rearranges `[*, C * r^2, H, W]` into `[*, C, H * r, W * r]` (PyTorch:
 * `torch.nn.functional.pixel_shuffle(input, upscale_factor)`).
 */
export function pixelShuffle(input: Tensor, upscaleFactor: number): Tensor {
  checkRank('pixel_shuffle', input);
  checkFactor('pixel_shuffle', 'upscale_factor', upscaleFactor);
  const r = upscaleFactor;
  const [c, h, w] = input.shape.slice(-3);
  if (c % (r * r) !== 0) {
    throw new RangeError(
      `pixel_shuffle expects its input's 'channel' dimension to be divisible by the square of upscale_factor, but input.size(-3)=${c} is not divisible by ${r * r}`,
    );
  }
  const batch = input.shape.slice(0, -3);
  const b = batch.length;
  return scope(() =>
    input
      .reshape([...batch, c / (r * r), r, r, h, w])
      .permute([...batch.keys(), b, b + 3, b + 1, b + 4, b + 2])
      .reshape([...batch, c / (r * r), h * r, w * r]),
  );
}

/**
 * Rearranges `[*, C, H * r, W * r]` into `[*, C * r^2, H, W]`, the inverse of {@link pixelShuffle}
 * (PyTorch: `torch.nn.functional.pixel_unshuffle(input, downscale_factor)`).
 */
export function pixelUnshuffle(input: Tensor, downscaleFactor: number): Tensor {
  checkRank('pixel_unshuffle', input);
  checkFactor('pixel_unshuffle', 'downscale_factor', downscaleFactor);
  const r = downscaleFactor;
  const [c, h, w] = input.shape.slice(-3);
  for (const [what, size, dim] of [
    ['height', h, -2],
    ['width', w, -1],
  ] as const) {
    if (size % r !== 0) {
      throw new RangeError(
        `pixel_unshuffle expects ${what} to be divisible by downscale_factor, but input.size(${dim})=${size} is not divisible by ${r}`,
      );
    }
  }
  const batch = input.shape.slice(0, -3);
  const b = batch.length;
  return scope(() =>
    input
      .reshape([...batch, c, h / r, r, w / r, r])
      .permute([...batch.keys(), b, b + 2, b + 4, b + 1, b + 3])
      .reshape([...batch, c * r * r, h / r, w / r]),
  );
}

/**
 * Options of {@link interpolate} (PyTorch: the arguments of `torch.nn.functional.interpolate` after `input`).
 */
export interface InterpolateOptions {
  /**
   * Output spatial size: an int for both dims or `[H, W]`. Exactly one of `size` and `scaleFactor`. PyTorch:
   * `size`.
   */
  size?: number | readonly number[] | null;
  /**
   * Multiplier of the spatial size: a number or `[sH, sW]`; the output size is `floor(in * s)`. PyTorch:
   * `scale_factor`.
   */
  scaleFactor?: number | readonly number[] | null;
  /** `'nearest'` (default) or `'bilinear'`. PyTorch: `mode`. */
  mode?: 'nearest' | 'bilinear';
  /**
   * Bilinear only: map the corner pixels' centres onto each other (default false). PyTorch: `align_corners`.
   */
  alignCorners?: boolean | null;
}

const MODES = 'nearest | linear | bilinear | bicubic | trilinear | area | nearest-exact';

function spatialList(
  value: number | readonly number[],
  what: 'output size' | 'scale_factor',
  inSizes: readonly number[],
): number[] {
  if (typeof value === 'number') return inSizes.map(() => value);
  if (value.length !== inSizes.length) {
    const shape = what === 'output size' ? 'output size' : 'scale_factor of shape';
    const fmt = what === 'output size' ? '(o1, o2, ...,oK)' : '(s1, s2, ...,sK)';
    throw new RangeError(
      `Input and ${what === 'output size' ? 'output' : 'scale_factor'} must have the same number of spatial dimensions, but got input with spatial dimensions of [${inSizes.join(', ')}] and ${shape} of (${value.join(', ')}${value.length === 1 ? ',' : ''}). Please provide input tensor in (N, C, d1, d2, ...,dK) format and ${what === 'output size' ? 'output size' : 'scale_factor'} in ${fmt} format.`,
    );
  }
  return [...value];
}

/**
 * One spatial dim resized: for each output index, the source indices and the weight of the second one
 * (PyTorch's `area_pixel_compute_source_index` and `nearest_idx`, in float32 as its CPU kernels).
 */
function sourceIndices(
  inSize: number,
  outSize: number,
  scaleFactor: number | undefined,
  mode: 'nearest' | 'bilinear',
  alignCorners: boolean,
): { i0: number[]; i1: number[]; lambda: number[] } {
  const f = Math.fround;
  const i0: number[] = [];
  const i1: number[] = [];
  const lambda: number[] = [];
  if (mode === 'nearest') {
    const scale = f(scaleFactor !== undefined ? 1 / scaleFactor : inSize / outSize);
    for (let o = 0; o < outSize; o++) {
      const src = outSize === inSize ? o : outSize === 2 * inSize ? o >> 1 : Math.floor(f(o * scale));
      i0.push(Math.min(src, inSize - 1));
    }
    return { i0, i1, lambda };
  }
  let scale: number;
  if (alignCorners) scale = outSize > 1 ? f((inSize - 1) / (outSize - 1)) : 0;
  else scale = f(scaleFactor !== undefined && scaleFactor > 0 ? 1 / scaleFactor : inSize / outSize);
  for (let o = 0; o < outSize; o++) {
    const src = alignCorners ? f(scale * o) : Math.max(f(f(scale * f(o + 0.5)) - 0.5), 0);
    const lo = Math.min(Math.floor(src), inSize - 1);
    i0.push(lo);
    i1.push(lo < inSize - 1 ? lo + 1 : lo);
    lambda.push(f(src - lo));
  }
  return { i0, i1, lambda };
}

/** Resizes dim `dim` of `x` (bilinear: the two neighbours, weighted). */
function resizeDim(x: Tensor, dim: number, idx: ReturnType<typeof sourceIndices>): Tensor {
  const device = x.device;
  const i0 = tensor(idx.i0, { dtype: 'int32', device });
  const a = x.indexSelect(dim, i0);
  if (idx.lambda.length === 0) return a;
  const b = x.indexSelect(dim, tensor(idx.i1, { dtype: 'int32', device }));
  const shape = x.shape.map((_, d) => (d === dim ? idx.lambda.length : 1));
  const l1 = tensor(idx.lambda, { dtype: x.dtype, device }).reshape(shape);
  const l0 = tensor(
    idx.lambda.map((l) => 1 - l),
    { dtype: x.dtype, device },
  ).reshape(shape);
  return a.mul(l0).add(b.mul(l1));
}

/**
 * Resizes a 4-D `[N, C, H, W]` input to `size` or by `scaleFactor`, with nearest-neighbour or bilinear
 * sampling (PyTorch: `torch.nn.functional.interpolate(input, size=None, scale_factor=None,
 * mode='nearest', align_corners=None)`). Other modes and ranks are not in typetorch yet.
 */
export function interpolate(input: Tensor, options: InterpolateOptions = {}): Tensor {
  const mode = options.mode ?? 'nearest';
  const { size, scaleFactor } = options;
  const alignCornersGiven = options.alignCorners !== undefined && options.alignCorners !== null;
  if (mode !== 'nearest' && mode !== 'bilinear') {
    throw new RangeError(
      `Input Error: Only 3D, 4D and 5D input Tensors supported (got ${input.ndim}D) for the modes: ${MODES} (got ${mode})`,
    );
  }
  if (mode === 'nearest' && alignCornersGiven) {
    throw new RangeError(
      'align_corners option can only be set with the interpolating modes: linear | bilinear | bicubic | trilinear',
    );
  }
  if (input.ndim !== 4) {
    if (mode === 'bilinear')
      throw new RangeError(`Got ${input.ndim}D input, but bilinear mode needs 4D input`);
    throw new RangeError(`interpolate: typetorch supports only 4D input so far, got ${input.ndim}D input`);
  }
  const inSizes = input.shape.slice(2);
  const hasSize = size !== undefined && size !== null;
  const hasScale = scaleFactor !== undefined && scaleFactor !== null;
  if (hasSize && hasScale) throw new RangeError('only one of size or scale_factor should be defined');
  if (!hasSize && !hasScale) throw new RangeError('either size or scale_factor should be defined');
  const scales = hasScale ? spatialList(scaleFactor, 'scale_factor', inSizes) : undefined;
  const outSizes = hasSize
    ? spatialList(size, 'output size', inSizes)
    : inSizes.map((s, i) => Math.floor(s * scales![i]));
  if (outSizes.some((s) => s <= 0) || inSizes.some((s) => s <= 0)) {
    throw new RangeError(
      `Input and output sizes should be greater than 0, but got input (H: ${inSizes[0]}, W: ${inSizes[1]}) output (H: ${outSizes[0]}, W: ${outSizes[1]})`,
    );
  }
  const alignCorners = options.alignCorners ?? false;
  return scope(() => {
    let out = input;
    for (const d of [0, 1]) {
      const idx = sourceIndices(inSizes[d], outSizes[d], scales?.[d], mode, alignCorners);
      out = resizeDim(out, d + 2, idx);
    }
    return out;
  });
}
