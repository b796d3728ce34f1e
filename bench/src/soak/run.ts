/** Starts a soak run (`child.ts`) in a child process and collects its measurements. */
import { spawn } from 'node:child_process';
import { dirname, resolve } from 'node:path';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import type { MemoryInfo } from '@typetorch/tensor';
import type { LoopName } from './loops.js';

/** What a soak run reports every so many steps. */
export interface Checkpoint {
  step: number;
  seconds: number;
  /** Mean time per step since the previous checkpoint. */
  msPerStep: number;
  /** Resident memory of the process. */
  rssMiB: number;
  heapMiB: number;
  arrayBuffersMiB: number;
  /** Size of backend-cpu's WebAssembly memory (it never shrinks). */
  wasmMiB: number;
  /** `memory(device)`. */
  memory: MemoryInfo;
}

export interface SoakOptions {
  loop: LoopName;
  steps: number;
  scoped?: boolean;
  device?: string;
  /** Measure every this many steps. */
  every?: number;
  /** `setDeviceMemoryLimit` in MiB, when not the default. */
  limitMiB?: number;
  /** Called with each checkpoint as it arrives. */
  onCheckpoint?(c: Checkpoint): void;
}

const here = dirname(fileURLToPath(import.meta.url));

/** Runs one loop in a fresh process; resolves with its checkpoints, rejects if it fails. */
export function soak(options: SoakOptions): Promise<Checkpoint[]> {
  const args = [
    '--import',
    'tsx',
    '--conditions=@typetorch/source',
    resolve(here, 'child.ts'),
    '--loop',
    options.loop,
    '--steps',
    String(options.steps),
    '--device',
    options.device ?? 'cpu',
    '--every',
    String(options.every ?? 100),
    ...(options.scoped ? ['--scoped'] : []),
    ...(options.limitMiB === undefined ? [] : ['--limit-mib', String(options.limitMiB)]),
  ];
  const child = spawn(process.execPath, args, {
    cwd: resolve(here, '../..'),
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const checkpoints: Checkpoint[] = [];
  const stderr: string[] = [];
  createInterface({ input: child.stdout }).on('line', (line) => {
    if (!line.startsWith('{')) return;
    const c = JSON.parse(line) as Checkpoint;
    checkpoints.push(c);
    options.onCheckpoint?.(c);
  });
  createInterface({ input: child.stderr }).on('line', (line) => {
    stderr.push(line);
    if (stderr.length > 30) stderr.shift();
  });
  return new Promise((resolvePromise, reject) => {
    child.on('error', reject);
    child.on('exit', (code, signal) => {
      if (code === 0) resolvePromise(checkpoints);
      else {
        const what = `${options.loop}${options.scoped ? ' (scoped)' : ''} on ${options.device ?? 'cpu'}`;
        reject(new Error(`soak ${what} exited with ${signal ?? `code ${code}`}:\n${stderr.join('\n')}`));
      }
    });
  });
}
