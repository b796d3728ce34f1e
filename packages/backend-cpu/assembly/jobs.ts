// Range jobs: the elementwise kernels, column sums, Adam, uniform random fills and zeroing split into
// chunks of elements (or rows, or columns) that threads claim, as the matmul's pack and multiply jobs
// are. Every output element is computed by exactly the same operations whatever chunk it falls in, so
// results are bit-identical to one thread. Parameter fields are written by src/wasm/parallel.ts.

import { dropoutMaskChunk } from './dropout';
import { binaryF32, sumColumnsF32, unaryF32 } from './elementwise';
import {
  JOB_ADAM,
  JOB_BINARY,
  JOB_DROPOUT_MASK,
  JOB_SUM_COLUMNS,
  JOB_SUM_ROWS,
  JOB_UNARY,
  JOB_UNIFORM,
  JOB_ZERO,
} from './layout';
import { adamStepF32 } from './optim';
import { uniformF32 } from './random';
import { sumRowsF32 } from './reduce';

function int(p: usize, i: i32): i32 {
  return load<i32>(p + ((<usize>i) << 2));
}

function ptr(p: usize, i: i32): usize {
  return <usize>load<i32>(p + ((<usize>i) << 2));
}

function real(p: usize, i: i32): f32 {
  return load<f32>(p + ((<usize>i) << 2));
}

/**
 * Binary op over `rows` rows of `inner` elements, row `r` of each operand at its pointer plus `r` times
 * its row stride (bytes; 0 for a row or splat shared by every row). One row is split by elements,
 * several rows by rows.
 */
function binaryChunk(p: usize, chunk: i32): void {
  const aStep = int(p, 1);
  const bStep = int(p, 2);
  const inner = int(p, 6);
  const rows = int(p, 7);
  const per = int(p, 11);
  if (rows === 1) {
    const first = chunk * per;
    const n = min(per, inner - first);
    const at = (<usize>first) << 2;
    const a = ptr(p, 3) + (aStep ? at : 0);
    const b = ptr(p, 4) + (bStep ? at : 0);
    binaryF32(int(p, 0), aStep, bStep, a, b, ptr(p, 5) + at, n);
    return;
  }
  const end = min(rows, (chunk + 1) * per);
  for (let r = chunk * per; r < end; r++) {
    const a = ptr(p, 3) + <usize>r * ptr(p, 8);
    const b = ptr(p, 4) + <usize>r * ptr(p, 9);
    binaryF32(int(p, 0), aStep, bStep, a, b, ptr(p, 5) + <usize>r * ptr(p, 10), inner);
  }
}

/** Adam over elements `[chunk * per, ...)`: the pointers advance, the scalars are the step's. */
function adamChunk(p: usize, chunk: i32): void {
  const per = int(p, 6);
  const first = chunk * per;
  const n = min(per, int(p, 5) - first);
  const at = (<usize>first) << 2;
  const vmax = ptr(p, 4);
  adamStepF32(
    ptr(p, 0) + at,
    ptr(p, 1) + at,
    ptr(p, 2) + at,
    ptr(p, 3) + at,
    vmax === 0 ? 0 : vmax + at,
    n,
    real(p, 7),
    real(p, 8),
    real(p, 9),
    real(p, 10),
    real(p, 11),
    real(p, 12),
    real(p, 13),
    real(p, 14),
    real(p, 15),
    real(p, 16),
  );
}

/** Runs chunk `chunk` of range job `kind` with parameters at `p`; returns false for another kind. */
export function runRangeChunk(kind: i32, p: usize, chunk: i32): bool {
  if (kind === JOB_BINARY) {
    binaryChunk(p, chunk);
  } else if (kind === JOB_UNARY) {
    const per = int(p, 4);
    const first = chunk * per;
    const at = (<usize>first) << 2;
    unaryF32(int(p, 0), ptr(p, 1) + at, ptr(p, 2) + at, min(per, int(p, 3) - first));
  } else if (kind === JOB_ADAM) {
    adamChunk(p, chunk);
  } else if (kind === JOB_SUM_COLUMNS) {
    // Columns [first, first + count): each column is summed over every row in order, as on one thread.
    const per = int(p, 5);
    const first = chunk * per;
    const count = min(per, int(p, 3) - first);
    sumColumnsF32(
      ptr(p, 0) + ((<usize>first) << 2),
      int(p, 1),
      int(p, 2),
      count,
      ptr(p, 4) + ((<usize>first) << 3),
    );
  } else if (kind === JOB_SUM_ROWS) {
    // Outputs [first, first + count): each one's rows summed in order, as on one thread.
    const per = int(p, 7);
    const first = chunk * per;
    const outStride = int(p, 1);
    sumRowsF32(
      ptr(p, 0) + <usize>first * ((<usize>outStride) << 2),
      outStride,
      min(per, int(p, 2) - first),
      int(p, 3),
      int(p, 4),
      int(p, 5),
      ptr(p, 6) + ((<usize>first) << 3),
    );
  } else if (kind === JOB_UNIFORM) {
    // Element i draws from stream counter `counter + i` wherever the chunk boundaries fall.
    const per = int(p, 2);
    const first = chunk * per;
    const lo = <u64>int(p, 3) & 0xffffffff; // the low word unsigned (i32 to u64 sign-extends)
    const counter = (((<u64>int(p, 4)) << 32) | lo) + <u64>first;
    const n = min(per, int(p, 1) - first);
    uniformF32(
      ptr(p, 0) + ((<usize>first) << 2),
      n,
      <u32>counter,
      <u32>(counter >> 32),
      <u32>int(p, 5),
      <u32>int(p, 6),
    );
  } else if (kind === JOB_DROPOUT_MASK) {
    dropoutMaskChunk(p, chunk);
  } else if (kind === JOB_ZERO) {
    const per = ptr(p, 2);
    const first = <usize>chunk * per;
    memory.fill(ptr(p, 0) + first, 0, min(per, ptr(p, 1) - first));
  } else {
    return false;
  }
  return true;
}
