/// <reference types="node" />
/**
 * Temporary files of `save` that must not outlive the process (issue 18: Ctrl-C during a save left an
 * orphan `.NAME.RANDOM.tmp`). While at least one is pending, listeners on `exit`, SIGINT, SIGTERM and
 * SIGHUP remove them synchronously. When no other listener handles the signal, the signal is then
 * raised again, so the process ends exactly as it would have without a save running; when the program
 * has its own handler, that handler decides (if it exits, the `exit` listener removes the files; if it
 * carries on, the save finishes or removes its file itself). Nothing is installed between saves.
 */
import { unlinkSync } from 'node:fs';

const SIGNALS = ['SIGINT', 'SIGTERM', 'SIGHUP'] as const;
const pending = new Set<string>();
let installed = false;

function removeAll(): void {
  for (const path of pending) {
    try {
      unlinkSync(path);
    } catch {}
  }
  pending.clear();
}

function onSignal(signal: NodeJS.Signals): void {
  if (process.listenerCount(signal) > 1) return; // the program's own handler decides
  removeAll();
  uninstall();
  process.kill(process.pid, signal); // no listener left: the default action (the process ends)
}

function install(): void {
  if (installed) return;
  installed = true;
  process.on('exit', removeAll);
  for (const signal of SIGNALS) process.on(signal, onSignal);
}

function uninstall(): void {
  if (!installed) return;
  installed = false;
  process.off('exit', removeAll);
  for (const signal of SIGNALS) process.off(signal, onSignal);
}

/** Registers a temporary file (before it is created): removed if the process exits or is signalled. */
export function trackTempFile(path: string): void {
  pending.add(path);
  install();
}

/** Forgets a temporary file (renamed into place, or already removed). */
export function untrackTempFile(path: string): void {
  pending.delete(path);
  if (pending.size === 0) uninstall();
}
