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

// W. J. Cody's rational Chebyshev approximations for erf/erfc ("Rational Chebyshev Approximations for
// the Error Function", Math. Comp. 23, 1969; Netlib SPECFUN CALERF), accurate to a few float64 ulps:
// gradcheck runs in float64, so a float32-grade approximation would not do. The published
// coefficients are written as the float64 values they round to.
const ERF_A0 = 3.1611237438705655;
const ERF_A1 = 113.86415415105016;
const ERF_A2 = 377.485237685302;
const ERF_A3 = 3209.3775891384694;
const ERF_A4 = 0.18577770618460315;
const ERF_B0 = 23.601290952344122;
const ERF_B1 = 244.02463793444417;
const ERF_B2 = 1282.6165260773723;
const ERF_B3 = 2844.236833439171;
const ERF_C = [
  0.5641884969886701, 8.883149794388377, 66.11919063714163, 298.6351381974001, 881.952221241769,
  1712.0476126340707, 2051.0783778260716, 1230.3393547979972, 2.1531153547440383e-8,
];
const ERF_D = [
  15.744926110709835, 117.6939508913125, 537.1811018620099, 1621.3895745666903, 3290.7992357334597,
  4362.619090143247, 3439.3676741437216, 1230.3393548037495,
];
const ERF_P = [
  0.30532663496123236, 0.36034489994980445, 0.12578172611122926, 0.016083785148742275, 0.0006587491615298378,
  0.016315387137302097,
];
const ERF_Q = [
  2.568520192289822, 1.8729528499234604, 0.5279051029514285, 0.06051834131244132, 0.0023352049762686918,
];
const ONE_OVER_SQRT_PI = 0.5641895835477563;

/** `exp(-y*y)` without the rounding error of forming `y*y`: y is split at a multiple of 1/16 (Cody). */
function expNegSquare(y: number): number {
  const head = Math.trunc(y * 16) / 16;
  const del = (y - head) * (y + head);
  return Math.exp(-head * head) * Math.exp(-del);
}

/** The Gauss error function (torch.erf); odd, keeps -0, saturates to +-1, NaN stays NaN. */
export function erf(x: number): number {
  const y = Math.abs(x);
  if (y <= 0.46875) {
    // erf itself: x * R(x^2). Below ~1e-16, x^2 vanishes against the constants anyway.
    const z = y > 1.11e-16 ? y * y : 0;
    let num = ERF_A4 * z;
    let den = z;
    num = (num + ERF_A0) * z;
    den = (den + ERF_B0) * z;
    num = (num + ERF_A1) * z;
    den = (den + ERF_B1) * z;
    num = (num + ERF_A2) * z;
    den = (den + ERF_B2) * z;
    return (x * (num + ERF_A3)) / (den + ERF_B3);
  }
  // erfc(y) = exp(-y^2) * R(y), then erf = 1 - erfc.
  let erfc: number;
  if (y <= 4) {
    let num = ERF_C[8] * y;
    let den = y;
    for (let i = 0; i < 7; i++) {
      num = (num + ERF_C[i]) * y;
      den = (den + ERF_D[i]) * y;
    }
    erfc = expNegSquare(y) * ((num + ERF_C[7]) / (den + ERF_D[7]));
  } else if (y < 26.543) {
    const z = 1 / (y * y);
    let num = ERF_P[5] * z;
    let den = z;
    for (let i = 0; i < 4; i++) {
      num = (num + ERF_P[i]) * z;
      den = (den + ERF_Q[i]) * z;
    }
    const r = (z * (num + ERF_P[4])) / (den + ERF_Q[4]);
    erfc = expNegSquare(y) * ((ONE_OVER_SQRT_PI - r) / y);
  } else {
    // erfc underflows past 26.5; NaN also lands here and stays NaN below.
    erfc = y === y ? 0 : y;
  }
  const r = 0.5 - erfc + 0.5;
  return x < 0 ? -r : r;
}
