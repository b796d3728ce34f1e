/**
 * torchvision.utils.save_image for Node: make_grid, the uint8 conversion, a PNG compressed with
 * node:zlib, written atomically.
 */
import { mkdir } from 'node:fs/promises';
import { dirname, extname } from 'node:path';
import { deflateSync } from 'node:zlib';
import { bindArgs, type Tensor } from '@typetorch/tensor';
import { gridToImage, MAKE_GRID_PARAMS, type MakeGridOptions, makeGrid } from '../utils/grid.js';
import { encodePng } from '../utils/png.js';
import { writeFileAtomic } from './download.js';

/** Options of {@link saveImage}: torchvision's `format` and make_grid's keyword arguments. */
export interface SaveImageOptions extends MakeGridOptions {
  /**
   * The image format; only `'png'` (default: from the file name's extension, which must be `.png`)
   * (torchvision: `format`).
   */
  format?: string;
}

/**
 * Saves a tensor as an image file (torchvision: `torchvision.utils.save_image(tensor, fp,
 * format=None, **kwargs)`): {@link makeGrid} with the make_grid options, then
 * `mul(255).add_(0.5).clamp_(0, 255)` to uint8 and a PNG (one-channel images are written as RGB, as
 * torchvision writes them). `tensor` may live on any device. The file is written atomically (a
 * temporary file renamed over `fp`), so a failed write never leaves a partial image; missing parent
 * directories are created. Only PNG is supported: `format` must be `'png'` or omitted with a `.png`
 * file name. In browsers use {@link makeGrid}, `gridToImage` and `encodePng` from `@typetorch/data`.
 */
export async function saveImage(
  tensor: Tensor | readonly Tensor[],
  fp: string,
  ...args: [options?: SaveImageOptions] | [format?: string | null, options?: SaveImageOptions]
): Promise<void> {
  const o = bindArgs('save_image()', args, {
    positional: ['format'],
    keywordOnly: MAKE_GRID_PARAMS,
    leading: 2,
  }) as SaveImageOptions;
  if (typeof fp !== 'string') throw new TypeError(`save_image(): fp must be a file name, got ${typeof fp}`);
  const format = (o.format ?? extname(fp).slice(1)).toLowerCase();
  if (format !== 'png') {
    throw new RangeError(
      `save_image(): only PNG is supported, got ${o.format === undefined ? `the file name '${fp}'` : `format '${o.format}'`}`,
    );
  }
  const { format: _, ...gridOptions } = o;
  const image = await gridToImage(makeGrid(tensor, gridOptions));
  const bytes = encodePng(image, { deflate: (raw) => deflateSync(raw) });
  await mkdir(dirname(fp), { recursive: true });
  await writeFileAtomic(fp, bytes);
}
