/**
 * The public view of the WebAssembly path (`isWasmEnabled`, `wasmStatus`). Kept apart from
 * `runtime.ts` so that the package's declarations never name `WebAssembly.*` types: TypeScript
 * declares that namespace in lib.dom only, and a Node project compiled without the DOM lib (and
 * without skipLibCheck) would fail on them. The runtime keeps its precise WebAssembly typing inside.
 */
import { createdRuntime, wasmRuntime } from './runtime.js';
import { relaxedSimdSwitchedOn, switchRelaxedSimd } from './settings.js';
import { workerError } from './threads.js';

/** What {@link wasmStatus} reports (PyTorch has none; the nearest is `torch.__config__.show()`). */
export interface WasmStatus {
  /**
   * The WebAssembly kernels are switched on and this engine runs them (128-bit SIMD; PyTorch:
   * `torch.backends.cpu.get_cpu_capability()` reports the SIMD level).
   */
  enabled: boolean;
  /** The kernels' memory is shared, so worker threads can split large ops (PyTorch has none). */
  shared: boolean;
  /**
   * The relaxed-SIMD build runs: its matmul and convolution multiply-adds are fused where the CPU has
   * FMA, so their results may differ from the plain build's in the last bits (PyTorch:
   * `torch.backends.cpu.get_cpu_capability()` names the instruction set its kernels use).
   */
  relaxedSimd: boolean;
  /**
   * Worker threads started so far (they start with the first large op; PyTorch: `torch.get_num_threads()`
   * is the pool's size).
   */
  workers: number;
  /** Chunks of work the worker threads have run so far (PyTorch has none). */
  workerChunks: number;
  /** The last error a worker thread died of, or null (PyTorch has none). */
  workerError: string | null;
  /**
   * Size of the kernels' memory in bytes (storages and scratch; grows up to about 1 GiB of storages, never
   * shrinks; PyTorch has none).
   */
  memoryBytes: number;
}

/**
 * Whether the WebAssembly kernels are on and supported by this engine (PyTorch has no direct
 * counterpart; the nearest is `torch.backends.mkldnn.is_available()`).
 */
export function isWasmEnabled(): boolean {
  return wasmRuntime() !== null;
}

/**
 * What the WebAssembly path is doing here: whether it is on, whether its memory is shared (threads
 * possible), how many worker threads have been started so far (they start with the first large op),
 * how many chunks of work they have run, the last error a worker died of, and the size of the
 * kernels' memory (PyTorch has no direct counterpart; compare `torch.__config__.parallel_info()`).
 */
export function wasmStatus(): WasmStatus {
  const rt = wasmRuntime();
  return {
    enabled: rt !== null,
    shared: rt?.shared ?? false,
    relaxedSimd: rt?.relaxed ?? false,
    memoryBytes: rt?.memory.buffer.byteLength ?? 0,
    workers: rt?.workerCount() ?? 0,
    workerChunks: rt?.shared ? rt.workerChunks() : 0,
    workerError: workerError(),
  };
}

/**
 * Allows or forbids the relaxed-SIMD build of the kernels (allowed by default, used where the engine
 * validates it: browsers, Node 22+, Node 20 with `--experimental-wasm-relaxed-simd`;
 * `TYPETORCH_CPU_RELAXED_SIMD=0` starts with it forbidden). Its `f32x4.relaxed_madd` becomes a fused
 * multiply-add on CPUs with FMA, which rounds once instead of twice: matmul and convolution results
 * then differ from the plain build's in the last bits. The build is chosen when the first WebAssembly
 * kernel runs; changing it after that throws (the kernels' memory holds live tensors).
 * (PyTorch has none; the nearest is the `ATEN_CPU_CAPABILITY` environment variable.)
 */
export function setRelaxedSimdEnabled(enabled: boolean): void {
  const rt = createdRuntime();
  // Too late when it would change the build: off while the relaxed one runs, or on after it was off
  // when the kernels started (an engine without relaxed SIMD runs the plain build either way).
  const tooLate = enabled ? !relaxedSimdSwitchedOn() : rt?.relaxed === true;
  if (rt !== null && tooLate) {
    throw new Error(
      `setRelaxedSimdEnabled(${enabled}): the WebAssembly kernels already run (${rt.relaxed ? 'relaxed' : 'plain'} SIMD build); ` +
        'call it before the first operation, or set TYPETORCH_CPU_RELAXED_SIMD',
    );
  }
  switchRelaxedSimd(enabled);
}
