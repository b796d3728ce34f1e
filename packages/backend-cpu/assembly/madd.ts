// The multiply-add of the float32 kernels: `c + a * b` per lane.
//
// The plain build rounds the product and then the sum (two instructions, exactly as the TypeScript
// kernels round). The relaxed-SIMD build (`--enable relaxed-simd`, ASC_FEATURE_RELAXED_SIMD) emits
// `f32x4.relaxed_madd`, which the engine turns into a fused multiply-add where the CPU has one
// (rounded once: results may differ from the plain build in the last bits) and into the same two
// instructions elsewhere. The branch is resolved at compile time.

// biome-ignore lint/complexity/noStaticOnlyClass: a static method is where @inline is valid TypeScript syntax
export class F32x4 {
  /** `c + a * b` on four float32 lanes (fused in the relaxed-SIMD build where the CPU allows). */
  @inline
  static madd(a: v128, b: v128, c: v128): v128 {
    if (ASC_FEATURE_RELAXED_SIMD) return f32x4.relaxed_madd(a, b, c);
    return f32x4.add(c, f32x4.mul(a, b));
  }
}
