/**
 * Process-wide state shared by every copy of `@typetorch/tensor` loaded in one JavaScript realm.
 *
 * npm nests a second copy of this package as soon as the packages that use it want different
 * versions. Module-level state would then exist twice: a backend package registers into its copy,
 * and the user's copy says "No backend is registered". So the state that must be one per process
 * (the backend registry, the autograd hook, the memory manager, ...) lives in one slot of
 * `globalThis`, under `Symbol.for('@typetorch/tensor')`, which every copy finds (as TF.js does
 * with its global engine). Each module takes its part with {@link shared}.
 *
 * Copies share only when they agree on {@link STATE_LAYOUT}: a copy of another layout keeps a state
 * of its own, and the warning says that backends registered through one are not seen by the other.
 */
import { VERSION } from './version.js';

/**
 * The layout of the shared state. Bump it whenever what a shared slot holds changes in a way an
 * older copy could not use: a slot's fields, or the classes of objects kept in one (`DeviceMemory`,
 * `Generator`) and those crossing copies (`Tensor`, `Storage`, whose brand carries this number).
 */
export const STATE_LAYOUT = 1;

/** One loaded copy of the package. */
export interface LoadedCopy {
  readonly version: string;
  /** Where the copy was loaded from (`import.meta.url`), when the host says. */
  readonly url: string | undefined;
  readonly layout: number;
}

/** What the global key holds. Every past and future copy reads it: its shape never changes. */
interface GlobalRecord {
  readonly copies: LoadedCopy[];
  /** The shared state of each layout: slot name to value. */
  readonly states: Record<number, Record<string, unknown>>;
  /** Whether the duplicate-copy warning was given (once per process). */
  warned: boolean;
}

const KEY = Symbol.for('@typetorch/tensor');

function moduleUrl(): string | undefined {
  // A bundler may replace import.meta.url by nothing or by the bundle's address; both are fine.
  const url: unknown = import.meta.url;
  return typeof url === 'string' && url !== '' ? url : undefined;
}

function globalRecord(): GlobalRecord {
  const g = globalThis as unknown as Record<symbol, GlobalRecord | undefined>;
  let record = g[KEY];
  if (record === undefined) {
    record = { copies: [], states: {}, warned: false };
    // Not enumerable, not writable: a stray `Object.assign(globalThis, ...)` cannot replace it.
    Object.defineProperty(globalThis, KEY, { value: record, enumerable: false, configurable: true });
  }
  return record;
}

/** The warning given when a second copy loads: both copies, what happens, and how to fix it. */
export function duplicateWarning(first: LoadedCopy, second: LoadedCopy): string {
  const name = (c: LoadedCopy) => `${c.version}${c.url === undefined ? '' : ` (${c.url})`}`;
  const what =
    first.layout === second.layout
      ? 'They share one backend registry, default device, autograd engine, memory manager and default ' +
        'random generator, so a backend registered through either is found by both, and tensors made by ' +
        'one are accepted by the other. Still, each copy has its own classes (an `instanceof` check ' +
        'against a class of another package bound to the other copy can fail), and two copies load ' +
        'twice the code.'
      : `Their internal layouts differ (${first.layout} and ${second.layout}), so they cannot share ` +
        'state: a backend registered through one is NOT seen by the other, and tensors cannot pass ' +
        'between them.';
  return (
    `@typetorch/tensor: two copies are loaded: ${name(first)} and ${name(second)}. ${what} ` +
    'To fix it, run `npm ls @typetorch/tensor` to see which packages pull in each copy, then ' +
    '`npm dedupe`, or align the versions of the @typetorch packages so that one copy remains.'
  );
}

/** Registers this copy, warns if another one was loaded before it, and returns its layout's state. */
function attach(): Record<string, unknown> {
  const record = globalRecord();
  const self: LoadedCopy = { version: VERSION, url: moduleUrl(), layout: STATE_LAYOUT };
  const first = record.copies[0];
  record.copies.push(self);
  if (first !== undefined && !record.warned) {
    record.warned = true;
    console.warn(duplicateWarning(first, self));
  }
  record.states[STATE_LAYOUT] ??= {};
  return record.states[STATE_LAYOUT];
}

const state = attach();

/**
 * The process-wide value of `slot`: made by `create` in the first copy that asks, and the same
 * object in every copy of the same layout after that. Callers keep the object and mutate its fields
 * (never replace it), so that every copy sees each change.
 */
export function shared<T extends object>(slot: string, create: () => T): T {
  let value = state[slot] as T | undefined;
  if (value === undefined) {
    value = create();
    state[slot] = value;
  }
  return value;
}

/** The copies of `@typetorch/tensor` loaded in this realm so far, this one included, in load order. */
export function loadedCopies(): readonly LoadedCopy[] {
  return globalRecord().copies;
}
