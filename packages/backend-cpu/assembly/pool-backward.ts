// Max pooling's input gradient for float32 (the TypeScript kernel in src/kernels/pool-backward.ts is the
// reference and states the rule): per plane, zero, then add each output gradient at its saved index in
// ascending output position, the scatter's order, so the sums are bit-identical. Planes are independent,
// so a job splits them across threads (parameters written by src/wasm/pool-backward.ts).

import { JOB_MAX_POOL_BACKWARD } from './layout';

/**
 * Planes `[first, end)` (plane p = (n, c) of `grad` at `grad + 4 * (n * sN + c * sC)`, `C` per sample):
 * the contiguous `[oH, oW]` int32 indices of plane p at `idx + 4 * p * oH * oW`, the contiguous plane of
 * `plane` floats at `out + 4 * p * plane` zeroed and receiving the gradient; indices outside
 * `[0, plane)` (-1: a window without any tap inside the input) add nothing.
 */
export function maxPool2dBackwardF32(
  grad: usize,
  sN: i32,
  sC: i32,
  sRow: i32,
  sCol: i32,
  C: i32,
  oH: i32,
  oW: i32,
  idx: usize,
  out: usize,
  plane: i32,
  first: i32,
  end: i32,
): void {
  const L = <usize>(oH * oW);
  const colStep = (<usize>sCol) << 2;
  for (let p = first; p < end; p++) {
    const n = p / C;
    const c = p - n * C;
    const dst = out + ((<usize>p * <usize>plane) << 2);
    memory.fill(dst, 0, (<usize>plane) << 2);
    let ip = idx + ((<usize>p * L) << 2);
    const g0 = grad + ((<usize>n * <usize>sN + <usize>c * <usize>sC) << 2);
    for (let oh = 0; oh < oH; oh++) {
      let g = g0 + ((<usize>oh * <usize>sRow) << 2);
      for (let ow = 0; ow < oW; ow++, ip += 4, g += colStep) {
        const q = load<i32>(ip);
        if (<u32>q < <u32>plane) {
          const at = dst + ((<usize>q) << 2);
          store<f32>(at, load<f32>(at) + load<f32>(g));
        }
      }
    }
  }
}

function int(p: usize, i: i32): i32 {
  return load<i32>(p + ((<usize>i) << 2));
}

/** Runs chunk `chunk` of a max-pool backward job; false when `kind` is another job. */
export function runPoolBackwardChunk(kind: i32, p: usize, chunk: i32): bool {
  if (kind !== JOB_MAX_POOL_BACKWARD) return false;
  // Planes [chunk * per, ...): fields 0-10 are maxPool2dBackwardF32's, then the plane count and per.
  const per = int(p, 12);
  const first = chunk * per;
  maxPool2dBackwardF32(
    <usize>int(p, 0),
    int(p, 1),
    int(p, 2),
    int(p, 3),
    int(p, 4),
    int(p, 5),
    int(p, 6),
    int(p, 7),
    <usize>int(p, 8),
    <usize>int(p, 9),
    int(p, 10),
    first,
    min(int(p, 11), first + per),
  );
  return true;
}
