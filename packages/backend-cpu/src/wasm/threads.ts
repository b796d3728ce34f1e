/**
 * Starting worker threads that share the kernels' memory: Node's `worker_threads` (reached through
 * `process.getBuiltinModule`, so this file imports nothing Node-specific and bundles for browsers),
 * or Web Workers from a Blob URL in a cross-origin-isolated browser worker. Workers are unref'd: an
 * idle pool never keeps a Node process alive, and nothing needs shutting down at exit.
 */
import { nodeProcess } from './settings.js';
import { BROWSER_WORKER_SOURCE, NODE_WORKER_SOURCE, type WorkerInit } from './worker-source.js';

let lastWorkerError: string | null = null;

/** The last error a worker thread died of, if any (diagnostics). */
export function workerError(): string | null {
  return lastWorkerError;
}

/** A started worker. */
export interface WorkerHandle {
  terminate(): void;
}

interface NodeWorker {
  unref(): void;
  on(event: 'error', listener: (error: unknown) => void): void;
  terminate(): Promise<number>;
}

interface NodeWorkerThreads {
  Worker: new (
    source: string,
    options: { eval: true; workerData: WorkerInit; execArgv: string[] },
  ) => NodeWorker;
}

function nodeWorkerThreads(): NodeWorkerThreads | undefined {
  try {
    return nodeProcess()?.getBuiltinModule?.('node:worker_threads') as NodeWorkerThreads | undefined;
  } catch {
    return undefined;
  }
}

interface BrowserScope {
  crossOriginIsolated?: boolean;
  Worker?: new (
    url: string,
  ) => {
    postMessage(data: unknown): void;
    terminate(): void;
    onerror: ((event: { message?: string }) => void) | null;
  };
  Blob?: typeof Blob;
  URL?: typeof URL;
  document?: unknown;
}

/**
 * Whether this thread may start workers and block on `Atomics.wait`: Node (any thread), or a browser
 * worker (not the page's main thread, where waiting is forbidden) in a cross-origin-isolated context.
 */
export function workersAllowed(): boolean {
  if (nodeWorkerThreads() !== undefined) return true;
  const g = globalThis as BrowserScope;
  return g.crossOriginIsolated === true && g.document === undefined && typeof g.Worker === 'function';
}

/** Starts one worker running the kernels loop on `init`; undefined when workers are unavailable. */
export function startWorker(init: WorkerInit): WorkerHandle | undefined {
  const node = nodeWorkerThreads();
  if (node !== undefined) {
    // No inherited flags: the worker runs plain script code, whatever loaders or input type the
    // parent process was started with.
    const worker = new node.Worker(NODE_WORKER_SOURCE, { eval: true, workerData: init, execArgv: [] });
    worker.unref();
    // A worker that fails simply never claims chunks (the calling thread does them all); the error is
    // kept for `wasmStatus()`.
    worker.on('error', (error) => {
      lastWorkerError = String(error);
    });
    return { terminate: () => void worker.terminate() };
  }
  const g = globalThis as BrowserScope;
  if (g.Worker === undefined || g.Blob === undefined || g.URL === undefined) return undefined;
  const url = g.URL.createObjectURL(new g.Blob([BROWSER_WORKER_SOURCE], { type: 'text/javascript' }));
  const worker = new g.Worker(url);
  worker.onerror = (event) => {
    lastWorkerError = String(event.message ?? event);
  };
  worker.postMessage(init);
  return { terminate: () => worker.terminate() };
}
