// The ceiling of this engine's 128-bit SIMD float32 arithmetic: the matmul micro-kernel's own loop
// (`gemm.ts`: a 4 x 8 tile, two vector loads of B, four broadcasts of A and eight multiply-adds a step)
// on operands that stay in L1, without packing, C traffic or edges. `pnpm bench` times it beside the
// matmul (workload `wasm-ceiling`), so the matmul's GFLOP/s read as a fraction of what the engine
// issues. (Ten independent `acc += x * y` chains with one load each measured about 10% lower here:
// the loads, not the arithmetic, bounded them.)

import { F32x4 } from './madd';

/** 1.5 KiB of operands, in L1 for the whole run: 512 bytes of A broadcasts, then 1 KiB of B rows. */
const OPERANDS: usize = memory.data(1536, 16);

/**
 * Runs `iterations` steps of the 4 x 8 micro-kernel's update `c[i][j] += a[i] * b[j]` (eight f32x4
 * accumulators, 64 flops a step: eight multiplies and eight adds of four lanes, or eight fused
 * multiply-adds in the relaxed build), walking rings of A and B in L1, and returns a lane of the
 * accumulators' sum, so that no step is dead code.
 */
export function simdCeilingF32(iterations: i32, seed: f32): f32 {
  for (let i: usize = 0; i < 384; i++) store<f32>(OPERANDS + i * 4, seed + <f32>i * <f32>0.001);
  let c00 = f32x4.splat(0);
  let c01 = c00;
  let c10 = c00;
  let c11 = c00;
  let c20 = c00;
  let c21 = c00;
  let c30 = c00;
  let c31 = c00;
  let at: usize = 0;
  for (let i = 0; i < iterations; i++) {
    const pa = OPERANDS + at;
    const pb = OPERANDS + 512 + 2 * at;
    const b0 = v128.load(pb);
    const b1 = v128.load(pb, 16);
    let a = v128.load32_splat(pa);
    c00 = F32x4.madd(a, b0, c00);
    c01 = F32x4.madd(a, b1, c01);
    a = v128.load32_splat(pa, 4);
    c10 = F32x4.madd(a, b0, c10);
    c11 = F32x4.madd(a, b1, c11);
    a = v128.load32_splat(pa, 8);
    c20 = F32x4.madd(a, b0, c20);
    c21 = F32x4.madd(a, b1, c21);
    a = v128.load32_splat(pa, 12);
    c30 = F32x4.madd(a, b0, c30);
    c31 = F32x4.madd(a, b1, c31);
    // 16 bytes of A and 32 of B a step, around rings of 512 and 1024 bytes.
    at = (at + 16) & 511;
  }
  const s = f32x4.add(
    f32x4.add(f32x4.add(c00, c01), f32x4.add(c10, c11)),
    f32x4.add(f32x4.add(c20, c21), f32x4.add(c30, c31)),
  );
  return f32x4.extract_lane(s, 0);
}
