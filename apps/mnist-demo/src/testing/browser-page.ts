/**
 * Shared pieces of the page's browser tests (test-only; excluded from the build): Debian's headless
 * Chromium with WebGPU on SwiftShader, the page's Vite dev server, opening the page and waiting on it.
 */
import { existsSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { type Browser, chromium, type Page } from 'playwright-core';
import { createServer, type ViteDevServer } from 'vite';
import { afterAll, beforeAll, expect } from 'vitest';

/** How long a wait may take before it counts as a hang: generous, since a busy 2-core machine is slow. */
export const HANG = 240_000;

export const APP = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
export const DATA = process.env.TYPETORCH_MNIST_DIR || resolve(APP, '../../../shared/datasets/mnist');
export const ARTIFACTS = join(APP, 'artifacts');
const CHROMIUM = process.env.CHROMIUM_PATH || '/usr/bin/chromium';

/** Headless Chromium with WebGPU (on this machine: SwiftShader, a software fallback adapter). */
export async function launchChromium(): Promise<Browser> {
  if (!existsSync(CHROMIUM)) {
    throw new Error(`${CHROMIUM} is missing: apt-get install -y --no-install-recommends chromium`);
  }
  return chromium.launch({
    executablePath: CHROMIUM,
    args: [
      '--enable-unsafe-webgpu',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      '--no-first-run',
    ],
  });
}

/** The dev server `pnpm demo:web` starts (without watching), on a free port; returns it and its URL. */
export async function startDevServer(): Promise<{ server: ViteDevServer; url: string }> {
  const server = await createServer({
    configFile: join(APP, 'vite.config.ts'),
    // No file watching: an edit elsewhere in the workspace while a test runs (the page imports every
    // package's sources) would otherwise reload the page mid-training. HMR stays on: the dependency
    // optimizer reloads the page through it when it discovers a dependency on the first load.
    server: { port: 0, strictPort: false, host: '127.0.0.1', watch: null },
    logLevel: 'warn',
  });
  await server.listen();
  const url = server.resolvedUrls?.local[0] ?? '';
  expect(url).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/$/);
  return { server, url };
}

/** The dev server and the browser a test file shares, filled in by its `beforeAll`. */
export interface PageSession {
  readonly browser: Browser;
  /** The dev server's URL, ending in `/`. */
  readonly url: string;
}

/**
 * Starts the dev server and Chromium before the file's tests and closes both after them; `prepare`
 * runs first in the same `beforeAll` (e.g. to load the test set).
 */
export function devPageSession(prepare?: () => Promise<void>): PageSession {
  let server: ViteDevServer | undefined;
  const session = {} as { browser: Browser; url: string };
  beforeAll(async () => {
    await prepare?.();
    let url: string;
    ({ server, url } = await startDevServer());
    session.url = url;
    session.browser = await launchChromium();
  }, 300_000);
  afterAll(async () => {
    await session.browser?.close();
    await server?.close();
  });
  return session;
}

/** Waits until the data is loaded and the Start button is enabled. */
export async function waitUntilReady(page: Page): Promise<void> {
  await expect
    .poll(() => page.getByRole('button', { name: 'Start' }).isEnabled(), { timeout: HANG })
    .toBe(true);
}

/**
 * Opens the page and collects console errors and uncaught exceptions; `prepare` runs before the page
 * loads (e.g. to route requests).
 */
export async function open(
  browser: Browser,
  url: string,
  prepare?: (page: Page) => Promise<void>,
): Promise<{ page: Page; errors: string[] }> {
  const page = await browser.newPage({ viewport: { width: 1280, height: 900 }, acceptDownloads: true });
  const errors: string[] = [];
  page.on('console', (m) => {
    if (m.type() === 'error' || m.type() === 'warning') errors.push(`${m.type()}: ${m.text()}`);
  });
  page.on('pageerror', (e) => errors.push(`uncaught: ${e.message}`));
  await prepare?.(page);
  await page.goto(url);
  await waitUntilReady(page);
  return { page, errors };
}

export const text = async (page: Page, selector: string) => (await page.textContent(selector))?.trim() ?? '';

/** Waits for the status line to match, failing at once if the page shows an error. */
export async function waitForStatus(page: Page, pattern: RegExp, timeout: number): Promise<void> {
  const end = Date.now() + timeout;
  for (;;) {
    const error = await text(page, '#error');
    if (error !== '') throw new Error(`the page shows an error: ${error}`);
    const status = await text(page, '#status');
    if (pattern.test(status)) return;
    if (Date.now() > end) throw new Error(`after ${timeout} ms the status is "${status}", not ${pattern}`);
    await page.waitForTimeout(500);
  }
}
