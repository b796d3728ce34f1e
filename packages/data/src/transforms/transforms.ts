/**
 * Image transforms (torchvision: `ToTensor`, `Normalize`, `RandomCrop`, `RandomHorizontalFlip`,
 * `RandomVerticalFlip`, `RandomRotation`, `RandomAffine`) on `[..., C, H, W]` tensors. Random ones
 * take an optional `generator` (default: the global one), so a seed reproduces the augmentations.
 */
import { defaultGenerator, type Generator, type Tensor } from '@typetorch/tensor';
import { randintScalar, uniformScalar } from '../random.js';
import {
  affine,
  type Fill,
  hflip,
  type ImageLike,
  type Interpolation,
  normalize,
  type PaddingMode,
  padAndCrop,
  parsePadding,
  rotate,
  roundHalfEven,
  toTensor,
  vflip,
} from './functional.js';
import type { Transform } from './transform.js';

function formatList(values: number | readonly number[]): string {
  return typeof values === 'number' ? String(values) : `[${values.join(', ')}]`;
}

/**
 * uint8 image data (an `ImageLike` such as `ImageData`, or a `[H, W]` / `[H, W, C]` tensor of values
 * 0..255) to a float32 `[C, H, W]` tensor in [0, 1] (torchvision: `ToTensor`).
 */
export class ToTensor implements Transform<ImageLike | Tensor, Tensor> {
  /** Converts one image (torchvision: `ToTensor.__call__`). */
  forward(pic: ImageLike | Tensor): Tensor {
    return toTensor(pic);
  }

  /** As torchvision's `repr(transform)`. */
  toString(): string {
    return 'ToTensor()';
  }
}

/** `(x - mean) / std` per channel (torchvision: `Normalize`). */
export class Normalize implements Transform<Tensor, Tensor> {
  /** Per-channel means, or one for all channels (torchvision: `mean`). */
  readonly mean: number | readonly number[];
  /** Per-channel standard deviations, or one for all channels (torchvision: `std`). */
  readonly std: number | readonly number[];
  /** Whether `forward` normalizes its input in place (torchvision: `inplace`). */
  readonly inplace: boolean;

  constructor(
    mean: number | readonly number[],
    std: number | readonly number[],
    options: { inplace?: boolean } = {},
  ) {
    this.mean = typeof mean === 'number' ? mean : [...mean];
    this.std = typeof std === 'number' ? std : [...std];
    this.inplace = options.inplace ?? false;
  }

  /** Normalizes a `[..., C, H, W]` tensor (torchvision: `Normalize.forward`). */
  forward(x: Tensor): Tensor {
    return normalize(x, this.mean, this.std, { inplace: this.inplace });
  }

  /** As torchvision's `repr(transform)`. */
  toString(): string {
    return `Normalize(mean=${formatList(this.mean)}, std=${formatList(this.std)})`;
  }
}

/** `[h, w]` from an int or a 1- or 2-element list (torchvision: `_setup_size`). */
function setupSize(size: number | readonly number[]): [number, number] {
  const s = typeof size === 'number' ? [size, size] : size.length === 1 ? [size[0], size[0]] : size;
  if (s.length !== 2) throw new RangeError('Please provide only two dimensions (h, w) for size.');
  if (!s.every((v) => Number.isInteger(v) && v > 0)) {
    throw new RangeError(`size must be positive integers, got ${formatList(size)}`);
  }
  return [s[0], s[1]];
}

/** Options of {@link RandomCrop} (torchvision: the keyword arguments of `RandomCrop`). */
export interface RandomCropOptions {
  /**
   * Padding first added to every border: an int, `[leftRight, topBottom]` or `[left, top, right, bottom]`
   * (torchvision: `padding`).
   */
  padding?: number | readonly number[];
  /**
   * Pad images smaller than the crop (by the shortfall, on both sides) instead of failing (torchvision:
   * `pad_if_needed`).
   */
  padIfNeeded?: boolean;
  /** Value of padded pixels in 'constant' mode (default 0; torchvision: `fill`). */
  fill?: Fill;
  /**
   * How borders are padded: 'constant' (default), 'edge', 'reflect' or 'symmetric' (torchvision:
   * `padding_mode`).
   */
  paddingMode?: PaddingMode;
  /**
   * Source of randomness, default the global generator (PyTorch: a `torch.Generator`; torchvision draws
   * from the global one).
   */
  generator?: Generator;
}

