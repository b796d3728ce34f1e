/**
 * Strided N-d iteration shared by every kernel.
 *
 * Kernels never walk elements one index tuple at a time. {@link collapseLayout} first merges dims that are
 * laid out back to back in *every* operand (a contiguous tensor becomes one dim), then a
 * {@link RowCursor} visits the remaining shape one innermost row at a time, updating per-operand
 * offsets with an odometer. The caller runs a tight loop over each row, so index arithmetic costs
 * O(rows), not O(elements), and nothing is allocated per element.
 */

// Shape and layout arithmetic (numelOf, contiguousStrides, isContiguousLayout, collapseLayout) is the
// tensor package's: kernels import it from there.
import { collapseLayout } from '@typetorch/tensor';

/**
 * Visits a shape shared by several operands one innermost row at a time.
 *
 * ```ts
 * const cur = new RowCursor(shape, [x.strides, out.strides], [x.offset, out.offset]);
 * for (let r = 0; r < cur.rows; r++, cur.next()) {
 *   let xi = cur.offsets[0], oi = cur.offsets[1];
 *   for (let i = 0; i < cur.inner; i++, xi += cur.strides[0], oi += cur.strides[1]) ...
 * }
 * ```
 */
export class RowCursor {
  /** Elements per row (1 for a scalar shape). */
  readonly inner: number;
  /** Number of rows (0 for an empty shape). */
  readonly rows: number;
  /** Per operand: element stride along a row. */
  readonly strides: Int32Array;
  /** Per operand: element offset of the current row's first element. */
  readonly offsets: Int32Array;
  private readonly start: Int32Array;
  private readonly k: number;
  /** Outer dims (all but the row dim), outermost first. */
  private readonly outerShape: Int32Array;
  /** `outerStrides[d * k + operand]`. */
  private readonly outerStrides: Int32Array;
  private readonly counters: Int32Array;

  constructor(shape: readonly number[], strides: readonly (readonly number[])[], offsets: readonly number[]) {
    const c = collapseLayout(shape, strides);
    const k = strides.length;
    const nd = c.shape.length;
    this.k = k;
    this.strides = new Int32Array(k);
    this.offsets = new Int32Array(k);
    this.start = new Int32Array(k);
    for (let j = 0; j < k; j++) this.start[j] = offsets[j];
    if (nd === 0) {
      this.inner = 1;
      this.rows = 1;
      this.outerShape = new Int32Array(0);
      this.outerStrides = new Int32Array(0);
    } else {
      this.inner = c.shape[nd - 1];
      for (let j = 0; j < k; j++) this.strides[j] = c.strides[j][nd - 1];
      this.outerShape = new Int32Array(nd - 1);
      this.outerStrides = new Int32Array((nd - 1) * k);
      let rows = this.inner === 0 ? 0 : 1;
      for (let d = 0; d < nd - 1; d++) {
        this.outerShape[d] = c.shape[d];
        rows *= c.shape[d];
        for (let j = 0; j < k; j++) this.outerStrides[d * k + j] = c.strides[j][d];
      }
      this.rows = rows;
    }
    this.counters = new Int32Array(this.outerShape.length);
    this.offsets.set(this.start);
  }

  /** Advances the offsets to the next row (row-major order). */
  next(): void {
    const k = this.k;
    const shape = this.outerShape;
    const strides = this.outerStrides;
    const offsets = this.offsets;
    for (let d = shape.length - 1; d >= 0; d--) {
      if (++this.counters[d] < shape[d]) {
        for (let j = 0; j < k; j++) offsets[j] += strides[d * k + j];
        return;
      }
      // This dim wraps: undo its (size - 1) steps and carry into the next outer dim.
      this.counters[d] = 0;
      const back = shape[d] - 1;
      for (let j = 0; j < k; j++) offsets[j] -= strides[d * k + j] * back;
    }
  }

  /** Returns to the first row, so one cursor can be reused for many walks of the same shape. */
  restart(): void {
    this.counters.fill(0);
    this.offsets.set(this.start);
  }
}
