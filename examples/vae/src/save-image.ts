/**
 * torchvision.utils.save_image (and make_grid), which upstream's VAE calls: a batch of images
 * `[B, C, H, W]` in [0, 1] laid out in a grid, `nrow` per row, 2 pixels of padding, written as a PNG.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import type { Tensor } from '@typetorch/tensor';
import { PNG } from 'pngjs';

/** Options of {@link saveImage}, torchvision's keyword arguments. */
export interface SaveImageOptions {
  /** Images per row of the grid (default 8). */
  nrow?: number;
  /** Pixels between images and around the grid (default 2). */
  padding?: number;
}

/** Writes `tensor` (`[B, C, H, W]`, C 1 or 3, values in [0, 1]) to `path` as a grid PNG. */
export async function saveImage(tensor: Tensor, path: string, options: SaveImageOptions = {}): Promise<void> {
  const { nrow = 8, padding = 2 } = options;
  if (tensor.ndim !== 4 || (tensor.shape[1] !== 1 && tensor.shape[1] !== 3)) {
    throw new RangeError(`save_image(): expected [B, 1 or 3, H, W], got [${tensor.shape.join(', ')}]`);
  }
  const [b, c, h, w] = tensor.shape;
  const values = await tensor.contiguous().data();
  const cols = Math.min(nrow, b);
  const rows = Math.ceil(b / cols);
  const width = cols * (w + padding) + padding;
  const height = rows * (h + padding) + padding;
  const png = new PNG({ width, height });
  png.data.fill(0);
  for (let i = 0; i < width * height; i++) png.data[4 * i + 3] = 255;
  for (let k = 0; k < b; k++) {
    const x0 = padding + (k % cols) * (w + padding);
    const y0 = padding + Math.floor(k / cols) * (h + padding);
    for (let y = 0; y < h; y++) {
      for (let x = 0; x < w; x++) {
        const at = 4 * ((y0 + y) * width + x0 + x);
        for (let ch = 0; ch < 3; ch++) {
          const v = values[((k * c + (c === 1 ? 0 : ch)) * h + y) * w + x];
          // torchvision: mul(255).add_(0.5).clamp_(0, 255) to uint8
          png.data[at + ch] = Math.min(255, Math.max(0, Math.floor(v * 255 + 0.5)));
        }
      }
    }
  }
  mkdirSync(dirname(path), { recursive: true });
  writeFileSync(path, PNG.sync.write(png));
}
