/**
 * Issue 21, "results could teach more", in headless Chromium on the dev server: after a short CPU run
 * the grid switches to the test images the model gets wrong (true→predicted, toggled back to the first
 * 40), a per-class accuracy table and a model summary with parameter counts appear, the confusion
 * matrix labels its axes, the charts draw their axes before any data, disabled fields look disabled and
 * the model list fits a phone; a data URL that serves a web page gets a plain message. Screenshots of
 * these states at 1280x900 and 390x844 go to artifacts/ (docs/ holds the README's copies).
 */
import { mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import { MNIST } from '@typetorch/data/node';
import type { Page } from 'playwright-core';
import { expect, it } from 'vitest';
import { ARTIFACTS, DATA, devPageSession, HANG, open, text, waitForStatus } from '../testing/browser-page.js';

let test: MNIST;

const session = devPageSession(async () => {
  test = await MNIST.load(DATA, { train: false });
  await mkdir(ARTIFACTS, { recursive: true });
});

const shot = (page: Page, name: string) => page.screenshot({ path: join(ARTIFACTS, name), fullPage: true });

/** Pixels of a chart's canvas drawn dark (axis labels and tick values are black text). */
function darkPixels(page: Page, chart: string): Promise<number> {
  return page.evaluate((id) => {
    const canvas = document.querySelector<HTMLCanvasElement>(`#${id} canvas`);
    const ctx = canvas?.getContext('2d');
    if (!canvas || !ctx) return 0;
    const { data } = ctx.getImageData(0, 0, canvas.width, canvas.height);
    let n = 0;
    for (let i = 0; i < data.length; i += 4)
      if (data[i + 3] > 200 && data[i] + data[i + 1] + data[i + 2] < 200) n++;
    return n;
  }, chart);
}

const checked = (page: Page) => page.locator('input[name="grid-view"]:checked').getAttribute('value');

async function checkPerClassAndSummary(page: Page, accuracy: number): Promise<void> {
  const rows = page.locator('#per-class tbody tr');
  expect(await rows.count()).toBe(10);
  expect(await page.locator('#per-class tbody th').allTextContents()).toEqual(
    Array.from({ length: 10 }, (_, i) => String(i)),
  );
  const counts = (await page.locator('#per-class tbody td:nth-of-type(1)').allTextContents()).map((c) =>
    c.split(' / ').map(Number),
  );
  // The test set's class sizes, and the right answers adding up to the accuracy shown.
  const sizes = Array.from({ length: 10 }, (_, d) => test.labels.filter((l) => l === d).length);
  expect(counts.map(([, total]) => total)).toEqual(sizes);
  const right = counts.reduce((a, [c]) => a + c, 0);
  expect(right / 100).toBeCloseTo(accuracy, 1);
  expect(await page.locator('#per-class tr.worst').count()).toBeGreaterThanOrEqual(1);

  // The model summary: the MLP's layers and counts, as `pnpm demo -- summary` prints them.
  const layers = await page
    .locator('#model-summary tbody tr')
    .evaluateAll((trs) => trs.map((tr) => Array.from(tr.children, (c) => c.textContent?.trim())));
  expect(layers).toEqual([
    ['fc1', '[512, 784] [512]', '401,920'],
    ['fc2', '[512, 512] [512]', '262,656'],
    ['fc3', '[10, 512] [10]', '5,130'],
  ]);
  expect(await text(page, '#model-summary tfoot')).toMatch(/^total\s*669,706$/);
  expect(await text(page, '#model-summary caption')).toBe('MLP: 669,706 parameters (2.55 MB as float32)');
}

/** The mistakes view: misclassified test images only, captioned true→predicted, the truth checked. */
async function checkMistakes(page: Page): Promise<void> {
  const cells = page.locator('#grid .cell');
  const n = await cells.count();
  expect(n).toBeGreaterThan(0);
  expect(n).toBeLessThanOrEqual(40);
  const shown = await cells.evaluateAll((figs) =>
    figs.map((f) => ({
      index: Number((f as HTMLElement).dataset.index),
      caption: f.textContent?.trim() ?? '',
    })),
  );
  for (const { index, caption } of shown) {
    const [truth, predicted] = caption.split('→');
    expect(truth, `test image ${index}`).toBe(String(test.labels[index]));
    expect(predicted).toMatch(/^\d$/);
    expect(predicted).not.toBe(truth);
  }
  // In test-set order.
  const indices = shown.map((s) => s.index);
  expect(indices).toEqual([...indices].sort((a, b) => a - b));
  expect(await cells.evaluateAll((f) => f.every((c) => c.classList.contains('wrong')))).toBe(true);
  expect(await text(page, '#grid-summary')).toMatch(
    new RegExp(`^${n} misclassified test images \\(of the first [\\d,]+\\), captioned true→predicted\\.$`),
  );
}

it('after a short run: the mistakes (toggle to the first 40), per-class accuracy, a model summary, a labelled matrix, charts with axes from the start', async () => {
  const { page, errors } = await open(session.browser, `${session.url}?device=cpu&limit=5000`);
  // Before training: the loss and accuracy charts already show their axes (tick values drawn).
  expect(await darkPixels(page, 'loss-chart')).toBeGreaterThan(100);
  expect(await darkPixels(page, 'accuracy-chart')).toBeGreaterThan(100);
  expect(await checked(page)).toBe('first');
  await shot(page, 'start-desktop.png');

  await page.getByLabel('Model', { exact: true }).selectOption('mlp');
  await page.getByLabel('Epochs', { exact: true }).fill('2');
  await page.getByLabel('Batch size', { exact: true }).fill('64');
  await page.getByLabel('Learning rate', { exact: true }).fill('0.002');
  const enabledBackground = await page.$eval('#epochs', (e) => getComputedStyle(e).backgroundColor);
  await page.getByRole('button', { name: 'Start' }).click();
  // While training the fields are disabled, and look it (grey, not white).
  await expect.poll(() => page.locator('#epochs').isDisabled(), { timeout: HANG }).toBe(true);
  expect(await page.$eval('#epochs', (e) => getComputedStyle(e).backgroundColor)).not.toBe(enabledBackground);
  expect(await page.$eval('#epochs', (e) => getComputedStyle(e).backgroundColor)).toBe('rgb(243, 244, 246)');

  await waitForStatus(page, /^Done: /, HANG);
  const accuracy = Number.parseFloat(await text(page, '#stat-accuracy'));
  expect(accuracy).toBeGreaterThanOrEqual(90);
  // The legend names the smoothed loss line.
  expect(await text(page, '#loss-chart')).toContain('train loss (step), smoothed');

  await checkPerClassAndSummary(page, accuracy);

  // The confusion matrix says which axis is which, on screen.
  for (const [selector, label] of [
    ['#confusion .axis-predicted', 'predicted class →'],
    ['#confusion .axis-true', 'true class ↓'],
  ]) {
    expect(await page.locator(selector).isVisible()).toBe(true);
    expect(await text(page, selector)).toBe(label);
  }

  // Accuracy >= 90%: the grid has switched to the mistakes by itself.
  await expect.poll(() => checked(page), { timeout: HANG }).toBe('mistakes');
  await expect.poll(() => text(page, '#grid-summary'), { timeout: HANG }).toMatch(/misclassified/);
  await checkMistakes(page);
  await shot(page, 'results-desktop.png');

  // The toggle: the first 40 test images with their predictions, and back.
  await page.getByLabel('First 40').check();
  const captions = await page.locator('#grid figcaption').allTextContents();
  expect(captions).toHaveLength(40);
  expect(captions.every((c) => /^\d( ✗)?$/.test(c))).toBe(true);
  expect(await text(page, '#grid-summary')).toMatch(/^\d+ of 40 right/);
  await page.getByLabel('Mistakes').check();
  await checkMistakes(page);

  // Phone width: nothing wider than the screen, the model list whole.
  await page.setViewportSize({ width: 390, height: 844 });
  await page.evaluate(() => new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r))));
  expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);
  const select = await page.locator('#model').boundingBox();
  const panel = await page.locator('#train-panel').boundingBox();
  if (select === null || panel === null) throw new Error('the model list is not visible');
  expect(select.x).toBeGreaterThanOrEqual(panel.x);
  expect(select.x + select.width).toBeLessThanOrEqual(panel.x + panel.width);
  expect(await page.$eval('#model', (s) => s.scrollWidth <= s.clientWidth + 1)).toBe(true);
  await shot(page, 'results-phone.png');
  expect(errors).toEqual([]);
  await page.close();
}, 600_000);

