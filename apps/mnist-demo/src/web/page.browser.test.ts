/**
 * The browser page end to end, in Debian's headless Chromium (WebGPU on SwiftShader) driven by
 * playwright-core: on the Vite dev server that `pnpm demo:web` starts, train the MLP on WebGPU, draw
 * digits on the pad, download the model and evaluate it with the command line; on a preview of the
 * static build (`build:web`, bundled and tree-shaken), train on the CPU backend (`?device=cpu`) and
 * load a checkpoint the command line wrote.
 */
import { mkdir, mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { MNIST } from '@typetorch/data/node';
import { parseHeader } from '@typetorch/nn';
import type { Browser, Page } from 'playwright-core';
import { build, type PreviewServer, preview, type ViteDevServer } from 'vite';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { main } from '../cli.js';
import { bufferIo } from '../io.js';
import {
  APP,
  ARTIFACTS,
  DATA,
  HANG,
  launchChromium,
  open as openPage,
  startDevServer,
  text,
  waitForStatus,
} from '../testing/browser-page.js';
import { top3, traceDigit as tracePadDigit } from '../testing/pad-drawing.js';

let server: ViteDevServer;
let built: PreviewServer;
let browser: Browser;
let baseUrl: string;
let builtUrl: string;
let tmp: string;
let test: MNIST;

beforeAll(async () => {
  tmp = await mkdtemp(join(tmpdir(), 'mnist-web-'));
  test = await MNIST.load(DATA, { train: false });
  ({ server, url: baseUrl } = await startDevServer());
  const outDir = join(tmp, 'site');
  await build({ configFile: join(APP, 'vite.config.ts'), build: { outDir }, logLevel: 'warn' });
  built = await preview({
    configFile: join(APP, 'vite.config.ts'),
    build: { outDir },
    preview: { port: 0, strictPort: false, host: '127.0.0.1' },
    logLevel: 'warn',
  });
  builtUrl = built.resolvedUrls?.local[0] ?? '';
  expect(builtUrl).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/$/);
  browser = await launchChromium();
}, 300_000);

afterAll(async () => {
  await browser?.close();
  await server?.close();
  await built?.close();
  if (tmp) await rm(tmp, { recursive: true, force: true });
});

/** Opens the page (the server's URL plus `query`). */
const open = (base: string, query: string) => openPage(browser, `${base}${query}`);

/** Traces test image `index` on the pad (testing/pad-drawing.ts). */
const traceDigit = (page: Page, index: number) => tracePadDigit(page, test, index);

/** How many pixels of a chart's canvas are drawn in the training series' blue. */
function bluePixels(page: Page, chart: string): Promise<number> {
  return page.evaluate((id) => {
    const canvas = document.querySelector<HTMLCanvasElement>(`#${id} canvas`);
    const ctx = canvas?.getContext('2d');
    if (!canvas || !ctx) return 0;
    const { data } = ctx.getImageData(0, 0, canvas.width, canvas.height);
    let n = 0;
    for (let i = 0; i < data.length; i += 4) if (data[i + 2] > 180 && data[i] < 90 && data[i + 3] > 0) n++;
    return n;
  }, chart);
}

