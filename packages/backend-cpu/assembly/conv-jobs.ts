// Convolution and pooling jobs: im2col and col2im split by sample, max pooling by planes, claimed by the
// threads as the matmul's chunks are. Each chunk runs the single-threaded kernel on its own samples or
// planes, so results are identical to one thread. Parameter fields are written by src/wasm/conv-jobs.ts
// in the order of the kernels' own arguments.

import { col2imF32, im2colF32 } from './conv';
import { JOB_COL2IM, JOB_IM2COL, JOB_MAX_POOL } from './layout';
import { maxPool2dF32 } from './pool';

function int(p: usize, i: i32): i32 {
  return load<i32>(p + ((<usize>i) << 2));
}

/** Bytes of `count` floats. */
function bytes(count: i32, times: i32): usize {
  return (<usize>count * <usize>times) << 2;
}

/** Runs chunk `chunk` of a conv or pooling job; false when `kind` is none of them. */
export function runConvChunk(kind: i32, p: usize, chunk: i32): bool {
  if (kind === JOB_IM2COL) {
    // Sample `chunk`: fields 0-17 are im2colF32's, the image's sample stride and the columns' after.
    im2colF32(
      <usize>int(p, 0) + bytes(chunk, int(p, 18)),
      int(p, 1),
      int(p, 2),
      int(p, 3),
      int(p, 4),
      int(p, 5),
      int(p, 6),
      int(p, 7),
      int(p, 8),
      int(p, 9),
      int(p, 10),
      int(p, 11),
      int(p, 12),
      int(p, 13),
      int(p, 14),
      int(p, 15),
      int(p, 16),
      <usize>int(p, 17) + bytes(chunk, int(p, 19)),
    );
    return true;
  }
  if (kind === JOB_COL2IM) {
    // Sample `chunk`: its image zeroed, then the columns added; fields 0-19 are col2imF32's, then the
    // columns' sample stride.
    const C = int(p, 6);
    const plane = C * int(p, 7) * int(p, 8);
    const dst = <usize>int(p, 19) + bytes(chunk, plane);
    memory.fill(dst, 0, bytes(plane, 1));
    col2imF32(
      <usize>int(p, 0) + bytes(chunk, int(p, 20)),
      int(p, 1),
      int(p, 2),
      int(p, 3),
      int(p, 4),
      int(p, 5),
      C,
      int(p, 7),
      int(p, 8),
      int(p, 9),
      int(p, 10),
      int(p, 11),
      int(p, 12),
      int(p, 13),
      int(p, 14),
      int(p, 15),
      int(p, 16),
      int(p, 17),
      int(p, 18),
      dst,
    );
    return true;
  }
  if (kind === JOB_MAX_POOL) {
    // Planes [chunk * per, ...): fields 0-19 are maxPool2dF32's, then the plane count and per.
    const per = int(p, 21);
    const first = chunk * per;
    maxPool2dF32(
      <usize>int(p, 0),
      int(p, 1),
      int(p, 2),
      int(p, 3),
      int(p, 4),
      int(p, 5),
      int(p, 6),
      int(p, 7),
      int(p, 8),
      int(p, 9),
      int(p, 10),
      int(p, 11),
      int(p, 12),
      int(p, 13),
      int(p, 14),
      int(p, 15),
      int(p, 16),
      int(p, 17),
      <usize>int(p, 18),
      <usize>int(p, 19),
      first,
      min(int(p, 20), first + per),
    );
    return true;
  }
  return false;
}
