/**
 * Python's `repr` of the values layers print in `toString()`, so that typetorch prints a model exactly
 * as PyTorch does: `True`/`False`, `None`, floats as `0.1`, `1.0`, `1e-05`, tuples as `(10,)`.
 */

/** `True` / `False`. */
export function pyBool(value: boolean): string {
  return value ? 'True' : 'False';
}

/**
 * A float as Python's `repr(float)`: the shortest round-tripping digits (as JS prints them), but with
 * a `.0` on integral values and an exponent (`1e-05`, `1e+16`) outside `1e-4 <= |x| < 1e16`.
 */
export function pyFloat(x: number): string {
  if (Number.isNaN(x)) return 'nan';
  if (!Number.isFinite(x)) return x > 0 ? 'inf' : '-inf';
  if (x === 0) return Object.is(x, -0) ? '-0.0' : '0.0';
  const [mantissa, expText] = x.toExponential().split('e');
  const exp = Number(expText);
  if (exp < -4 || exp >= 16) {
    const magnitude = String(Math.abs(exp)).padStart(2, '0');
    return `${mantissa}e${exp < 0 ? '-' : '+'}${magnitude}`;
  }
  const digits = mantissa.replace('-', '').replace('.', '');
  const sign = x < 0 ? '-' : '';
  if (exp < 0) return `${sign}0.${'0'.repeat(-exp - 1)}${digits}`;
  if (digits.length <= exp + 1) return `${sign}${digits}${'0'.repeat(exp + 1 - digits.length)}.0`;
  return `${sign}${digits.slice(0, exp + 1)}.${digits.slice(exp + 1)}`;
}

/** A tuple of ints: `(10,)`, `(2, 3)`. */
export function pyTuple(values: readonly number[]): string {
  return values.length === 1 ? `(${values[0]},)` : `(${values.join(', ')})`;
}
