/** `PixelShuffle`, `PixelUnshuffle` and `Upsample` (PyTorch: `torch.nn.PixelShuffle`, ...). */
import { bindArgs, type Tensor } from '@typetorch/tensor';
import {
  type InterpolateOptions,
  interpolate,
  pixelShuffle,
  pixelUnshuffle,
} from '../functional/upsampling.js';
import { Module } from '../module.js';
import { pyFloat, pyTuple } from './python-repr.js';

/** Rearranges `[*, C * r^2, H, W]` into `[*, C, H * r, W * r]` (PyTorch: `torch.nn.PixelShuffle(upscale_factor)`). */
export class PixelShuffle extends Module {
  constructor(readonly upscaleFactor: number) {
    super();
  }

  forward(input: Tensor): Tensor {
    return pixelShuffle(input, this.upscaleFactor);
  }

  override extraRepr(): string {
    return `upscale_factor=${this.upscaleFactor}`;
  }
}

/** Rearranges `[*, C, H * r, W * r]` into `[*, C * r^2, H, W]` (PyTorch: `torch.nn.PixelUnshuffle(downscale_factor)`). */
export class PixelUnshuffle extends Module {
  constructor(readonly downscaleFactor: number) {
    super();
  }

  forward(input: Tensor): Tensor {
    return pixelUnshuffle(input, this.downscaleFactor);
  }

  override extraRepr(): string {
    return `downscale_factor=${this.downscaleFactor}`;
  }
}

/** Options of {@link Upsample}: those of `F.interpolate`. */
export type UpsampleOptions = InterpolateOptions;

/**
 * Resizes 4-D inputs with {@link interpolate} (PyTorch: `torch.nn.Upsample(size=None,
 * scale_factor=None, mode='nearest', align_corners=None)`): modes `'nearest'` and `'bilinear'`.
 */
export class Upsample extends Module {
  readonly size: number | readonly number[] | null;
  readonly scaleFactor: number | readonly number[] | null;
  readonly mode: 'nearest' | 'bilinear';
  readonly alignCorners: boolean | null;

  constructor(
    ...args:
      | [options?: UpsampleOptions]
      | [
          size?: number | readonly number[] | null,
          scaleFactor?: number | readonly number[] | null,
          mode?: 'nearest' | 'bilinear',
          alignCorners?: boolean | null,
          options?: UpsampleOptions,
        ]
  ) {
    super();
    const options: UpsampleOptions = bindArgs('Upsample.__init__()', args, {
      positional: ['size', 'scaleFactor', 'mode', 'alignCorners'],
    });
    this.size = options.size ?? null;
    const s = options.scaleFactor;
    this.scaleFactor = s === undefined || s === null ? null : s;
    this.mode = options.mode ?? 'nearest';
    this.alignCorners = options.alignCorners ?? null;
  }

  forward(input: Tensor): Tensor {
    return interpolate(input, {
      size: this.size,
      scaleFactor: this.scaleFactor,
      mode: this.mode,
      alignCorners: this.alignCorners,
    });
  }

  /** PyTorch's: the scale factor (as floats) if given, else the size, then the mode. */
  override extraRepr(): string {
    const s = this.scaleFactor;
    const text =
      s !== null
        ? `scale_factor=${typeof s === 'number' ? pyFloat(s) : `(${s.map(pyFloat).join(', ')})`}`
        : `size=${this.size === null ? 'None' : typeof this.size === 'number' ? this.size : pyTuple(this.size)}`;
    return `${text}, mode=${this.mode}`;
  }
}
