/**
 * `@typetorch/backend-cpu`: importing this package registers the CPU backend as device `'cpu'`
 * (the default device unless another was chosen first).
 *
 * @packageDocumentation
 */
import { registerBackend } from '@typetorch/tensor';
import { CpuBackend, cpuBackend } from './backend.js';

registerBackend(cpuBackend);

export { SIMD_CEILING_FLOPS, wasmSimdCeiling } from './wasm/ceiling.js';
export { getNumThreads, setNumThreads, setWasmEnabled } from './wasm/settings.js';
// The public declarations name no `WebAssembly.*` type (lib.dom's), so they type-check in a Node
// project without the DOM lib: the runtime stays internal, and status.ts is its public view.
export { isWasmEnabled, setRelaxedSimdEnabled, type WasmStatus, wasmStatus } from './wasm/status.js';
export { CpuBackend, cpuBackend };
