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
  /**
   * Takes the upscale factor `r` (PyTorch: `torch.nn.PixelShuffle.__init__`).
   * @param upscaleFactor - The factor `r` that multiplies height and width (PyTorch: `upscale_factor`).
   */
  constructor(readonly upscaleFactor: number) {
    super();
  }

  /** Input `[*, C * r^2, H, W]`; output `[*, C, H * r, W * r]` (PyTorch: `torch.nn.PixelShuffle.forward`). */
  forward(input: Tensor): Tensor {
    return pixelShuffle(input, this.upscaleFactor);
  }

  /** The settings that `toString()` prints for this layer (PyTorch: `extra_repr`). */
  override extraRepr(): string {
    return `upscale_factor=${this.upscaleFactor}`;
  }
}

/** Rearranges `[*, C, H * r, W * r]` into `[*, C * r^2, H, W]` (PyTorch: `torch.nn.PixelUnshuffle(downscale_factor)`). */
export class PixelUnshuffle extends Module {
  /**
   * Takes the downscale factor `r` (PyTorch: `torch.nn.PixelUnshuffle.__init__`).
   * @param downscaleFactor - The factor `r` that divides height and width (PyTorch: `downscale_factor`).
   */
  constructor(readonly downscaleFactor: number) {
    super();
  }

  /**
   * Input `[*, C, H * r, W * r]`; output `[*, C * r^2, H, W]` (PyTorch: `torch.nn.PixelUnshuffle.forward`).
   */
  forward(input: Tensor): Tensor {
    return pixelUnshuffle(input, this.downscaleFactor);
  }

  /** The settings that `toString()` prints for this layer (PyTorch: `extra_repr`). */
  override extraRepr(): string {
    return `downscale_factor=${this.downscaleFactor}`;
  }
}

/**
 * Options of {@link Upsample}: those of {@link F.interpolate} (PyTorch: the arguments of
 * `torch.nn.Upsample`).
 */
export type UpsampleOptions = InterpolateOptions;

/**
 * Resizes 4-D inputs with {@link interpolate} (PyTorch: `torch.nn.Upsample(size=None,
 * scale_factor=None, mode='nearest', align_corners=None)`): modes `'nearest'` and `'bilinear'`.
 */
export class Upsample extends Module {
  /** The output spatial size, or `null` when `scaleFactor` sets it (PyTorch: `size`). */
  readonly size: number | readonly number[] | null;
  /** Multiplier of the spatial size, or `null` when `size` sets it (PyTorch: `scale_factor`). */
  readonly scaleFactor: number | readonly number[] | null;
  /** The sampling: `'nearest'` or `'bilinear'` (PyTorch: `mode`, default 'nearest'). */
  readonly mode: 'nearest' | 'bilinear';
  /**
   * With `bilinear`, whether corner pixels of input and output align, or `null` (PyTorch: `align_corners`,
   * default None).
   */
  readonly alignCorners: boolean | null;

  /**
   * Takes `size`, `scaleFactor`, `mode`, `alignCorners`, positionally or as one options object (PyTorch:
   * `torch.nn.Upsample.__init__`).
   */
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

  /**
   * Input `[N, C, H, W]`; output `[N, C, H_out, W_out]` from `size`, or `floor(H * scaleFactor)` and `floor(W
   * * scaleFactor)` (PyTorch: `torch.nn.Upsample.forward`).
   */
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
