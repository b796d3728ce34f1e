/**
 * The `wasm-ceiling` workload for typetorch: backend-cpu's SIMD ceiling micro-benchmark
 * (`wasmSimdCeiling`, the matmul micro-kernel's f32x4 multiply-adds on operands in registers and L1), `flops`
 * float32 operations per step on the calling thread.
 */
import { SIMD_CEILING_FLOPS, wasmSimdCeiling } from '@typetorch/backend-cpu';
import { UNSUPPORTED } from '../protocol.js';
import type { Session } from './serve.js';

export function ceilingSession(flops: number): Session {
  const iterations = flops / SIMD_CEILING_FLOPS;
  if (!Number.isInteger(iterations)) {
    throw new Error(`wasm-ceiling: ${flops} flops is not a whole number of ${SIMD_CEILING_FLOPS}-flop steps`);
  }
  if (wasmSimdCeiling(0) === null) {
    throw new Error(`${UNSUPPORTED}the WebAssembly kernels are off or unsupported here`);
  }
  return {
    step: async () => wasmSimdCeiling(iterations) ?? Number.NaN,
    dispose() {},
  };
}
