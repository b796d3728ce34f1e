/**
 * End-to-end in a browser: headless Chromium (Debian's, driven by playwright-core) opens a page that
 * imports the packages, finds WebGPU through `navigator.gpu` (SwiftShader without a GPU) and trains an
 * MLP on MNIST images on device 'webgpu'. Its losses must follow the same steps run here in Node on the
 * CPU backend. A missing browser or adapter fails these tests: CI installs Chromium (`.ci/run`);
 * CHROMIUM_PATH points elsewhere than Debian's /usr/bin/chromium.
 */
import '@typetorch/autograd';
import '@typetorch/backend-cpu';
import { fileURLToPath } from 'node:url';
import { MNIST } from '@typetorch/data/node';
import { type Browser, chromium } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MEMORY_STEPS } from './browser-test/memory-loop.js';
import { type MlpRun, STEPS, trainMlp } from './browser-test/mlp-steps.js';
import type { PageResult } from './browser-test/page.js';
import { bundlePage, type PageServer, servePage } from './browser-test/serve.js';

const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
const DATA = fileURLToPath(new URL('../../../../shared/datasets/mnist', import.meta.url));

let server: PageServer | undefined;
let browser: Browser | undefined;
let browserRun: Extract<PageResult, { ok: true }>;
let cpu: MlpRun;
/** Console errors and uncaught exceptions of the page. */
const errors: string[] = [];

beforeAll(async () => {
  const mnist = await MNIST.load(DATA, { train: false });
  cpu = await trainMlp('cpu', mnist.pixels, mnist.labels);

  server = await servePage(await bundlePage(), DATA);
  // playwright-core launches the given executable with a fresh temporary profile, headless and (as
  // chromiumSandbox is false by default) with --no-sandbox, which root needs. Chromium's own services
  // are unreachable here; the flags keep it from trying.
  browser = await chromium.launch({
    executablePath: CHROMIUM,
    args: [
      '--enable-unsafe-webgpu',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      '--no-first-run',
    ],
  });
  const tab = await browser.newPage();
  tab.on('console', (message) => {
    if (message.type() === 'error') errors.push(`console.error: ${message.text()}`);
  });
  // An exception outside main() (say, in the bundle's top level) would leave __result unset: fail at
  // once with it rather than at the timeout.
  const crashed = new Promise<never>((_, reject) =>
    tab.on('pageerror', (error) => {
      errors.push(`uncaught: ${error.stack ?? error.message}`);
      reject(new Error(`the page threw: ${error.stack ?? error.message}`));
    }),
  );
  crashed.catch(() => {}); // reported through the race below or the console test
  await tab.goto(server.url);
  await Promise.race([
    crashed,
    tab.waitForFunction(() => window.__result !== undefined, null, { polling: 100, timeout: 240_000 }),
  ]);
  const result = await tab.evaluate(() => window.__result!);
  if (!result.ok) throw new Error(`the page failed: ${result.error}`);
  browserRun = result;
}, 120_000);

afterAll(async () => {
  await browser?.close();
  await server?.close();
});

describe('training in headless Chromium on WebGPU', () => {
  it("finds an adapter and trains on device 'webgpu'", () => {
    expect(browserRun.registered).toBe('webgpu');
    expect(browserRun.adapter).not.toBe('');
    expect(browserRun.devices).toEqual(Array(STEPS).fill('webgpu'));
  });

  it('gives finite losses that decrease', () => {
    expect(browserRun.losses).toHaveLength(STEPS);
    for (const loss of browserRun.losses) expect(Number.isFinite(loss)).toBe(true);
    for (let i = 1; i < STEPS; i++) expect(browserRun.losses[i]).toBeLessThan(browserRun.losses[i - 1]);
    expect(browserRun.losses[STEPS - 1]).toBeLessThan(0.5 * browserRun.losses[0]);
  });

  it('matches the same steps on the CPU backend in Node within float32 tolerance', () => {
    expect(cpu.devices).toEqual(Array(STEPS).fill('cpu'));
    for (let i = 0; i < STEPS; i++) {
      const [gpu, ref] = [browserRun.losses[i], cpu.losses[i]];
      expect(Math.abs(gpu - ref), `step ${i}: webgpu ${gpu} vs cpu ${ref}`).toBeLessThan(
        1e-5 * Math.max(1, ref),
      );
    }
  });

  it('holds steady memory in loops written without scope(), on webgpu and on the cpu', () => {
    for (const device of ['webgpu', 'cpu'] as const) {
      const points = browserRun.memory[device];
      expect(points.at(-1)?.step).toBe(MEMORY_STEPS[device]);
      // Each step leaves about 300 KiB of tensors behind: kept, they would reach 45 MiB on webgpu and
      // 180 MiB on the cpu by the end. Reclaimed, the loops hold the model, Adam's state and what the
      // garbage collector and the finalizer have not got to yet: on the cpu (plain arrays in a page),
      // up to about 16 MiB counted since the last event loop turn plus the collector's lag (3-35 MiB
      // measured over 600 to 4000 steps); on webgpu, a few steps' buffers.
      const bound = { webgpu: 24, cpu: 64 }[device] * 2 ** 20;
      const trace = points.map((p) => `${p.step}: ${(p.numBytes / 2 ** 20).toFixed(1)} MiB`).join(', ');
      expect(Math.max(...points.map((p) => p.numBytes)), `${device}: ${trace}`).toBeLessThan(bound);
    }
  });

  it('logs no errors in the browser console', () => {
    expect(errors).toEqual([]);
  });
});
