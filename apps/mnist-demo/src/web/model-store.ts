/**
 * The page's last trained model, kept in the browser's IndexedDB so a reload or a closed tab loses no
 * work: one record (the checkpoint's safetensors bytes, as the Download button writes them, plus the
 * settings and figures the restore offer shows). IndexedDB may be missing, refused (private windows)
 * or full: every method then rejects with a `StorageUnavailable`, which the page turns into a quiet note.
 */
import type { ModelName } from '../models.js';
import type { TrainConfig } from './protocol.js';

export interface SavedModel {
  /** The checkpoint: safetensors with the demo's metadata (checkpoint-format.ts). */
  bytes: Uint8Array;
  model: ModelName;
  /** The settings of the run that trained it. */
  settings: TrainConfig;
  /** Epochs finished when it was saved (a pause mid-epoch saves the epochs before it). */
  epoch: number;
  /** Test accuracy after the last finished epoch (0..1); null before the first one. */
  accuracy: number | null;
  /** When it was saved (ms since 1970, `Date.now()`). */
  savedAt: number;
}

/** IndexedDB is missing, refused or full; `message` says so in plain words. */
export class StorageUnavailable extends Error {
  override name = 'StorageUnavailable';
}

const STORE = 'models';
/** The key of the one record: only the last model is kept. */
const KEY = 'last';

/** Settles with a request's result, or rejects as `StorageUnavailable`. */
function settle<T>(request: IDBRequest<T>, what: string): Promise<T> {
  return new Promise((resolve, reject) => {
    request.onsuccess = () => resolve(request.result);
    request.onerror = () => reject(new StorageUnavailable(`${what}: ${request.error?.message ?? 'failed'}`));
  });
}

export class ModelStore {
  #db: Promise<IDBDatabase> | undefined;

  /** `factory` is the browser's `indexedDB` (undefined where there is none); tests pass a fake. */
  constructor(
    private readonly factory: IDBFactory | undefined = globalThis.indexedDB,
    private readonly name = 'typetorch-mnist-demo',
  ) {}

  /** Keeps `record` in place of the previous one. */
  async save(record: SavedModel): Promise<void> {
    await this.#run('readwrite', 'saving the model', (store) => store.put(record, KEY));
  }

  /** The kept model, or null if there is none. */
  async load(): Promise<SavedModel | null> {
    const record = await this.#run('readonly', 'reading the saved model', (store) => store.get(KEY));
    return (record as SavedModel | undefined) ?? null;
  }

  /** Forgets the kept model. */
  async clear(): Promise<void> {
    await this.#run('readwrite', 'discarding the saved model', (store) => store.delete(KEY));
  }

  /** Runs one request in its own transaction and waits for the transaction to commit (a full disk fails there). */
  async #run<T>(mode: IDBTransactionMode, what: string, request: (store: IDBObjectStore) => IDBRequest<T>) {
    const db = await this.#open();
    return new Promise<T>((resolve, reject) => {
      let result: T;
      try {
        const tx = db.transaction(STORE, mode);
        settle(request(tx.objectStore(STORE)), what).then((r) => {
          result = r;
        }, reject);
        tx.oncomplete = () => resolve(result);
        tx.onabort = () => reject(new StorageUnavailable(`${what}: ${tx.error?.message ?? 'aborted'}`));
      } catch (err) {
        reject(new StorageUnavailable(`${what}: ${err instanceof Error ? err.message : String(err)}`));
      }
    });
  }

  #open(): Promise<IDBDatabase> {
    this.#db ??= new Promise<IDBDatabase>((resolve, reject) => {
      if (this.factory === undefined) throw new StorageUnavailable('this browser has no IndexedDB');
      const request = this.factory.open(this.name, 1);
      request.onupgradeneeded = () => request.result.createObjectStore(STORE);
      settle(request, 'opening the browser storage').then(resolve, reject);
    }).catch((err: unknown) => {
      this.#db = undefined; // a later call tries again
      throw err instanceof StorageUnavailable
        ? err
        : new StorageUnavailable(
            `opening the browser storage: ${err instanceof Error ? err.message : String(err)}`,
          );
    });
    return this.#db;
  }
}
