/**
 * Max pooling's input gradient (`FastPaths.maxPool2dBackward`): one invocation per `(n, c)` plane,
 * which zeroes its plane and then adds the output gradient at the saved indices in ascending output
 * position. Planes never share an output element, so no atomics are needed, and the additions happen
 * in the reference scatter's order: the same sums as the CPU's, bit for bit.
 */

import type { View } from '@typetorch/tensor';
import { Meta } from '../runtime/layout.js';
import type { Runtime } from '../runtime/runtime.js';
import { asStorage, write } from '../runtime/storage.js';
import { grid } from './grid.js';

/** 0 planes, 1 C, 2 oH, 3 oW, 4 H * W, 5 grad offset, 6..9 grad strides, 10 indices offset, 11 out offset. */
export function maxPool2dBackward(rt: Runtime, grad: View, indices: View, out: View): void {
  const [N, C, oH, oW] = grad.shape;
  const [, , H, W] = out.shape;
  const meta = new Meta()
    .push(N * C, C, oH, oW, H * W)
    .push(grad.offset, ...grad.strides)
    .push(indices.offset, out.offset);
  grid(
    rt,
    'maxPool2dBackward',
    'maxPool2dBackward',
    [
      { storage: asStorage(grad.storage, 'maxPool2dBackward'), access: 'read' },
      { storage: asStorage(indices.storage, 'maxPool2dBackward'), access: 'read' },
      write(out, 'maxPool2dBackward'),
    ],
    meta.words,
    ([gs, is, os]) => `
fn body(p: u32) {
  let c = p % md[1]; let n = p / md[1];
  let plane = md[4];
  let dst = md[11] + p * plane;
  for (var k = 0u; k < plane; k++) { ${os}[dst + k] = 0.0; }
  let g0 = s(5u) + i32(n) * s(6u) + i32(c) * s(7u);
  var at = md[10] + p * md[2] * md[3];
  for (var oh = 0u; oh < md[2]; oh++) {
    let row = g0 + i32(oh) * s(8u);
    for (var ow = 0u; ow < md[3]; ow++) {
      let q = ${is}[at];
      at++;
      // -1 (a window without any input tap), and anything else outside the plane, adds nothing.
      if (q >= 0 && u32(q) < plane) {
        ${os}[dst + u32(q)] += ${gs}[u32(row + i32(ow) * s(9u))];
      }
    }
  }
}`,
  );
}
