/**
 * Event loop turns for the finalizer. Its callbacks run only in a task turn; a loop whose awaits all
 * resolve as microtasks (`await t.item()` on the CPU resolves at once) never gives them one, so
 * memory() would count collected storages until the loop ends, and device memory they hold would
 * wait for a sweep. Reads therefore take a real turn now and then, when finalizations are pending:
 * at most one every {@link TURN_INTERVAL_MS}, so the cost stays out of measurements.
 */
import { pendingFinalizations } from './finalizer.js';

const TURN_INTERVAL_MS = 25;
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

/** `value` after a task turn when finalizations wait and none was taken lately; else at once. */
export function withTurn<T>(value: T): T | Promise<T> {
  if (pendingFinalizations() === 0 || performance.now() - lastTurn < TURN_INTERVAL_MS) return value;
  return eventLoopTurn().then(() => value);
}
