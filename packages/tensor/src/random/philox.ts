/**
 * Philox4x32-10, the counter-based generator PyTorch uses on CUDA (Salmon et al., "Parallel random
 * numbers: as easy as 1, 2, 3", SC'11). Counter-based means element `i` of a random tensor depends only
 * on (key, counter i), so a CPU loop and a GPU thread per element produce identical bits.
 * Backends use these helpers (or a port of them, e.g. in WGSL) to implement `Backend.random`.
 */

const M0 = 0xd2511f53;
const M1 = 0xcd9e8d57;
const W0 = 0x9e3779b9;
const W1 = 0xbb67ae85;

/** High 32 bits of the 64-bit product of two uint32s. */
function mulhi(a: number, b: number): number {
  const aLo = a & 0xffff;
  const aHi = a >>> 16;
  const bLo = b & 0xffff;
  const bHi = b >>> 16;
  const lolo = aLo * bLo;
  const mid1 = aHi * bLo;
  const mid2 = aLo * bHi;
  const carry = ((lolo >>> 16) + (mid1 & 0xffff) + (mid2 & 0xffff)) >>> 16;
  return (aHi * bHi + (mid1 >>> 16) + (mid2 >>> 16) + carry) >>> 0;
}

/**
 * Runs ten Philox rounds on the 128-bit counter `(c0, c1, c2, c3)` with key `(k0, k1)` and writes
 * the four uint32 outputs to `out`. Random tensors use counters `(i_lo, i_hi, 0, 0)`.
 * (PyTorch: `at::Philox4_32_10`, the engine of its CUDA generator.)
 */
export function philox4x32(
  c0: number,
  c1: number,
  c2: number,
  c3: number,
  k0: number,
  k1: number,
  out: Uint32Array,
): void {
  let x0 = c0 >>> 0;
  let x1 = c1 >>> 0;
  let x2 = c2 >>> 0;
  let x3 = c3 >>> 0;
  let key0 = k0 >>> 0;
  let key1 = k1 >>> 0;
  for (let round = 0; round < 10; round++) {
    const hi0 = mulhi(M0, x0);
    const lo0 = Math.imul(M0, x0) >>> 0;
    const hi1 = mulhi(M1, x2);
    const lo1 = Math.imul(M1, x2) >>> 0;
    const n0 = (hi1 ^ x1 ^ key0) >>> 0;
    const n2 = (hi0 ^ x3 ^ key1) >>> 0;
    x0 = n0;
    x1 = lo1;
    x2 = n2;
    x3 = lo0;
    key0 = (key0 + W0) >>> 0;
    key1 = (key1 + W1) >>> 0;
  }
  out[0] = x0;
  out[1] = x1;
  out[2] = x2;
  out[3] = x3;
}

/** Maps a uint32 to a float32-representable uniform in [0, 1) (24 random mantissa bits), as PyTorch's `uniform_real_distribution` on CUDA does. */
export function uint32ToUniform(u: number): number {
  return (u >>> 8) * 5.9604644775390625e-8; // 2^-24
}

const scratch = new Uint32Array(4);

/** Uniform [0, 1) value of stream element `counter` (counter < 2^53): element `counter` of `torch.rand` with this key. */
export function philoxUniform(key: readonly [number, number], counter: number): number {
  philox4x32(counter >>> 0, Math.floor(counter / 4294967296) >>> 0, 0, 0, key[0], key[1], scratch);
  return uint32ToUniform(scratch[0]);
}

/** Standard normal value of stream element `counter`, by Box-Muller on the first two outputs: element `counter` of `torch.randn` with this key. */
export function philoxNormal(key: readonly [number, number], counter: number): number {
  philox4x32(counter >>> 0, Math.floor(counter / 4294967296) >>> 0, 0, 0, key[0], key[1], scratch);
  // 1 - u keeps the log argument in (0, 1].
  const u1 = 1 - uint32ToUniform(scratch[0]);
  const u2 = uint32ToUniform(scratch[1]);
  return Math.sqrt(-2 * Math.log(u1)) * Math.cos(2 * Math.PI * u2);
}
