/**
 * Scalar semantics that JS's Math does not provide with PyTorch's exact behaviour. They are tiny
 * module-level functions so TurboFan inlines them into the loops that call them.
 */

/** Rounds half to even (torch.round; Math.round rounds half up). */
export function roundHalfEven(x: number): number {
  const r = Math.round(x);
  // Math.round went up by exactly one half: step back when that landed on an odd integer.
  return r - x === 0.5 && r % 2 !== 0 ? r - 1 : r;
}

/** -1, 0 or 1 by sign; NaN stays NaN (torch.sign). */
export function sign(x: number): number {
  return x > 0 ? 1 : x < 0 ? -1 : x === 0 ? 0 : Number.NaN;
}

/** max(x, 0) that keeps NaN and -0 (torch.relu). */
export function relu(x: number): number {
  // biome-ignore lint/complexity/useMathMinMax: Math.max(-0, 0) is +0, but PyTorch's relu(-0.) is -0.
  return x < 0 ? 0 : x;
}

/** Logistic function 1 / (1 + e^-x); saturates to exactly 0 or 1 without overflow errors. */
export function sigmoid(x: number): number {
  return 1 / (1 + Math.exp(-x));
}

/** Larger of two values, NaN if either is NaN (torch.maximum). */
export function maximum(x: number, y: number): number {
  return x > y || x !== x ? x : y;
}

/** Smaller of two values, NaN if either is NaN (torch.minimum). */
export function minimum(x: number, y: number): number {
  return x < y || x !== x ? x : y;
}

/**
 * Quotient rounded toward -infinity (torch.floor_divide), by PyTorch's own algorithm (`div_floor_floating`)
 * rather than `Math.floor(x / y)`: it derives the quotient from the exact fmod, so it is correct where
 * `x / y` rounds up to an integer, and it gives PyTorch's NaN for an infinite dividend and its signed
 * zeros. A zero divisor yields the IEEE quotient (an int32 output stores that as 0). Exact for int32 inputs.
 */
export function floorDivide(x: number, y: number): number {
  if (y === 0) return x / y;
  const mod = x % y;
  let div = (x - mod) / y;
  if (mod !== 0 && y < 0 !== mod < 0) div -= 1;
  if (div === 0) {
    // A zero quotient takes the sign of the true quotient: -0.5 // 3 is -0.
    const q = x / y;
    return q < 0 || Object.is(q, -0) ? -0 : 0;
  }
  const floor = Math.floor(div);
  return div - floor > 0.5 ? floor + 1 : floor;
}

/**
 * Remainder with the sign of the divisor (torch.remainder), computed as PyTorch does from fmod, which is
 * exact, rather than `x - floor(x / y) * y`, which loses precision when `x / y` is large.
 */
export function remainder(x: number, y: number): number {
  const m = x % y;
  return m !== 0 && m < 0 !== y < 0 ? m + y : m;
}
