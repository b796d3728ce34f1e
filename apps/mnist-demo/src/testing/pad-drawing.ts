/**
 * Drawing on the page's pad in the browser tests (test-only): trace an MNIST test image with the mouse,
 * and read the top-3 predictions once they have arrived.
 */
import type { Page } from 'playwright-core';
import { expect } from 'vitest';
import { HANG } from './browser-page.js';

/**
 * Replays pointer strokes that trace image `index` of `images` on the pad: one stroke per run of ink
 * pixels in each row, scaled to the pad's size on screen.
 */
export async function traceDigit(page: Page, images: { pixels: Uint8Array }, index: number): Promise<void> {
  await page.getByRole('button', { name: 'Clear' }).click();
  const box = await page.locator('#pad').boundingBox();
  if (box === null) throw new Error('the pad is not visible');
  const at = (x: number, y: number) => [
    box.x + ((x + 0.5) * box.width) / 28,
    box.y + ((y + 0.5) * box.height) / 28,
  ];
  const pixels = images.pixels.subarray(index * 784, (index + 1) * 784);
  for (let y = 0; y < 28; y++) {
    for (let x = 0; x < 28; x++) {
      if (pixels[y * 28 + x] < 128) continue;
      const start = x;
      while (x + 1 < 28 && pixels[y * 28 + x + 1] >= 128) x++;
      const [x0, py] = at(start, y);
      const [x1] = at(x, y);
      await page.mouse.move(x0, py);
      await page.mouse.down();
      await page.mouse.move(x1, py, { steps: 3 });
      await page.mouse.up();
    }
  }
}

/** The top-3 list once the drawing's latest prediction has arrived. */
export async function top3(page: Page): Promise<string[]> {
  // Two frames: the pad reports its drawing on the next animation frame.
  await page.evaluate(() => new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r))));
  await expect.poll(() => page.getAttribute('#top3', 'aria-busy'), { timeout: HANG }).toBe('false');
  return page.locator('#top3 li .digit').allTextContents();
}
