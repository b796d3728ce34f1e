/**
 * Reductions over the trailing dims of a view (the tensor package permutes reduced dims to the end).
 *
 * Two strategies:
 * - Row-wise: for every output element, reduce its block. The block's dims are collapsed, so a
 *   contiguous block (e.g. `sum(dim=-1)`) is one tight loop over memory.
 * - Column-wise: when the reduced elements are far apart but neighbouring *outputs* are adjacent in
 *   memory (e.g. `sum(dim=0)` of a row-major matrix), walking each block would touch one element per
 *   cache line. Instead the kernel streams through memory in order, folding every reduced position
 *   into a row of accumulators.
 */

import type { ReduceOp, TypedArray, View } from '@typetorch/tensor';
import { numelOf } from '@typetorch/tensor';
import { RowCursor } from '../strided.js';
import { wasmSumColumns } from '../wasm/elementwise.js';
import { wasmSumRows } from '../wasm/reduce.js';
import { storageOf } from './dense.js';
import { fill } from './elementwise.js';
import {
  allRow,
  anyRow,
  argmaxRow,
  argminRow,
  maxRow,
  minRow,
  prodRow,
  prodRowInt32,
  sumRow,
} from './reduce-rows.js';
import { maximum, minimum } from './scalar-math.js';

/** Accumulators of the column-wise strategy, reused across calls. */
let columnScratch = new Float64Array(1024);

/**
 * Reduces the trailing `x.shape.length - out.shape.length` dims of `x` into `out`
 * (see `Backend.reduce` for result dtypes, tie and NaN rules).
 */
export function reduce(op: ReduceOp, x: View, out: View): void {
  const outRank = out.shape.length;
  if (numelOf(out.shape) === 0) return;
  const reducedShape = x.shape.slice(outRank);
  const reducedStrides = x.strides.slice(outRank);
  if (numelOf(reducedShape) === 0) {
    reduceEmpty(op, out);
    return;
  }
  // The block walker visits the reduced dims row by row, from offset 0 relative to each block.
  const block = new RowCursor(reducedShape, [reducedStrides], [0]);
  const outer = new RowCursor(out.shape, [x.strides.slice(0, outRank), out.strides], [x.offset, out.offset]);
  const xs = storageOf(x);
  const os = storageOf(out);
  const int32 = x.dtype === 'int32';
  const columnWise =
    outer.strides[0] === 1 &&
    outer.inner >= 4 &&
    (block.rows > 1 || block.strides[0] !== 1) &&
    op !== 'argmax' &&
    op !== 'argmin';
  if (columnWise) {
    if (columnScratch.length < outer.inner) columnScratch = new Float64Array(outer.inner);
    const simdSum = op === 'sum' && x.dtype === 'float32';
    for (let r = 0; r < outer.rows; r++, outer.next()) {
      const base = outer.offsets[0];
      if (!(simdSum && wasmSumColumns(x, base, block, outer.inner, columnScratch))) {
        reduceColumns(op, int32, xs, base, block, outer.inner, columnScratch);
      }
      let oi = outer.offsets[1];
      const oStride = outer.strides[1];
      for (let t = 0; t < outer.inner; t++, oi += oStride) os[oi] = columnScratch[t];
    }
    return;
  }
  if (op === 'sum' && wasmSumRows(x, reducedShape, reducedStrides, outer, os)) return;
  const xStride = outer.strides[0];
  const oStride = outer.strides[1];
  for (let r = 0; r < outer.rows; r++, outer.next()) {
    let xi = outer.offsets[0];
    let oi = outer.offsets[1];
    for (let t = 0; t < outer.inner; t++, xi += xStride, oi += oStride) {
      os[oi] = reduceBlock(op, int32, xs, xi, block);
    }
  }
}

/** Identity values for empty blocks; max/min/arg* of nothing is undefined. */
function reduceEmpty(op: ReduceOp, out: View): void {
  switch (op) {
    case 'sum':
    case 'any':
      fill(out, 0);
      return;
    case 'prod':
    case 'all':
      fill(out, 1);
      return;
    default:
      throw new RangeError(`reduce('${op}'): cannot reduce an empty block (it has no identity)`);
  }
}

