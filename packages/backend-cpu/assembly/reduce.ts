// Row-wise float32 sums in float64, in exactly the TypeScript kernel's order (src/kernels/reduce-rows.ts
// `sumRow`, summed over a block's rows by `reduceBlock`), so the WebAssembly path changes no result.

/**
 * Sum of one dense row of `n` floats at `x`: four float64 accumulators, element `j` into accumulator
 * `j % 4` (the tail into the first), combined as `(a0 + a1) + (a2 + a3)`.
 */
function sumRow(x: usize, n: i32): f64 {
  let a01 = f64x2.splat(0);
  let a23 = f64x2.splat(0);
  let j = 0;
  for (; j + 3 < n; j += 4) {
    const v = v128.load(x + ((<usize>j) << 2));
    a01 = f64x2.add(a01, f64x2.promote_low_f32x4(v));
    a23 = f64x2.add(a23, f64x2.promote_low_f32x4(v128.shuffle<f32>(v, v, 2, 3, 0, 1)));
  }
  let a0 = f64x2.extract_lane(a01, 0);
  for (; j < n; j++) a0 += <f64>load<f32>(x + ((<usize>j) << 2));
  return a0 + f64x2.extract_lane(a01, 1) + (f64x2.extract_lane(a23, 0) + f64x2.extract_lane(a23, 1));
}

/**
 * For each of `count` outputs `o` (its block at `x + o * outStride` floats), the sum over `rows` dense
 * rows of `n` floats, `rowStride` floats apart, accumulated row by row from 0; written to `acc[o]` (f64).
 */
export function sumRowsF32(
  x: usize,
  outStride: i32,
  count: i32,
  rowStride: i32,
  rows: i32,
  n: i32,
  acc: usize,
): void {
  const outBytes = (<usize>outStride) << 2;
  const rowBytes = (<usize>rowStride) << 2;
  for (let o = 0; o < count; o++, x += outBytes) {
    let total: f64 = 0;
    let row = x;
    for (let r = 0; r < rows; r++, row += rowBytes) total += sumRow(row, n);
    store<f64>(acc + ((<usize>o) << 3), total);
  }
}
