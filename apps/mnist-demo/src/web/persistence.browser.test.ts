/**
 * No work lost, in headless Chromium on the dev server (CPU backend): the pretrained model reads drawn
 * digits before anything is trained; a trained model is kept in IndexedDB and offered again after a
 * reload; Start, Reset and closing the page ask before discarding a model trained here; Reset shows
 * at once that it is under way.
 */
import { mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import { MNIST } from '@typetorch/data/node';
import type { Page } from 'playwright-core';
import { expect, it } from 'vitest';
import { ARTIFACTS, DATA, devPageSession, HANG, open, text, waitForStatus } from '../testing/browser-page.js';
import { top3, traceDigit } from '../testing/pad-drawing.js';
import { PRETRAINED } from './pretrained.js';

let test: MNIST;

const session = devPageSession(async () => {
  test = await MNIST.load(DATA, { train: false });
});

/** Whether the page would ask before unloading: a cancelable `beforeunload` its handlers cancel. */
const asksBeforeUnload = (page: Page) =>
  page.evaluate(() => {
    const event = new Event('beforeunload', { cancelable: true });
    window.dispatchEvent(event);
    return event.defaultPrevented;
  });

const dialog = (page: Page) => page.locator('#confirm-discard');

/** Answers the discard dialog, which must be open and ask `question`. */
async function answer(page: Page, question: RegExp, choice: 'Keep it' | 'Discard'): Promise<void> {
  await expect.poll(() => dialog(page).isVisible(), { timeout: HANG }).toBe(true);
  expect(await text(page, '#confirm-discard-text')).toMatch(question);
  await dialog(page).getByRole('button', { name: choice, exact: true }).click();
  await expect.poll(() => dialog(page).isVisible(), { timeout: HANG }).toBe(false);
}

it('the pretrained model loads when the pad is first used, states its accuracy, and reads drawn digits', async () => {
  const { page, errors } = await open(session.browser, `${session.url}?device=cpu`);
  const stated = `pretrained: ${(100 * PRETRAINED.accuracy).toFixed(2)}% on MNIST's test set`;
  expect(await text(page, '#pretrained-label')).toContain(stated);
  expect(await page.locator('#restore-offer').isVisible()).toBe(false); // nothing saved in a new browser
  const results: [number, string[]][] = [];
  for (const index of [0, 1, 2, 3]) {
    await traceDigit(page, test, index);
    results.push([index, await top3(page)]);
  }
  for (const [index, top] of results) expect(top[0], `test image ${index}`).toBe(String(test.labels[index]));
  expect(await text(page, '#model-info')).toBe('Model: MLP, loaded from the pretrained model.');
  // Evaluated in the page, on the CPU backend: the figure the command line measured.
  await waitForStatus(page, /^Loaded the pretrained model: /, HANG);
  expect(Number.parseFloat(await text(page, '#stat-accuracy'))).toBeCloseTo(100 * PRETRAINED.accuracy, 1);
  // It can be loaded again, so Reset does not ask.
  await page.getByRole('button', { name: 'Reset' }).click();
  await expect
    .poll(() => text(page, '#model-info'), { timeout: HANG })
    .toBe('No model yet: train one or load a checkpoint.');
  expect(await dialog(page).isVisible()).toBe(false);
  expect(errors).toEqual([]);
  await page.close();
}, 300_000);

it('keeps a trained model across a reload and restores it; asks before unloading, starting over or resetting', async () => {
  const { page, errors } = await open(session.browser, `${session.url}?device=cpu&limit=2000`);
  expect(await asksBeforeUnload(page)).toBe(false);
  await page.getByLabel('Epochs', { exact: true }).fill('1');
  await page.getByRole('button', { name: 'Start' }).click();
  // Paused mid-run: still a run under way, so closing or reloading asks.
  const step = async () => Number((await text(page, '#stat-step')).split(' / ')[0]) || 0;
  await expect.poll(step, { timeout: HANG }).toBeGreaterThanOrEqual(1);
  await page.getByRole('button', { name: 'Pause' }).click();
  await expect
    .poll(() => page.getByRole('button', { name: 'Resume' }).isEnabled(), { timeout: HANG })
    .toBe(true);
  expect(await asksBeforeUnload(page)).toBe(true);
  await page.getByRole('button', { name: 'Resume' }).click();
  await waitForStatus(page, /^Done: /, HANG);
  const accuracy = await text(page, '#stat-accuracy');
  expect(await asksBeforeUnload(page)).toBe(false);

  // Start with the model trained here asks first; keeping it starts nothing.
  await page.getByRole('button', { name: 'Start' }).click();
  await answer(page, /^Starting a new run discards the MLP trained on this page/, 'Keep it');
  expect(await text(page, '#status')).toMatch(/^Done: /);
  expect(await text(page, '#model-info')).toBe('Model: MLP, trained on this page.');

  // A reload offers the model back, with its figures.
  await page.reload();
  await expect.poll(() => page.locator('#restore-offer').isVisible(), { timeout: HANG }).toBe(true);
  expect(await text(page, '#restore-text')).toBe(
    `Restore your last model (MLP, ${accuracy}, 1 epoch, saved just now)?`,
  );
  expect(await text(page, '#model-info')).toBe('No model yet: train one or load a checkpoint.');
  await expect
    .poll(() => page.getByRole('button', { name: 'Restore' }).isEnabled(), { timeout: HANG })
    .toBe(true);
  await mkdir(ARTIFACTS, { recursive: true });
  await page.screenshot({ path: join(ARTIFACTS, 'restore-offer.png') });
  await page.getByRole('button', { name: 'Restore' }).click();
  await waitForStatus(page, /^Loaded your last model: /, HANG);
  expect(await page.locator('#restore-offer').isVisible()).toBe(false);
  expect(await text(page, '#model-info')).toBe('Model: MLP, loaded from your last model.');
  expect(await text(page, '#stat-accuracy')).toBe(accuracy); // the same model, evaluated again
  await traceDigit(page, test, 0);
  expect((await top3(page))[0]).toBe(String(test.labels[0]));

  // Reset asks; keeping the model changes nothing; discarding shows "Resetting…" at once.
  await page.getByRole('button', { name: 'Reset' }).click();
  await answer(page, /^Reset discards the MLP trained on this page/, 'Keep it');
  expect(await text(page, '#model-info')).toBe('Model: MLP, loaded from your last model.');
  await page.evaluate(() => {
    const reset = document.getElementById('reset') as HTMLButtonElement;
    const seen: string[] = [];
    (window as unknown as { resetSeen: string[] }).resetSeen = seen;
    new MutationObserver(() => seen.push(`${reset.textContent} ${reset.disabled}`)).observe(reset, {
      attributes: true,
      childList: true,
      subtree: true,
    });
  });
  await page.getByRole('button', { name: 'Reset' }).click();
  await answer(page, /^Reset discards/, 'Discard');
  await expect
    .poll(() => text(page, '#model-info'), { timeout: HANG })
    .toBe('No model yet: train one or load a checkpoint.');
  const seen = await page.evaluate(() => (window as unknown as { resetSeen: string[] }).resetSeen);
  expect(seen).toContain('Resetting… true');
  expect(seen.at(-1)).toBe('Reset true'); // back, and disabled: there is no model to reset
  expect(errors).toEqual([]);
  await page.close();
}, 600_000);