/** Reduces one block whose first element is `x[base]`. */
function reduceBlock(op: ReduceOp, int32: boolean, x: TypedArray, base: number, block: RowCursor): number {
  const n = block.inner;
  const s = block.strides[0];
  const rows = block.rows;
  if (rows === 1) {
    const i = base + block.offsets[0];
    switch (op) {
      case 'sum':
        return sumRow(x, i, s, n);
      case 'prod':
        return int32 ? prodRowInt32(x, i, s, n) : prodRow(x, i, s, n);
      case 'max':
        return maxRow(x, i, s, n);
      case 'min':
        return minRow(x, i, s, n);
      case 'argmax':
        return argmaxRow(x, i, s, n);
      case 'argmin':
        return argminRow(x, i, s, n);
      case 'all':
        return allRow(x, i, s, n);
      case 'any':
        return anyRow(x, i, s, n);
    }
  }
  block.restart();
  const offsets = block.offsets;
  switch (op) {
    case 'sum': {
      let acc = 0;
      for (let r = 0; r < rows; r++, block.next()) acc += sumRow(x, base + offsets[0], s, n);
      return acc;
    }
    case 'prod': {
      let acc = 1;
      for (let r = 0; r < rows; r++, block.next()) {
        const i = base + offsets[0];
        acc = int32 ? Math.imul(acc, prodRowInt32(x, i, s, n)) : acc * prodRow(x, i, s, n);
      }
      return acc;
    }
    case 'max': {
      let acc = Number.NEGATIVE_INFINITY;
      for (let r = 0; r < rows; r++, block.next()) acc = maximum(maxRow(x, base + offsets[0], s, n), acc);
      return acc;
    }
    case 'min': {
      let acc = Number.POSITIVE_INFINITY;
      for (let r = 0; r < rows; r++, block.next()) acc = minimum(minRow(x, base + offsets[0], s, n), acc);
      return acc;
    }
    case 'argmax':
    case 'argmin': {
      const isMax = op === 'argmax';
      let best = 0;
      let at = -1;
      for (let r = 0; r < rows; r++, block.next()) {
        const i = base + offsets[0];
        const j = isMax ? argmaxRow(x, i, s, n) : argminRow(x, i, s, n);
        const v = x[i + j * s];
        // Later rows win only when strictly better, which keeps the first occurrence.
        if (at < 0 || v !== v || (isMax ? v > best : v < best)) {
          best = v;
          at = r * n + j;
          if (v !== v) break;
        }
      }
      return at;
    }
    case 'all': {
      for (let r = 0; r < rows; r++, block.next()) if (allRow(x, base + offsets[0], s, n) === 0) return 0;
      return 1;
    }
    case 'any': {
      for (let r = 0; r < rows; r++, block.next()) if (anyRow(x, base + offsets[0], s, n) !== 0) return 1;
      return 0;
    }
  }
}

/**
 * Column-wise strategy: `acc[t] = op over the block of output t`, for `count` outputs whose blocks
 * start at `x[base + t]` (adjacent in memory). Streams each reduced position across all outputs.
 */
function reduceColumns(
  op: ReduceOp,
  int32: boolean,
  x: TypedArray,
  base: number,
  block: RowCursor,
  count: number,
  acc: Float64Array,
): void {
  const n = block.inner;
  const s = block.strides[0];
  const identity =
    op === 'sum' || op === 'any'
      ? 0
      : op === 'prod' || op === 'all'
        ? 1
        : op === 'max'
          ? Number.NEGATIVE_INFINITY
          : Number.POSITIVE_INFINITY;
  acc.fill(identity, 0, count);
  block.restart();
  for (let r = 0; r < block.rows; r++, block.next()) {
    for (let j = 0, i = base + block.offsets[0]; j < n; j++, i += s) {
      switch (op) {
        case 'sum':
          for (let t = 0; t < count; t++) acc[t] += x[i + t];
          break;
        case 'prod':
          if (int32) for (let t = 0; t < count; t++) acc[t] = Math.imul(acc[t], x[i + t]);
          else for (let t = 0; t < count; t++) acc[t] *= x[i + t];
          break;
        case 'max':
          for (let t = 0; t < count; t++) acc[t] = maximum(acc[t], x[i + t]);
          break;
        case 'min':
          for (let t = 0; t < count; t++) acc[t] = minimum(acc[t], x[i + t]);
          break;
        case 'all':
          for (let t = 0; t < count; t++) if (x[i + t] === 0) acc[t] = 0;
          break;
        case 'any':
          for (let t = 0; t < count; t++) if (x[i + t] !== 0) acc[t] = 1;
          break;
        default:
          throw new Error(`reduce('${op}') has no column-wise form`);
      }
    }
  }
}
