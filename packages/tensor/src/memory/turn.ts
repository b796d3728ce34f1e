/**
 * Event loop turns for the finalizer. Its callbacks run only in a task turn; a loop whose awaits all
 * resolve as microtasks (`await t.item()` on the CPU resolves at once) never gives them one, so
 * memory() would count collected storages until the loop ends, and device memory they hold would
 * wait for a sweep (a copy). Reads therefore take a real turn now and then, when finalizations are
 * pending: often ({@link PRESSED_INTERVAL_MS}) while device memory fills up, rarely otherwise, since a
 * turn costs a loop that disposes everything (a few percent of a 50 ms matmul step at every read).
 */
import { pendingFinalizations } from './finalizer.js';

const PRESSED_INTERVAL_MS = 25;
const RELAXED_INTERVAL_MS = 1000;
let lastTurn = 0;

type Schedule = (resolve: () => void) => void;

/** A macrotask in Node (`setImmediate`) and browsers (a MessageChannel message, not clamped like timers). */
function scheduler(): Schedule {
  const g = globalThis as { setImmediate?: (fn: () => void) => unknown };
  if (typeof g.setImmediate === 'function') return (resolve) => g.setImmediate!(resolve);
  if (typeof MessageChannel === 'function') {
    const channel = new MessageChannel();
    const waiting: (() => void)[] = [];
    channel.port1.onmessage = () => waiting.shift()?.();
    // Where ports can keep a process alive (Deno), this one must not.
    (channel.port1 as { unref?: () => void }).unref?.();
    return (resolve) => {
      waiting.push(resolve);
      channel.port2.postMessage(null);
    };
  }
  return (resolve) => setTimeout(resolve, 0);
}

let schedule: Schedule | undefined;

/** Resolves after one task turn of the event loop (pending finalizations run in it). */
export function eventLoopTurn(): Promise<void> {
  schedule ??= scheduler();
  lastTurn = performance.now();
  return new Promise((resolve) => schedule!(resolve));
}

/** Calls `fn` in the event loop's next task turn (never, in a loop that never yields). */
export function afterTurn(fn: () => void): void {
  schedule ??= scheduler();
  schedule(fn);
}

/**
 * `value` after a task turn when finalizations wait and none was taken lately (`pressed`: memory is
 * filling up, so lately means 25 ms rather than a second); else at once. `turned` runs after the turn.
 */
export function withTurn<T>(value: T, pressed: boolean, turned: () => void): T | Promise<T> {
  const interval = pressed ? PRESSED_INTERVAL_MS : RELAXED_INTERVAL_MS;
  if (pendingFinalizations() === 0 || performance.now() - lastTurn < interval) return value;
  return eventLoopTurn().then(() => {
    turned();
    return value;
  });
}
