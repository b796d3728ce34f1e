/**
 * User-facing switches of the WebAssembly path: on/off and the number of threads. Defaults come from
 * the environment in Node (`TYPETORCH_CPU_WASM=0` turns the WebAssembly kernels off,
 * `TYPETORCH_NUM_THREADS=n` caps the threads) and otherwise from the machine.
 */

interface ProcessLike {
  env?: Record<string, string | undefined>;
  getBuiltinModule?: (id: string) => unknown;
}

/** Node's `process`, or undefined in browsers (read through globalThis so bundlers leave it alone). */
export function nodeProcess(): ProcessLike | undefined {
  return (globalThis as { process?: ProcessLike }).process;
}

function envValue(name: string): string | undefined {
  return nodeProcess()?.env?.[name];
}

/** Logical cores: `os.availableParallelism()` in Node, `navigator.hardwareConcurrency` in browsers. */
export function coreCount(): number {
  const os = nodeProcess()?.getBuiltinModule?.('node:os') as
    | { availableParallelism?: () => number }
    | undefined;
  const fromOs = os?.availableParallelism?.();
  if (fromOs !== undefined && fromOs > 0) return fromOs;
  const nav = (globalThis as { navigator?: { hardwareConcurrency?: number } }).navigator;
  return Math.max(1, nav?.hardwareConcurrency ?? 1);
}

function initialThreads(): number {
  const fromEnv = Number.parseInt(envValue('TYPETORCH_NUM_THREADS') ?? '', 10);
  return Number.isInteger(fromEnv) && fromEnv > 0 ? fromEnv : coreCount();
}

const state = {
  wasm: envValue('TYPETORCH_CPU_WASM') !== '0',
  relaxed: envValue('TYPETORCH_CPU_RELAXED_SIMD') !== '0',
  threads: initialThreads(),
};

/**
 * Turns the WebAssembly kernels on or off (on by default where the engine supports 128-bit SIMD;
 * `TYPETORCH_CPU_WASM=0` starts with them off). Off, every op runs the plain TypeScript kernels,
 * the reference implementation. Results agree within float32 rounding. (PyTorch has the same kind of
 * switch for its optimized CPU kernels: `torch.backends.mkldnn.enabled = False`.)
 */
export function setWasmEnabled(enabled: boolean): void {
  state.wasm = enabled;
}

/** Whether the WebAssembly kernels are switched on (see {@link setWasmEnabled}; also needs SIMD support). */
export function wasmSwitchedOn(): boolean {
  return state.wasm;
}

/** Sets the relaxed-SIMD switch (the public setter, which checks the kernels have not started, is in `status.ts`). */
export function switchRelaxedSimd(enabled: boolean): void {
  state.relaxed = enabled;
}

/** Whether the relaxed-SIMD build may run (`TYPETORCH_CPU_RELAXED_SIMD=0` or the setter turn it off). */
export function relaxedSimdSwitchedOn(): boolean {
  return state.relaxed;
}

/**
 * Sets the number of threads the CPU backend may use for large matrix products, convolutions and
 * float32 elementwise, Adam and random-fill kernels (PyTorch: `torch.set_num_threads`). Defaults to
 * the number of logical cores (or `TYPETORCH_NUM_THREADS`). Threads need the WebAssembly path and
 * shared memory: Node, or a browser worker in a cross-origin-isolated page; elsewhere the kernels run
 * on the calling thread.
 */
export function setNumThreads(n: number): void {
  if (!Number.isInteger(n) || n < 1) {
    throw new RangeError(`setNumThreads(): expected a positive integer, but got ${n}`);
  }
  state.threads = n;
}

/** The number of threads set by {@link setNumThreads} (PyTorch: `torch.get_num_threads`). */
export function getNumThreads(): number {
  return state.threads;
}