it('a data URL that serves a web page gets a plain message, the technical one under Details', async () => {
  const page = await session.browser.newPage({ viewport: { width: 390, height: 844 } });
  // A static host's fallback: every path answers with the site's index.html.
  // (A URL predicate: a glob would match the page's own address, whose query names the path.)
  await page.route(
    (url) => url.pathname.startsWith('/html-data/'),
    (route) =>
      route.fulfill({
        status: 200,
        contentType: 'text/html',
        body: '<!doctype html><html><body>Not here</body></html>',
      }),
  );
  await page.goto(`${session.url}?device=cpu&data=/html-data/`);
  await expect.poll(() => page.locator('#error').isVisible(), { timeout: HANG }).toBe(true);
  expect(await text(page, '#error .error-summary')).toBe(
    'The data URL returned a web page instead of MNIST files: check ?data= in the address, or that data/mnist/ is deployed next to index.html.',
  );
  // The developer's message is there, collapsed.
  expect(await page.locator('#error details').getAttribute('open')).toBeNull();
  expect(await page.locator('#error details pre').isVisible()).toBe(false);
  await page.getByText('Details for developers').click();
  expect(await text(page, '#error details pre')).toMatch(/bad magic number 0x3c21646f/);
  expect(await page.getByRole('button', { name: 'Start' }).isDisabled()).toBe(true);
  await shot(page, 'data-error-phone.png');
  await page.close();
}, 300_000);
