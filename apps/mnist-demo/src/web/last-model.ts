/**
 * The last model trained on the page, kept in the browser (model-store.ts): the worker sends a snapshot
 * after each epoch and at a pause, which is saved here; on the next visit the page offers to restore it.
 * Storage failures (private windows, a full disk) leave a quiet note and nothing else.
 */
import { percent } from './format.js';
import { ModelStore, type SavedModel } from './model-store.js';
import type { TrainConfig, TrainerState } from './protocol.js';

/** "saved 5 min ago" */
function ago(ms: number): string {
  const minutes = Math.floor(Math.max(0, ms) / 60_000);
  if (minutes < 1) return 'just now';
  if (minutes < 60) return `${minutes} min ago`;
  const hours = Math.floor(minutes / 60);
  if (hours < 48) return `${hours} h ago`;
  return `${Math.floor(hours / 24)} days ago`;
}

/** What the restore offer says about a saved model: "MLP, 97.80%, 2 epochs, saved 5 min ago". */
export function describeSaved(saved: SavedModel, now: number): string {
  const accuracy = saved.accuracy === null ? 'not yet tested' : percent(saved.accuracy, 2);
  const epochs =
    saved.epoch === 0 ? 'less than an epoch' : `${saved.epoch} epoch${saved.epoch === 1 ? '' : 's'}`;
  return `${saved.model.toUpperCase()}, ${accuracy}, ${epochs}, saved ${ago(now - saved.savedAt)}`;
}

export interface LastModelElements {
  /** The offer, hidden unless a saved model exists; holds `text` and the two buttons. */
  offer: HTMLElement;
  text: HTMLElement;
  restore: HTMLButtonElement;
  discard: HTMLButtonElement;
  /** A quiet note for storage failures. */
  note: HTMLElement;
}

/** A snapshot of the model being trained, from the worker. */
export interface Snapshot {
  bytes: Uint8Array;
  config: TrainConfig;
  epoch: number;
  accuracy: number | null;
}

export class LastModel {
  #saved: SavedModel | null = null;

  /** `restore` hands the saved checkpoint's bytes to the worker. */
  constructor(
    private readonly ui: LastModelElements,
    private readonly restore: (bytes: Uint8Array) => void,
    private readonly store = new ModelStore(),
  ) {
    ui.restore.addEventListener('click', () => {
      if (this.#saved === null) return;
      this.restore(this.#saved.bytes.slice());
      this.#hideOffer();
    });
    ui.discard.addEventListener('click', () => {
      this.#hideOffer();
      this.store.clear().catch((err) => this.#storageFailed(err));
    });
  }

  /** Looks for a saved model and offers it. */
  async offer(): Promise<void> {
    try {
      this.#saved = await this.store.load();
    } catch (err) {
      this.#storageFailed(err);
      return;
    }
    if (this.#saved === null) return;
    this.ui.text.textContent = `Restore your last model (${describeSaved(this.#saved, Date.now())})?`;
    this.ui.offer.hidden = false;
  }

  /** The offer can be taken once the data is loaded and nothing trains; a new run replaces it. */
  update(state: TrainerState): void {
    this.ui.restore.disabled = state !== 'idle';
    if (state === 'training') this.#hideOffer();
  }

  /** Keeps a snapshot in place of the last one. */
  async keep(snapshot: Snapshot): Promise<void> {
    const record: SavedModel = {
      bytes: snapshot.bytes,
      model: snapshot.config.model,
      settings: snapshot.config,
      epoch: snapshot.epoch,
      accuracy: snapshot.accuracy,
      savedAt: Date.now(),
    };
    try {
      await this.store.save(record);
      this.ui.note.hidden = true;
    } catch (err) {
      this.#storageFailed(err);
    }
  }

  #hideOffer(): void {
    this.ui.offer.hidden = true;
  }

  #storageFailed(err: unknown): void {
    console.info(
      `the model could not be kept in the browser: ${err instanceof Error ? err.message : String(err)}`,
    );
    this.ui.note.textContent =
      'This browser does not let the page keep your model (storage is full or off, as in a private window): download it to keep it.';
    this.ui.note.hidden = false;
  }
}
