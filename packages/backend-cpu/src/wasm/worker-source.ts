/**
 * The source of the worker threads, as text: a worker is started from a string (Node `eval: true`,
 * a Blob URL in browsers), so the package ships no extra file to serve or resolve.
 *
 * A worker instantiates the shared kernels module on the shared memory, then loops: wait for a new
 * job generation, claim chunks with a compare-and-swap on `NEXT` until none is left, count each done
 * chunk, and wake the calling thread when the last one finishes. It spins briefly before sleeping, so
 * the second job of a matrix product (pack, then multiply) starts without a wake-up delay.
 */
import {
  C_COUNT,
  C_DONE,
  C_ERROR,
  C_GEN,
  C_NEXT,
  C_THREADS,
  C_WORKER_CHUNKS,
  CHUNK_BITS,
  CONTROL_FIELDS,
  MAX_CHUNKS,
} from './layout.js';

/** What a worker receives: the compiled module, the shared memory, where the blocks are, its slot. */
export interface WorkerInit {
  module: WebAssembly.Module;
  memory: WebAssembly.Memory;
  control: number;
  job: number;
  slot: number;
}

/** Iterations of the spin before a worker sleeps in `Atomics.wait` (a few tens of microseconds). */
export const SPIN = 20000;

const LOOP = `
'use strict';
function start(init) {
  const instance = new WebAssembly.Instance(init.module, { env: { memory: init.memory } });
  const run = instance.exports.runChunk;
  const ctrl = new Int32Array(init.memory.buffer, init.control, ${CONTROL_FIELDS});
  let seen = Atomics.load(ctrl, ${C_GEN});
  for (;;) {
    let gen = Atomics.load(ctrl, ${C_GEN});
    for (let s = 0; gen === seen && s < ${SPIN}; s++) gen = Atomics.load(ctrl, ${C_GEN});
    if (gen === seen) {
      Atomics.wait(ctrl, ${C_GEN}, seen);
      continue;
    }
    seen = gen;
    if (init.slot >= Atomics.load(ctrl, ${C_THREADS})) continue;
    const tag = gen << ${CHUNK_BITS};
    for (;;) {
      const v = Atomics.load(ctrl, ${C_NEXT});
      if ((v & ~${MAX_CHUNKS}) !== tag) break;
      const idx = v & ${MAX_CHUNKS};
      const count = Atomics.load(ctrl, ${C_COUNT});
      if (idx >= count) break;
      if (Atomics.compareExchange(ctrl, ${C_NEXT}, v, v + 1) !== v) continue;
      try {
        run(init.job, idx, init.slot);
      } catch (e) {
        Atomics.store(ctrl, ${C_ERROR}, 1);
      }
      Atomics.add(ctrl, ${C_WORKER_CHUNKS}, 1);
      if (Atomics.add(ctrl, ${C_DONE}, 1) + 1 === count) Atomics.notify(ctrl, ${C_DONE});
    }
  }
}
`;

/** Worker source for Node's `worker_threads` (`new Worker(source, { eval: true, workerData })`). */
export const NODE_WORKER_SOURCE = `${LOOP}\nstart(process.getBuiltinModule('node:worker_threads').workerData);\n`;

/** Worker source for a browser Web Worker; the first message carries the {@link WorkerInit}. */
export const BROWSER_WORKER_SOURCE = `${LOOP}\nself.onmessage = (e) => { self.onmessage = null; start(e.data); };\n`;
