/**
 * torchvision.utils.make_grid (torchvision 0.14): a batch of images laid out as one image, composed
 * of tensor ops so that it runs on any device; and the uint8 conversion of `save_image`.
 */
import { bindArgs, cat, stack, Tensor } from '@typetorch/tensor';
import type { ImageLike } from '../transforms/functional.js';

/** Options of {@link makeGrid}: torchvision's keyword arguments, camelCase. */
export interface MakeGridOptions {
  /** Images per row of the grid (default 8; torchvision: `nrow`). */
  nrow?: number;
  /** Pixels between the images and around the grid (default 2; torchvision: `padding`). */
  padding?: number;
  /**
   * Shift and scale the values to 0..1, by `valueRange` or the tensor's min and max (default false;
   * torchvision: `normalize`).
   */
  normalize?: boolean;
  /** `[min, max]` for `normalize` (torchvision: `value_range`); default the tensor's min and max. */
  valueRange?: readonly [number, number];
  /** With `normalize`, scale each image by its own min and max (torchvision: `scale_each`, default false). */
  scaleEach?: boolean;
  /** Value of the padding pixels (torchvision: `pad_value`, default 0). */
  padValue?: number;
}

/**
 * The arguments of make_grid after `tensor`: torchvision's positional order (nrow, padding,
 * normalize, value_range, scale_each, pad_value), any prefix of it, then an options object
 * (torchvision: `torchvision.utils.make_grid`'s arguments).
 */
export type MakeGridArgs =
  | [options?: MakeGridOptions]
  | [nrow: number | undefined, options?: MakeGridOptions]
  | [nrow: number | undefined, padding: number | undefined, options?: MakeGridOptions]
  | [
      nrow: number | undefined,
      padding: number | undefined,
      normalize: boolean | undefined,
      options?: MakeGridOptions,
    ]
  | [
      nrow: number | undefined,
      padding: number | undefined,
      normalize: boolean | undefined,
      valueRange: readonly [number, number] | null | undefined,
      options?: MakeGridOptions,
    ]
  | [
      nrow: number | undefined,
      padding: number | undefined,
      normalize: boolean | undefined,
      valueRange: readonly [number, number] | null | undefined,
      scaleEach: boolean | undefined,
      options?: MakeGridOptions,
    ]
  | [
      nrow: number | undefined,
      padding: number | undefined,
      normalize: boolean | undefined,
      valueRange: readonly [number, number] | null | undefined,
      scaleEach: boolean | undefined,
      padValue: number | undefined,
      options?: MakeGridOptions,
    ];

export const MAKE_GRID_PARAMS = ['nrow', 'padding', 'normalize', 'valueRange', 'scaleEach', 'padValue'];

function describe(value: unknown): string {
  return value === null
    ? 'null'
    : typeof value === 'object'
      ? (value.constructor?.name ?? 'object')
      : typeof value;
}

/** `tensor` as torchvision's 4-D batch: a list stacked, 2-D and 3-D images batched, 1 channel to 3. */
function asBatch(tensor: Tensor | readonly Tensor[]): Tensor {
  let t: Tensor;
  if (Array.isArray(tensor)) {
    for (const item of tensor) {
      if (!(item instanceof Tensor)) {
        throw new TypeError(`tensor or list of tensors expected, got a list containing ${describe(item)}`);
      }
    }
    t = stack(tensor as Tensor[], 0);
  } else if (tensor instanceof Tensor) {
    t = tensor;
  } else {
    throw new TypeError(`tensor or list of tensors expected, got ${describe(tensor)}`);
  }
  if (t.ndim === 2) t = t.unsqueeze(0);
  if (t.ndim === 3) {
    if (t.shape[0] === 1) t = cat([t, t, t], 0);
    t = t.unsqueeze(0);
  }
  if (t.ndim !== 4) throw new RangeError(`make_grid(): expected a 2-D, 3-D or 4-D tensor, got ${t.ndim}-D`);
  if (t.shape[1] === 1) t = cat([t, t, t], 1);
  return t;
}

/** torchvision's norm_range: clamp to [low, high], then shift and scale to 0..1. */
function normalized(
  t: Tensor,
  valueRange: readonly [number, number] | undefined,
  scaleEach: boolean,
): Tensor {
  if (valueRange !== undefined) {
    const [low, high] = valueRange;
    return t
      .clamp(low, high)
      .sub(low)
      .div(Math.max(high - low, 1e-5));
  }
  // the min and max (per image with scaleEach) stay tensors: no device read
  const low = scaleEach ? t.amin([1, 2, 3], true) : t.amin();
  const high = scaleEach ? t.amax([1, 2, 3], true) : t.amax();
  return t.sub(low).div(high.sub(low).clamp(1e-5));
}

