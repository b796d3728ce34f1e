/**
 * Finalization: how the memory manager learns that the garbage collector found a storage (or a view)
 * unreachable. The callbacks run only when the event loop takes a task turn, never inside a
 * synchronous loop nor between awaits that resolve as microtasks; until then each registration of a
 * collected object stays queued (about 100 bytes: a V8 cell and a `StorageRecord`). So that a loop that
 * never yields cannot grow that queue without bound, registration pauses at {@link MAX_PENDING}
 * registrations not yet finalized or unregistered, and resumes as callbacks drain them.
 */
import type { StorageRecord } from './record.js';

/** Registrations outstanding at most: about 12 MB of queued cells and records, whatever the loop does. */
export const MAX_PENDING = 1 << 16;

let pending = 0;
type Handler = (record: StorageRecord) => void;
let onStorage: Handler = () => {};
let onView: Handler = () => {};

const storages = new FinalizationRegistry<StorageRecord>((record) => {
  pending--;
  onStorage(record);
});
const views = new FinalizationRegistry<StorageRecord>((record) => {
  pending--;
  onView(record);
});

/** Installs what happens when a storage, or a view onto one, is collected (done once by the manager). */
export function setFinalizationHandlers(storage: Handler, view: Handler): void {
  onStorage = storage;
  onView = view;
}

function watch(
  registry: FinalizationRegistry<StorageRecord>,
  target: object,
  record: StorageRecord,
): boolean {
  if (pending >= MAX_PENDING) return false;
  registry.register(target, record, target);
  pending++;
  return true;
}

function unwatch(registry: FinalizationRegistry<StorageRecord>, target: object): void {
  if (registry.unregister(target)) pending--;
}

/** Asks to be told when `storage` is collected; false (not registered) while registration is paused. */
export const watchStorage = (storage: object, record: StorageRecord) => watch(storages, storage, record);
/** Stops watching a storage that was freed explicitly. */
export const unwatchStorage = (storage: object) => unwatch(storages, storage);
/** Asks to be told when `view` (a tensor that is not its storage's first) is collected. */
export const watchView = (view: object, record: StorageRecord) => watch(views, view, record);
/** Stops watching a view that was disposed. */
export const unwatchView = (view: object) => unwatch(views, view);

/** Registrations not yet finalized or unregistered. */
export function pendingFinalizations(): number {
  return pending;
}
