/**
 * `@typetorch/backend-cpu`: importing this package registers the CPU backend as device `'cpu'`
 * (the default device unless another was chosen first).
 */
import { registerBackend } from '@typetorch/tensor';
import { CpuBackend, cpuBackend } from './backend.js';

registerBackend(cpuBackend);

export { isWasmEnabled, wasmStatus } from './wasm/runtime.js';
export { getNumThreads, setNumThreads, setWasmEnabled } from './wasm/settings.js';
export { CpuBackend, cpuBackend };
