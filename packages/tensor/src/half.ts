/**
 * IEEE 754 binary16 (`torch.float16`, "half") on hosts without `Float16Array`: rounding to half and
 * converting between half bit patterns and numbers. Backends use these to store and read float16.
 *
 * The rounding works on float32 bit patterns through one shared scratch word, so a JS number is first
 * rounded to float32 and then to half, as PyTorch's `c10::Half(float)` conversion does (a float64 is
 * converted through float as well).
 * @see https://pytorch.org/docs/stable/tensor_attributes.html#torch.dtype
 */

const scratchF32 = new Float32Array(1);
const scratchU32 = new Uint32Array(scratchF32.buffer);

/** Largest finite half value (PyTorch: `torch.finfo(torch.float16).max`). */
export const HALF_MAX = 65504;

/**
 * The float32 bit pattern of the half value nearest to the float32 with bits `bits`: round to nearest,
 * ties to even; values from 65520 up (the midpoint past {@link HALF_MAX}) become infinities; results
 * below the normal range land on the subnormal grid of 2^-24; NaN stays NaN (quiet, payload truncated).
 * (PyTorch: the rounding of `Tensor.half()`.)
 */
export function roundFloat32BitsToHalf(bits: number): number {
  const exp = (bits >>> 23) & 0xff;
  if (exp === 0xff) return (bits & 0x7fffff) === 0 ? bits >>> 0 : ((bits & 0xffffe000) | 0x400000) >>> 0;
  if (exp >= 113) {
    // Half's normal range (exponent >= -14): keep 10 mantissa bits, rounding the 13 dropped ones to
    // even; a carry moves into the exponent, which is exactly the next binade's encoding.
    const rounded = (bits + 0xfff + ((bits >>> 13) & 1)) & 0xffffe000;
    if (((rounded >>> 23) & 0xff) > 142) return ((bits & 0x80000000) | 0x7f800000) >>> 0;
    return rounded >>> 0;
  }
  const sign = bits & 0x80000000;
  // Below 2^-25 (half the smallest subnormal) everything rounds to a signed zero.
  if (exp < 102) return sign >>> 0;
  // Subnormal half: multiples of 2^-24. The float32 is mantissa * 2^(exp - 150), so the multiple is
  // mantissa >> (126 - exp), rounded to even on the dropped bits.
  const mantissa = (bits & 0x7fffff) | 0x800000;
  const shift = 126 - exp;
  let q = mantissa >>> shift;
  const rest = mantissa & ((1 << shift) - 1);
  const halfway = 1 << (shift - 1);
  if (rest > halfway || (rest === halfway && (q & 1) === 1)) q++;
  scratchF32[0] = q * 2 ** -24;
  return (scratchU32[0] | sign) >>> 0;
}

/**
 * The float32 bit pattern of the float32 with bits `bits` truncated toward zero onto the half grid
 * (finite inputs in half's range): how uniform random numbers in [0, 1) become float16 without ever
 * rounding up to 1.
 * PyTorch has no equivalent.
 */
export function truncateFloat32BitsToHalf(bits: number): number {
  const exp = (bits >>> 23) & 0xff;
  if (exp >= 113) return (bits & 0xffffe000) >>> 0;
  scratchU32[0] = bits & 0x7fffffff;
  scratchF32[0] = Math.floor(scratchF32[0] * 2 ** 24) * 2 ** -24;
  return (scratchU32[0] | (bits & 0x80000000)) >>> 0;
}

/** `value` rounded to the nearest half (through float32), as a number (PyTorch: `x.half().item()`). */
export function roundToHalf(value: number): number {
  scratchF32[0] = value;
  scratchU32[0] = roundFloat32BitsToHalf(scratchU32[0]);
  return scratchF32[0];
}

/**
 * Rounds `values[start..end)` to half in place (the host form of float16 data: a Float32Array whose
 * values are all half-representable).
 * (PyTorch: `Tensor.half()` followed by `Tensor.float()`.)
 */
export function roundToHalfInPlace(values: Float32Array, start = 0, end = values.length): void {
  const bits = new Uint32Array(values.buffer, values.byteOffset, values.length);
  for (let i = start; i < end; i++) bits[i] = roundFloat32BitsToHalf(bits[i]);
}

/** The half bit pattern (a uint16) nearest to `value` (rounded as {@link roundToHalf}; PyTorch: `torch.tensor(value).half().view(torch.int16)`). */
export function floatToHalfBits(value: number): number {
  scratchF32[0] = value;
  const bits = roundFloat32BitsToHalf(scratchU32[0]);
  const sign = (bits >>> 16) & 0x8000;
  const exp = (bits >>> 23) & 0xff;
  if (exp === 0xff) return sign | 0x7c00 | ((bits & 0x7fffff) >>> 13);
  if (exp >= 113) return sign | ((exp - 112) << 10) | ((bits & 0x7fffff) >>> 13);
  // Subnormal or zero: the value is an exact multiple of 2^-24.
  scratchU32[0] = bits & 0x7fffffff;
  return sign | (scratchF32[0] * 2 ** 24);
}

/** The number a half bit pattern (a uint16) encodes; exact, NaN payloads kept (PyTorch: `bits.view(torch.float16).item()`). */
export function halfBitsToFloat(half: number): number {
  const sign = (half & 0x8000) << 16;
  const exp = (half >>> 10) & 0x1f;
  const mantissa = half & 0x3ff;
  if (exp === 0) {
    const magnitude = mantissa * 2 ** -24;
    return sign === 0 ? magnitude : -magnitude;
  }
  scratchU32[0] =
    exp === 0x1f ? sign | 0x7f800000 | (mantissa << 13) : sign | ((exp + 112) << 23) | (mantissa << 13);
  return scratchF32[0];
}

/** Half bit patterns (uint16) of `values`, rounding each (the form safetensors' F16 and GPUs store; PyTorch: `x.half().view(torch.int16)`). */
export function toHalfBits(values: ArrayLike<number>): Uint16Array {
  const out = new Uint16Array(values.length);
  for (let i = 0; i < values.length; i++) out[i] = floatToHalfBits(values[i]);
  return out;
}

/** The values of half bit patterns, as the Float32Array that is float16's host form (exact; PyTorch: `bits.view(torch.float16).float()`). */
export function fromHalfBits(bits: ArrayLike<number>): Float32Array {
  const out = new Float32Array(bits.length);
  for (let i = 0; i < bits.length; i++) out[i] = halfBitsToFloat(bits[i]);
  return out;
}