it('trains the MLP on WebGPU in a worker to > 85% test accuracy, with live charts, grid and confusion matrix; pauses, resumes; predicts drawings; downloads a model the CLI reads', async () => {
  // SwiftShader: auto would choose the CPU (device.browser.test.ts); this test asks for WebGPU.
  const { page, errors } = await open(baseUrl, '?device=webgpu&limit=3000');
  expect(await text(page, '#device')).toMatch(/^Training on WebGPU \(google swiftshader\)/);
  expect(await page.getByLabel('Training images', { exact: true }).inputValue()).toBe('3000');
  await page.getByLabel('Model', { exact: true }).selectOption('mlp');
  await page.getByLabel('Epochs', { exact: true }).fill('1');
  await page.getByLabel('Batch size', { exact: true }).fill('64');
  await page.getByLabel('Learning rate', { exact: true }).fill('0.001');
  await page.getByRole('button', { name: 'Start' }).click();

  // Pause after a few steps: the step counter stops; resume.
  const step = async () => Number((await text(page, '#stat-step')).split(' / ')[0]) || 0;
  await expect.poll(step, { timeout: HANG }).toBeGreaterThanOrEqual(3);
  await page.getByRole('button', { name: 'Pause' }).click();
  await expect
    .poll(() => page.getByRole('button', { name: 'Resume' }).isEnabled(), { timeout: HANG })
    .toBe(true);
  const pausedAt = await text(page, '#stat-step');
  await page.waitForTimeout(1500);
  expect(await text(page, '#stat-step')).toBe(pausedAt);
  expect(await page.getByRole('button', { name: 'Start' }).isDisabled()).toBe(true);
  await page.getByRole('button', { name: 'Resume' }).click();

  await waitForStatus(page, /^Done: /, HANG);
  const accuracy = Number.parseFloat(await text(page, '#stat-accuracy'));
  expect(accuracy).toBeGreaterThan(85);
  expect(await text(page, '#stat-step')).toBe('47 / 47');
  expect(Number.parseFloat(await text(page, '#stat-rate'))).toBeGreaterThan(0);
  expect(await text(page, '#stat-elapsed')).toMatch(/^\d+:\d\d$/);

  // Charts: every step plotted, and drawn.
  expect(await text(page, '#loss-summary')).toMatch(/^loss: 47 steps, .*last test value/);
  expect(await text(page, '#accuracy-summary')).toMatch(/^accuracy %: 47 steps/);
  expect(await bluePixels(page, 'loss-chart')).toBeGreaterThan(100);
  expect(await bluePixels(page, 'accuracy-chart')).toBeGreaterThan(100);

  // Prediction grid: 40 test images with predictions; mistakes outlined and counted. (From 90% on the
  // grid shows the mistakes by itself: results.browser.test.ts; this checks the first 40.)
  await page.getByLabel('First 40').check();
  const captions = await page.locator('#grid figcaption').allTextContents();
  expect(captions).toHaveLength(40);
  expect(captions.every((c) => /^\d( ✗)?$/.test(c))).toBe(true);
  const wrong = await page.locator('#grid .cell.wrong').count();
  expect(await text(page, '#grid-summary')).toContain(`${40 - wrong} of 40 right`);
  expect(wrong).toBeLessThan(10);

  // Confusion matrix: 10 x 10 counts over the 10000 test images, matching the accuracy shown.
  const cells = await page.locator('#confusion tbody td').allTextContents();
  expect(cells).toHaveLength(100);
  const counts = cells.map(Number);
  expect(counts.reduce((a, b) => a + b, 0)).toBe(10000);
  const diagonal = counts.filter((_, i) => i % 11 === 0).reduce((a, b) => a + b, 0);
  expect(diagonal / 100).toBeCloseTo(accuracy, 1);

  // The drawing pad, traced from test images the model gets right.
  const traced: [number, string[]][] = [];
  for (const index of [0, 1, 3]) {
    await traceDigit(page, index);
    traced.push([index, await top3(page)]);
  }
  for (const [index, top] of traced) {
    expect(top).toHaveLength(3);
    expect(top[0], `test image ${index}`).toBe(String(test.labels[index]));
  }
  await mkdir(ARTIFACTS, { recursive: true });
  await page.screenshot({ path: join(ARTIFACTS, 'trained-page.png'), fullPage: true });

  // Download: the same checkpoint format as the CLI's --save; the CLI evaluates it on the CPU.
  const [download] = await Promise.all([
    page.waitForEvent('download'),
    page.getByRole('button', { name: 'Download (.safetensors)' }).click(),
  ]);
  expect(download.suggestedFilename()).toBe('mnist-mlp.safetensors');
  const file = join(tmp, 'from-page.safetensors');
  await download.saveAs(file);
  expect(parseHeader(new Uint8Array(await readFile(file))).metadata).toMatchObject({
    format: 'typetorch-mnist-demo',
    model: 'mlp',
    dataset: 'mnist',
    normalize: 'true',
  });
  const io = bufferIo();
  expect(await main(['eval', '--load', file, '--data', DATA, '--json'], io)).toBe(0);
  const evaluated = JSON.parse(io.stdout);
  // WebGPU and the CPU round differently: a handful of borderline images may flip.
  expect(Math.abs(100 * evaluated.testAccuracy - accuracy)).toBeLessThanOrEqual(0.2);

  expect(errors).toEqual([]);
  await page.close();
}, 300_000);

it('the static build trains on the CPU backend (?device=cpu), and loads and predicts with a checkpoint the command line wrote', async () => {
  const file = join(tmp, 'cli-mlp.safetensors');
  const io = bufferIo();
  const args = ['train', '--data', DATA, '--limit', '2000', '--epochs', '1', '--save', file, '--json'];
  expect(await main(args, io)).toBe(0);
  const cliAccuracy = JSON.parse(io.stdout.trim().split('\n').at(-1) ?? '{}').testAccuracy as number;

  const { page, errors } = await open(builtUrl, '?device=cpu&limit=1000');
  // Cross-origin isolated in the preview too: one thread per core.
  const cores = await page.evaluate(() => navigator.hardwareConcurrency);
  expect(await text(page, '#device')).toBe(`Training on your CPU (${cores} threads)`);
  // A short run: the bundled worker computes gradients (nothing tree-shaken away) and learns.
  await page.getByLabel('Epochs', { exact: true }).fill('1');
  await page.getByRole('button', { name: 'Start' }).click();
  await waitForStatus(page, /^Done: /, HANG);
  expect(Number.parseFloat(await text(page, '#stat-accuracy'))).toBeGreaterThan(50);

  await page.getByLabel('Load a checkpoint…', { exact: true }).setInputFiles(file);
  // The MLP just trained here would be lost: the page asks first (work-guard.ts); a person discards it.
  const dialog = page.locator('#confirm-discard');
  await expect.poll(() => dialog.isVisible(), { timeout: HANG }).toBe(true);
  expect(await text(page, '#confirm-discard-text')).toBe(
    'Loading a checkpoint discards the MLP trained on this page. Discard it?',
  );
  await dialog.getByRole('button', { name: 'Discard', exact: true }).click();
  await waitForStatus(page, /^Loaded cli-mlp\.safetensors: /, HANG);
  expect(await text(page, '#model-info')).toBe('Model: MLP, loaded from cli-mlp.safetensors.');
  // Same model, same backend, same test set: the CLI's accuracy.
  expect(Number.parseFloat(await text(page, '#stat-accuracy'))).toBeCloseTo(100 * cliAccuracy, 1);
  await page.getByLabel('First 40').check();
  expect(await text(page, '#grid-summary')).toMatch(/^\d+ of 40 right/);
  await traceDigit(page, 0);
  const top = await top3(page);
  expect(top[0]).toBe(String(test.labels[0]));
  expect(errors).toEqual([]);
  await page.close();
}, 300_000);