/** A random `size` window, after optional padding (torchvision: `RandomCrop`). */
export class RandomCrop implements Transform<Tensor, Tensor> {
  /** The crop's `[height, width]` (torchvision: `size`). */
  readonly size: [number, number];
  /** Padding added to every border first, if any (torchvision: `padding`). */
  readonly padding: number | readonly number[] | undefined;
  /** Whether images smaller than the crop are padded (torchvision: `pad_if_needed`). */
  readonly padIfNeeded: boolean;
  /** Value of padded pixels in 'constant' mode (torchvision: `fill`). */
  readonly fill: Fill;
  /** How borders are padded (torchvision: `padding_mode`). */
  readonly paddingMode: PaddingMode;
  /** Source of randomness (PyTorch: a `torch.Generator`; torchvision draws from the global one). */
  readonly generator: Generator;

  constructor(size: number | readonly number[], options: RandomCropOptions = {}) {
    this.size = setupSize(size);
    this.padding = options.padding;
    if (this.padding !== undefined) parsePadding(this.padding);
    this.padIfNeeded = options.padIfNeeded ?? false;
    this.fill = options.fill ?? 0;
    this.paddingMode = options.paddingMode ?? 'constant';
    if (!['constant', 'edge', 'reflect', 'symmetric'].includes(this.paddingMode)) {
      throw new RangeError(
        `Padding mode should be either constant, edge, reflect or symmetric, got ${this.paddingMode}`,
      );
    }
    this.generator = options.generator ?? defaultGenerator;
  }

  /** Crops one `[..., H, W]` image at a random position (torchvision: `RandomCrop.forward`). */
  forward(x: Tensor): Tensor {
    const [th, tw] = this.size;
    return padAndCrop(x, this.size, this, (h, w) => {
      if (h === th && w === tw) return [0, 0];
      const i = randintScalar(0, h - th + 1, this.generator);
      const j = randintScalar(0, w - tw + 1, this.generator);
      return [i, j];
    });
  }

  /** As torchvision's `repr(transform)`. */
  toString(): string {
    const padding = this.padding === undefined ? 'None' : formatList(this.padding);
    return `RandomCrop(size=(${this.size.join(', ')}), padding=${padding})`;
  }
}

function checkProbability(p: number): void {
  if (!(p >= 0 && p <= 1)) throw new RangeError(`p should be a probability between 0 and 1, got ${p}`);
}

/** Applies `flip` with probability `p`, else returns the input: what both random flips share. */
abstract class RandomFlip implements Transform<Tensor, Tensor> {
  /** Probability of flipping (torchvision: `p`). */
  readonly p: number;
  /** Source of randomness (PyTorch: a `torch.Generator`; torchvision draws from the global one). */
  readonly generator: Generator;

  constructor(p: number, options: { generator?: Generator }) {
    checkProbability(p);
    this.p = p;
    this.generator = options.generator ?? defaultGenerator;
  }

  /** Flips one `[..., H, W]` image (torchvision: `F.hflip` or `F.vflip`). */
  protected abstract flip(x: Tensor): Tensor;

  /** Flips `x` with probability `p`, else returns it (torchvision: the flip's `forward`). */
  forward(x: Tensor): Tensor {
    return uniformScalar(0, 1, this.generator) < this.p ? this.flip(x) : x;
  }

  /** As torchvision's `repr(transform)`. */
  toString(): string {
    return `${this.constructor.name}(p=${this.p})`;
  }
}

/** Mirrors left-right with probability `p` (torchvision: `RandomHorizontalFlip`); else returns the input. */
export class RandomHorizontalFlip extends RandomFlip {
  constructor(p = 0.5, options: { generator?: Generator } = {}) {
    super(p, options);
  }

  protected flip(x: Tensor): Tensor {
    return hflip(x);
  }
}

/** Mirrors top-bottom with probability `p` (torchvision: `RandomVerticalFlip`); else returns the input. */
export class RandomVerticalFlip extends RandomFlip {
  constructor(p = 0.5, options: { generator?: Generator } = {}) {
    super(p, options);
  }

  protected flip(x: Tensor): Tensor {
    return vflip(x);
  }
}

