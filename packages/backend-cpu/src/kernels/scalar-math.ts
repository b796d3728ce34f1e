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
// gradcheck runs in float64, so a float32-grade approximation would not do.
const ERF_A0 = 3.1611237438705656;
const ERF_A1 = 113.864154151050156;
const ERF_A2 = 377.485237685302021;
const ERF_A3 = 3209.37758913846947;
const ERF_A4 = 0.185777706184603153;
const ERF_B0 = 23.6012909523441209;
const ERF_B1 = 244.024637934444173;
const ERF_B2 = 1282.61652607737228;
const ERF_B3 = 2844.23683343917062;
const ERF_C = [
  0.564188496988670089, 8.88314979438837594, 66.1191906371416295, 298.635138197400131, 881.952221241769090,
  1712.04761263407058, 2051.07837782607147, 1230.33935479799725, 2.15311535474403846e-8,
];
const ERF_D = [
  15.7449261107098347, 117.693950891312499, 537.181101862009858, 1621.38957456669019, 3290.79923573345963,
  4362.61909014324716, 3439.36767414372164, 1230.33935480374942,
];
const ERF_P = [
  0.305326634961232344, 0.360344899949804439, 0.125781726111229246, 0.0160837851487422766,
  6.58749161529837803e-4, 0.0163153871373020978,
];
const ERF_Q = [
  2.56852019228982242, 1.87295284992346047, 0.527905102951428412, 0.0605183413124413191,
  0.00233520497626869185,
];
const ONE_OVER_SQRT_PI = 0.56418958354775628695;

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
