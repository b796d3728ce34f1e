/**
 * The ceiling micro-benchmark of the WebAssembly kernels (`assembly/ceiling.ts`): how fast this engine
 * runs the matmul micro-kernel's 128-bit float32 multiply-adds on operands in registers and L1, the
 * bound of the SIMD matmul here. `pnpm bench` reports it beside the matmul (workload `wasm-ceiling`).
 */
import { wasmRuntime } from './runtime.js';

/**
 * Floating-point operations in one iteration of {@link wasmSimdCeiling}: eight f32x4 multiplies and
 * adds (PyTorch has none).
 */
export const SIMD_CEILING_FLOPS = 64;

/**
 * Runs `iterations` steps of the matmul micro-kernel's 4 x 8 update on operands in L1 in the
 * WebAssembly kernels ({@link SIMD_CEILING_FLOPS} flops a step; fused multiply-adds in the relaxed-SIMD build) and returns
 * a checksum of the result, so that `SIMD_CEILING_FLOPS * iterations / seconds` is the engine's
 * float32 SIMD ceiling on one thread; null when the WebAssembly kernels are off or unsupported.
 * (PyTorch has none: a micro-benchmark of this backend's engine.)
 */
export function wasmSimdCeiling(iterations: number): number | null {
  if (!Number.isInteger(iterations) || iterations < 0 || iterations > 0x7fffffff) {
    throw new RangeError(`wasmSimdCeiling(): expected an integer in [0, 2^31), but got ${iterations}`);
  }
  const rt = wasmRuntime();
  return rt === null ? null : rt.kernels.simdCeilingF32(iterations, 1);
}