/** `[-x, x]` from a number, or a checked range (torchvision: `_setup_angle`). */
function setupAngle(value: number | readonly number[], name: string, sizes: readonly number[]): number[] {
  if (typeof value === 'number') {
    if (value < 0) throw new RangeError(`If ${name} is a single number, it must be positive.`);
    return [-value, value];
  }
  checkSequence(value, name, sizes);
  return [...value];
}

function checkSequence(value: readonly number[], name: string, sizes: readonly number[]): void {
  if (!Array.isArray(value) || !sizes.includes(value.length)) {
    throw new RangeError(`${name} should be a sequence of length ${sizes.join(' or ')}.`);
  }
}

/** Options of {@link RandomRotation} (torchvision: the keyword arguments of `RandomRotation`). */
export interface RandomRotationOptions {
  /** 'nearest' (default) or 'bilinear' (torchvision: `interpolation`). */
  interpolation?: Interpolation;
  /** Grow the output to hold the whole rotated image (default false; torchvision: `expand`). */
  expand?: boolean;
  /** Center of rotation `[x, y]` in pixels (default: the image center; torchvision: `center`). */
  center?: readonly [number, number];
  /** Value of pixels outside the rotated image (default 0; torchvision: `fill`). */
  fill?: Fill;
  /**
   * Source of randomness, default the global generator (PyTorch: a `torch.Generator`; torchvision draws
   * from the global one).
   */
  generator?: Generator;
}

/**
 * Rotates by an angle drawn uniformly from `[-degrees, degrees]` or `[min, max]`, counter-clockwise
 * (torchvision: `RandomRotation`). Multiples of 90 degrees move pixels exactly.
 */
export class RandomRotation implements Transform<Tensor, Tensor> {
  /** The range `[min, max]` of angles in degrees (torchvision: `degrees`). */
  readonly degrees: [number, number];
  /** 'nearest' or 'bilinear' (torchvision: `interpolation`). */
  readonly interpolation: Interpolation;
  /** Whether the output grows to hold the whole rotated image (torchvision: `expand`). */
  readonly expand: boolean;
  /** Center of rotation `[x, y]` in pixels, or undefined for the image center (torchvision: `center`). */
  readonly center: readonly [number, number] | undefined;
  /** Value of pixels outside the rotated image (torchvision: `fill`). */
  readonly fill: Fill;
  /** Source of randomness (PyTorch: a `torch.Generator`; torchvision draws from the global one). */
  readonly generator: Generator;

  constructor(degrees: number | readonly number[], options: RandomRotationOptions = {}) {
    const [lo, hi] = setupAngle(degrees, 'degrees', [2]);
    this.degrees = [lo, hi];
    this.interpolation = options.interpolation ?? 'nearest';
    this.expand = options.expand ?? false;
    if (options.center !== undefined) checkSequence(options.center, 'center', [2]);
    this.center = options.center;
    this.fill = options.fill ?? 0;
    this.generator = options.generator ?? defaultGenerator;
  }

  /** Rotates one `[..., H, W]` image by a random angle (torchvision: `RandomRotation.forward`). */
  forward(x: Tensor): Tensor {
    const angle = uniformScalar(this.degrees[0], this.degrees[1], this.generator);
    return rotate(x, angle, {
      interpolation: this.interpolation,
      expand: this.expand,
      center: this.center,
      fill: this.fill,
    });
  }

  /** As torchvision's `repr(transform)`. */
  toString(): string {
    return `RandomRotation(degrees=[${this.degrees.join(', ')}], interpolation=${this.interpolation}, expand=${this.expand}, fill=${formatList(this.fill)})`;
  }
}

/** Options of {@link RandomAffine} (torchvision: the keyword arguments of `RandomAffine`). */
export interface RandomAffineOptions {
  /**
   * Largest horizontal and vertical shift as fractions of the width and height, e.g. `[0.1, 0.1]`
   * (torchvision: `translate`).
   */
  translate?: readonly [number, number];
  /** Scale drawn uniformly from `[min, max]` (torchvision: `scale`). */
  scale?: readonly [number, number];
  /**
   * Shear in degrees: a number (x in `[-s, s]`), `[min, max]` for x, or `[xmin, xmax, ymin, ymax]`
   * (torchvision: `shear`).
   */
  shear?: number | readonly number[];
  /** 'nearest' (default) or 'bilinear' (torchvision: `interpolation`). */
  interpolation?: Interpolation;
  /** Value of pixels outside the transformed image (default 0; torchvision: `fill`). */
  fill?: Fill;
  /** Center `[x, y]` in pixels (default: the image center; torchvision: `center`). */
  center?: readonly [number, number];
  /**
   * Source of randomness, default the global generator (PyTorch: a `torch.Generator`; torchvision draws
   * from the global one).
   */
  generator?: Generator;
}

