/**
 * Makes `@tensorflow/tfjs-backend-wasm` 4.22's SIMD+threads build start in Node, for the
 * `tfjs-wasm-tN` systems. Upstream does not support threads in Node (tfjs issue 3830): its
 * `WASM_HAS_MULTITHREAD_SUPPORT` flag is hard-wired to false there, and forcing it fails because the
 * Emscripten pthread workers are started from `blob:` URLs, which Node's `worker_threads` refuse
 * (ERR_WORKER_PATH). This shim, installed before the backend initialises:
 *
 * 1. records the text of every `Blob` the page creates, and makes `URL.createObjectURL` write such a
 *    blob to a temporary file and return its path instead. The worker script then runs from a file;
 *    it is given a prelude that points its own `URL.createObjectURL` (used to load the main script)
 *    at the file holding the main script, and that defines the CommonJS bindings (`require$$0`...)
 *    which the bundled factory's source text refers to but a bare `eval` does not have.
 * 2. reports twice the requested thread count as the number of logical cores: the backend caps its
 *    XNNPACK thread pool at half the logical cores ("many x86-64 processors have 2 threads per core"),
 *    which on a 2-core machine means one thread whatever `setThreadsCount` asks for.
 *
 * None of this changes a kernel: the figures are those of the threaded binary a browser with more
 * cores would run. The runner checks `getThreadsCount()` afterwards and refuses to report a figure
 * for the wrong thread count.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import { join } from 'node:path';

/** The factory's source text starts like this (tfjs builds the Blob from it in `init`). */
const MAIN_SCRIPT_PREFIX = 'var WasmBackendModuleThreadedSimd';

/** The bundle's CommonJS imports, by the names rollup gave them in tf-backend-wasm.node.js. */
const MAIN_SCRIPT_PRELUDE =
  "var require$$0=require('fs'),require$$1=require('path'),require$$3=require('perf_hooks')," +
  "require$$4=require('os'),commonjsGlobal=globalThis;\n";

export function installWasmThreadsShim(threads: number): void {
  const dir = mkdtempSync(join(os.tmpdir(), 'typetorch-bench-tfjs-wasm-'));
  process.on('exit', () => rmSync(dir, { recursive: true, force: true }));

  const texts = new WeakMap<Blob, string>();
  let mainScriptPath: string | undefined;
  const NodeBlob = globalThis.Blob;
  globalThis.Blob = class extends NodeBlob {
    constructor(parts?: BlobPart[], options?: BlobPropertyBag) {
      super(parts, options);
      if (!parts?.every((p) => typeof p === 'string')) return;
      const text = parts.join('');
      texts.set(this, text);
      if (text.startsWith(MAIN_SCRIPT_PREFIX)) {
        mainScriptPath = join(dir, 'main.js');
        writeFileSync(mainScriptPath, MAIN_SCRIPT_PRELUDE + text);
      }
    }
  };

  // One file per distinct script (the pool's eight workers share one).
  const files = new Map<string, string>();
  const createObjectURL = URL.createObjectURL.bind(URL);
  URL.createObjectURL = (blob: Blob): string => {
    const text = texts.get(blob);
    if (text === undefined) return createObjectURL(blob);
    if (mainScriptPath === undefined) throw new Error('tfjs-wasm threads shim: the main script was not seen');
    let file = files.get(text);
    if (file === undefined) {
      // .cjs: the worker script is CommonJS (it calls require), whatever package.json is nearby.
      file = join(dir, `worker-${files.size}.cjs`);
      const prelude = `URL.createObjectURL=()=>${JSON.stringify(mainScriptPath)};URL.revokeObjectURL=()=>{};\n`;
      writeFileSync(file, prelude + text);
      files.set(text, file);
    }
    return file;
  };

  const cpus = os.cpus.bind(os);
  os.cpus = () => {
    const real = cpus();
    return Array.from({ length: 2 * threads }, (_, i) => real[i % real.length]);
  };
}
