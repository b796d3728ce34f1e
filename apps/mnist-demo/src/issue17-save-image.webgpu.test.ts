/**
 * torchvision.utils.make_grid / save_image on WebGPU (a software Vulkan driver in CI): makeGrid runs on
 * 'webgpu' without reading back, and the pixels of every case of packages/data's torchvision 0.14.1
 * fixture (scripts/fixtures/data_save_image.py) come out equal, as saveImage writes them from a WebGPU
 * tensor. CPU parity is packages/data/src/utils/save-image.test.ts.
 */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { inflateSync } from 'node:zlib';
import '@typetorch/backend-cpu';
import { initWebGPUNode } from '@typetorch/backend-webgpu/node';
import { gridToImage, type MakeGridOptions, makeGrid } from '@typetorch/data';
import { saveImage } from '@typetorch/data/node';
import { tensor } from '@typetorch/tensor';
import { afterAll, beforeAll, expect, it } from 'vitest';

const here = dirname(fileURLToPath(import.meta.url));
const fixture = JSON.parse(
  readFileSync(resolve(here, '../../../packages/data/src/fixtures/data_save_image.json'), 'utf8'),
) as {
  cases: {
    name: string;
    shape: number[];
    options: MakeGridOptions;
    input: number[];
    gridShape: number[];
    png: { pixels: number[] };
  }[];
};
const dir = mkdtempSync(join(tmpdir(), 'typetorch-save-image-webgpu-'));

beforeAll(async () => {
  await initWebGPUNode();
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

it('makeGrid on webgpu gives torchvision 0.14.1 save_image pixels', async () => {
  for (const c of fixture.cases) {
    const grid = makeGrid(tensor(c.input).view(c.shape).to('webgpu'), c.options);
    expect(grid.device, c.name).toBe('webgpu');
    expect(grid.shape, c.name).toEqual(c.gridShape);
    expect(Array.from((await gridToImage(grid)).data), c.name).toEqual(c.png.pixels);
  }
});

it('saveImage writes a WebGPU tensor', async () => {
  const c = fixture.cases[4];
  const path = join(dir, 'grid.png');
  await saveImage(tensor(c.input).view(c.shape).to('webgpu'), path, c.options);
  const bytes = readFileSync(path);
  // IHDR then one IDAT: inflate and drop the filter byte of each row
  const [width, height] = [bytes.readUInt32BE(16), bytes.readUInt32BE(20)];
  const idatLength = bytes.readUInt32BE(33);
  const raw = inflateSync(bytes.subarray(41, 41 + idatLength));
  const pixels: number[] = [];
  for (let y = 0; y < height; y++)
    pixels.push(...raw.subarray(y * (3 * width + 1) + 1, (y + 1) * (3 * width + 1)));
  expect(pixels).toEqual(c.png.pixels);
});