/**
 * A random affine warp keeping the image center (torchvision: `RandomAffine`): rotation in degrees
 * (clockwise, as torchvision's `affine`), optional translation, scale and shear.
 */
export class RandomAffine implements Transform<Tensor, Tensor> {
  /** The range `[min, max]` of rotation angles in degrees (torchvision: `degrees`). */
  readonly degrees: [number, number];
  /** Largest horizontal and vertical shift as fractions of the size, if any (torchvision: `translate`). */
  readonly translate: readonly [number, number] | undefined;
  /** Range of the scale, if any (torchvision: `scale`). */
  readonly scale: readonly [number, number] | undefined;
  /** Shear ranges in degrees, if any (torchvision: `shear`). */
  readonly shear: number[] | undefined;
  /** 'nearest' or 'bilinear' (torchvision: `interpolation`). */
  readonly interpolation: Interpolation;
  /** Value of pixels outside the transformed image (torchvision: `fill`). */
  readonly fill: Fill;
  /** Center `[x, y]` in pixels, or undefined for the image center (torchvision: `center`). */
  readonly center: readonly [number, number] | undefined;
  /** Source of randomness (PyTorch: a `torch.Generator`; torchvision draws from the global one). */
  readonly generator: Generator;

  constructor(degrees: number | readonly number[], options: RandomAffineOptions = {}) {
    const [lo, hi] = setupAngle(degrees, 'degrees', [2]);
    this.degrees = [lo, hi];
    const { translate, scale, shear, center } = options;
    if (translate !== undefined) {
      checkSequence(translate, 'translate', [2]);
      for (const t of translate) {
        if (!(t >= 0 && t <= 1)) throw new RangeError('translation values should be between 0 and 1');
      }
    }
    if (scale !== undefined) {
      checkSequence(scale, 'scale', [2]);
      for (const s of scale) if (!(s > 0)) throw new RangeError('scale values should be positive');
    }
    if (center !== undefined) checkSequence(center, 'center', [2]);
    this.translate = translate;
    this.scale = scale;
    this.shear = shear === undefined ? undefined : setupAngle(shear, 'shear', [2, 4]);
    this.interpolation = options.interpolation ?? 'nearest';
    this.fill = options.fill ?? 0;
    this.center = center;
    this.generator = options.generator ?? defaultGenerator;
  }

  /**
   * Applies a random affine transformation to one `[..., H, W]` image (torchvision:
   * `RandomAffine.forward`).
   */
  forward(x: Tensor): Tensor {
    const g = this.generator;
    const width = x.shape[x.ndim - 1];
    const height = x.shape[x.ndim - 2];
    const angle = uniformScalar(this.degrees[0], this.degrees[1], g);
    let translate: [number, number] = [0, 0];
    if (this.translate !== undefined) {
      const maxDx = this.translate[0] * width;
      const maxDy = this.translate[1] * height;
      translate = [
        roundHalfEven(uniformScalar(-maxDx, maxDx, g)),
        roundHalfEven(uniformScalar(-maxDy, maxDy, g)),
      ];
    }
    const scale = this.scale === undefined ? 1 : uniformScalar(this.scale[0], this.scale[1], g);
    let shear: [number, number] = [0, 0];
    if (this.shear !== undefined) {
      shear = [
        uniformScalar(this.shear[0], this.shear[1], g),
        this.shear.length === 4 ? uniformScalar(this.shear[2], this.shear[3], g) : 0,
      ];
    }
    return affine(x, angle, translate, scale, shear, {
      interpolation: this.interpolation,
      fill: this.fill,
      center: this.center,
    });
  }

  /** As torchvision's `repr(transform)`. */
  toString(): string {
    const parts = [`degrees=[${this.degrees.join(', ')}]`];
    if (this.translate) parts.push(`translate=${formatList(this.translate)}`);
    if (this.scale) parts.push(`scale=${formatList(this.scale)}`);
    if (this.shear) parts.push(`shear=${formatList(this.shear)}`);
    return `RandomAffine(${parts.join(', ')})`;
  }
}
