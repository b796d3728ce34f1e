/** The IndexedDB store of the page's last model, on fake-indexeddb's in-memory IndexedDB. */
import { IDBFactory } from 'fake-indexeddb';
import { describe, expect, it } from 'vitest';
import { ModelStore, type SavedModel, StorageUnavailable } from './model-store.js';

const record = (epoch: number, accuracy: number | null): SavedModel => ({
  bytes: Uint8Array.from([1, 2, 3, epoch]),
  model: 'mlp',
  settings: { model: 'mlp', epochs: 3, batchSize: 64, lr: 0.001, limit: 5000 },
  epoch,
  accuracy,
  savedAt: 1_700_000_000_000 + epoch,
});

describe('ModelStore', () => {
  it('has nothing at first, keeps only the last model saved, and forgets it on clear', async () => {
    const store = new ModelStore(new IDBFactory());
    expect(await store.load()).toBeNull();
    await store.save(record(1, 0.91));
    await store.save(record(2, 0.95));
    const loaded = await store.load();
    expect(loaded).toEqual(record(2, 0.95));
    expect(loaded?.bytes).toBeInstanceOf(Uint8Array);
    await store.clear();
    expect(await store.load()).toBeNull();
  });

  it('survives a new page: another store on the same database reads what the first saved', async () => {
    const factory = new IDBFactory();
    await new ModelStore(factory).save(record(0, null));
    expect(await new ModelStore(factory).load()).toEqual(record(0, null));
    expect(await new ModelStore(factory, 'another-page').load()).toBeNull();
  });

  it('rejects with StorageUnavailable, never anything else, where IndexedDB is missing or refused', async () => {
    await expect(new ModelStore(undefined).load()).rejects.toThrow(StorageUnavailable);
    await expect(new ModelStore(undefined).save(record(1, 0.9))).rejects.toThrow(/has no IndexedDB/);
    // Firefox's private windows used to throw from open(); others fail the open request.
    const throwing = {
      open: () => {
        throw new DOMException(
          'A mutation operation was attempted on a database that did not allow mutations.',
        );
      },
    } as unknown as IDBFactory;
    await expect(new ModelStore(throwing).save(record(1, 0.9))).rejects.toThrow(StorageUnavailable);
    const refusing = {
      open: () => {
        const request = { error: new DOMException('The user denied permission', 'UnknownError') } as {
          onerror?: () => void;
          error: DOMException;
        };
        setTimeout(() => request.onerror?.());
        return request;
      },
    } as unknown as IDBFactory;
    await expect(new ModelStore(refusing).load()).rejects.toThrow(
      /opening the browser storage: The user denied/,
    );
  });

  it('rejects with StorageUnavailable when the write fails (a full disk aborts the transaction)', async () => {
    const factory = new IDBFactory();
    const store = new ModelStore(factory);
    await store.save(record(1, 0.9));
    // A value IndexedDB cannot store fails the request, as the quota does: the old record stays.
    const unstorable = { ...record(2, 0.95), bytes: (() => 0) as unknown as Uint8Array };
    await expect(store.save(unstorable)).rejects.toThrow(StorageUnavailable);
    expect(await store.load()).toEqual(record(1, 0.9));
  });
});