function checkInteger(name: string, value: unknown, min: number): number {
  if (typeof value !== 'number' || !Number.isInteger(value) || value < min) {
    throw new TypeError(`make_grid(): ${name} must be an integer >= ${min}, got ${String(value)}`);
  }
  return value;
}

/**
 * Makes a grid of images (torchvision: `torchvision.utils.make_grid(tensor, nrow=8, padding=2,
 * normalize=False, value_range=None, scale_each=False, pad_value=0.0)`). `tensor` is a batch
 * `[B, C, H, W]`, a list of `[C, H, W]` images, or one image `[C, H, W]` / `[H, W]`; one-channel
 * images are repeated to 3 channels, as torchvision does. Returns `[C, H', W']` (`[3, H', W']` for
 * gray or RGB input) on the tensor's device, `nrow` images per row with `padding` pixels of
 * `padValue` between and around them; a batch of one image comes back without padding, as in
 * torchvision. With `normalize`, values are clamped to `valueRange` (default the min and max of the
 * batch, or of each image with `scaleEach`) and mapped to 0..1. Composed of tensor ops: runs on any
 * device without reading the tensor back.
 */
export function makeGrid(tensor: Tensor | readonly Tensor[], ...args: MakeGridArgs): Tensor {
  const o = bindArgs('make_grid()', args, { positional: MAKE_GRID_PARAMS, leading: 1 }) as MakeGridOptions;
  const nrow = checkInteger('nrow', o.nrow ?? 8, 1);
  const padding = checkInteger('padding', o.padding ?? 2, 0);
  const padValue = o.padValue ?? 0;
  if (typeof padValue !== 'number') throw new TypeError(`make_grid(): pad_value must be a number`);
  let t = asBatch(tensor);
  if (o.normalize === true) {
    const range = o.valueRange ?? undefined;
    if (
      range !== undefined &&
      !(Array.isArray(range) && range.length === 2 && range.every((v) => typeof v === 'number'))
    ) {
      throw new TypeError('value_range has to be a tuple (min, max) if specified. min and max are numbers');
    }
    t = normalized(t, range, o.scaleEach === true);
  }
  const [nmaps, c, h, w] = t.shape;
  if (nmaps === 1) return t.squeeze(0);
  if (nmaps === 0) throw new RangeError('make_grid(): expected at least one image, got an empty batch');
  const xmaps = Math.min(nrow, nmaps);
  const ymaps = Math.ceil(nmaps / xmaps);
  // each image padded below and to the right, the empty cells filled, then the top and left border
  if (padding > 0) {
    t = cat([t, t.newFull([nmaps, c, padding, w], padValue)], 2);
    t = cat([t, t.newFull([nmaps, c, h + padding, padding], padValue)], 3);
  }
  const cellH = h + padding;
  const cellW = w + padding;
  const empty = xmaps * ymaps - nmaps;
  if (empty > 0) t = cat([t, t.newFull([empty, c, cellH, cellW], padValue)], 0);
  let grid = t
    .reshape([ymaps, xmaps, c, cellH, cellW])
    .permute(2, 0, 3, 1, 4)
    .reshape([c, ymaps * cellH, xmaps * cellW]);
  if (padding > 0) {
    grid = cat([grid.newFull([c, padding, xmaps * cellW], padValue), grid], 1);
    grid = cat([grid.newFull([c, ymaps * cellH + padding, padding], padValue), grid], 2);
  }
  return grid;
}

/**
 * save_image's conversion of a grid `[C, H, W]` to 8-bit pixels, channels last (torchvision:
 * `grid.mul(255).add_(0.5).clamp_(0, 255).permute(1, 2, 0).to('cpu', torch.uint8)`). The arithmetic
 * runs on the grid's device; the read is async so that WebGPU tensors work.
 */
export async function gridToImage(grid: Tensor): Promise<ImageLike> {
  if (grid.ndim !== 3) throw new RangeError(`save_image(): expected a grid [C, H, W], got ${grid.ndim}-D`);
  const [c, height, width] = grid.shape;
  const scaled = grid.mul(255).add(0.5).clamp(0, 255).permute(1, 2, 0).contiguous();
  const values = await scaled.data();
  const data = new Uint8Array(values.length);
  // to(torch.uint8) truncates toward zero
  for (let i = 0; i < values.length; i++) data[i] = Math.trunc(Number(values[i]));
  return { data, width, height, channels: c };
}
