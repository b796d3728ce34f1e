/** The restore offer's text, and saving snapshots on a fake IndexedDB (the page itself: persistence.browser.test.ts). */
import { IDBFactory } from 'fake-indexeddb';
import { describe, expect, it } from 'vitest';
import { describeSaved, LastModel, type LastModelElements } from './last-model.js';
import { ModelStore, type SavedModel } from './model-store.js';

const NOW = 1_800_000_000_000;
const saved = (epoch: number, accuracy: number | null, minutesAgo: number): SavedModel => ({
  bytes: new Uint8Array(4),
  model: 'mlp',
  settings: { model: 'mlp', epochs: 3, batchSize: 64, lr: 0.001 },
  epoch,
  accuracy,
  savedAt: NOW - minutesAgo * 60_000,
});

describe('describeSaved', () => {
  it('says the model, its accuracy, its epochs and how long ago', () => {
    expect(describeSaved(saved(2, 0.978, 5), NOW)).toBe('MLP, 97.80%, 2 epochs, saved 5 min ago');
    expect(describeSaved(saved(1, 0.9123, 0.5), NOW)).toBe('MLP, 91.23%, 1 epoch, saved just now');
    expect(describeSaved(saved(0, null, 150), NOW)).toBe(
      'MLP, not yet tested, less than an epoch, saved 2 h ago',
    );
    expect(describeSaved({ ...saved(5, 0.991, 3 * 24 * 60), model: 'cnn' }, NOW)).toBe(
      'CNN, 99.10%, 5 epochs, saved 3 days ago',
    );
  });
});

/** Just enough of the elements for LastModel outside a browser. */
function elements(): LastModelElements {
  const button = () =>
    ({ disabled: false, addEventListener: () => undefined }) as unknown as HTMLButtonElement;
  const el = () => ({ hidden: true, textContent: '' }) as unknown as HTMLElement;
  return { offer: el(), text: el(), restore: button(), discard: button(), note: el() };
}

describe('LastModel', () => {
  it('keeps snapshots and offers the last one on the next visit', async () => {
    const factory = new IDBFactory();
    const first = new LastModel(elements(), () => undefined, new ModelStore(factory));
    const config = { model: 'mlp' as const, epochs: 2, batchSize: 128, lr: 0.002, limit: 1000 };
    await first.keep({ bytes: Uint8Array.from([1]), config, epoch: 1, accuracy: 0.9 });
    await first.keep({ bytes: Uint8Array.from([2]), config, epoch: 2, accuracy: 0.93 });
    const ui = elements();
    await new LastModel(ui, () => undefined, new ModelStore(factory)).offer();
    expect(ui.offer.hidden).toBe(false);
    expect(ui.text.textContent).toBe('Restore your last model (MLP, 93.00%, 2 epochs, saved just now)?');
    expect(ui.note.hidden).toBe(true);
  });

  it('shows a quiet note, and offers nothing, when the browser keeps nothing', async () => {
    const ui = elements();
    const last = new LastModel(ui, () => undefined, new ModelStore(undefined));
    await last.offer();
    expect(ui.offer.hidden).toBe(true);
    expect(ui.note.hidden).toBe(false);
    expect(ui.note.textContent).toMatch(/does not let the page keep your model.*download it/);
    const config = { model: 'mlp' as const, epochs: 1, batchSize: 64, lr: 0.001 };
    await expect(
      last.keep({ bytes: new Uint8Array(1), config, epoch: 1, accuracy: 0.9 }),
    ).resolves.toBeUndefined();
  });
});
